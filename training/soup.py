"""Weight averaging ("model soup", Wortsman et al. 2022) of exported models fine-tuned from one parent.

    python -m training.soup --out models/hub-am-v14.bin models/hub-am-v6.bin A.bin B.bin

Each input's int8 weights are dequantised (`export.to_torch`), averaged parameter by parameter and
quantised again (`export.from_torch`). Averaging only means something for models that share a parent
and therefore a front end: the inputs must have equal feature parameters (normalisation included),
shapes and phoneme tables, which models made with `train --init PARENT.bin` do. With the training
cache at hand (`--cache`, default as for `train`) it also writes `<name>.report.json` and `REPORT.md`
beside the output: the ingredients and the dev PER of the float average, of its fake-quant int8
forward and of the written file through the reference kernel, as `train` reports them.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.export import ModelFile, from_torch, read_model, to_torch, write_model


class SoupError(ValueError):
    """The inputs cannot be averaged; the message names the input at fault."""


def average(files: list[ModelFile]):
    """The float `AcousticModel` whose every parameter and buffer is the mean of the inputs'."""
    import torch

    if not files:
        raise SoupError("no models to average")
    first = files[0]
    for index, file in enumerate(files[1:], start=1):
        for field in ("stack", "stride", "hidden", "layers", "symbols", "features"):
            if getattr(file, field) != getattr(first, field):
                raise SoupError(f"input {index + 1} has another {field} than input 1: models to average "
                                f"must be fine-tuned from one parent")
    models = [to_torch(file) for file in files]
    soup = models[0]
    with torch.no_grad():
        states = [model.state_dict() for model in models]
        for name, value in soup.state_dict().items():
            value.copy_(sum(state[name] for state in states) / len(states))
    return soup.eval()


def report_dev(soup, data: bytes, cache: Path, stride: int) -> tuple[dict, dict]:
    """(the dev PER that `train` reports, for `soup` and its file `data`; the dev data's description)."""
    from training import dataset, frontend
    from training.phonemes import Inventory
    from training.train import dev_loader, dev_subset, final_dev_per

    _, dev, _ = dataset.load_utterances(cache, Inventory.load(), stride)
    dev = dev_subset(dev)
    features = dataset.FeatureCache(cache, frontend.parameters())
    return final_dev_per(soup, data, dev, dev_loader(dev, features), features), dataset.describe(dev)


def main(argv: list[str] | None = None) -> int:
    from training import dataset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", type=Path, nargs="+", help="exported models fine-tuned from one parent")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=dataset.default_cache(),
                        help="TTS cache whose dev split the report scores (skipped when it has none)")
    args = parser.parse_args(argv)
    files = []
    for path in args.models:
        try:
            files.append(read_model(path.read_bytes()))
        except (OSError, ValueError) as error:
            raise SystemExit(f"{path}: {error}") from error
    try:
        soup = average(files)
    except SoupError as error:
        raise SystemExit(str(error)) from error
    data = write_model(from_torch(soup, list(files[0].symbols)))
    read_model(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes), the average of {len(files)} models")
    if not (args.cache / "manifest.jsonl").exists():
        return 0
    dev_per, dev = report_dev(soup, data, args.cache, files[0].stride)
    name = args.out.stem
    report = {"model": args.out.name, "bytes": len(data), "ingredients": [str(p) for p in args.models],
              "dev": dev, "dev_per": dev_per}
    (args.out.parent / f"{name}.report.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out.parent / "REPORT.md").write_text("\n".join([
        f"# Acoustic model {args.out.name}", "",
        f"- file: {len(data)} bytes; the weight average (`python -m training.soup`) of "
        + ", ".join(f"`{p.name}`" for p in args.models),
        f"- dev: {dev['hours']} h / {dev['utterances']} utterances / {dev['voices']} voices {dev['engines']}", "",
        "| dev PER (greedy CTC) | value |", "|---|---|",
        *[f"| {k} | {v:.3f} |" for k, v in dev_per.items()], ""]))
    print(f"dev PER {dev_per}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
