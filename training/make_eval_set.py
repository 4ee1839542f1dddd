"""A held-out synthetic test set: home-grammar commands for a given home, spoken by the dev voices.

    python -m training.make_eval_set --hub .build/release/hub --db HOME.db --out ~/.cache/hub-eval/home-dev

Sentences are drawn from the grammar with the home's own device and room names (read with `hub device
list --json` / `hub room list --json`), and each is labelled with what `hub parse --json` makes of its
text, so a recognition is correct when speech gives the intent and slots that typing the words gives.
Voices are only the held-out dev voices of `training/config/voices.yaml` (never trained on), at their
configured speeds. Resumable: existing WAVs are kept; `labels.json` and `sentences.jsonl` are rewritten.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
from pathlib import Path

from training.engines import Engines, EngineUnavailable
from training.fetch_kokoro import fetch
from training.manifest import write_wav
from training.paths import VOICES_NPZ
from training.text.grammar import GrammarSampler
from training.voices import dev_voice, load_config

ROOT = Path(__file__).resolve().parent.parent


def hub_json(hub: str, db: str, *args: str):
    out = subprocess.run([hub, *args, "--db", db, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def home_sampler(grammar: list[Path], hub: str, db: str, seed: int) -> GrammarSampler:
    """The grammar's sampler with {name} and {area} taken from the home in `db`."""
    sampler = GrammarSampler(grammar, seed)
    devices = hub_json(hub, db, "device", "list")
    rooms = hub_json(hub, db, "room", "list")
    by_domain: dict[str, list[str]] = {}
    for device in devices:
        by_domain.setdefault(device["kind"], []).extend([device["name"], *device["aliases"]])
    sampler.names = {domain: sampler._with_values("name", names) for domain, names in by_domain.items()}
    sampler.all_names = sampler._with_values("name", [n for names in by_domain.values() for n in names])
    sampler.lists["area"] = sampler._with_values("area", [n for room in rooms for n in [room["name"], *room["aliases"]]])
    return sampler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", required=True, help="the hub binary (labels come from `hub parse`)")
    parser.add_argument("--db", required=True, help="registry with the home whose names are spoken")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--grammar", type=Path, action="append", default=None,
                        help="sample and label with these grammars instead of grammars/home.yaml (repeatable)")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--kokoro-cache", type=Path, default=Path.home() / ".cache" / "hub-training")
    args = parser.parse_args(argv)

    sampler = home_sampler(args.grammar or [ROOT / "grammars" / "home.yaml"], args.hub, args.db, args.seed)
    grammar_flags = [flag for path in args.grammar or [] for flag in ("--grammar", str(path))]
    config = load_config()
    engines = Engines(lambda: fetch(args.kokoro_cache), VOICES_NPZ)
    args.out.mkdir(parents=True, exist_ok=True)
    labels, rows, skipped = {}, [], 0
    for index in range(args.count):
        rng = random.Random(args.seed * 1_000_003 + index)
        text, _ = sampler.sample(rng)
        parsed = hub_json(args.hub, args.db, "parse", text, *grammar_flags)
        if not parsed.get("intent"):
            skipped += 1  # e.g. a template that needs a device kind this home lacks
            continue
        spec = dev_voice(config, rng)
        name = f"{index:04d}.wav"
        path = args.out / name
        if not path.exists():
            try:
                write_wav(path, engines.get(spec.engine).synth(text, spec))
            except EngineUnavailable as error:
                raise SystemExit(f"voice engine {spec.engine} unavailable: {error}")
        labels[name] = {"intent": parsed["intent"], "slots": parsed.get("slots", {})}
        rows.append({"file": name, "text": text, "voice": spec.name, "engine": spec.engine})
    (args.out / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")
    (args.out / "sentences.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(labels)} labelled recordings in {args.out} ({skipped} sentences this home cannot parse skipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
