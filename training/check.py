"""Sanity-check generated audio: near-silent or clipped files and speaking-rate outliers.

    python3 -m training.check --cache ~/.cache/hub-training

Prints the suspicious utterances and the speaking rate (characters per second of speech) per
engine and voice family, so a voice that mumbles, races or goes silent shows up early.
"""
import argparse
import collections
from pathlib import Path

import numpy as np
import soundfile as sf

from training.manifest import load
from training.paths import default_cache


def speech_span(audio: np.ndarray, rate: int, threshold: float = 0.02) -> float:
    """Seconds between the first and last sample above `threshold` (speech without the silence)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return 0.0 if loud.size == 0 else (loud[-1] - loud[0]) / rate


def family(row: dict) -> str:
    if row["engine"] != "kokoro":
        return row["engine"]
    if "+" in row["voice"]:
        return "kokoro:blend"
    return f"kokoro:{row['voice'][:2]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--last", type=int, default=0, help="check only the last N utterances")
    args = parser.parse_args()
    rows = load(args.cache)[-args.last:] if args.last else load(args.cache)
    rates = collections.defaultdict(list)
    problems = []
    for row in rows:
        audio, rate = sf.read(row["audio"], dtype="float32")
        peak = float(np.abs(audio).max()) if audio.size else 0.0
        span = speech_span(audio, rate)
        chars = len(row["text"])
        if peak < 0.05 or span < 0.1:
            problems.append(("silent", row))
        elif np.mean(np.abs(audio) > 0.999) > 0.001:
            problems.append(("clipped", row))
        else:
            cps = chars / span
            rates[family(row)].append(cps)
            if chars >= 8 and not 5 <= cps <= 30:
                problems.append((f"rate {cps:.1f} chars/s", row))
    print(f"{len(rows)} utterances checked, {len(problems)} suspicious")
    for fam in sorted(rates):
        r = np.array(rates[fam])
        print(f"  {fam:14s} n={len(r):5d}  chars/s median {np.median(r):5.1f}  "
              f"p5 {np.percentile(r, 5):5.1f}  p95 {np.percentile(r, 95):5.1f}")
    for what, row in problems[:40]:
        print(f"{what}: {row['id']} {row['engine']}:{row['voice']} {row['text']!r}")


if __name__ == "__main__":
    main()
