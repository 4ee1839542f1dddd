"""Speech-embedding features of the TTS cache, for training the phoneme head (`training.train_head`).

Each utterance becomes `<cache>/embeddings/<id>.npz`: `labels` (phoneme ids), `split`, `kind`, and
float16 embedding sequences (hop 2 = 20 ms): `clean`, then `aug1` … `augN` for train utterances, each
from one pass of the waveform augmentation chain (`training.augment.WaveAugmenter`, seeded by the id),
plus `background`-only items (noise with no speech, empty labels) for `--background` of the train rows.
`--voice-copies M` adds `voice1` … `voiceM` to train utterances: the same chain after the voice
transform (WORLD: another pitch and vocal-tract length), seeded apart from the `aug` copies, so that a
cache can gain them later without changing what it holds. `--channel-copies M` adds `channel1` …
`channelM` the same way: another microphone (resonances, overdrive) and a wider pace (`copy_augmenters`);
`--edge-copies M` adds `edge1` … `edgeM`: the word cut into by an energy trim (its faint first and last
sounds lost, as in recordings trimmed around the word), often faster and at the telephone rate.
The embedding is frozen, so these are computed once; shard the work over processes with `--shard K/N`.
Resumable: existing files are skipped, or only given the voice, channel and edge copies they lack.
`--tune-from L` caches, in `<cache>/embeddings-tap<L>/`, what enters layer L instead of the embedding
(`training.embedding_tuning`), for training the layers from L up with the head (`train_head --tune-from L`);
the copies are drawn exactly as for the embedding cache.

    python3 -m training.embedding_features --copies 2 --shard 0/2 & \\
    python3 -m training.embedding_features --copies 2 --shard 1/2
"""
from __future__ import annotations

import argparse
import os
import zlib
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from training import augment, embedding_tuning, speech_embedding
from training.dataset import read_audio
from training.manifest import load
from training.paths import default_cache
from training.phonemes import Inventory, text_to_phonemes

HOP = 2

Encoder = Callable[[np.ndarray, np.random.Generator], np.ndarray]
"""(waveform, generator for the room tone) → the cached sequence of one copy."""


def features_dir(cache: Path, tune_from: int | None = None) -> Path:
    """The embedding cache, or with `tune_from` the cache of what enters that layer."""
    return cache / ("embeddings" if tune_from is None else f"embeddings-tap{tune_from}")


def encoder(weights: dict, tune_from: int | None = None) -> Encoder:
    """The embedding every `HOP` frames, or with `tune_from` what enters that layer (same hop)."""
    if tune_from is None:
        return lambda audio, rng: speech_embedding.embed(audio, weights, HOP, rng)
    return lambda audio, rng: embedding_tuning.tap(audio, weights, tune_from, rng)


def utterance_features(audio: np.ndarray, row: dict, encode: Encoder, augmenter: augment.WaveAugmenter,
                       copies: int, background: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(zlib.crc32(row["id"].encode()))
    out = {"clean": encode(audio, rng).astype(np.float16)}
    if row["split"] == "train":
        for copy in range(1, copies + 1):
            out[f"aug{copy}"] = encode(augmenter(audio, rng), rng).astype(np.float16)
        if rng.random() < background:
            noise = augmenter.background(rng.uniform(1.0, 3.0), rng)
            out["background"] = encode(noise, rng).astype(np.float16)
    return out


def copy_features(audio: np.ndarray, row: dict, encode: Encoder, augmenter: augment.WaveAugmenter,
                  family: str, copies: list[int]) -> dict[str, np.ndarray]:
    """`{family}{k}` for k in `copies` (family `voice`, `channel` or `edge`): train utterances only, each copy
    seeded by the id, the family and k alone."""
    if row["split"] != "train":
        return {}
    out = {}
    for copy in copies:
        rng = np.random.default_rng(zlib.crc32(f"{row['id']}:{family}{copy}".encode()))
        out[f"{family}{copy}"] = encode(augmenter(audio, rng), rng).astype(np.float16)
    return out


def copy_augmenters(noises: list[np.ndarray]) -> dict[str, augment.WaveAugmenter]:
    """The chains of the copy families: `voice`, another speaker (WORLD); `channel`, another microphone
    and pace (`augment.mic_colour` always, speed 0.8–1.4 on 70 %, tight cuts on half); `edge`, the word
    cut where its energy comes within 12–25 dB of the loudest frame (always), speed 0.85–1.4 on 70 %,
    another microphone on half, the telephone rate on half."""
    return {"voice": augment.WaveAugmenter(noises, p_voice=1.0),
            "channel": augment.WaveAugmenter(noises, p_mic=1.0, p_speed=0.7, speed=(0.8, 1.4), p_trim=0.5),
            "edge": augment.WaveAugmenter(noises, p_trim=1.0, cut_floor_db=(-25.0, -12.0), p_speed=0.7,
                                          speed=(0.85, 1.4), p_mic=0.5, p_telephone=0.5)}


def save(target: Path, **arrays) -> None:
    """Writes `target` through a partial file, so an interrupted run never leaves half a file."""
    partial = target.with_suffix(".partial.npz")
    np.savez(partial, **arrays)
    os.replace(partial, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--copies", type=int, default=2, help="augmented copies per train utterance")
    parser.add_argument("--background", type=float, default=0.05, help="share of train rows that add a noise-only item")
    parser.add_argument("--voice-copies", type=int, default=0, help="voice-transformed copies per train utterance")
    parser.add_argument("--channel-copies", type=int, default=0,
                        help="microphone- and pace-changed copies per train utterance")
    parser.add_argument("--edge-copies", type=int, default=0,
                        help="copies per train utterance cut into the word by an energy trim")
    parser.add_argument("--shard", default="0/1", help="K/N: this process takes every N-th row from K")
    parser.add_argument("--tune-from", type=int, default=None,
                        help="cache what enters this embedding layer (11-18) instead of the embedding")
    args = parser.parse_args()
    shard, shards = (int(v) for v in args.shard.split("/"))
    torch.set_num_threads(1)
    encode = encoder(speech_embedding.dequantized(speech_embedding.load(args.cache)), args.tune_from)
    inventory = Inventory.load()
    index = {symbol: i for i, symbol in enumerate(inventory.symbols)}
    noises = augment.load_noises()
    augmenter = augment.WaveAugmenter(noises)
    families = {"voice": list(range(1, args.voice_copies + 1)), "channel": list(range(1, args.channel_copies + 1)),
                "edge": list(range(1, args.edge_copies + 1))}
    augmenters = copy_augmenters(noises)
    out_dir = features_dir(args.cache, args.tune_from)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = sorted(load(args.cache), key=lambda r: r["id"])[shard::shards]
    for number, row in enumerate(rows):
        target = out_dir / f"{row['id']}.npz"
        if target.exists():
            if row["split"] != "train" or not any(families.values()):
                continue
            with np.load(target) as z:
                missing = {family: [k for k in copies if f"{family}{k}" not in z.files]
                           for family, copies in families.items()}
                stored = {key: z[key] for key in z.files} if any(missing.values()) else {}
            if any(missing.values()):
                audio = read_audio(Path(row["audio"]))
                for family, copies in missing.items():
                    stored |= copy_features(audio, row, encode, augmenters[family], family, copies)
                save(target, **stored)
        else:
            labels = np.array([index[s] for s in text_to_phonemes(row["text"], inventory)], np.int16)
            audio = read_audio(Path(row["audio"]))
            arrays = utterance_features(audio, row, encode, augmenter, args.copies, args.background)
            for family, copies in families.items():
                arrays |= copy_features(audio, row, encode, augmenters[family], family, copies)
            save(target, labels=labels, split=row["split"], kind=row["kind"], **arrays)
        if number % 500 == 0:
            print(f"{number}/{len(rows)}", flush=True)


if __name__ == "__main__":
    main()
