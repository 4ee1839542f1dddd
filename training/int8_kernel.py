"""Scalar-semantics reference of the int8 inference arithmetic (`docs/model-format.md` §4), in numpy.

This is what the Swift/C kernel must reproduce: real int8 values, int32 accumulators, float32 rescaling
in a fixed order, gate nonlinearities in float64 rounded to float32. It runs on a parsed `ModelFile`,
so it also checks that the file carries everything inference needs.
"""
from __future__ import annotations

import numpy as np

from training.export import ModelFile

F32 = np.float32
QMAX = F32(127)


def quantize_vector(v: np.ndarray) -> tuple[np.ndarray, np.float32]:
    """§4.2: (int8 values, float32 scale) of one float32 vector."""
    v = np.asarray(v, dtype=F32)
    m = F32(np.max(np.abs(v))) if v.size else F32(0)
    if m == 0:
        return np.zeros(v.shape, dtype=np.int8), F32(1)
    k = QMAX / m
    q = np.clip(np.rint(v * k), -127, 127).astype(np.int8)
    return q, F32(m / QMAX)


def accumulate(w: np.ndarray, q: np.ndarray) -> np.ndarray:
    """int32 Σ_j W[r, j] q_j."""
    return w.astype(np.int32) @ q.astype(np.int32)


def linear(w: np.ndarray, w_scale: np.ndarray, b: np.ndarray, v: np.ndarray) -> np.ndarray:
    """§4.3: ((float32(acc) · w_scale) · s) + b, float32 at each step."""
    q, s = quantize_vector(v)
    acc = accumulate(w, q)
    return (acc.astype(F32) * w_scale) * s + b


def sigmoid(a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(−a) = inf below a ≈ −709 gives exactly 0, the limit
        return (1.0 / (1.0 + np.exp(-a.astype(np.float64)))).astype(F32)


def tanh(a: np.ndarray) -> np.ndarray:
    return np.tanh(a.astype(np.float64)).astype(F32)


def stack_frames(features: np.ndarray, stack: int, stride: int) -> np.ndarray:
    """§4.1: [frames, C] → [T', stack·C]."""
    count = max((len(features) - stack) // stride + 1, 0)
    return np.stack([features[t * stride:t * stride + stack].reshape(-1) for t in range(count)]) if count \
        else np.zeros((0, stack * features.shape[1]), dtype=F32)


class Int8Stream:
    """Frame-by-frame inference with the GRU state kept between calls (what the runtime streams)."""

    def __init__(self, model: ModelFile):
        self.model = model
        self.h = [np.zeros(model.hidden, dtype=F32) for _ in range(model.layers)]

    def step(self, x: np.ndarray) -> np.ndarray:
        """One stacked input frame (float32, input_dim) → logits (float32, num_symbols)."""
        m, t, hidden = self.model, self.model.tensors, self.model.hidden
        x = np.asarray(x, dtype=F32)
        for layer in range(m.layers):
            p = f"gru.{layer}."
            gi = linear(t[p + "w_ih"], t[p + "w_ih.scale"], t[p + "b_ih"], x)
            gh = linear(t[p + "w_hh"], t[p + "w_hh.scale"], t[p + "b_hh"], self.h[layer])
            r = sigmoid(gi[:hidden] + gh[:hidden])
            z = sigmoid(gi[hidden:2 * hidden] + gh[hidden:2 * hidden])
            n = tanh(gi[2 * hidden:] + r * gh[2 * hidden:])
            h = (F32(1) - z) * n + z * self.h[layer]
            self.h[layer] = h
            x = h
        return linear(t["out.w"], t["out.w.scale"], t["out.b"], x)


def encoder_inputs(model: ModelFile, embeddings: np.ndarray) -> np.ndarray:
    """Encoder outputs [T', encoder_dim] normalised by `enc.mean` and `enc.std`: the GRU's inputs (§4.6)."""
    t = model.tensors
    return ((np.asarray(embeddings, F32) - t["enc.mean"]) / t["enc.std"]).astype(F32)


def run(model: ModelFile, inputs: np.ndarray) -> np.ndarray:
    """GRU input steps [T', width] → logits [T', num_symbols] from a fresh stream."""
    stream = Int8Stream(model)
    return np.stack([stream.step(x) for x in inputs]) if len(inputs) else np.zeros((0, len(model.symbols)), dtype=F32)


def forward(model: ModelFile, features: np.ndarray) -> np.ndarray:
    """Normalised front-end frames [frames, C] (float32) → logits [T', num_symbols]; a model with an encoder
    (format version 2) runs it on each stacked window."""
    stacked = stack_frames(np.asarray(features, dtype=F32), model.stack, model.stride)
    if model.encoder == "none":
        return run(model, stacked)
    from training.speech_embedding import encode_window

    windows = [encode_window(x.reshape(model.stack, -1), model.tensors) for x in stacked]
    return run(model, encoder_inputs(model, np.reshape(windows, (len(windows), model.encoder_dim))))
