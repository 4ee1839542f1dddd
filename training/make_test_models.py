"""Write the committed test models and reference vectors (seeded; rerunning gives identical bytes).

    python3 -m training.make_test_models [--out Tests/ASRTests/Fixtures/models]

Files:
    tiny.bin                 a valid random model (2 GRU layers × 16, stack 2 / stride 2, real phoneme table)
    bad-magic.bin            magic "HUBAMODX"
    bad-version.bin          version 99 (checksum still valid)
    bad-checksum.bin         one weight byte flipped
    truncated.bin            the last 100 bytes cut off
    wrong-shape.bin          gru.0.w_hh stored as [48, 15] (checksum valid)
    reference.json           input frames → int8 logits of tiny.bin (format doc §4), plus the first
                             step's int8 input and int32 accumulators of gru.0.w_ih (bit-exact checks)
    encoder.bin              a valid version-2 model: the speech embedding's real weights (fetched into
                             the training cache on first use), a random GRU head of 2 × 16, stride 2
    encoder-reference.json   input log-mel frames → its logits (format doc §4.6), and the embedding of
                             the first window before normalisation
"""
from __future__ import annotations

import argparse
import json
import struct
import zlib
from pathlib import Path

import numpy as np

from training import int8_kernel, speech_embedding
from training.export import PREAMBLE_SIZE, ModelFile, read_model, write_model
from training.frontend import parameters
from training.phonemes import Inventory

SEED = 20261123
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "Tests" / "ASRTests" / "Fixtures" / "models"
REFERENCE_FRAMES = 23  # odd on purpose: 11 model frames with stack 2 / stride 2, one MFCC frame left over


def tiny_model(seed: int = SEED, hidden: int = 16, layers: int = 2, stack: int = 2, stride: int = 2) -> ModelFile:
    rng = np.random.default_rng(seed)
    symbols = list(Inventory.load().symbols)
    features = parameters(rng.normal(0, 3, 40).astype(np.float32), rng.uniform(0.5, 4, 40).astype(np.float32))
    model = ModelFile(features, stack, stride, hidden, layers, symbols, {})
    model.tensors = {name: random_tensor(rng, name, dtype, shape, (0.0002, 0.002))
                     for name, (dtype, shape) in model.expected_tensors().items()}
    return model


def random_tensor(rng: np.random.Generator, name: str, dtype: np.dtype, shape: tuple, scales: tuple) -> np.ndarray:
    """Random weights of a trained model's ranges: int8 values, per-row scales drawn from `scales`, floats N(0, 0.3)."""
    if dtype == np.int8:
        return rng.integers(-127, 128, size=shape, dtype=np.int8)
    if name.endswith(".scale"):
        return rng.uniform(*scales, size=shape).astype(np.float32)
    return rng.normal(0, 0.3, size=shape).astype(np.float32)


def _recrc(data: bytearray) -> bytes:
    struct.pack_into("<I", data, 24, zlib.crc32(bytes(data[PREAMBLE_SIZE:])))
    return bytes(data)


def broken_variants(good: bytes, model: ModelFile) -> dict[str, bytes]:
    """Each breaks exactly one rule of the format; all but bad-checksum keep a valid checksum."""
    bad_magic = bytearray(good)
    bad_magic[7:8] = b"X"
    bad_version = bytearray(good)
    struct.pack_into("<I", bad_version, 8, 99)
    bad_checksum = bytearray(good)
    bad_checksum[-200] ^= 0x01
    wrong_shape = bytearray(good)
    name = b"gru.0.w_hh"
    at = wrong_shape.index(bytes([len(name)]) + name) + 1 + len(name) + 4
    rows, cols = struct.unpack_from("<2I", wrong_shape, at)
    struct.pack_into("<2I", wrong_shape, at + 0, rows, cols - 1)
    return {
        "bad-magic.bin": bytes(bad_magic),
        "bad-version.bin": _recrc(bad_version),
        "bad-checksum.bin": bytes(bad_checksum),
        "truncated.bin": good[:-100],
        "wrong-shape.bin": _recrc(wrong_shape),
    }


def reference_vectors(model: ModelFile, seed: int = SEED) -> dict:
    rng = np.random.default_rng(seed + 1)
    frames = rng.normal(0, 1.2, size=(REFERENCE_FRAMES, model.features.cepstral_coefficients)).astype(np.float32)
    frames[3] = 0  # an all-zero frame exercises the m = 0 rule of §4.2
    logits = int8_kernel.forward(model, frames)
    first = int8_kernel.stack_frames(frames, model.stack, model.stride)[0]
    q, scale = int8_kernel.quantize_vector(first)
    acc = int8_kernel.accumulate(model.tensors["gru.0.w_ih"], q)
    return {
        "model": "tiny.bin",
        "arithmetic": "docs/model-format.md section 4",
        "tolerance": {"logits_abs": 1e-4, "first_step_q": 0, "first_step_acc": 0},
        "input_frames": frames.tolist(),
        "first_step": {"q": q.astype(int).tolist(), "scale": float(scale), "acc_gru0_w_ih": acc.astype(int).tolist()},
        "logits": logits.tolist(),
    }


def encoder_model(seed: int = SEED, hidden: int = 16) -> ModelFile:
    """Format version 2: the real speech-embedding weights under a random head."""
    from training.paths import default_cache

    rng = np.random.default_rng(seed + 2)
    weights = speech_embedding.load(default_cache())
    model = ModelFile(speech_embedding.front_end(), speech_embedding.CONTEXT, 2, hidden, 2,
                      list(Inventory.load().symbols), {}, "speech-embedding", speech_embedding.EMBEDDING)
    tensors = {}
    for name, (dtype, shape) in model.expected_tensors().items():
        if name.startswith("enc.") and name in weights:
            tensors[name] = np.ascontiguousarray(weights[name])
        elif name == "enc.mean":
            tensors[name] = rng.normal(0, 2, size=shape).astype(np.float32)
        elif name == "enc.std":
            tensors[name] = rng.uniform(5, 15, size=shape).astype(np.float32)
        else:
            tensors[name] = random_tensor(rng, name, dtype, shape, (0.002, 0.02))
    model.tensors = tensors
    return model


def encoder_reference(model: ModelFile, seed: int = SEED) -> dict:
    """91 frames: (91 − 76) // 2 + 1 = 8 steps, one frame left over."""
    rng = np.random.default_rng(seed + 3)
    frames = rng.normal(3.5, 1.5, size=(91, speech_embedding.MEL_BANDS)).astype(np.float32)
    return {
        "model": "encoder.bin",
        "arithmetic": "docs/model-format.md section 4.6",
        "tolerance": {"embedding_relative": 1e-4, "logits_abs": 2e-3},
        "input_frames": frames.tolist(),
        "first_embedding": speech_embedding.encode_window(frames[:76], model.tensors).tolist(),
        "logits": int8_kernel.forward(model, frames).tolist(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the seeded test models and reference vectors.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    model = tiny_model()
    good = write_model(model)
    read_model(good)
    files = {"tiny.bin": good, **broken_variants(good, model)}
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    reference = json.dumps(reference_vectors(model), indent=None, separators=(",", ":"))
    (args.out / "reference.json").write_text(reference + "\n")
    encoder = encoder_model()
    files["encoder.bin"] = write_model(encoder)
    read_model(files["encoder.bin"])
    (args.out / "encoder.bin").write_bytes(files["encoder.bin"])
    encoder_json = json.dumps(encoder_reference(encoder), indent=None, separators=(",", ":"))
    (args.out / "encoder-reference.json").write_text(encoder_json + "\n")
    total = sum(len(d) for d in files.values()) + len(reference) + len(encoder_json) + 2
    print(f"wrote {len(files) + 2} files to {args.out} ({total} bytes)")


if __name__ == "__main__":
    main()
