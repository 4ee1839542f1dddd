"""Manifest → (MFCC frames, phoneme label ids) for CTC training.

Reads `<cache>/manifest.jsonl` written by the TTS generator (`training/generate.py`: one JSON object a
line with id, path relative to the cache, text, voice, split "train"/"dev", duration, …). Works with
whatever subset exists: rows whose WAV is missing, torn last lines and texts the G2P cannot label are
skipped and counted. The split is the manifest's, which is by voice; a training row whose voice also
speaks dev rows is dropped so dev voices stay unseen.

Clean features are cached as `<cache>/features/<parameter hash>/<id>-<size>-<mtime>.npy` (raw MFCC,
before the model's normalisation; a regenerated WAV gets a new key); augmented ones are computed on the
fly (≈ 25 ms per utterance on one core).
"""
from __future__ import annotations

import collections
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from training import frontend
from training.phonemes import Inventory, UnknownPhonemeError, text_to_phonemes

MANIFEST = "manifest.jsonl"
SAMPLE_RATE = 16000
FRAMES_PER_SECOND = 100  # front-end hop of 10 ms


def default_cache() -> Path:
    """`$HUB_TRAINING_CACHE`, else `~/.cache/hub-training` (the generator's default)."""
    return Path(os.environ.get("HUB_TRAINING_CACHE", Path.home() / ".cache" / "hub-training"))


@dataclass(frozen=True)
class Utterance:
    id: str
    path: Path
    text: str
    voice: str
    engine: str
    split: str
    duration: float
    labels: tuple[int, ...]


def read_manifest(cache: Path) -> list[dict]:
    """All complete rows of the manifest; a torn line (the generator was killed mid-write) is skipped."""
    rows = []
    path = Path(cache) / MANIFEST
    if not path.exists():
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return rows


def feasible(labels: tuple[int, ...], duration: float, stride: int, slowest_speedup: float = 1.1) -> bool:
    """Whether CTC can align the labels even after speed perturbation shortens the audio."""
    repeats = sum(1 for a, b in zip(labels, labels[1:]) if a == b)
    frames = duration / slowest_speedup * FRAMES_PER_SECOND / stride
    return 0 < len(labels) + repeats <= frames


def load_utterances(cache: Path, inventory: Inventory, stride: int = 3) -> tuple[list[Utterance], list[Utterance], dict]:
    """(train, dev, counts of what was kept and skipped and why)."""
    cache = Path(cache)
    counts: collections.Counter = collections.Counter()
    labels_of: dict[str, tuple[int, ...] | None] = {}
    utterances = []
    for row in read_manifest(cache):
        path = cache / row["path"]
        if not path.exists():
            counts["skipped: audio missing"] += 1
            continue
        text = row["text"]
        if text not in labels_of:
            try:
                labels_of[text] = tuple(inventory.ids(text_to_phonemes(text, inventory)))
            except UnknownPhonemeError:
                labels_of[text] = None
        labels = labels_of[text]
        if labels is None:
            counts["skipped: G2P produced an unmapped phoneme"] += 1
            continue
        if not feasible(labels, row["duration"], stride):
            counts["skipped: too many phonemes for the duration"] += 1
            continue
        split = row.get("split", "train")
        utterances.append(Utterance(row["id"], path, text, row.get("voice", ""), row.get("engine", ""), split,
                                    float(row["duration"]), labels))
    dev_voices = {u.voice for u in utterances if u.split == "dev"}
    train = []
    for u in utterances:
        if u.split == "train" and u.voice in dev_voices:
            counts["skipped: train row spoken by a dev voice"] += 1
        elif u.split == "train":
            train.append(u)
    dev = [u for u in utterances if u.split == "dev"]
    counts["train"], counts["dev"] = len(train), len(dev)
    return train, dev, dict(counts)


def write_utterance_list(path: Path, train: list[Utterance], dev: list[Utterance]) -> None:
    """Record which utterances a training run uses (their ids, per split), for `keep_listed` on resumption."""
    path.write_text(json.dumps({"train": sorted(u.id for u in train), "dev": sorted(u.id for u in dev)}) + "\n")


def keep_listed(path: Path, train: list[Utterance], dev: list[Utterance]) -> tuple[list[Utterance], list[Utterance], int]:
    """The utterances `write_utterance_list` recorded at `path`, and how many train utterances the cache holds
    beyond them: a resumed run trains on the data it started with while the generator keeps adding to the cache.

    Raises ValueError naming the list and the first id that is no longer usable in the cache."""
    listed = json.loads(path.read_text())
    kept = []
    for split, utterances in (("train", train), ("dev", dev)):
        ids = set(listed[split])
        missing = sorted(ids - {u.id for u in utterances})
        if missing:
            raise ValueError(f"{path}: {len(missing)} {split} utterances of the run are no longer in the cache "
                             f"(first: {missing[0]})")
        kept.append([u for u in utterances if u.id in ids])  # the cache's order, as when the run started
    return kept[0], kept[1], len(train) - len(kept[0])


def read_audio(path: Path) -> np.ndarray:
    import soundfile as sf

    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    if rate != SAMPLE_RATE:
        raise ValueError(f"{path}: {rate} Hz, the manifest promises {SAMPLE_RATE} Hz")
    return audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]


class FeatureCache:
    """Clean raw MFCC per utterance on disk, keyed by utterance id and front-end parameter hash."""

    def __init__(self, cache: Path, params):
        self.params = params
        self.directory = Path(cache) / "features" / frontend.parameter_hash(params)
        self.directory.mkdir(parents=True, exist_ok=True)

    def get(self, utterance: Utterance) -> np.ndarray:
        stat = utterance.path.stat()
        path = self.directory / f"{utterance.id}-{stat.st_size}-{stat.st_mtime_ns}.npy"
        try:
            return np.load(path)
        except (FileNotFoundError, ValueError, EOFError):
            features = frontend.compute(read_audio(utterance.path), self.params)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "wb") as f:
                np.save(f, features)
            os.replace(temporary, path)
            return features


def normalisation_stats(utterances: list[Utterance], features: FeatureCache, limit: int = 2000,
                        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per-coefficient mean and std over the frames of (up to `limit`) clean training utterances."""
    chosen = random.Random(seed).sample(utterances, min(limit, len(utterances)))
    count, sums, squares = 0, None, None
    for u in chosen:
        f = features.get(u).astype(np.float64)
        sums = f.sum(axis=0) if sums is None else sums + f.sum(axis=0)
        squares = (f ** 2).sum(axis=0) if squares is None else squares + (f ** 2).sum(axis=0)
        count += len(f)
    if not count:
        raise ValueError("no training frames to compute the normalisation from")
    mean = sums / count
    std = np.sqrt(np.maximum(squares / count - mean ** 2, 1e-6))
    return mean.astype(np.float32), std.astype(np.float32)


class CTCDataset(torch.utils.data.Dataset):
    """Items are (raw MFCC [frames, C] float32 tensor, label ids int64 tensor).

    With augmenters, each item goes through the waveform chain (then MFCC) with probability `p_wave` and
    through the feature augmenter with probability `p_features`; the training loop may change both
    between epochs (a curriculum). With probability `p_background` (and a waveform augmenter) an item is
    background noise alone, as long as the utterance, with no labels. Randomness comes from (seed, epoch,
    index)."""

    def __init__(self, utterances: list[Utterance], features: FeatureCache, wave_augmenter=None,
                 feature_augmenter=None, p_wave: float = 0.8, p_features: float = 1.0, seed: int = 0,
                 p_background: float = 0.0):
        self.utterances = utterances
        self.features = features
        self.wave_augmenter = wave_augmenter
        self.feature_augmenter = feature_augmenter
        self.p_wave = p_wave
        self.p_features = p_features
        self.seed = seed
        self.p_background = p_background
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.utterances)

    def __getitem__(self, index: int):
        u = self.utterances[index]
        rng = np.random.default_rng((self.seed, self.epoch, index))
        if self.wave_augmenter is not None and rng.random() < self.p_background:
            ceps = frontend.compute(self.wave_augmenter.background(u.duration, rng), self.features.params)
            if self.feature_augmenter is not None:
                ceps = self.feature_augmenter(ceps, rng)
            return torch.from_numpy(np.ascontiguousarray(ceps)), torch.zeros(0, dtype=torch.long)
        ceps = None
        if self.wave_augmenter is not None and rng.random() < self.p_wave:
            try:
                ceps = frontend.compute(self.wave_augmenter(read_audio(u.path), rng), self.features.params)
            except (OSError, RuntimeError):
                pass  # the generator may rewrite its cache during training: fall back to the cached clean frames
        if ceps is None:
            ceps = self.features.get(u)
        if self.feature_augmenter is not None and rng.random() < self.p_features:
            ceps = self.feature_augmenter(ceps, rng)
        return torch.from_numpy(np.ascontiguousarray(ceps)), torch.tensor(u.labels, dtype=torch.long)


def collate(batch):
    """→ (features [B, T, C] zero-padded, frame counts [B], labels concatenated, label lengths [B])."""
    features, labels = zip(*batch)
    lengths = torch.tensor([len(f) for f in features])
    padded = torch.zeros(len(batch), int(lengths.max()), features[0].shape[1])
    for i, f in enumerate(features):
        padded[i, : len(f)] = f
    return padded, lengths, torch.cat(labels), torch.tensor([len(l) for l in labels])


class BucketSampler(torch.utils.data.Sampler):
    """Batches of similar duration (little padding), in a new random order every epoch."""

    def __init__(self, utterances: list[Utterance], batch_size: int, seed: int = 0, shuffle: bool = True):
        self.durations = [u.duration for u in utterances]
        self.batch_size, self.seed, self.shuffle, self.epoch = batch_size, seed, shuffle, 0

    def batches(self) -> list[list[int]]:
        order = list(range(len(self.durations)))
        rng = random.Random(self.seed * 1000 + self.epoch)
        if self.shuffle:
            rng.shuffle(order)
        pool = self.batch_size * 32
        batches = []
        for start in range(0, len(order), pool):
            chunk = sorted(order[start:start + pool], key=lambda i: self.durations[i])
            batches += [chunk[i:i + self.batch_size] for i in range(0, len(chunk), self.batch_size)]
        if self.shuffle:
            rng.shuffle(batches)
        return batches

    def __iter__(self):
        return iter(self.batches())

    def __len__(self) -> int:
        return -(-len(self.durations) // self.batch_size)


def describe(utterances: list[Utterance]) -> dict:
    """Hours, utterance count, voices and engines of a split (for the training report)."""
    return {
        "utterances": len(utterances),
        "hours": round(sum(u.duration for u in utterances) / 3600, 3),
        "voices": len({u.voice for u in utterances}),
        "engines": dict(collections.Counter(u.engine for u in utterances)),
    }
