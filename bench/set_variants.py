#!/usr/bin/env python3
"""Copies of a labelled recording set (`labels.json` beside the files) cut tight and/or at a lower rate,
to measure how the recognizer handles recordings without silence around the words, or phone-band ones.

    python bench/set_variants.py SRC DST [--tight] [--rate 8000]

--tight: each file trimmed to 20 ms before its first and after its last 10 ms frame within 30 dB of its
loudest. --rate: converted with libsamplerate (sinc, best quality) and written at that rate. Needs the
training environment (numpy, soundfile, samplerate: bash training/setup.sh).
"""
import argparse
import json
from pathlib import Path

import numpy as np
import samplerate
import soundfile as sf


def tight(x: np.ndarray, rate: int) -> np.ndarray:
    hop = rate // 100
    frames = len(x) // hop
    if frames == 0:
        return x
    level = 10 * np.log10(np.mean(x[: frames * hop].reshape(frames, hop) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(level > level.max() - 30)[0]
    return x[max(0, (loud[0] - 2) * hop): min(len(x), (loud[-1] + 3) * hop)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--tight", action="store_true")
    parser.add_argument("--rate", type=int)
    args = parser.parse_args()
    labels = json.loads((args.source / "labels.json").read_text())
    for name in labels:
        x, rate = sf.read(args.source / name, dtype="float32")
        if args.tight:
            x = tight(x, rate)
        if args.rate and args.rate != rate:
            x, rate = samplerate.resample(x, args.rate / rate, "sinc_best"), args.rate
        (args.destination / name).parent.mkdir(parents=True, exist_ok=True)
        sf.write(args.destination / name, np.clip(x, -1, 1), rate, subtype="PCM_16")
    (args.destination / "labels.json").write_text(json.dumps(labels))
    print(f"{len(labels)} recordings in {args.destination}")


if __name__ == "__main__":
    main()
