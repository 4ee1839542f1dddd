"""The generated data set: `<cache>/manifest.jsonl` and the WAVs it lists.

Readers (training scripts) call `load(cache, split="train")`; the generator appends rows with
`Manifest` after `write_wav` has put the file in place, so every row's WAV exists.
"""
import json
import os
from pathlib import Path

import numpy as np
import soundfile as sf

from training.engines import SAMPLE_RATE

MANIFEST = "manifest.jsonl"


def read_manifest(cache: Path) -> list[dict]:
    """Complete rows, the last one per id (an id whose WAV went missing is generated again);
    a torn line (the process was killed mid-write) is ignored."""
    path = cache / MANIFEST
    rows = {}
    if path.exists():
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue
                rows[row["id"]] = row
    return list(rows.values())


class Manifest:
    """Append-only JSONL; each row goes out in one write() on an O_APPEND descriptor."""

    def __init__(self, cache: Path):
        path = cache / MANIFEST
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if path.stat().st_size:
            with open(path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":  # close a torn last line so the next row parses
                    os.write(self.fd, b"\n")
        self.unsynced = 0

    def append(self, row: dict) -> None:
        os.write(self.fd, (json.dumps(row, ensure_ascii=False) + "\n").encode())
        self.unsynced += 1
        if self.unsynced >= 20:
            self.sync()

    def sync(self) -> None:
        os.fsync(self.fd)
        self.unsynced = 0


def write_wav(path: Path, audio: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pcm = (np.clip(audio, -1.0, 1.0) * 32767).round().astype(np.int16)
    sf.write(tmp, pcm, SAMPLE_RATE, subtype="PCM_16", format="WAV")
    os.replace(tmp, path)


def load(cache: Path, split: str | None = None, kinds: set[str] | None = None) -> list[dict]:
    """Manifest rows (optionally one split and some kinds) with `audio` set to the WAV's full path.

    `split="train"` never returns held-out dev voices; the real recordings in shared/ are not
    part of this data set at all.
    """
    rows = []
    for row in read_manifest(cache):
        if (split is None or row["split"] == split) and (kinds is None or row["kind"] in kinds):
            rows.append({**row, "audio": str(cache / row["path"])})
    return rows
