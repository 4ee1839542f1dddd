#!/usr/bin/env python3
"""Copies of a labelled recording set (`labels.json` beside the files) cut tight, at a lower rate and/or
in other voices, to measure how the recognizer handles recordings without silence around the words,
phone-band ones, or voices further from the training voices.

    python bench/set_variants.py SRC DST [--tight | --cut DB] [--rate 8000] [--voice]

--tight: each file trimmed to 20 ms before its first and after its last 10 ms frame within 30 dB of its
loudest. --cut DB: trimmed, with no margin, to the first and last frame within DB dB of the loudest (20:
faint first and last sounds such as /s/, /f/ and /h/ are lost, as in the real digit recordings, which an
energy threshold cut). --rate: converted with libsamplerate (sinc, best quality) and written at that rate. Needs the
training environment (numpy, soundfile, samplerate: bash training/setup.sh). --voice: each file spoken
again by another voice (`training.augment.voice_transform`, WORLD: F0 × 0.7–1.4, spectral envelope ×
0.88–1.14, drawn from the file's name), which costs the recognizer about as much accuracy and confidence
as real voices do; needs pyworld (`training/requirements-train.txt`).
"""
import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np
import samplerate
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.augment import loud_span, voice_transform  # noqa: E402


def tight(x: np.ndarray, rate: int, floor_db: float = -30.0, margin_s: float = 0.02) -> np.ndarray:
    span = loud_span(x, rate, floor_db)
    if span is None:
        return x
    margin = int(margin_s * rate)
    return x[max(0, span[0] - margin): min(len(x), span[1] + margin)]


def other_voice(x: np.ndarray, name: str) -> np.ndarray:
    """`x` (16 kHz) with the pitch and vocal-tract length of another voice, the same for the same file name."""
    rng = np.random.default_rng(zlib.crc32(name.encode()) + 77)
    return voice_transform(x, float(np.exp(rng.uniform(np.log(0.7), np.log(1.4)))), rng.uniform(0.88, 1.14))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("destination", type=Path)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--tight", action="store_true")
    group.add_argument("--cut", type=float, metavar="DB")
    parser.add_argument("--rate", type=int)
    parser.add_argument("--voice", action="store_true")
    args = parser.parse_args()
    labels = json.loads((args.source / "labels.json").read_text())
    for name in labels:
        x, rate = sf.read(args.source / name, dtype="float32")
        if args.voice:
            if rate != 16000:
                raise SystemExit(f"{args.source / name}: --voice needs 16 kHz recordings, not {rate} Hz")
            x = other_voice(x, name)
        if args.tight:
            x = tight(x, rate)
        elif args.cut is not None:
            x = tight(x, rate, -abs(args.cut), 0.0)
        if args.rate and args.rate != rate:
            x, rate = samplerate.resample(x, args.rate / rate, "sinc_best"), args.rate
        (args.destination / name).parent.mkdir(parents=True, exist_ok=True)
        sf.write(args.destination / name, np.clip(x, -1, 1), rate, subtype="PCM_16")
    (args.destination / "labels.json").write_text(json.dumps(labels))
    print(f"{len(labels)} recordings in {args.destination}")


if __name__ == "__main__":
    main()
