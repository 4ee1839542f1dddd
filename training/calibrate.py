"""Choose the decoder's rejection threshold on held-out synthetic speech, never on the real recordings.

    python -m training.calibrate --hub .build/release/hub --db HOME.db --set ~/.cache/hub-eval/home-calib

In-grammar: a labelled set from `training.make_eval_set` (dev voices, its own seed, not the test set).
Out-of-grammar: the dev-voice "general" utterances of the training cache (random words and sentences no
grammar holds). Every file is recognized once with `--threshold 0`; for each threshold the script counts
the in-grammar commands still accepted and correct, and the out-of-grammar ones rejected, and picks the
lowest threshold that rejects at least `--reject` of the out-of-grammar speech.
"""
from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from training.manifest import load
from training.paths import default_cache


def recognize(hub: str, db: str, files: list[str], extra: list[str]) -> dict[str, dict]:
    out = subprocess.run([hub, "recognize", *files, "--db", db, "--json", "--threshold", "0", *extra],
                         check=True, capture_output=True, text=True).stdout
    return {row["file"]: row for row in map(json.loads, out.splitlines())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--db", required=True, help="the home the calibration set was made for")
    parser.add_argument("--set", type=Path, required=True, help="folder with labels.json (make_eval_set)")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="training cache (dev general speech)")
    parser.add_argument("--reject", type=float, default=0.95, help="share of out-of-grammar speech to reject")
    parser.add_argument("--out", type=Path, help="write the sweep as JSON here")
    parser.add_argument("extra", nargs="*", help="more `hub recognize` flags, after --")
    args = parser.parse_args(argv)

    labels = json.loads((args.set / "labels.json").read_text())
    commands = recognize(args.hub, args.db, [str(args.set / f) for f in sorted(labels)], args.extra)
    general = [row["audio"] for row in load(args.cache, split="dev", kinds={"general"})]
    if not general:
        raise SystemExit(f"no dev-split general utterances in {args.cache}")
    others = recognize(args.hub, args.db, general, args.extra)

    scored = []  # (confidence, correct) per in-grammar file
    for name, label in labels.items():
        row = commands[str(args.set / name)]
        correct = row["intent"] == label["intent"] and all(
            str(row["slots"].get(k)) == str(v) for k, v in label["slots"].items())
        scored.append((row["confidence"], correct))
    oog = [row["confidence"] for row in others.values()]

    sweep = []
    for step in range(0, 100):
        threshold = step / 100
        accepted_correct = sum(1 for c, ok in scored if ok and c >= threshold) / len(scored)
        rejected = sum(1 for c in oog if c < threshold) / len(oog)
        sweep.append({"threshold": threshold, "in_grammar_correct": round(accepted_correct, 4),
                      "out_of_grammar_rejected": round(rejected, 4)})
    chosen = next((row for row in sweep if row["out_of_grammar_rejected"] >= args.reject), sweep[-1])
    print(f"{len(scored)} in-grammar commands ({sum(ok for _, ok in scored)} correct at threshold 0), "
          f"{len(oog)} out-of-grammar utterances")
    print("| threshold | in-grammar correct | out-of-grammar rejected |\n|---|---|---|")
    for row in sweep[::5]:
        print(f"| {row['threshold']:.2f} | {100 * row['in_grammar_correct']:.1f} % | "
              f"{100 * row['out_of_grammar_rejected']:.1f} % |")
    print(f"chosen: threshold {chosen['threshold']:.2f} (rejects {100 * chosen['out_of_grammar_rejected']:.1f} %, "
          f"keeps {100 * chosen['in_grammar_correct']:.1f} % correct)")
    if args.out:
        args.out.write_text(json.dumps({"chosen": chosen, "sweep": sweep, "in_grammar": len(scored),
                                        "out_of_grammar": len(oog)}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
