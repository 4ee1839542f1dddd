"""Voice specs: which TTS engine and voice speaks a job, from `config/voices.yaml`.

A spec is a short string stored in the manifest:
  kokoro:af_bella                      one Kokoro voice
  kokoro:af_bella*0.62+bm_daniel*0.38  a weighted blend of voice vectors (a new speaker)
  kokoro:af_bella*1.30+bm_daniel*-0.30 an extrapolated blend: af_bella pushed away from bm_daniel
  kokoro:af_bella*0.7+zf_xiaoyi*0.3|am_adam*1.00
                                       timbre (the decoder's half of the style vector) from the
                                       blend before '|', prosody (the predictor's half) from the one after
  espeak:en-gb+m3   flite:slt   piper:en_US-joe-medium
"""
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONFIG = Path(__file__).resolve().parent / "config" / "voices.yaml"


@dataclass(frozen=True)
class VoiceSpec:
    engine: str
    voice: str
    lang: str
    speed: float
    split: str

    @property
    def name(self) -> str:
        return f"{self.engine}:{self.voice}"


TIMBRE_DIMS = 128
"""Kokoro's style vector is [timbre | prosody]: its decoder reads the first 128 dimensions, its prosody
predictor (durations, pitch, energy) the other 128."""


def load_config(path: Path = CONFIG) -> dict:
    import yaml

    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    dev = set(config["dev"]["kokoro"])
    for group in ("english", "accented"):
        leaked = dev & set(config["kokoro"][group])
        if leaked:
            raise ValueError(f"{path}: dev voices {sorted(leaked)} also listed in kokoro.{group}")
    if set(config["dev"]["espeak"]) & {f"{l}+{v}" for l in config["espeak"]["languages"]
                                        for v in config["espeak"]["variants"]}:
        raise ValueError(f"{path}: an espeak dev voice is reachable from the training lists")
    return config


def kokoro_lang(voice: str, rng: random.Random) -> str:
    if voice.startswith("b"):
        return "en-gb"
    if voice.startswith("a"):
        return "en-us"
    return rng.choice(["en-us", "en-us", "en-gb"])


def _speed(rng: random.Random, bounds) -> float:
    # Half the jobs near normal speed, half spread over the whole range.
    if rng.random() < 0.5:
        return round(rng.uniform(0.95, 1.1), 2)
    return round(rng.uniform(*bounds), 2)


def dev_voice(config: dict, rng: random.Random) -> VoiceSpec:
    speed = _speed(rng, config["kokoro"]["speed"])
    if rng.random() < 0.1:
        voice = rng.choice(config["dev"]["espeak"])
        return VoiceSpec("espeak", voice, voice.split("+")[0], speed, "dev")
    voice = rng.choice(config["dev"]["kokoro"])
    return VoiceSpec("kokoro", voice, kokoro_lang(voice, rng), speed, "dev")


def _distinct(kokoro: dict, rng: random.Random, n: int) -> list[str]:
    pool = kokoro["english"] * 3 + kokoro["accented"]  # mostly native English components
    names = []
    while len(names) < n:
        v = rng.choice(pool)
        if v not in names:
            names.append(v)
    return names


def _blend(kokoro: dict, rng: random.Random) -> tuple[str, str]:
    """A convex blend of 2–3 voices: (spec, the voice with the largest weight)."""
    names = _distinct(kokoro, rng, rng.choice([2, 2, 3]))
    weights = [rng.gammavariate(1.0, 1.0) + 0.15 for _ in names]
    total = sum(weights)
    weights = [round(w / total, 2) for w in weights]
    weights[-1] = round(1 - sum(weights[:-1]), 2)
    return "+".join(f"{v}*{w:.2f}" for v, w in zip(names, weights)), names[weights.index(max(weights))]


def _extrapolation(kokoro: dict, rng: random.Random) -> tuple[str, str]:
    """One voice pushed away from another (weights 1+λ and −λ): a speaker outside the blends' hull."""
    lead, away = _distinct(kokoro, rng, 2)
    amount = round(rng.uniform(0.1, float(kokoro["extrapolate"])), 2)
    return f"{lead}*{1 + amount:.2f}+{away}*{-amount:.2f}", lead


def train_voice(config: dict, rng: random.Random, tag: str = "v1") -> VoiceSpec:
    mix = config["mix"].get(tag, config["mix"]["default"])
    choice = rng.choices(list(mix), weights=list(mix.values()))[0]
    kokoro = config["kokoro"]
    speed = _speed(rng, kokoro["speed"])
    if choice in ("kokoro_english", "kokoro_accented"):
        voice = rng.choice(kokoro[choice.split("_")[1]])
        return VoiceSpec("kokoro", voice, kokoro_lang(voice, rng), speed, "train")
    if choice in ("kokoro_blend", "kokoro_extrapolated"):
        voice, lead = (_blend if choice == "kokoro_blend" else _extrapolation)(kokoro, rng)
        return VoiceSpec("kokoro", voice, kokoro_lang(lead, rng), speed, "train")
    if choice == "kokoro_split":
        timbre, _ = _blend(kokoro, rng)
        prosody, lead = _blend(kokoro, rng) if rng.random() < 0.5 else _extrapolation(kokoro, rng)
        return VoiceSpec("kokoro", f"{timbre}|{prosody}", kokoro_lang(lead, rng), speed, "train")
    if choice == "espeak":
        e = config["espeak"]
        lang = rng.choice(e["languages"])
        voice = f"{lang}+{rng.choice(e['variants'])}"
        return VoiceSpec("espeak", voice, lang, speed, "train")
    if choice == "flite":
        return VoiceSpec("flite", rng.choice(config["flite"]["voices"]), "en-us", speed, "train")
    if choice == "piper":
        return VoiceSpec("piper", rng.choice(config["piper"]["voices"]), "en-us", speed, "train")
    raise ValueError(f"unknown mix entry {choice!r} in {CONFIG}")


def parse_blend(voice: str) -> list[tuple[str, float]]:
    """'af_bella*0.6+bm_daniel*0.4' → [('af_bella', 0.6), ('bm_daniel', 0.4)]; 'af_bella' → [(…, 1)]."""
    parts = []
    for part in voice.split("+"):
        name, _, weight = part.partition("*")
        parts.append((name, float(weight) if weight else 1.0))
    return parts


def parse_voice(voice: str) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """A Kokoro spec → (timbre blend, prosody blend); the same blend twice when there is no '|'."""
    timbre, _, prosody = voice.partition("|")
    return parse_blend(timbre), parse_blend(prosody or timbre)


def style_vector(vectors: Mapping[str, np.ndarray], voice: str) -> np.ndarray:
    """The Kokoro style vector of a spec: each half the weighted sum of its blend's voice vectors.

    `vectors` maps voice names to Kokoro's [rows, 1, 256] voice packs (the voices .npz file).
    """
    timbre, prosody = parse_voice(voice)
    for name, _ in timbre + prosody:
        if name not in vectors:
            raise KeyError(f"unknown Kokoro voice {name!r} in spec {voice!r}")
    # v1.0 vectors have 510 rows, the *_v0* ones 511: blend over the rows all share.
    rows = min(vectors[name].shape[0] for name, _ in timbre + prosody)

    def blend(parts):
        return sum(vectors[name][:rows] * weight for name, weight in parts)
    vector = blend(timbre)
    if prosody != timbre:
        vector[..., TIMBRE_DIMS:] = blend(prosody)[..., TIMBRE_DIMS:]
    return vector.astype(np.float32)
