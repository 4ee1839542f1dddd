"""Augmentation: waveform effects before the front end, VTLP and SpecAugment on the MFCC frames.

Every function takes its randomness from an explicit `numpy.random.Generator`, so a seed reproduces a
training run. Waveform chain (`WaveAugmenter`), each step with its own probability:

    another speaker's pitch and vocal tract (WORLD vocoder: F0 × 0.65–1.5, spectral envelope warped by
    0.9–1.1; off unless `p_voice` > 0) → speed perturbation (resample, `speed`, default 0.9–1.1) → gain (−20…+6 dB) → silence trimmed to 0–50 ms
    (recordings cut tight around the word) → leading/trailing silence (0–0.4 s)
    → room reverberation (synthetic exponentially decaying RIR, RT60 0.15–0.8 s)
    → background noise from shared/data/noise at 0–30 dB SNR → a phone's or browser's noise suppressor
      (spectral subtraction of the noise floor, with its musical-noise artefacts; off unless `p_suppress`
      > 0) → an unknown microphone's resonances and overdrive (`mic_colour`; off unless `p_mic` > 0)
      → cheap-mic band limiting (low-pass 3–7 kHz, high-pass 100–400 Hz) or an 8 kHz telephone-rate
      round trip through one of four resamplers → a lossy codec round trip (Opus, Vorbis or MP3 through
      libsndfile, about 12–90 kbit/s; off unless `p_codec` > 0) → clip to [−1, 1]

`WaveAugmenter.background` makes the noise-only items (no phonemes at all, so the model learns to answer
steady noise with blanks): an excerpt of a noise file at −65…−15 dBFS, reverberated and band-limited
like speech.

Feature effects (`FeatureAugmenter`) work on MFCC frames through the orthonormal DCT (40 coefficients
from 40 mel bands, so it inverts exactly to log-mel): VTLP warps the mel axis by α ∈ [0.9, 1.1], a
random smooth equaliser curve (±8 dB) stands in for the frequency response of an unknown microphone
and room, and SpecAugment masks mel bands and time spans.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import signal

from training.features import FeatureParameters, dct_matrix

SAMPLE_RATE = 16000
WORLD_FRAME_MS = 5.0
NOISE_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "noise"
MIN_NOISE_SECONDS = 1.0


def load_noises(directory: Path = NOISE_DIR) -> list[np.ndarray]:
    """Every usable 16 kHz mono noise file: others (white_4/white_5 are 44.1 kHz and listed as empty in
    the folder's README), silent ones and ones shorter than 1 s are skipped."""
    import soundfile as sf

    noises = []
    for path in sorted(Path(directory).glob("*.wav")):
        audio, rate = sf.read(path, dtype="float32", always_2d=True)
        if rate != SAMPLE_RATE or audio.shape[1] != 1 or len(audio) < MIN_NOISE_SECONDS * SAMPLE_RATE:
            continue
        audio = audio[:, 0]
        if np.sqrt(np.mean(audio ** 2)) < 1e-4:
            continue
        noises.append(audio)
    if not noises:
        raise FileNotFoundError(f"no usable 16 kHz noise files in {directory}")
    return noises


def stretch_columns(values: np.ndarray, factor: float) -> np.ndarray:
    """`values` [rows, columns] stretched along the column axis by `factor`: column c takes the value at
    c / factor of the original axis (linear interpolation, held at the last column)."""
    columns = values.shape[1]
    source = np.clip(np.arange(columns) / factor, 0, columns - 1)
    below = np.minimum(np.floor(source).astype(int), columns - 2)
    frac = (source - below).astype(values.dtype)
    return values[:, below] * (1 - frac) + values[:, below + 1] * frac


def voice_transform(x: np.ndarray, f0_scale: float, formant_scale: float) -> np.ndarray:
    """The same words from another voice: WORLD (pyworld) analysis, F0 times `f0_scale`, the spectral
    envelope stretched along frequency by `formant_scale` (> 1: a shorter vocal tract), resynthesis at
    the input's RMS level and length. Aperiodicity is kept, so breath and fricatives stay as they were."""
    import pyworld

    signal64 = np.asarray(x, dtype=np.float64)
    if len(signal64) < SAMPLE_RATE // 10 or not np.any(signal64):
        return np.asarray(x, dtype=np.float32)
    f0, times = pyworld.dio(signal64, SAMPLE_RATE, frame_period=WORLD_FRAME_MS)
    f0 = pyworld.stonemask(signal64, f0, times, SAMPLE_RATE)
    envelope = pyworld.cheaptrick(signal64, f0, times, SAMPLE_RATE)
    aperiodicity = pyworld.d4c(signal64, f0, times, SAMPLE_RATE)
    warped = stretch_columns(envelope, formant_scale)
    y = pyworld.synthesize(np.ascontiguousarray(f0 * f0_scale), np.ascontiguousarray(warped),
                           np.ascontiguousarray(aperiodicity), SAMPLE_RATE, WORLD_FRAME_MS)
    y = np.resize(y, len(signal64)) if len(y) < len(signal64) else y[: len(signal64)]
    level = np.sqrt(np.mean(signal64 ** 2)) / max(float(np.sqrt(np.mean(y ** 2))), 1e-9)
    return (y * level).astype(np.float32)


def speed_perturb(x: np.ndarray, factor: float) -> np.ndarray:
    """Play `factor` times faster (tempo and pitch), by polyphase resampling."""
    up = 100
    down = int(round(up * factor))
    return signal.resample_poly(x, up, down).astype(np.float32)


def add_padding(x: np.ndarray, rng: np.random.Generator, max_seconds: float = 0.4) -> np.ndarray:
    """Random leading and trailing silence (near-silent dither; noise is added later in the chain)."""
    lead, trail = rng.integers(0, int(max_seconds * SAMPLE_RATE) + 1, size=2)
    dither = lambda n: (rng.standard_normal(n) * 1e-4).astype(np.float32)  # noqa: E731
    return np.concatenate([dither(lead), x, dither(trail)])


def loud_span(x: np.ndarray, rate: int, floor_db: float) -> tuple[int, int] | None:
    """Where the sound is: the first sample of the first 10 ms frame within `floor_db` of the loudest
    frame's energy and the end of the last one; `None` for under two frames or silence."""
    frame = rate // 100
    count = len(x) // frame
    if count < 2:
        return None
    energy = np.mean(x[: count * frame].reshape(count, frame) ** 2, axis=1)
    loud = np.flatnonzero(energy > energy.max() * 10 ** (floor_db / 10))
    if loud.size == 0:
        return None
    return int(loud[0]) * frame, (int(loud[-1]) + 1) * frame


def trim_silence(x: np.ndarray, rng: np.random.Generator, floor_db: float = -35.0,
                 max_margin_s: float = 0.05) -> np.ndarray:
    """Cut leading and trailing silence (10 ms frames more than `floor_db` below the loudest) down to a
    random 0–`max_margin_s` margin, as in recordings trimmed around the spoken word."""
    span = loud_span(x, SAMPLE_RATE, floor_db)
    if span is None:
        return x
    lead, trail = rng.integers(0, int(max_margin_s * SAMPLE_RATE) + 1, size=2)
    return x[max(span[0] - lead, 0): min(span[1] + trail, len(x))]


RESAMPLERS = ("polyphase", "sinc_best", "sinc_medium", "sinc_fastest")
"""scipy's Kaiser-window polyphase filter and libsamplerate's three sinc converters (the hub's runtime
converts 8 kHz files with `sinc_medium`): their pass bands end at different points below 4 kHz, where an
8 kHz recording keeps what is left of /s/ and /f/."""


def resample(x: np.ndarray, up: int, down: int, method: str) -> np.ndarray:
    """Rate change by `up`/`down` with one of `RESAMPLERS`."""
    if method == "polyphase":
        return signal.resample_poly(x, up, down)
    import samplerate  # libsamplerate, imported here so that the tests without it can load this module

    return samplerate.resample(np.asarray(x, dtype=np.float32), up / down, method)


def fit_length(y: np.ndarray, length: int) -> np.ndarray:
    """`y` cut or zero-padded at its end to `length` samples, float32: an effect's output in its input's place."""
    y = y[:length]
    return np.pad(y, (0, length - len(y))).astype(np.float32)


def telephone_rate(x: np.ndarray, method: str = "polyphase") -> np.ndarray:
    """Down to 8 kHz and back up: nothing is left above 4 kHz, as in 8 kHz recordings played at 16 kHz."""
    return fit_length(resample(resample(x, 1, 2, method), 2, 1, method), len(x))


def synthetic_rir(rng: np.random.Generator, rt60: float) -> np.ndarray:
    """Direct path plus exponentially decaying Gaussian reflections (−60 dB after `rt60` s)."""
    length = int(rt60 * SAMPLE_RATE)
    t = np.arange(length) / SAMPLE_RATE
    tail = rng.standard_normal(length) * np.exp(-6.9078 * t / rt60)
    delay = int(rng.uniform(0.002, 0.01) * SAMPLE_RATE)  # first reflection after the direct path
    tail[:delay] = 0
    rir = tail * rng.uniform(0.05, 0.3) / max(np.sqrt(np.sum(tail ** 2)), 1e-9)
    rir[0] = 1.0
    return rir.astype(np.float32)


def reverberate(x: np.ndarray, rir: np.ndarray) -> np.ndarray:
    y = signal.fftconvolve(x, rir)[: len(x)]
    return (y * np.sqrt(np.sum(x ** 2) / max(np.sum(y ** 2), 1e-12))).astype(np.float32)


def noise_excerpt(noise: np.ndarray, length: int, rng: np.random.Generator) -> np.ndarray:
    """`length` samples of `noise` from a random start (looped if short)."""
    return np.resize(np.roll(noise, -int(rng.integers(0, len(noise)))), length)


def add_noise(x: np.ndarray, noise: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    """Mix a random excerpt of `noise` at `snr_db` relative to the speech power."""
    excerpt = noise_excerpt(noise, len(x), rng)
    speech_power = np.mean(x ** 2)
    noise_power = max(np.mean(excerpt ** 2), 1e-12)
    return (x + excerpt * np.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))).astype(np.float32)


def noise_suppress(x: np.ndarray, over_subtraction: float, floor_db: float) -> np.ndarray:
    """What a phone, browser or conferencing app does to the microphone before anyone hears it: spectral
    subtraction. Each bin's noise power is its mean over the quietest fifth of the frames; every frame keeps
    max(1 − `over_subtraction` × noise / power, floor) of its power (floor `floor_db` below unity), which
    gates the background and leaves the isolated spectral peaks ("musical noise") such processing is known for."""
    if len(x) < 512:
        return np.asarray(x, dtype=np.float32)
    _, _, spectrum = signal.stft(x, fs=SAMPLE_RATE, nperseg=512, noverlap=384)
    power = np.abs(spectrum) ** 2
    quiet = np.argsort(power.sum(axis=0))[:max(1, power.shape[1] // 5)]
    noise = power[:, quiet].mean(axis=1, keepdims=True)
    gain = np.sqrt(np.maximum(1 - over_subtraction * noise / np.maximum(power, 1e-20), 10 ** (floor_db / 10)))
    _, y = signal.istft(spectrum * gain, fs=SAMPLE_RATE, nperseg=512, noverlap=384)
    return fit_length(y, len(x))


# (container, codec, highest usable libsndfile compression level): Opus 0.4–0.95 is about 90–15 kbit/s at
# 16 kHz, Vorbis 40–33, MP3 (MPEG-2 layer III) 22–12; libsndfile refuses MP3 at level 1.
CODECS = (("OGG", "OPUS", 0.95), ("OGG", "VORBIS", 1.0), ("MP3", "MPEG_LAYER_III", 0.9))


def codec_round_trip(x: np.ndarray, codec: tuple[str, str, float], level: float) -> np.ndarray:
    """Encode and decode `x` with a lossy codec (libsndfile), as a voice message or a call would; the
    compression `level` (0–1, capped at the codec's highest) sets the bit rate. Same length as `x`."""
    import soundfile as sf

    container, subtype, highest = codec
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(x, -1.0, 1.0), SAMPLE_RATE, format=container, subtype=subtype,
             compression_level=min(level, highest))
    buffer.seek(0)
    y, _ = sf.read(buffer, dtype="float32")
    return fit_length(y, len(x))


def peaking_sos(centre_hz: float, gain_db: float, q: float) -> np.ndarray:
    """One peaking-equaliser biquad (the Audio EQ Cookbook's), as a second-order section."""
    a = 10 ** (gain_db / 40)
    w = 2 * np.pi * centre_hz / SAMPLE_RATE
    alpha = np.sin(w) / (2 * q)
    b0, b1, b2 = 1 + alpha * a, -2 * np.cos(w), 1 - alpha * a
    a0, a1, a2 = 1 + alpha / a, -2 * np.cos(w), 1 - alpha / a
    return np.array([[b0 / a0, b1 / a0, b2 / a0, 1.0, a1 / a0, a2 / a0]])


def mic_colour(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An unknown microphone and its preamp: 2–5 peaking resonances and dips (±3–12 dB at 150–6000 Hz,
    Q 0.7–4, as small capsules and laptop housings have), and on a third of the calls a soft-clipping
    overdrive (tanh, drive 1.5–5×, level kept), as from a hot input gain or an AGC."""
    sections = [peaking_sos(float(np.exp(rng.uniform(np.log(150), np.log(6000)))),
                            float(rng.choice([-1, 1]) * rng.uniform(3, 12)), rng.uniform(0.7, 4.0))
                for _ in range(int(rng.integers(2, 6)))]
    y = signal.sosfilt(np.concatenate(sections), x)
    if rng.random() < 1 / 3:
        peak = max(float(np.max(np.abs(y))), 1e-9)
        drive = rng.uniform(1.5, 5.0)
        y = np.tanh(y / peak * drive) / np.tanh(drive) * peak
    return np.asarray(y, dtype=np.float32)


def band_limit(x: np.ndarray, low_pass_hz: float | None, high_pass_hz: float | None) -> np.ndarray:
    """A cheap microphone: 4th-order Butterworth low- and/or high-pass."""
    if low_pass_hz:
        x = signal.sosfilt(signal.butter(4, low_pass_hz, "lowpass", fs=SAMPLE_RATE, output="sos"), x)
    if high_pass_hz:
        x = signal.sosfilt(signal.butter(4, high_pass_hz, "highpass", fs=SAMPLE_RATE, output="sos"), x)
    return np.asarray(x, dtype=np.float32)


@dataclass
class WaveAugmenter:
    noises: list[np.ndarray]
    p_speed: float = 0.5
    p_gain: float = 0.8
    p_trim: float = 0.3
    p_padding: float = 0.5
    p_reverb: float = 0.4
    p_noise: float = 0.6
    snr_db: tuple[float, float] = (0.0, 30.0)
    p_band: float = 0.3
    p_telephone: float = 0.3
    p_voice: float = 0.0
    p_suppress: float = 0.0
    p_codec: float = 0.0
    p_mic: float = 0.0
    speed: tuple[float, float] = (0.9, 1.1)
    cut_floor_db: tuple[float, float] | None = None
    f0_scale: tuple[float, float] = (0.65, 1.5)
    formant_scale: tuple[float, float] = (0.9, 1.1)

    def __call__(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        if rng.random() < self.p_voice:
            f0 = float(np.exp(rng.uniform(*np.log(self.f0_scale))))
            x = voice_transform(x, f0, rng.uniform(*self.formant_scale))
        if rng.random() < self.p_speed:
            x = speed_perturb(x, rng.uniform(*self.speed))
        if rng.random() < self.p_gain:
            x = x * np.float32(10 ** (rng.uniform(-20, 6) / 20))
        if rng.random() < self.p_trim:
            if self.cut_floor_db is None:  # no extra draw: earlier seeds replay
                x = trim_silence(x, rng)
            else:
                x = trim_silence(x, rng, floor_db=rng.uniform(*self.cut_floor_db), max_margin_s=0.02)
        if rng.random() < self.p_padding:
            x = add_padding(x, rng)
        x = self.room(x, rng)
        if rng.random() < self.p_noise:
            x = add_noise(x, self.noises[rng.integers(len(self.noises))], rng.uniform(*self.snr_db), rng)
        if self.p_suppress and rng.random() < self.p_suppress:  # no draw when off: earlier seeds replay
            x = noise_suppress(x, rng.uniform(1.0, 3.0), rng.uniform(-30.0, -10.0))
        if self.p_mic and rng.random() < self.p_mic:
            x = mic_colour(x, rng)
        if rng.random() < self.p_telephone:
            x = telephone_rate(x, RESAMPLERS[rng.integers(len(RESAMPLERS))])
        elif rng.random() < self.p_band:
            low = rng.uniform(3000, 7000) if rng.random() < 0.8 else None
            high = rng.uniform(100, 400) if rng.random() < 0.5 else None
            x = band_limit(x, low, high)
        if self.p_codec and rng.random() < self.p_codec:
            x = codec_round_trip(x, CODECS[rng.integers(len(CODECS))], rng.uniform(0.4, 1.0))
        return np.clip(x, -1.0, 1.0)

    def room(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Room reverberation (RT60 0.15–0.8 s) with probability `p_reverb`."""
        if rng.random() < self.p_reverb:
            x = reverberate(x, synthetic_rir(rng, rng.uniform(0.15, 0.8)))
        return x

    def background(self, seconds: float, rng: np.random.Generator) -> np.ndarray:
        """`seconds` of background noise alone, at −65…−15 dBFS RMS, through the same room and microphone."""
        noise = self.noises[rng.integers(len(self.noises))]
        length = max(int(seconds * SAMPLE_RATE), SAMPLE_RATE // 2)
        excerpt = noise_excerpt(noise, length, rng).astype(np.float32)
        level = 10 ** (rng.uniform(-65, -15) / 20) / max(float(np.sqrt(np.mean(excerpt ** 2))), 1e-9)
        x = self.room(excerpt * np.float32(level), rng)
        if rng.random() < self.p_telephone:
            x = telephone_rate(x, RESAMPLERS[rng.integers(len(RESAMPLERS))])
        elif rng.random() < self.p_band:
            x = band_limit(x, rng.uniform(3000, 7000), None)
        return np.clip(x, -1.0, 1.0)


class FeatureAugmenter:
    """VTLP and SpecAugment on MFCC frames, via log-mel (needs cepstral_coefficients == mel_bands)."""

    def __init__(self, params: FeatureParameters, p_vtlp: float = 0.5, p_eq: float = 0.5, max_eq_db: float = 8.0,
                 freq_masks: int = 2, max_freq: int = 6, time_masks: int = 2, max_time: int = 12):
        if params.cepstral_coefficients != params.mel_bands:
            raise ValueError(f"VTLP/SpecAugment invert the DCT: need cepstral_coefficients == mel_bands, "
                             f"got {params.cepstral_coefficients} and {params.mel_bands}")
        self.dct = dct_matrix(params.cepstral_coefficients, params.mel_bands).astype(np.float32)
        self.p_vtlp, self.freq_masks, self.max_freq = p_vtlp, freq_masks, max_freq
        self.p_eq, self.max_eq_db = p_eq, max_eq_db
        self.time_masks, self.max_time = time_masks, max_time

    def __call__(self, ceps: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if not len(ceps):
            return ceps
        log_mel = ceps @ self.dct  # orthonormal: the inverse is the transpose
        bands = log_mel.shape[1]
        if rng.random() < self.p_vtlp:
            log_mel = stretch_columns(log_mel, rng.uniform(0.9, 1.1))
        if rng.random() < self.p_eq:
            log_mel = log_mel + self.channel_curve(bands, rng)
        fill = log_mel.mean(axis=0)
        for _ in range(self.freq_masks):
            width = rng.integers(0, self.max_freq + 1)
            start = rng.integers(0, bands - width + 1)
            log_mel[:, start:start + width] = fill[start:start + width]
        for _ in range(self.time_masks):
            width = min(rng.integers(0, self.max_time + 1), len(log_mel) // 5)
            start = rng.integers(0, len(log_mel) - width + 1)
            log_mel[start:start + width] = fill
        return (log_mel @ self.dct.T).astype(np.float32)

    def channel_curve(self, bands: int, rng: np.random.Generator) -> np.ndarray:
        """A smooth gain per mel band (natural-log power units), peak within ±`max_eq_db`: the sum of
        three low-order cosines over the band axis, i.e. a linear filter's log response."""
        axis = np.arange(bands) / (bands - 1)
        curve = sum(rng.uniform(-1, 1) * np.cos(np.pi * k * axis) for k in (1, 2, 3))
        peak = max(np.abs(curve).max(), 1e-6)
        gain_db = curve / peak * rng.uniform(0, self.max_eq_db)
        return (gain_db * np.log(10) / 10).astype(np.float32)
