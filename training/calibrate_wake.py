"""Choose the wake phrase's default sensitivity on held-out synthetic speech, never on the real recordings.

    python -m training.calibrate_wake --hub .build/release/hub [--phrase computer --phrase jarvis] [-- --model M]

Positives: each phrase spoken by the dev voices of `training/config/voices.yaml` (never trained on), with
random leading and trailing silence. Negatives: every dev-voice utterance of the training cache (home
commands, random words, sentences) that does not say the phrase. Both go through the training augmentation
chain (room reverberation, background noise from ../shared/data/noise, cheap-mic band limits, gain), so
that they sound more like a room than clean TTS does, and are written once into `--out` (default
~/.cache/hub-eval/wake-dev). Each sensitivity is an exact `hub spot --json` run. The chosen sensitivity
is the one with the fewest misses among those with no false accept on the negatives (ties: the lower one).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

from training import augment
from training.engines import Engines, EngineUnavailable
from training.fetch_kokoro import fetch
from training.manifest import load, write_wav
from training.paths import VOICES_NPZ, default_cache
from training.voices import dev_voice, load_config

SAMPLE_RATE = 16000
SENSITIVITIES = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]


def spot(hub: str, files: list[str], phrase: str, sensitivity: float, extra: list[str] = []) -> dict[str, int]:
    """Detections per file (`extra`: more `hub spot` flags)."""
    out = subprocess.run([hub, "spot", *files, "--phrase", phrase, "--sensitivity", str(sensitivity), "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return {row["file"]: len(row["detections"]) for row in map(json.loads, out.splitlines())}


def says(text: str, phrase: str) -> bool:
    """Whether `text` holds `phrase` as whole words ("the new computer" does, "computers" does not)."""
    return f" {phrase.lower()} " in f" {' '.join(text.lower().split())} "


def room(audio: np.ndarray, augmenter: augment.WaveAugmenter, rng: random.Random) -> np.ndarray:
    """`audio` through the augmentation chain, seeded from `rng`."""
    return augmenter(audio, np.random.default_rng(rng.randrange(2 ** 32)))


def negatives(rows: list[dict], out: Path, augmenter: augment.WaveAugmenter, seed: int) -> list[str]:
    """The dev-voice utterances through the augmentation chain (kept between runs)."""
    folder = out / "negatives"
    files = []
    for row in rows:
        path = folder / f"{row['id']}.wav"
        if not path.exists():
            rng = random.Random(f"{seed}-{row['id']}")
            audio, _ = sf.read(row["audio"], dtype="float32")
            write_wav(path, room(audio, augmenter, rng))
        files.append(str(path))
    return files


def positives(phrase: str, count: int, out: Path, augmenter: augment.WaveAugmenter, seed: int,
              kokoro_cache: Path) -> list[str]:
    """`count` recordings of `phrase` by dev voices (kept between runs)."""
    folder = out / phrase.replace(" ", "-")
    folder.mkdir(parents=True, exist_ok=True)
    config = load_config()
    engines = Engines(lambda: fetch(kokoro_cache), VOICES_NPZ)
    files = []
    for index in range(count):
        path = folder / f"{index:03d}.wav"
        if not path.exists():
            rng = random.Random(seed * 1_000_003 + index)
            spec = dev_voice(config, rng)
            try:
                audio = engines.get(spec.engine).synth(phrase, spec)
            except EngineUnavailable as error:
                raise SystemExit(f"voice engine {spec.engine} unavailable: {error}")
            pad = lambda: np.zeros(int(rng.uniform(0.3, 1.0) * SAMPLE_RATE), dtype=np.float32)  # noqa: E731
            speech = np.concatenate([pad(), np.asarray(audio, dtype=np.float32), pad()])
            write_wav(path, room(speech, augmenter, rng))
        files.append(str(path))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--phrase", action="append", default=None, help="wake phrase (repeatable)")
    parser.add_argument("--count", type=int, default=60, help="positive recordings per phrase")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="training cache (dev-voice negatives)")
    parser.add_argument("--out", type=Path, default=Path.home() / ".cache" / "hub-eval" / "wake-dev")
    parser.add_argument("--seed", type=int, default=3000)
    parser.add_argument("--json", type=Path, help="write the sweep here")
    parser.add_argument("extra", nargs="*", help="more `hub spot` flags (e.g. --model M), after --")
    args = parser.parse_args(argv)

    rows = load(args.cache, split="dev")
    if not rows:
        raise SystemExit(f"no dev-split utterances in {args.cache}")
    augmenter = augment.WaveAugmenter(augment.load_noises())
    report = {}
    for phrase in args.phrase or ["computer", "jarvis"]:
        without = [row for row in rows if not says(row["text"], phrase)]
        hours = sum(row["duration"] for row in without) / 3600
        others = negatives(without, args.out, augmenter, args.seed)
        files = positives(phrase, args.count, args.out, augmenter, args.seed, args.cache)
        sweep = []
        for sensitivity in SENSITIVITIES:
            misses = sum(1 for n in spot(args.hub, files, phrase, sensitivity, args.extra).values() if n == 0)
            false_accepts = sum(spot(args.hub, others, phrase, sensitivity, args.extra).values())
            sweep.append({"sensitivity": sensitivity, "misses": misses, "positives": len(files),
                          "false_accepts": false_accepts, "negative_hours": round(hours, 3)})
        quiet = [row for row in sweep if row["false_accepts"] == 0]
        chosen = min(quiet, key=lambda row: (row["misses"], row["sensitivity"])) if quiet else None
        report[phrase] = {"chosen": chosen, "sweep": sweep}
        print(f"\n{phrase}: {len(files)} dev-voice recordings, {len(others)} dev-voice utterances ({hours:.2f} h) without it")
        print("| sensitivity | misses | false accepts |\n|---|---|---|")
        for row in sweep:
            print(f"| {row['sensitivity']} | {row['misses']}/{row['positives']} | {row['false_accepts']} |")
        print(f"chosen: {chosen['sensitivity'] if chosen else 'none (every sensitivity false-accepts)'}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
