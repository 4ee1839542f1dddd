"""Train the phoneme head on the speech embedding, and export the model (format version 2).

Reads the features `training.embedding_features` cached (clean, augmented copies, noise-only items),
trains a GRU with CTC over the hub's phonemes, scores the held-out dev voices (phoneme error rate)
after every epoch, and writes the int8 model file: front-end parameters, the embedding's weights
(int8 per output channel), the input normalisation, the GRU and the output layer. Resumable: the run
folder keeps the last epoch's state.

`--tune-from L` trains the embedding's layers L…19 too (`training.embedding_tuning`, at `--tune-lr`), on
the cache `embedding_features --tune-from L` wrote; `--init RUN` starts the head from another run's
final state (its normalisation included), so a trained head can be fine-tuned with the layers below it;
`--init MODEL.bin` starts from a model file's head and embedding weights instead (a fresh machine).

    python3 -m training.train_head --name hub-am-v25r --out /tmp/hub-am-v25.bin --epochs 8 --voice-copies 1 \
        --input-dropout 0.2 --layer-dropout 0.3 --threads 1
    python3 -m training.train_head --name hub-am-v27t --out hub-am-v27.bin --epochs 5 --voice-copies 1 \
        --input-dropout 0.2 --layer-dropout 0.3 --tune-from 15 --tune-lr 1e-4 --lr 5e-4 --init hub-am-v25r --threads 2
    git show 6cf27a7:models/hub-am-v27.bin > hub-am-v27.bin
    python3 -m training.train_head --name hub-am-v28 --out hub-am-v28.bin --init hub-am-v27.bin \
        --tune-from 15 --voice-copies 1 --input-dropout 0.2 --layer-dropout 0.3 --lr 2e-4 --tune-lr 5e-5 --epochs 4
    git show 8793c7b:models/hub-am-v28.bin > hub-am-v28.bin
    python3 -m training.train_head --name hub-am-v32 --out models/hub-am-v32.bin --init hub-am-v28.bin \
        --tune-from 15 --voice-copies 1 --channel-copies 1 --input-dropout 0.2 --layer-dropout 0.3 --lr 2e-4 \
        --tune-lr 5e-5 --epochs 2
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from training import speech_embedding
from training.embedding_features import HOP, features_dir
from training.embedding_tuning import UpperLayers, tuned_weights
from training.export import ModelFile, dequantized_rows, write_model, read_model
from training.model import quantize_rows
from training.paths import default_cache
from training.phonemes import Inventory
from training.train import greedy_decode, phoneme_error_rate, save_checkpoint


class PhonemeHead(nn.Module):
    """Embedding (96 per 20 ms) → fixed normalisation → GRU layers → phoneme logits (blank first)."""

    lost = 0
    """Input steps without an output step (see `output_lengths`)."""

    def __init__(self, mean: torch.Tensor, std: torch.Tensor, hidden: int, layers: int, symbols: int,
                 input_dropout: float = 0.1, layer_dropout: float = 0.2):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.hidden, self.layers = hidden, layers
        self.drop = nn.Dropout(input_dropout)
        self.gru = nn.GRU(len(mean), hidden, layers, batch_first=True, dropout=layer_dropout if layers > 1 else 0.0)
        self.out = nn.Linear(hidden, symbols)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.gru(self.drop((x - self.mean) / self.std))[0])


class TunedHead(nn.Module):
    """The embedding's upper layers (on the cached activations below them) → `PhonemeHead`."""

    def __init__(self, upper: UpperLayers, head: PhonemeHead):
        super().__init__()
        self.upper, self.head = upper, head
        self.lost = UpperLayers.shrink(upper.first)

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        return self.head(self.upper(u))


def load_items(cache: Path, every: int = 1, voice_copies: int = 0, tune_from: int | None = None,
               channel_copies: int = 0, edge_copies: int = 0) -> tuple[list, list]:
    """(train, dev) lists of (embeddings [T, 96] float32, labels int64), every `every`-th step of the cached
    20 ms sequences (2: the 40 ms sequence, exactly what a model of stride 4 computes). Train items are the
    clean and augmented copies, the first `voice_copies` voice-transformed ones, the first `channel_copies`
    microphone-changed ones, the first `edge_copies` cut into the word, and the noise-only items.
    With `tune_from` the sequences are what enters that layer ([T, 96, bins], float16 as cached)."""
    extra = {f"{family}{k}" for family, count in (("voice", voice_copies), ("channel", channel_copies),
                                                  ("edge", edge_copies)) for k in range(1, count + 1)}
    convert = (lambda a: torch.from_numpy(a[::every].astype(np.float32))) if tune_from is None \
        else (lambda a: torch.from_numpy(np.ascontiguousarray(a)))
    train, dev = [], []
    for path in sorted(features_dir(cache, tune_from).glob("*.npz")):
        if path.name.endswith(".partial.npz"):
            continue
        with np.load(path) as z:
            labels = torch.from_numpy(z["labels"].astype(np.int64))
            if str(z["split"]) != "train":
                if len(labels):
                    dev.append((convert(z["clean"]), labels))
                continue
            for key in z.files:
                if key == "clean" or key.startswith("aug") or key in extra:
                    if len(labels):
                        train.append((convert(z[key]), labels))
                elif key == "background":
                    train.append((convert(z[key]), labels[:0]))
    return train, dev


def output_lengths(model: nn.Module, xs: list[torch.Tensor]) -> torch.Tensor:
    """Model steps per input sequence: the upper layers of a `TunedHead` lose some at the end."""
    return torch.tensor([max(len(x) - model.lost, 0) for x in xs])


def time_mask(x: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """SpecAugment-style: two spans of up to 10 steps (200 ms) of raw embedding values set to zero (the head
    normalises afterwards, so a masked step reads as −mean / std)."""
    x = x.clone()
    for _ in range(2):
        width = rng.randint(0, min(10, len(x) // 8))
        start = rng.randint(0, max(len(x) - width, 0))
        x[start:start + width] = 0
    return x


def dev_per(model: nn.Module, items: list) -> float:
    model.eval()
    with torch.no_grad():
        hypotheses = [greedy_decode(model(x[None].float())[0], int(length))
                      for (x, _), length in zip(items, output_lengths(model, [x for x, _ in items]))]
    return phoneme_error_rate(hypotheses, [y.tolist() for _, y in items])


def to_model_file(model: PhonemeHead, weights: dict[str, np.ndarray], symbols: list[str], hop: int = HOP) -> ModelFile:
    """The int8 model file of a trained head on the (already quantized) embedding weights."""
    tensors = {name: np.ascontiguousarray(weights[name]) for name in speech_embedding.encoder_tensors(32)}
    tensors["enc.mean"] = model.mean.numpy().astype(np.float32)
    tensors["enc.std"] = model.std.numpy().astype(np.float32)

    def add(name: str, weight: torch.Tensor) -> None:
        q, scale = quantize_rows(weight.detach().float())
        tensors[name] = q.numpy().astype(np.int8)
        tensors[name + ".scale"] = scale.numpy().astype(np.float32)

    for layer in range(model.layers):
        add(f"gru.{layer}.w_ih", getattr(model.gru, f"weight_ih_l{layer}"))
        add(f"gru.{layer}.w_hh", getattr(model.gru, f"weight_hh_l{layer}"))
        tensors[f"gru.{layer}.b_ih"] = getattr(model.gru, f"bias_ih_l{layer}").detach().numpy().astype(np.float32)
        tensors[f"gru.{layer}.b_hh"] = getattr(model.gru, f"bias_hh_l{layer}").detach().numpy().astype(np.float32)
    add("out.w", model.out.weight)
    tensors["out.b"] = model.out.bias.detach().numpy().astype(np.float32)
    return ModelFile(speech_embedding.front_end(), speech_embedding.CONTEXT, hop, model.hidden, model.layers,
                     list(symbols), tensors, "speech-embedding", speech_embedding.EMBEDDING)


def from_model_file(file: ModelFile, input_dropout: float = 0.1,
                    layer_dropout: float = 0.2) -> tuple[PhonemeHead, dict[str, np.ndarray]]:
    """The float head whose export is `file` (every weight row its int8 values times its scale; biases and
    normalisation as stored) and the file's embedding weights, so a committed model can seed a fine-tune
    (`--init MODEL.bin`) when its run folder is gone: `to_model_file` of the two gives `file`'s tensors back."""
    if file.encoder != "speech-embedding":
        raise ValueError(f"a {file.encoder} model's head is trained by training.train, not training.train_head")
    t = file.tensors
    head = PhonemeHead(torch.tensor(t["enc.mean"]), torch.tensor(t["enc.std"]), file.hidden, file.layers,
                       len(file.symbols), input_dropout, layer_dropout)

    def weight(name: str) -> torch.Tensor:
        return dequantized_rows(t, name)

    with torch.no_grad():
        for layer in range(file.layers):
            getattr(head.gru, f"weight_ih_l{layer}").copy_(weight(f"gru.{layer}.w_ih"))
            getattr(head.gru, f"weight_hh_l{layer}").copy_(weight(f"gru.{layer}.w_hh"))
            getattr(head.gru, f"bias_ih_l{layer}").copy_(torch.tensor(t[f"gru.{layer}.b_ih"]))
            getattr(head.gru, f"bias_hh_l{layer}").copy_(torch.tensor(t[f"gru.{layer}.b_hh"]))
        head.out.weight.copy_(weight("out.w"))
        head.out.bias.copy_(torch.tensor(t["out.b"]))
    return head, {name: t[name] for name in speech_embedding.encoder_tensors(32)}


def check_frozen_layers(weights: dict[str, np.ndarray], cached: dict[str, np.ndarray], tune_from: int, source: str) -> None:
    """Raises ValueError unless layers below `tune_from` of `weights` are those the tap cache was computed with."""
    for index in range(tune_from):
        for suffix in (".w", ".w.scale", ".b"):
            name = f"enc.{index}{suffix}"
            if name in cached and not np.array_equal(weights[name], cached[name]):
                raise ValueError(f"{source}: embedding layer {index} differs from the one the cached activations "
                                 f"were computed with, so only layers from {index} up could be tuned on them")


def save_state(path: Path, model, optimizer, schedule, epoch: int, report: list, rng: random.Random) -> None:
    """Writes what a rerun needs to go on after `epoch` as if it had never stopped (through a temporary
    file, so a run stopped mid-write keeps its previous state)."""
    save_checkpoint(path, model=model.state_dict(), optimizer=optimizer.state_dict(), schedule=schedule.state_dict(),
                    epoch=epoch, report=report, rng=rng, torch_rng=torch.get_rng_state())


def load_state(path: Path, model, optimizer, schedule) -> tuple[int, list, random.Random]:
    """Restores what `save_state` wrote; returns the next epoch, the report so far and the batch-order generator."""
    state = torch.load(path, weights_only=False)  # our own file, and it holds a random.Random
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    schedule.load_state_dict(state["schedule"])
    torch.set_rng_state(state["torch_rng"])
    return state["epoch"] + 1, state["report"], state["rng"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--name", required=True, help="run name: <cache>/runs/NAME keeps state and report")
    parser.add_argument("--out", type=Path, required=True, help="model file to write")
    parser.add_argument("--hidden", type=int, default=224)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--batch", type=int, default=48)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--input-dropout", type=float, default=0.1, help="dropout on the embedding values")
    parser.add_argument("--layer-dropout", type=float, default=0.2, help="dropout between GRU layers")
    parser.add_argument("--voice-copies", type=int, default=0,
                        help="train on this many voice-transformed copies too (embedding_features --voice-copies)")
    parser.add_argument("--channel-copies", type=int, default=0,
                        help="train on this many microphone-changed copies too (embedding_features --channel-copies)")
    parser.add_argument("--edge-copies", type=int, default=0,
                        help="train on this many copies cut into the word too (embedding_features --edge-copies)")
    parser.add_argument("--hop", type=int, default=HOP, choices=[2, 4, 8],
                        help="frames (10 ms) between model steps; the features are cached every 2")
    parser.add_argument("--tune-from", type=int, default=None,
                        help="train the embedding's layers from this one (11-18) up too (embedding_features --tune-from)")
    parser.add_argument("--tune-lr", type=float, default=1e-4, help="peak learning rate of the tuned embedding layers")
    parser.add_argument("--init", default=None,
                        help="start from this run's final state (<cache>/runs/INIT) or from a model file (MODEL.bin: "
                             "its head and, with --tune-from, its embedding layers)")
    args = parser.parse_args()
    if args.tune_from is not None and args.hop != HOP:
        parser.error(f"--tune-from needs --hop {HOP}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    inventory = Inventory.load()
    weights = speech_embedding.load(args.cache)
    train, dev = load_items(args.cache, args.hop // HOP, args.voice_copies, args.tune_from, args.channel_copies,
                            args.edge_copies)
    hours = sum(len(x) for x, _ in train) * args.hop * 0.01 / 3600
    print(f"train {len(train)} items ({hours:.2f} h of features), dev {len(dev)}", flush=True)
    start = None
    if args.init and args.init.endswith(".bin"):
        head, file_weights = from_model_file(read_model(Path(args.init).read_bytes()), args.input_dropout,
                                             args.layer_dropout)
        if args.tune_from is not None:
            check_frozen_layers(file_weights, weights, args.tune_from, args.init)
        weights, start = file_weights, head.state_dict()
    elif args.init:
        start = torch.load(args.cache / "runs" / args.init / "head.pt", weights_only=False)["model"]
    upper = None if args.tune_from is None else UpperLayers(speech_embedding.dequantized(weights), args.tune_from)
    if start is not None:
        mean, std = start["mean"], start["std"]
    else:
        with torch.no_grad():
            sample = torch.cat([x if upper is None else upper(x[None].float())[0] for x, _ in train[::10]])
        mean, std = sample.mean(0), sample.std(0) + 1e-3
    head = PhonemeHead(mean, std, args.hidden, args.layers, len(inventory.symbols), args.input_dropout, args.layer_dropout)
    if start is not None:
        head.load_state_dict(start)
    model = head if upper is None else TunedHead(upper, head)
    groups = [{"params": head.parameters(), "lr": args.lr}]
    if upper is not None:
        groups.append({"params": upper.parameters(), "lr": args.tune_lr})
    optimizer = torch.optim.AdamW(groups, weight_decay=1e-2)
    steps = args.epochs * -(-len(train) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, [g["lr"] for g in groups], total_steps=steps,
                                                   pct_start=0.1)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    run = args.cache / "runs" / args.name
    run.mkdir(parents=True, exist_ok=True)
    state_path, report = run / "head.pt", []
    first = 0
    if state_path.exists():
        first, report, rng = load_state(state_path, model, optimizer, schedule)
        print(f"resumed after epoch {first}", flush=True)
    dev_subset = dev[:400]
    if first == 0 and start is not None:
        report.append({"epoch": 0, "dev_per": round(dev_per(model, dev_subset), 4)})  # where the fine-tune starts
        print(json.dumps(report[-1]), flush=True)
    for epoch in range(first, args.epochs):
        model.train()
        order = sorted(range(len(train)), key=lambda i: len(train[i][0]) + rng.random() * 30)
        batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        started, total = time.time(), 0.0
        for batch in batches:
            xs = [time_mask(train[i][0], rng) for i in batch]
            ys = [train[i][1] for i in batch]
            x = nn.utils.rnn.pad_sequence(xs, batch_first=True).float()
            log_probs = model(x).log_softmax(-1).transpose(0, 1)
            loss = ctc(log_probs, torch.cat(ys), output_lengths(model, xs), torch.tensor([len(y) for y in ys]))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
        row = {"epoch": epoch + 1, "loss": round(total / len(batches), 4), "seconds": round(time.time() - started),
               "dev_per": round(dev_per(model, dev_subset), 4)}
        report.append(row)
        print(json.dumps(row), flush=True)
        save_state(state_path, model, optimizer, schedule, epoch, report, rng)
    if upper is not None:
        weights = tuned_weights(weights, upper)
    data = write_model(to_model_file(head, weights, list(inventory.symbols), args.hop))
    read_model(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    (run / "report.json").write_text(json.dumps({"epochs": report, "train_items": len(train), "dev_items": len(dev),
                                                 "feature_hours": round(hours, 2), "hidden": args.hidden,
                                                 "layers": args.layers, "lr": args.lr,
                                                 "input_dropout": args.input_dropout,
                                                 "layer_dropout": args.layer_dropout, "tune_from": args.tune_from,
                                                 "tune_lr": args.tune_lr if upper is not None else None,
                                                 "init": args.init}, indent=1))
    print(f"wrote {args.out} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
