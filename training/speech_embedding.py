"""Google's speech embedding: a convolutional front end pre-trained on real speech, frozen.

The acoustic model learns phonemes from synthetic voices only. What transfers to real voices is the
front end: Google's `speech_embedding` (Lin et al. 2020, "Training keyword spotters with limited and
synthesized speech data", arXiv:2002.01322; TF Hub `google/speech_embedding/1`, Apache-2.0) was trained
on a large corpus of real speech, so a phoneme head trained on top of it from TTS alone hears real
voices far better than an MFCC network does. The weights come from the `openwakeword` 0.5.1 wheel on
PyPI (its ONNX re-implementation of Google's model); `fetch` downloads it with pip, checks sha256 and
converts it.

The front end is the hub's own (`training.features` / `Audio.MFCC`) with the parameters of
`front_end()`: log-mel, 32 Slaney bands 60–3800 Hz of a periodic-Hann 400-sample frame every 160
samples, as 10·log10(max(mel at int16 scale, 20 dB))/10 + 2 through a fixed normalisation. That is
openWakeWord's `melspectrogram.onnx` (frames 3.5 ms earlier; its floor is 80 dB under the loudest frame
of each call, a whole-file figure a stream cannot know, so it is a fixed 20 dB here). Every utterance
gets `PAD_SECONDS` of room tone (uniform noise of peak 1e-3, as `RoomTone` in the runtime) on each side.

Embedding j reads log-mel frames [hop·j, hop·j + 76): 20 conv layers (3×1 in time unpadded, 1×3 in
frequency with one zero each side, the first 3×3), each but the last followed by LeakyReLU(0.2) and
max(·, −0.4), max pools after layers 2, 6, 10, 14 and 18; out: 96 values.

    python3 -m training.speech_embedding fetch        # → <cache>/models/speech-embedding.npz
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from training.features import FeatureParameters, mfcc
from training.fetch_kokoro import sha256_of
from training.paths import default_cache

WHEEL = "openwakeword==0.5.1"
WHEEL_SHA256 = "015467e49f08b0ef8efa433690ce70566abb72f7c36501a6fa893762b4ddc559"
EMBEDDING_MEMBER = "openwakeword/resources/models/embedding_model.onnx"
MEL_MEMBER = "openwakeword/resources/models/melspectrogram.onnx"
WEIGHTS_NAME = "speech-embedding.npz"

PAD_SECONDS = 0.4
ROOM_TONE = 1e-3
FLOOR_DB = 20.0
MEL_BANDS = 32
CONTEXT = 76
EMBEDDING = 96
# Each conv layer: (time, frequency) kernel, (in, out) channels, and the max pool after it (None: no pool).
LAYERS: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]] = [
    ((3, 3), (1, 24), None), ((1, 3), (24, 24), None), ((3, 1), (24, 24), (2, 2)),
    ((1, 3), (24, 48), None), ((3, 1), (48, 48), None), ((1, 3), (48, 48), None), ((3, 1), (48, 48), (1, 2)),
    ((1, 3), (48, 72), None), ((3, 1), (72, 72), None), ((1, 3), (72, 72), None), ((3, 1), (72, 72), (2, 2)),
    ((1, 3), (72, 96), None), ((3, 1), (96, 96), None), ((1, 3), (96, 96), None), ((3, 1), (96, 96), (1, 2)),
    ((1, 3), (96, 96), None), ((3, 1), (96, 96), None), ((1, 3), (96, 96), None), ((3, 1), (96, 96), (2, 2)),
    ((3, 1), (96, 96), None),
]


def encoder_tensors(bands: int) -> dict[str, tuple[np.dtype, tuple[int, ...]]]:
    """Name → (dtype, shape) of the encoder's tensors in a model file, in file order: the first layer
    float32, the others int8 with a float32 scale per output channel, every layer a float32 bias."""
    f32, i8 = np.dtype("<f4"), np.dtype("i1")
    out = {}
    for index, ((kt, kf), (cin, cout), _) in enumerate(LAYERS):
        if index == 0:
            out["enc.0.w"] = (f32, (cout, cin, kt, kf))
        else:
            out[f"enc.{index}.w"] = (i8, (cout, cin, kt, kf))
            out[f"enc.{index}.w.scale"] = (f32, (cout,))
        out[f"enc.{index}.b"] = (f32, (cout,))
    return out


def check_geometry(bands: int, stack: int, stride: int, dim: int) -> None:
    """Raises ValueError unless a model's front end and stacking fit the speech embedding."""
    if (bands, stack, dim) != (MEL_BANDS, CONTEXT, EMBEDDING):
        raise ValueError(f"speech embedding needs {MEL_BANDS} bands, stack {CONTEXT} and dim {EMBEDDING}; "
                         f"got {bands}, {stack}, {dim}")
    if stride < 1 or 8 % stride:
        raise ValueError(f"stride {stride} must divide the embedding's stride of 8 frames")


def layer_names() -> list[str]:
    return ["conv2d"] + [f"conv2d_{i}" for i in range(1, len(LAYERS))]


def convert(embedding_onnx: bytes, mel_onnx: bytes) -> dict[str, np.ndarray]:
    """ONNX → arrays: `mel` [257, 32] (to check `front_end()` against), `enc.{l}.w` [out, in, kt, kf] and `enc.{l}.b` [out] (float32)."""
    import onnx
    from onnx import numpy_helper

    tensors = {t.name: numpy_helper.to_array(t) for t in onnx.load_from_string(embedding_onnx).graph.initializer}
    mel = {t.name: numpy_helper.to_array(t) for t in onnx.load_from_string(mel_onnx).graph.initializer}
    out = {"mel": mel["1.melW"].astype(np.float32)}
    for index, name in enumerate(layer_names()):
        if index == len(LAYERS) - 1:
            weight, bias = tensors[f"model/{name}/Conv2D/ReadVariableOp:0"], None
        else:
            weight = tensors[f"model/{name}/Conv2D_weights_fused_bn"]
            bias = tensors[f"model/{name}/Conv2D_bias_fused_bn"]
        if tuple(weight.shape[2:]) != LAYERS[index][0]:
            raise ValueError(f"{name}: kernel {weight.shape[2:]}, expected {LAYERS[index][0]}")
        out[f"enc.{index}.w"] = weight.astype(np.float32)
        out[f"enc.{index}.b"] = (bias if bias is not None else np.zeros(weight.shape[0])).astype(np.float32)
    return out


def quantize_weights(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Conv weights as the model file stores them: int8 per output channel with `enc.{l}.w.scale` [out],
    except the first layer's 216 weights, which stay float (as int8 they alone would move the
    embedding by 5 %, against 1.7 % for all the others together)."""
    out = dict(weights)
    for index in range(1, len(LAYERS)):
        w = weights[f"enc.{index}.w"]
        peak = np.abs(w.reshape(len(w), -1)).max(axis=1)
        scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
        out[f"enc.{index}.w"] = np.clip(np.rint(w / scale[:, None, None, None]), -127, 127).astype(np.int8)
        out[f"enc.{index}.w.scale"] = scale
    return out


def layer_weight(weights: dict[str, np.ndarray], index: int) -> np.ndarray:
    """Layer `index`'s float32 weights: int8 × per-output scale as stored, or the float values as they are."""
    w = weights[f"enc.{index}.w"]
    if w.dtype == np.int8:
        return w.astype(np.float32) * weights[f"enc.{index}.w.scale"][:, None, None, None]
    return np.asarray(w, np.float32)


def dequantized(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Float conv weights from int8 + scale (what the runtime computes with)."""
    return {**weights, **{f"enc.{index}.w": layer_weight(weights, index) for index in range(len(LAYERS))}}


def front_end() -> FeatureParameters:
    """The log-mel the embedding was trained on, as hub front-end parameters (see the module doc).

    Samples are floats (int16 / 32768), so mel energies are 2^30 times smaller than at int16 scale:
    the floor is 10^(FLOOR_DB/10) / 2^30, and v = ln(max(e, floor)) becomes log10(e · 2^30) + 2 through
    mean −(2 ln 10 + 30 ln 2) and standard deviation ln 10."""
    ln10 = float(np.log(10.0))
    mean = -(2 * ln10 + 30 * float(np.log(2.0)))
    return FeatureParameters(pre_emphasis=0.0, window="periodic_hann", mel_bands=MEL_BANDS, low_frequency=60.0,
                             high_frequency=3800.0, log_floor=10 ** (FLOOR_DB / 10) / 2 ** 30,
                             cepstral_coefficients=MEL_BANDS, mel_scale="slaney", cepstrum="none",
                             normalization={"kind": "fixed", "mean": [mean] * MEL_BANDS, "std": [ln10] * MEL_BANDS})


def padded(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`audio` with `PAD_SECONDS` of room tone on each side."""
    count = int(PAD_SECONDS * 16000)
    tone = lambda: rng.uniform(-ROOM_TONE, ROOM_TONE, count).astype(np.float32)
    return np.concatenate([tone(), np.asarray(audio, np.float32), tone()])


def log_mel(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(frames, 32) front-end frames of one utterance, room tone added."""
    return mfcc(padded(audio, rng), front_end()).astype(np.float32)


def embed(audio: np.ndarray, weights: dict[str, np.ndarray], hop: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 96) embeddings every `hop` frames of a whole utterance (room tone both sides), through torch."""
    import torch

    return embed_frames(torch.from_numpy(log_mel(audio, rng)), weights, hop).numpy()


def activated(x):
    """LeakyReLU(0.2), then max(·, −0.4): what follows every layer but the last (torch)."""
    import torch
    import torch.nn.functional as F

    return torch.clamp(F.leaky_relu(x, 0.2), min=-0.4)


def torch_layers(weights: dict[str, np.ndarray], stop: int = len(LAYERS)) -> list[tuple]:
    """Layers 0 … stop − 1 as (weight, bias, frequency padding, pool) in torch float32, for `run_layers`."""
    import torch

    return [(torch.from_numpy(layer_weight(weights, index).copy()),
             torch.from_numpy(np.array(weights[f"enc.{index}.b"], np.float32)), kf // 2, pool)
            for index, ((_, kf), _, pool) in enumerate(LAYERS[:stop])]


def run_layers(x, layers: list[tuple]):
    """`x` [batch, 1, time, 32] through `torch_layers` (from layer 0) without gradients; None when the
    time axis runs out before the last of them."""
    import torch
    import torch.nn.functional as F

    with torch.no_grad():
        for index, (w, b, pad, pool) in enumerate(layers):
            if x.shape[2] < w.shape[2]:
                return None
            x = F.conv2d(F.pad(x, (pad, pad, 0, 0)), w, b)
            if index < len(LAYERS) - 1:
                x = activated(x)
            if pool:
                x = F.max_pool2d(x, pool)
    return x


def embed_frames(frames, weights: dict[str, np.ndarray], hop: int):
    """Embeddings j = 0, 1, … with hop·j + 76 ≤ len(frames); fully convolutional, one pass per phase."""
    import torch

    if 8 % hop:
        raise ValueError(f"hop {hop} must divide the network's stride of 8 frames")
    count = max((len(frames) - CONTEXT) // hop + 1, 0)
    out = torch.zeros((count, EMBEDDING))
    layers = torch_layers(weights)
    for phase in range(0, 8, hop):
        x = frames[phase:][None, None]
        if x.shape[2] < CONTEXT:
            continue
        values = run_layers(x, layers)[0, :, :, 0].T
        rows = torch.arange(phase // hop, count, 8 // hop)[: len(values)]
        out[rows] = values[: len(rows)]
    return out


def quantize_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each time row of `x` [channels, time, frequency] as int16 with its own symmetric scale (the
    runtime's `hub_i16_quantize_row`): q = rint(x · 32767/m), m = max |row|; scale m/32767, 1 for a zero row."""
    peak = np.abs(x).max(axis=(0, 2))
    factor = np.where(peak > 0, np.float32(32767) / np.where(peak > 0, peak, 1), 0).astype(np.float32)
    q = np.clip(np.rint(x * factor[None, :, None]), -32767, 32767).astype(np.int64)
    return q, np.where(peak > 0, peak / np.float32(32767), 1).astype(np.float32)


def fused(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """a · b + c of float32 values rounded once to float32, as a fused multiply-add: the product is exact
    in float64, and the float64 sum rounds away from the fused result only in rare double-rounding ties."""
    return (np.float64(1) * a * b + c).astype(np.float32)


def encode_window(frames: np.ndarray, weights: dict[str, np.ndarray]) -> np.ndarray:
    """The embedding of one window of 76 front-end frames, in numpy, with the runtime's arithmetic
    (docs/model-format.md §4.6): layer 0 in float32 from the bias, one fused multiply-add per weight in
    the order of `hub_f32_conv_row`'s AVX2 kernel; every later layer's input rows quantized to int16
    (`quantize_rows`), exact integer sums with the int8 weights per kernel row, each scaled by its input
    row's scale and added in float32, then the weight scale and the bias, each step one fused
    multiply-add (`fused`) as in `hub_i16_conv_row`."""
    x = np.asarray(frames, np.float32)[None]  # channels, time, frequency
    for index, ((kt, kf), _, pool) in enumerate(LAYERS):
        pad = kf // 2
        steps, bins = x.shape[1] - kt + 1, x.shape[2]
        if weights[f"enc.{index}.w"].dtype == np.int8:
            w = weights[f"enc.{index}.w"].astype(np.int64)
            q, row_scales = quantize_rows(x)
            q = np.pad(q, ((0, 0), (0, 0), (pad, pad)))
            total = np.zeros((w.shape[0], steps, bins), np.float32)
            for dt in range(kt):
                acc = sum(np.einsum("oi,itf->otf", w[:, :, dt, df], q[:, dt:dt + steps, df:df + bins]) for df in range(kf))
                total = fused(acc.astype(np.float32), row_scales[dt:dt + steps][None, :, None], total)
            y = fused(total, weights[f"enc.{index}.w.scale"][:, None, None], weights[f"enc.{index}.b"][:, None, None])
        else:
            w = layer_weight(weights, index)
            x = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
            y = np.broadcast_to(weights[f"enc.{index}.b"][:, None, None], (w.shape[0], steps, bins)).astype(np.float32)
            for dt in range(kt):
                for df in range(kf):
                    for i in range(w.shape[1]):
                        y = fused(w[:, i, dt, df][:, None, None], x[i, dt:dt + steps, df:df + bins][None], y)
        if index < len(LAYERS) - 1:
            y = np.maximum(np.where(y > 0, y, np.float32(0.2) * y), np.float32(-0.4))
        if pool:
            pt, pf = pool
            t, f = y.shape[1] // pt * pt, y.shape[2] // pf * pf
            y = y[:, :t, :f].reshape(y.shape[0], t // pt, pt, f // pf, pf).max(axis=(2, 4))
        x = y.astype(np.float32)
    return x[:, 0, 0]


def weights_path(cache: Path) -> Path:
    return cache / "models" / WEIGHTS_NAME


def fetch(cache: Path) -> Path:
    """The converted float weights under `cache`, downloading the wheel with pip when missing."""
    target = weights_path(cache)
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["python3", "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                        "-d", tmp, WHEEL], check=True)
        wheels = list(Path(tmp).glob("openwakeword-*.whl"))
        if len(wheels) != 1 or sha256_of(wheels[0]) != WHEEL_SHA256:
            raise SystemExit(f"{WHEEL}: downloaded wheel missing or its sha256 is not {WHEEL_SHA256}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            weights = convert(wheel.read(EMBEDDING_MEMBER), wheel.read(MEL_MEMBER))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial.npz")
    np.savez(partial, **weights)
    partial.replace(target)
    return target


def load(cache: Path) -> dict[str, np.ndarray]:
    """The int8-quantized weights (as exported), fetched on first use."""
    with np.load(fetch(cache)) as data:
        return quantize_weights({k: data[k] for k in data.files})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["fetch"])
    parser.add_argument("--cache", type=Path, default=default_cache())
    args = parser.parse_args()
    print(fetch(args.cache))


if __name__ == "__main__":
    main()
