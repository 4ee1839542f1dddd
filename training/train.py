"""Train the GRU+CTC acoustic model on the TTS cache, quantize it to int8 and export it.

    nice -n 10 python3 -m training.train --cache ~/.cache/hub-training --out models/

Steps: manifest → labelled utterances (split by voice) → normalisation stats → float CTC training
(AdamW, warmup + cosine LR, dropout, gradient clipping, dev PER by greedy CTC decoding each epoch,
checkpoint every epoch under `<cache>/runs/<name>/`, `--resume` continues from the last one on the same
utterances, listed there, whatever the generator has added since) →
quantization-aware fine-tuning (`--qat-epochs`, the int8 arithmetic of docs/model-format.md §4 with
straight-through gradients) → export `<out>/<name>.bin` → the exported file is read back and its int8
dev PER measured with the reference kernel → `<out>/<name>.report.json` and `<out>/REPORT.md`.
"""
from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from training import augment, dataset, frontend, int8_kernel
from training.export import from_torch, read_model, to_torch, write_model
from training.model import AcousticModel, ModelConfig, stack_frames, stacked_length
from training.phonemes import Inventory

DEV_LIMIT = 400  # dev utterances scored per epoch and in the report

CHECKPOINT = "last.pt"
UTTERANCES = "utterances.json"  # the run's train and dev ids, beside its checkpoint


# MARK: - decoding and scoring

def greedy_decode(logits: torch.Tensor, length: int) -> list[int]:
    """Best path: argmax per frame, merge repeats, drop blanks (id 0)."""
    best = logits[:length].argmax(dim=-1).tolist()
    out, previous = [], 0
    for symbol in best:
        if symbol != previous and symbol != 0:
            out.append(symbol)
        previous = symbol
    return out


def edit_distance(a: list[int], b: list[int]) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def phoneme_error_rate(hypotheses: list[list[int]], references: list[list[int]]) -> float:
    edits = sum(edit_distance(h, r) for h, r in zip(hypotheses, references))
    return edits / max(sum(len(r) for r in references), 1)


def evaluate(model: AcousticModel, loader, int8: bool = False) -> tuple[float, float]:
    """(dev PER, CTC loss per reference phoneme) with the float or the fake-quant int8 forward."""
    model.eval()
    hypotheses, references, losses = [], [], []
    ctc = torch.nn.CTCLoss(blank=0, reduction="sum", zero_infinity=True)
    with torch.no_grad():
        for features, lengths, labels, label_lengths in loader:
            stacked = stack_frames(features, model.config.stack, model.config.stride)
            out_lengths = stacked_length(lengths, model.config.stack, model.config.stride)
            logits = model.forward_int8(stacked) if int8 else model(stacked)
            losses.append(ctc(logits.log_softmax(-1).transpose(0, 1), labels, out_lengths, label_lengths).item())
            offset = 0
            for i, n in enumerate(label_lengths.tolist()):
                references.append(labels[offset:offset + n].tolist())
                offset += n
                hypotheses.append(greedy_decode(logits[i], int(out_lengths[i])))
    return phoneme_error_rate(hypotheses, references), sum(losses) / max(sum(map(len, references)), 1)


def kernel_per(file_bytes: bytes, utterances: list[dataset.Utterance], features: dataset.FeatureCache) -> float:
    """Dev PER of the exported file run through the numpy int8 reference kernel (what Swift will run)."""
    model = read_model(file_bytes)
    mean = np.array(model.features.normalization["mean"], dtype=np.float32)
    std = np.array(model.features.normalization["std"], dtype=np.float32)
    hypotheses, references = [], []
    for u in utterances:
        logits = int8_kernel.forward(model, (features.get(u) - mean) / std)
        hypotheses.append(greedy_decode(torch.from_numpy(logits), len(logits)))
        references.append(list(u.labels))
    return phoneme_error_rate(hypotheses, references)


def dev_subset(dev: list[dataset.Utterance], limit: int | None = None) -> list[dataset.Utterance]:
    """The dev utterances scored each epoch: the first `limit` (default `DEV_LIMIT`) by id."""
    return sorted(dev, key=lambda u: u.id)[: DEV_LIMIT if limit is None else limit]


def dev_loader(dev: list[dataset.Utterance], features: dataset.FeatureCache) -> torch.utils.data.DataLoader:
    """The dev utterances in fixed batches, clean (no augmentation)."""
    return torch.utils.data.DataLoader(dataset.CTCDataset(dev, features),
                                       batch_sampler=dataset.BucketSampler(dev, 32, shuffle=False),
                                       collate_fn=dataset.collate)


def final_dev_per(model, file_bytes: bytes, dev: list[dataset.Utterance], loader, features) -> dict:
    """The report's dev PER: float forward, fake-quant int8 forward, and the exported file through the
    reference kernel on the first 100 dev utterances."""
    float_per, _ = evaluate(model, loader, int8=False)
    int8_per, _ = evaluate(model, loader, int8=True)
    kernel_dev = dev[:100]
    return {"float": round(float_per, 4), "int8_fake_quant": round(int8_per, 4),
            f"int8_kernel_on_file_first_{len(kernel_dev)}": round(kernel_per(file_bytes, kernel_dev, features), 4)}


# MARK: - checkpoints

def save_checkpoint(path: Path, **state) -> None:
    temporary = path.with_suffix(".tmp")
    torch.save(state, temporary)
    temporary.replace(path)


def load_checkpoint(path: Path) -> tuple[AcousticModel, list[str]]:
    """The model (eval mode) and its symbol table from a training checkpoint."""
    state = torch.load(path, map_location="cpu", weights_only=False)
    model = AcousticModel(ModelConfig(**state["config"]))
    model.load_state_dict(state["model"])
    return model.eval(), state["symbols"]


def lr_at(step: int, total: int, warmup: int, peak: float) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min((step - warmup) / max(total - warmup, 1), 1.0)
    return peak * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))


# MARK: - training

def train_epoch(model, loader, optimizer, step: int, schedule, args, int8: bool, log) -> tuple[int, float]:
    """One pass over `loader`; `schedule(step)` gives the learning rate. Returns (next step, mean loss)."""
    model.train()
    ctc = torch.nn.CTCLoss(blank=0, reduction="mean", zero_infinity=True)  # per target phoneme
    running, count, started = 0.0, 0, time.time()
    for features, lengths, labels, label_lengths in loader:
        for group in optimizer.param_groups:
            group["lr"] = schedule(step)
        stacked = stack_frames(features, model.config.stack, model.config.stride)
        out_lengths = stacked_length(lengths, model.config.stack, model.config.stride)
        logits = model.forward_int8(stacked) if int8 else model(stacked)
        loss = ctc(logits.log_softmax(-1).transpose(0, 1), labels, out_lengths, label_lengths)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        running, count, step = running + loss.item(), count + 1, step + 1
        if count % args.log_every == 0:
            log(f"  step {step} loss {running / count:.3f} lr {optimizer.param_groups[0]['lr']:.2e} "
                f"({(time.time() - started) / count:.2f} s/batch)")
    return step, running / max(count, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=dataset.default_cache(), help="TTS cache with manifest.jsonl")
    parser.add_argument("--out", type=Path, default=Path("models"), help="where the .bin and reports go")
    parser.add_argument("--name", default="hub-am-v1")
    parser.add_argument("--runs", type=Path, help="checkpoint folder (default <cache>/runs/<name>)")
    parser.add_argument("--resume", action="store_true", help="continue from <runs>/last.pt")
    parser.add_argument("--init", type=Path, help="start from this checkpoint's weights and normalisation (a new "
                        "schedule and optimizer: fine-tuning on more data); its config must match. An exported "
                        "MODEL.bin works too: its int8 weights, dequantised")
    parser.add_argument("--epochs", type=int, default=20, help="float epochs")
    parser.add_argument("--qat-epochs", type=int, default=1, help="quantization-aware epochs after the float ones")
    parser.add_argument("--max-minutes", type=float, default=0,
                        help="fit the float epochs into about this many minutes, judged after each epoch (0: no limit)")
    parser.add_argument("--hidden", type=int, default=192)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--stack", type=int, default=3)
    parser.add_argument("--stride", type=int, default=3)
    parser.add_argument("--dropout", type=float, default=0.15)
    parser.add_argument("--batch-size", type=int, default=24)
    parser.add_argument("--lr", type=float, default=8e-3, help="peak learning rate; high rates leave the CTC all-blank "
                        "plateau far sooner (train PER after 120 steps on 48 utterances: 3e-3 0.59, 6e-3 0.15, 1.2e-2 0.01)")
    parser.add_argument("--qat-lr-scale", type=float, default=0.1)
    parser.add_argument("--weight-decay", type=float, default=1e-2)
    parser.add_argument("--warmup", type=float, default=0.08, help="share of the float steps spent warming up")
    parser.add_argument("--clip", type=float, default=5.0)
    parser.add_argument("--p-augment", type=float, default=0.8, help="share of items through the waveform chain")
    parser.add_argument("--p-noise", type=float, default=0.6, help="share of augmented items mixed with background noise")
    parser.add_argument("--p-voice", type=float, default=0.0,
                        help="share of augmented items resynthesised with another pitch and vocal tract (WORLD)")
    parser.add_argument("--p-suppress", type=float, default=0.0,
                        help="share of augmented items through a noise suppressor (spectral subtraction, as phones "
                             "and browsers apply)")
    parser.add_argument("--p-codec", type=float, default=0.0,
                        help="share of augmented items through a lossy codec round trip (Opus, Vorbis, MP3)")
    parser.add_argument("--snr", type=float, nargs=2, default=(0.0, 30.0), metavar=("LOW", "HIGH"),
                        help="range of that noise's SNR in dB, drawn uniformly")
    parser.add_argument("--p-background", type=float, default=0.05,
                        help="share of items replaced by background noise alone (no phonemes), for rejection")
    parser.add_argument("--augment-ramp", type=float, default=0.4,
                        help="augmentation rises from none to full over this share of the float epochs "
                             "(augmenting from the start kept short runs stuck on all-blank output; 0: full "
                             "from the start, for fine-tuning with --init)")
    parser.add_argument("--no-augment", action="store_true")
    # 1 thread by default: with other jobs on the 2 cores, 2 threads measured 5-10x slower per step
    # (0.6 s vs 5.6 s at load 11); use --threads 2 on an idle machine
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="DataLoader processes for augmentation")
    parser.add_argument("--dev-limit", type=int, default=DEV_LIMIT, help="dev utterances scored per epoch")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=20)
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    runs = args.runs or args.cache / "runs" / args.name
    runs.mkdir(parents=True, exist_ok=True)
    log_file = open(runs / "train.log", "a", encoding="utf-8")

    def log(message: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {message}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    inventory = Inventory.load()
    train, dev, counts = dataset.load_utterances(args.cache, inventory, args.stride)
    log(f"manifest {args.cache}: {counts}")
    listed = runs / UTTERANCES
    if args.resume and listed.exists() and (runs / CHECKPOINT).exists():
        try:
            train, dev, newer = dataset.keep_listed(listed, train, dev)
        except ValueError as error:
            raise SystemExit(str(error))
        log(f"resuming on the {len(train)} train and {len(dev)} dev utterances of {listed}; {newer} newer train utterances left out")
    if not train or not dev:
        log("need both train and dev utterances in the manifest; generate more data first")
        return 1
    dev = dev_subset(dev, args.dev_limit)
    dataset.write_utterance_list(listed, train, dev)
    params = frontend.parameters()
    features = dataset.FeatureCache(args.cache, params)

    config = ModelConfig(n_ceps=params.cepstral_coefficients, stack=args.stack, stride=args.stride,
                         hidden=args.hidden, layers=args.layers, num_symbols=len(inventory.symbols),
                         dropout=args.dropout)
    if config.int8_bytes() > 1_000_000:
        raise SystemExit(f"model has {config.int8_bytes()} int8 weight bytes, over the 1 MB budget")
    model = AcousticModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    epoch, step, history, started = 0, 0, [], time.time()
    float_epochs, before_qat = args.epochs, None
    checkpoint = runs / CHECKPOINT
    if args.resume and checkpoint.exists():
        state = torch.load(checkpoint, map_location="cpu", weights_only=False)
        if state["config"] != config.to_dict():
            raise SystemExit(f"{checkpoint} was trained with {state['config']}, not {config.to_dict()}")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        epoch, step, history = state["epoch"], state["step"], state["history"]
        float_epochs, before_qat = state["float_epochs"], state["before_qat"]
        log(f"resumed from {checkpoint} at epoch {epoch}, step {step}")
    elif args.init and args.init.suffix == ".bin":
        exported = read_model(args.init.read_bytes())
        if list(exported.symbols) != list(inventory.symbols):
            raise SystemExit(f"{args.init} has another phoneme table than models/phonemes.txt")
        seed = to_torch(exported, dropout=args.dropout)
        if seed.config != config:
            raise SystemExit(f"{args.init} has {seed.config.to_dict()}, not {config.to_dict()}")
        model.load_state_dict(seed.state_dict())
        log(f"initialised from the int8 weights of {args.init}, dequantised; its normalisation is kept")
    elif args.init:
        state = torch.load(args.init, map_location="cpu", weights_only=False)
        if state["config"] != config.to_dict():
            raise SystemExit(f"{args.init} was trained with {state['config']}, not {config.to_dict()}")
        model.load_state_dict(state["model"])
        log(f"initialised from {args.init} (its epoch {state['epoch']}); its normalisation is kept")
    else:
        log("computing normalisation statistics (caches clean features)")
        mean, std = dataset.normalisation_stats(train, features, seed=args.seed)
        model.set_normalisation(torch.from_numpy(mean), torch.from_numpy(std))

    noises = None if args.no_augment else augment.load_noises()
    wave_augmenter = None if args.no_augment else augment.WaveAugmenter(
        noises, p_noise=args.p_noise, snr_db=tuple(args.snr), p_voice=args.p_voice, p_suppress=args.p_suppress,
        p_codec=args.p_codec)
    train_set = dataset.CTCDataset(train, features, wave_augmenter,
                                   None if args.no_augment else augment.FeatureAugmenter(params),
                                   p_wave=args.p_augment, seed=args.seed,
                                   p_background=0.0 if args.no_augment else args.p_background)
    sampler = dataset.BucketSampler(train, args.batch_size, seed=args.seed)
    train_loader = torch.utils.data.DataLoader(train_set, batch_sampler=sampler, collate_fn=dataset.collate,
                                               num_workers=args.workers)
    dev_batches = dev_loader(dev, features)
    log(f"model {config.to_dict()}: {sum(p.numel() for p in model.parameters())} parameters, "
        f"{config.int8_bytes()} int8 weight bytes; train {dataset.describe(train)}, dev {dataset.describe(dev)}")

    def schedule(at: int) -> float:
        float_steps = len(sampler) * float_epochs
        if at < float_steps:
            return lr_at(at, float_steps, max(1, int(args.warmup * float_steps)), args.lr)
        return lr_at(at - float_steps, len(sampler) * args.qat_epochs, 1, args.lr * args.qat_lr_scale)

    while epoch < float_epochs + args.qat_epochs:
        int8 = epoch >= float_epochs
        if int8 and before_qat is None:
            # post-training quantization of the float model, before QAT changes the weights
            float_per, _ = evaluate(model, dev_batches, int8=False)
            ptq_per, _ = evaluate(model, dev_batches, int8=True)
            before_qat = {"float": round(float_per, 4), "int8_post_training": round(ptq_per, 4)}
            log(f"before QAT: dev PER float {float_per:.3f}, int8 post-training {ptq_per:.3f}")
        train_set.epoch = sampler.epoch = epoch
        ramp = args.augment_ramp * float_epochs
        strength = 1.0 if int8 or ramp <= 0 else min(1.0, epoch / ramp)
        train_set.p_wave, train_set.p_features = args.p_augment * strength, strength
        t0 = time.time()
        step, train_loss = train_epoch(model, train_loader, optimizer, step, schedule, args, int8, log)
        per, dev_loss = evaluate(model, dev_batches, int8=int8)
        epoch += 1
        seconds = time.time() - t0
        history.append({"epoch": epoch, "int8": int8, "augment": round(strength, 2), "train_loss": round(train_loss, 4),
                        "dev_loss": round(dev_loss, 4), "dev_per": round(per, 4), "seconds": round(seconds, 1)})
        log(f"epoch {epoch}{' (QAT)' if int8 else ''} augment {strength:.2f}: train loss {train_loss:.3f} dev loss {dev_loss:.3f} "
            f"dev PER {per:.3f} ({seconds:.0f} s)")
        if args.max_minutes and not int8:
            # fit the float epochs into the budget (judged by the last epoch, which gets slower as the
            # augmentation ramps up) so the cosine schedule still anneals to its end
            remaining = args.max_minutes * 60 - (time.time() - started)
            fitting = max(epoch, epoch + int(remaining // seconds))
            if fitting < float_epochs:
                float_epochs = fitting
                log(f"--max-minutes {args.max_minutes}: training {float_epochs} float epochs")
        save_checkpoint(checkpoint, model=model.state_dict(), optimizer=optimizer.state_dict(), epoch=epoch,
                        step=step, history=history, config=config.to_dict(), symbols=list(inventory.symbols),
                        float_epochs=float_epochs, before_qat=before_qat)

    data = write_model(from_torch(model, list(inventory.symbols)))
    dev_per = final_dev_per(model, data, dev, dev_batches, features)
    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.out / f"{args.name}.bin"
    model_path.write_bytes(data)
    report = {
        "model": model_path.name, "bytes": len(data), "config": config.to_dict(),
        "int8_weight_bytes": config.int8_bytes(), "data": {"train": dataset.describe(train),
                                                           "dev": dataset.describe(dev), "manifest": counts},
        "float_epochs": float_epochs, "qat_epochs": args.qat_epochs, "steps": step,
        "wall_minutes": round((time.time() - started) / 60, 1), "args": {k: str(v) for k, v in vars(args).items()},
        "dev_per_before_qat": before_qat,
        "dev_per": dev_per,
        "history": history,
    }
    (args.out / f"{args.name}.report.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "REPORT.md").write_text(markdown_report(report))
    log(f"wrote {model_path} ({len(data)} bytes): dev PER " + ", ".join(f"{k} {v:.3f}" for k, v in dev_per.items()))
    return 0


def markdown_report(report: dict) -> str:
    train, dev = report["data"]["train"], report["data"]["dev"]
    lines = [
        f"# Acoustic model {report['model']}", "",
        f"- file: {report['bytes']} bytes ({report['int8_weight_bytes']} int8 weight bytes), "
        f"config {report['config']}",
        f"- data (TTS only, split by voice): train {train['hours']} h / {train['utterances']} utterances / "
        f"{train['voices']} voices {train['engines']}; dev {dev['hours']} h / {dev['utterances']} utterances / "
        f"{dev['voices']} voices {dev['engines']}",
        f"- manifest: {report['data']['manifest']}",
        f"- training: {report['float_epochs']} float epochs + {report['qat_epochs']} QAT epochs, "
        f"{report['steps']} steps, {report['wall_minutes']} min wall, {report['args']['threads']} torch thread(s) "
        f"on a shared 2-core machine, peak LR {report['args']['lr']}"
        + (f", starting from the weights of {report['args']['init']}" if report["args"].get("init") else ""),
        "", "| dev PER (greedy CTC) | value |", "|---|---|",
        *[f"| before QAT: {k} | {v:.3f} |" for k, v in (report["dev_per_before_qat"] or {}).items()],
        *[f"| final: {k} | {v:.3f} |" for k, v in report["dev_per"].items()],
        "", "| epoch | int8 | augment | train loss | dev loss | dev PER | s |", "|---|---|---|---|---|---|---|",
        *[f"| {h['epoch']} | {h['int8']} | {h['augment']} | {h['train_loss']} | {h['dev_loss']} | {h['dev_per']} "
          f"| {h['seconds']} |"
          for h in report["history"]],
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
