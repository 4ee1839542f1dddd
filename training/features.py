"""MFCC front end, the exact mirror of the Swift `Audio.MFCC` (Sources/Audio/MFCC.swift).

numpy only. Computes in float64; the Swift runtime computes in float32 and the tests hold the two to a
frame-relative error of 1e-4 (see `max_frame_relative_error`).

Per frame (frame i covers pre-emphasised samples [i*shift, i*shift + length)):
window -> zero-pad to fft_size -> |FFT|^2 -> triangular mel filterbank (HTK, or Slaney with area
normalisation as librosa's default) -> ln(max(e, log_floor)) -> orthonormal DCT-II (first
cepstral_coefficients rows; or none, giving log-mel) -> fixed normalisation.
Pre-emphasis y[n] = x[n] - a*x[n-1] runs over the whole signal with x[-1] = 0. A signal of N > 0 samples
gives 1 + ceil(max(N - length, 0) / shift) frames, the last ones zero-padded (Swift's `flush()`).

`FeatureParameters` serialises exactly as the Swift struct: JSON with snake_case keys and the binary
block documented in Sources/Audio/FeatureParameters.swift.
"""
from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field, asdict

import numpy as np

MAGIC = b"MFCP"
BINARY_VERSION = 1
# Version 2 adds mel_scale and cepstrum after cepstral_coefficients; parameters that leave both at
# their defaults are still written as version 1, byte for byte as before.
BINARY_VERSION_2 = 2
WINDOWS = ("hamming", "hann", "periodic_hann")
MEL_SCALES = ("htk", "slaney")
CEPSTRA = ("dct", "none")


def _f32(value: float) -> float:
    """The float32 value Swift stores for `value`, as a Python float."""
    return float(np.float32(value))


@dataclass
class FeatureParameters:
    """Mirror of Swift `FeatureParameters`; defaults are the hub's front end."""

    sample_rate: int = 16000
    frame_length: int = 400
    frame_shift: int = 160
    pre_emphasis: float = 0.97
    window: str = "hamming"
    fft_size: int = 512
    mel_bands: int = 40
    low_frequency: float = 20.0
    high_frequency: float = 7600.0
    log_floor: float = 1e-10
    cepstral_coefficients: int = 40
    # {"kind": "none"} or {"kind": "fixed", "mean": [...], "std": [...]}
    normalization: dict = field(default_factory=lambda: {"kind": "none"})
    mel_scale: str = "htk"
    cepstrum: str = "dct"

    def __post_init__(self) -> None:
        # Swift stores these as Float: round them the same way so both sides compute with equal values.
        for name in ("pre_emphasis", "low_frequency", "high_frequency", "log_floor"):
            setattr(self, name, _f32(getattr(self, name)))
        if self.normalization.get("kind") == "fixed":
            self.normalization = {
                "kind": "fixed",
                "mean": [_f32(v) for v in self.normalization["mean"]],
                "std": [_f32(v) for v in self.normalization["std"]],
            }
        self.validate()

    def validate(self) -> None:
        if self.sample_rate <= 0 or self.frame_length <= 0 or self.frame_shift <= 0:
            raise ValueError("sample_rate, frame_length and frame_shift must be positive")
        n = self.fft_size
        if n < 2 or n & (n - 1) or n < self.frame_length:
            raise ValueError(f"fft_size {n} must be a power of two >= frame_length {self.frame_length}")
        if not 0 <= self.pre_emphasis < 1:
            raise ValueError(f"pre_emphasis {self.pre_emphasis} must be in [0, 1)")
        if self.window not in WINDOWS:
            raise ValueError(f"unknown window {self.window!r}")
        if self.mel_bands <= 0:
            raise ValueError("mel_bands must be positive")
        if not 0 <= self.low_frequency < self.high_frequency <= self.sample_rate / 2:
            raise ValueError("need 0 <= low_frequency < high_frequency <= sample_rate / 2")
        if self.log_floor <= 0:
            raise ValueError("log_floor must be positive")
        if not 1 <= self.cepstral_coefficients <= self.mel_bands:
            raise ValueError("cepstral_coefficients must be in 1..mel_bands")
        if self.mel_scale not in MEL_SCALES:
            raise ValueError(f"unknown mel_scale {self.mel_scale!r}")
        if self.cepstrum not in CEPSTRA:
            raise ValueError(f"unknown cepstrum {self.cepstrum!r}")
        if self.cepstrum == "none" and self.cepstral_coefficients != self.mel_bands:
            raise ValueError("cepstrum 'none' (log-mel output) needs cepstral_coefficients == mel_bands")
        kind = self.normalization.get("kind")
        if kind == "fixed":
            mean, std = self.normalization["mean"], self.normalization["std"]
            if len(mean) != self.cepstral_coefficients or len(std) != self.cepstral_coefficients:
                raise ValueError("normalization mean/std must have cepstral_coefficients values each")
            if not all(s > 0 for s in std):
                raise ValueError("normalization std must be positive")
        elif kind != "none":
            raise ValueError(f"unknown normalization kind {kind!r}")

    # -- serialisation (mirrors FeatureParameters.swift) ------------------------------------------

    @property
    def extended(self) -> bool:
        """True when a field only version 2 of the binary block (and the JSON's extra keys) can hold is set."""
        return self.mel_scale != "htk" or self.cepstrum != "dct"

    def to_json(self) -> str:
        values = asdict(self)
        if not self.extended:
            del values["mel_scale"], values["cepstrum"]
        return json.dumps(values, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> "FeatureParameters":
        return cls(**json.loads(text))

    def to_bytes(self) -> bytes:
        out = bytearray(MAGIC)
        out += struct.pack(
            "<IIIIfIIIfffI",
            BINARY_VERSION_2 if self.extended else BINARY_VERSION, self.sample_rate, self.frame_length, self.frame_shift, self.pre_emphasis,
            WINDOWS.index(self.window), self.fft_size, self.mel_bands, self.low_frequency,
            self.high_frequency, self.log_floor, self.cepstral_coefficients,
        )
        if self.extended:
            out += struct.pack("<II", MEL_SCALES.index(self.mel_scale), CEPSTRA.index(self.cepstrum))
        if self.normalization["kind"] == "none":
            out += struct.pack("<I", 0)
        else:
            n = self.cepstral_coefficients
            out += struct.pack("<I", 1)
            out += struct.pack(f"<{n}f", *self.normalization["mean"])
            out += struct.pack(f"<{n}f", *self.normalization["std"])
        return bytes(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> "FeatureParameters":
        if data[:4] != MAGIC:
            raise ValueError(f"bad magic {data[:4]!r}, expected {MAGIC!r}")
        head = struct.calcsize("<IIIIfIIIfffI")
        if len(data) < 4 + head + 4:
            raise ValueError("block too short")
        (version, rate, length, shift, pre, window, fft, bands, low, high, floor, ceps) = struct.unpack_from(
            "<IIIIfIIIfffI", data, 4)
        if version not in (BINARY_VERSION, BINARY_VERSION_2):
            raise ValueError(f"unsupported version {version}, expected {BINARY_VERSION} or {BINARY_VERSION_2}")
        if window >= len(WINDOWS):
            raise ValueError(f"unknown window code {window}")
        offset = 4 + head
        mel_scale, cepstrum = "htk", "dct"
        if version == BINARY_VERSION_2:
            if len(data) < offset + 12:
                raise ValueError("block too short")
            scale_code, cepstrum_code = struct.unpack_from("<II", data, offset)
            if scale_code >= len(MEL_SCALES):
                raise ValueError(f"unknown mel_scale code {scale_code}")
            if cepstrum_code >= len(CEPSTRA):
                raise ValueError(f"unknown cepstrum code {cepstrum_code}")
            mel_scale, cepstrum = MEL_SCALES[scale_code], CEPSTRA[cepstrum_code]
            offset += 8
        (norm,) = struct.unpack_from("<I", data, offset)
        offset += 4
        if norm == 0:
            normalization = {"kind": "none"}
        elif norm == 1:
            if len(data) < offset + 8 * ceps:
                raise ValueError(f"fixed normalization needs {2 * ceps} floats, block has {(len(data) - offset) // 4} left")
            mean = list(struct.unpack_from(f"<{ceps}f", data, offset))
            std = list(struct.unpack_from(f"<{ceps}f", data, offset + 4 * ceps))
            offset += 8 * ceps
            normalization = {"kind": "fixed", "mean": mean, "std": std}
        else:
            raise ValueError(f"unknown normalization code {norm}")
        if offset != len(data):
            raise ValueError(f"{len(data) - offset} unexpected bytes after the block")
        parameters = cls(rate, length, shift, pre, WINDOWS[window], fft, bands, low, high, floor, ceps, normalization,
                         mel_scale, cepstrum)
        if version == BINARY_VERSION_2 and not parameters.extended:
            raise ValueError("version 2 block with default mel_scale and cepstrum (must be written as version 1)")
        return parameters


# -- kernels ----------------------------------------------------------------------------------------

def window(kind: str, length: int) -> np.ndarray:
    """Symmetric window (denominator length - 1), or the periodic Hann (denominator length)."""
    if kind == "periodic_hann":
        return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)
    if length == 1:
        return np.ones(1)
    phase = np.cos(2 * np.pi * np.arange(length) / (length - 1))
    return 0.54 - 0.46 * phase if kind == "hamming" else 0.5 - 0.5 * phase


def mel(hz):
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def hertz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def slaney_mel(hz):
    """Slaney's mel scale (librosa's default): linear below 1 kHz (200/3 Hz per mel), logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    return np.where(hz >= 1000.0, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), hz * 3.0 / 200.0)


def slaney_hertz(m):
    m = np.asarray(m, dtype=np.float64)
    return np.where(m >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), m * 200.0 / 3.0)


def mel_filterbank(p: FeatureParameters) -> np.ndarray:
    """(mel_bands, fft_size/2 + 1) triangles, edges equally spaced in mel, evaluated at exact bin frequencies.

    Slaney filters are also scaled to equal area (2 / (right edge − left edge) in Hz), as librosa's
    `filters.mel(norm="slaney")`."""
    to_mel, to_hz = (slaney_mel, slaney_hertz) if p.mel_scale == "slaney" else (mel, hertz)
    low, high = to_mel(p.low_frequency), to_mel(p.high_frequency)
    edges = to_hz(low + (high - low) * np.arange(p.mel_bands + 2) / (p.mel_bands + 1))
    freqs = np.arange(p.fft_size // 2 + 1) * (p.sample_rate / p.fft_size)
    left, center, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs[None, :] - left) / (center - left)
    falling = (right - freqs[None, :]) / (right - center)
    filters = np.maximum(0.0, np.minimum(rising, falling))
    return filters * (2.0 / (right - left)) if p.mel_scale == "slaney" else filters


def dct_matrix(rows: int, columns: int) -> np.ndarray:
    """Orthonormal DCT-II rows: s_k cos(pi k (2n+1) / 2N)."""
    k = np.arange(rows)[:, None]
    n = np.arange(columns)[None, :]
    matrix = np.cos(np.pi * k * (2 * n + 1) / (2 * columns))
    matrix[0] *= np.sqrt(1.0 / columns)
    matrix[1:] *= np.sqrt(2.0 / columns)
    return matrix


def frame_count(num_samples: int, p: FeatureParameters) -> int:
    if num_samples <= 0:
        return 0
    return 1 + -(-max(num_samples - p.frame_length, 0) // p.frame_shift)


def mfcc(samples, p: FeatureParameters | None = None) -> np.ndarray:
    """MFCC of a whole signal (floats in [-1, 1] at p.sample_rate): array (frames, cepstral_coefficients)."""
    p = p or FeatureParameters()
    x = np.asarray(samples, dtype=np.float32).astype(np.float64)
    emphasised = x.copy()
    emphasised[1:] -= p.pre_emphasis * x[:-1]
    count = frame_count(len(x), p)
    padded_length = (count - 1) * p.frame_shift + p.frame_length if count else 0
    padded = np.zeros(max(padded_length, len(x)))
    padded[: len(x)] = emphasised
    index = np.arange(p.frame_length)[None, :] + p.frame_shift * np.arange(count)[:, None]
    frames = padded[index] * window(p.window, p.frame_length)[None, :]
    power = np.abs(np.fft.rfft(frames, n=p.fft_size, axis=1)) ** 2
    energies = power @ mel_filterbank(p).T
    log_mel = np.log(np.maximum(energies, p.log_floor))
    ceps = log_mel if p.cepstrum == "none" else log_mel @ dct_matrix(p.cepstral_coefficients, p.mel_bands).T
    if p.normalization["kind"] == "fixed":
        ceps = (ceps - np.array(p.normalization["mean"])) / np.array(p.normalization["std"])
    return ceps


def max_frame_relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """max over frames of max_j |a_j - b_j| / max(max_j |b_j|, 1e-3): error relative to each frame's scale.

    The same metric as the Swift parity test (`Tests/AudioTests/MFCCParityTests.swift`).
    """
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise ValueError(f"shape {actual.shape} != {expected.shape}")
    scale = np.maximum(np.abs(expected).max(axis=1), 1e-3)
    return float((np.abs(actual - expected).max(axis=1) / scale).max()) if len(expected) else 0.0


def read_s16le(path: str) -> np.ndarray:
    """Headerless 16-bit little-endian mono PCM as floats in [-1, 1] (the Swift `.raw` reader)."""
    return np.fromfile(path, dtype="<i2").astype(np.float32) / 32768.0


def read_wav(path: str) -> tuple[np.ndarray, int]:
    """A PCM-16 mono WAV as floats in [-1, 1] and its rate (enough for the reference audio; no resampling)."""
    import wave

    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: only 16-bit mono WAV is supported here")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.astype(np.float32) / 32768.0, w.getframerate()
