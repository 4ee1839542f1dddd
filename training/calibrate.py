"""Fit the decoder's confidence and choose its rejection threshold on held-out synthetic speech,
never on the real recordings.

    python -m training.calibrate --hub .build/release/hub --db HOME.db --set ~/.cache/hub-eval/home-calib \
        --extra-set ~/.cache/hub-eval/words-calib bench/grammars/speech-commands.yaml

In-grammar: a labelled set from `training.make_eval_set` (dev voices, its own seed, not the test set), and
any `--extra-set`s recognized with their own grammar (one-word commands, so that the fit sees short
commands as well as long ones).
Out-of-grammar: the dev-voice "general" utterances of the training cache (random words and sentences no
grammar holds), and `--nonspeech` seeded synthetic sounds that are not speech (coloured noise, chords of
steady tones, mains hum, warbling tones; `nonspeech()`), written once to `--nonspeech-dir`: a model that has
never heard such a sound may answer it with flat posteriors that a sentence fits cheaply. Every file is recognized once with `--threshold 0 --evidence`, which prints the per-phoneme
scores the confidence is made of (`ConfidenceEvidence` in Sources/ASR/Decoder/Confidence.swift).

1. A logistic regression on (ratio, posterior, coverage − 1) separates correct in-grammar commands from
   everything else (wrong commands and out-of-grammar speech). Its weights are printed as the Swift
   `ConfidenceCalibration` defaults.
2. With that confidence, the threshold is the lowest one at which the out-of-grammar rejection rate is at
   least `--reject` *with 95 % confidence* (the Wilson score interval's lower bound), so that a small
   calibration set does not pick a threshold that only just passes on it.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
from pathlib import Path

import numpy as np

from training.paths import default_cache

FEATURES = ("ratio", "posterior", "coverage")


def nonspeech(index: int, seconds: float = 5.0, rate: int = 16000) -> np.ndarray:
    """The `index`-th synthetic non-speech sound (the same on every run): white, pink or brown noise, a chord
    of 3–40 steady tones, mains hum with harmonics, or tones whose pitch and loudness wander, at a random level."""
    random = np.random.default_rng(7000 + index)
    n = int(seconds * rate)
    t = np.arange(n) / rate
    kind = index % 5
    if kind == 0:
        spectrum = np.fft.rfft(random.normal(size=n))
        slope = random.choice([0.0, 0.5, 1.0])  # white, pink, brown
        spectrum[1:] /= np.arange(1, len(spectrum)) ** slope
        x = np.fft.irfft(spectrum, n)
    elif kind == 1:
        tones = int(random.integers(3, 41))
        x = sum(np.sin(2 * np.pi * random.uniform(80, 4000) * t + random.uniform(0, 2 * np.pi)) for _ in range(tones))
    elif kind == 2:
        mains = random.choice([50.0, 60.0])
        x = sum(random.uniform(0.1, 1) * np.sin(2 * np.pi * mains * h * t) for h in range(1, 12))
    else:
        x = np.zeros(n)
        for _ in range(int(random.integers(1, 6))):
            wobble = 1 + 0.05 * np.sin(2 * np.pi * random.uniform(0.2, 3) * t)
            phase = 2 * np.pi * np.cumsum(random.uniform(100, 2500) * wobble) / rate
            x += (1 + 0.8 * np.sin(2 * np.pi * random.uniform(0.5, 6) * t)) * np.sin(phase)
    x = x / (np.sqrt(np.mean(x * x)) + 1e-12)
    return (x * 10 ** random.uniform(-2.7, -0.9)).clip(-1, 1).astype(np.float32)


def recognize(hub: str, db: str, files: list[str], extra: list[str]) -> dict[str, dict]:
    out = subprocess.run([hub, "recognize", *files, "--db", db, "--json", "--threshold", "0", "--evidence", *extra],
                         check=True, capture_output=True, text=True).stdout
    return {row["file"]: row for row in map(json.loads, out.splitlines())}


def features(row: dict) -> list[float] | None:
    """(ratio, posterior, coverage − 1) of a recognized file; None when no sentence fitted at all."""
    evidence = row.get("evidence")
    if evidence is None:
        return None
    return [evidence["ratio"], evidence["posterior"], evidence["coverage"] - 1]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> np.ndarray:
    """Weights (one per column of `x`, then the bias) of an L2-regularised logistic regression, by Newton's method."""
    design = np.c_[x, np.ones(len(x))]
    weights = np.zeros(design.shape[1])
    penalty = np.diag([l2] * x.shape[1] + [0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) / len(y) + penalty @ weights
        hessian = (design.T * (p * (1 - p))) @ design / len(y) + penalty
        update = np.linalg.solve(hessian + 1e-9 * np.eye(len(weights)), gradient)
        weights -= update
        if np.max(np.abs(update)) < 1e-9:
            break
    return weights


def confidence(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.c_[x, np.ones(len(x))] @ weights)))


def wilson_lower(successes: int, n: int, z: float = 1.645) -> float:
    """Lower end of the Wilson score interval (one-sided 95 % by default) for a rate `successes / n`."""
    if n == 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def sweep(correct: np.ndarray, in_grammar: np.ndarray, out_of_grammar: np.ndarray) -> list[dict]:
    """Per threshold 0.00…0.99: in-grammar commands accepted and correct, out-of-grammar rejected (and its lower bound)."""
    rows = []
    for step in range(100):
        threshold = step / 100
        rejected = int(np.sum(out_of_grammar < threshold))
        rows.append({"threshold": threshold,
                     "in_grammar_correct": round(float(np.mean(correct & (in_grammar >= threshold))), 4),
                     "out_of_grammar_rejected": round(rejected / len(out_of_grammar), 4),
                     "rejected_lower_bound": round(wilson_lower(rejected, len(out_of_grammar)), 4)})
    return rows


def choose(rows: list[dict], reject: float) -> dict:
    """The lowest threshold whose rejection rate's lower bound reaches `reject` (the highest if none does)."""
    return next((row for row in rows if row["rejected_lower_bound"] >= reject), rows[-1])


def swift_defaults(weights: np.ndarray) -> dict[str, float]:
    """`ConfidenceCalibration`'s parameters: logistic(scale × (ratio + posteriorWeight × posterior)
    + coverageWeight × (coverage − 1) + offset)."""
    return {"scale": round(float(weights[0]), 3), "posteriorWeight": round(float(weights[1] / weights[0]), 3),
            "coverageWeight": round(float(weights[2]), 3), "offset": round(float(weights[3]), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--db", required=True, help="the home the calibration set was made for")
    parser.add_argument("--set", type=Path, required=True, help="folder with labels.json (make_eval_set)")
    parser.add_argument("--extra-set", nargs=2, action="append", default=[], metavar=("FOLDER", "GRAMMAR"),
                        help="more in-grammar commands (labels.json), recognized with GRAMMAR")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="training cache (dev general speech)")
    parser.add_argument("--nonspeech", type=int, default=100, help="synthetic non-speech sounds among the out-of-grammar files")
    parser.add_argument("--nonspeech-dir", type=Path, default=Path.home() / ".cache/hub-eval/nonspeech-calib")
    parser.add_argument("--reject", type=float, default=0.95, help="share of out-of-grammar speech to reject")
    parser.add_argument("--out", type=Path, help="write the fit and the sweep as JSON here")
    parser.add_argument("extra", nargs="*", help="more `hub recognize` flags, after --")
    args = parser.parse_args(argv)
    import soundfile  # soundfile and soxr: only where the cache is read or sounds are written
    from training.manifest import load

    labelled = []  # (label, recognized row) for every in-grammar command
    for folder, grammar in [(args.set, None)] + [(Path(f), g) for f, g in args.extra_set]:
        labels = json.loads((folder / "labels.json").read_text())
        flags = args.extra + (["--grammar", grammar] if grammar else [])
        rows = recognize(args.hub, args.db, [str(folder / f) for f in sorted(labels)], flags)
        labelled += [(label, rows[str(folder / name)]) for name, label in labels.items()]
    general = [row["audio"] for row in load(args.cache, split="dev", kinds={"general"})]
    if not general:
        raise SystemExit(f"no dev-split general utterances in {args.cache}")
    args.nonspeech_dir.mkdir(parents=True, exist_ok=True)
    for index in range(args.nonspeech):
        path = args.nonspeech_dir / f"{index:04d}.wav"
        if not path.exists():
            soundfile.write(path, nonspeech(index), 16000, subtype="PCM_16")
        general.append(str(path))
    others = recognize(args.hub, args.db, general, args.extra)

    # A file no sentence fitted is rejected whatever the calibration: left out of the fit, confidence 0.
    x_in, correct = [], []
    for label, row in labelled:
        if features(row) is None:
            continue
        x_in.append(features(row))
        correct.append(row["intent"] == label["intent"] and all(
            str(row["slots"].get(k)) == str(v) for k, v in label["slots"].items()))
    x_out = [features(row) for row in others.values() if features(row) is not None]
    x_in, correct, x_out = np.array(x_in), np.array(correct), np.array(x_out)

    weights = fit_logistic(np.r_[x_in, x_out], np.r_[correct.astype(float), np.zeros(len(x_out))])
    in_conf = np.r_[confidence(weights, x_in), np.zeros(len(labelled) - len(x_in))]
    out_conf = np.r_[confidence(weights, x_out), np.zeros(len(others) - len(x_out))]
    correct = np.r_[correct, np.zeros(len(labelled) - len(x_in), dtype=bool)]
    rows = sweep(correct, in_conf, out_conf)
    chosen = choose(rows, args.reject)
    defaults = swift_defaults(weights)

    print(f"{len(correct)} in-grammar commands ({int(correct.sum())} correct at threshold 0), "
          f"{len(out_conf)} out-of-grammar files ({args.nonspeech} of them not speech)")
    print("ConfidenceCalibration(" + ", ".join(f"{k}: {v}" for k, v in defaults.items()) + ")")
    print("| threshold | in-grammar correct | out-of-grammar rejected | lower bound |\n|---|---|---|---|")
    for row in rows[::5]:
        print(f"| {row['threshold']:.2f} | {100 * row['in_grammar_correct']:.1f} % | "
              f"{100 * row['out_of_grammar_rejected']:.1f} % | {100 * row['rejected_lower_bound']:.1f} % |")
    print(f"chosen: threshold {chosen['threshold']:.2f} (rejects {100 * chosen['out_of_grammar_rejected']:.1f} %, "
          f"at least {100 * chosen['rejected_lower_bound']:.1f} % with 95 % confidence; "
          f"keeps {100 * chosen['in_grammar_correct']:.1f} % correct)")
    if args.out:
        args.out.write_text(json.dumps({"calibration": defaults, "chosen": chosen, "sweep": rows,
                                        "in_grammar": len(correct), "out_of_grammar": len(out_conf)}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
