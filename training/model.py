"""The acoustic model: stacked MFCC frames → fixed normalisation → GRU layers → linear → CTC logits.

Output index 0 is the CTC blank, 1… are the symbols of `models/phonemes.txt` in order. Everything is
causal and frame-by-frame, so the runtime can stream it. Two forward paths share the same weights:

- `forward` (float): `torch.nn.GRU`, fast, used for float training;
- `forward_int8` (fake-quant): the exact int8 arithmetic of `docs/model-format.md` §4 written in
  torch ops, with straight-through gradients, used for quantization-aware fine-tuning and to report the
  int8 dev PER. `training/export.py` holds the same arithmetic in numpy on real integers.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

QMAX = 127  # int8 range used on both weights and activations: [-127, 127], symmetric


@dataclass(frozen=True)
class ModelConfig:
    n_ceps: int = 40
    stack: int = 3
    stride: int = 3
    hidden: int = 192
    layers: int = 2
    num_symbols: int = 0  # blank + phonemes; set from the inventory
    dropout: float = 0.15

    @property
    def input_dim(self) -> int:
        return self.n_ceps * self.stack

    def int8_bytes(self) -> int:
        """Bytes of int8 weights (the ≤ 1 MB budget), scales and biases excluded."""
        n = 0
        for layer in range(self.layers):
            n += 3 * self.hidden * ((self.input_dim if layer == 0 else self.hidden) + self.hidden)
        return n + self.num_symbols * self.hidden

    def to_dict(self) -> dict:
        return asdict(self)


def stack_frames(features: torch.Tensor, stack: int, stride: int) -> torch.Tensor:
    """[..., T, C] → [..., T', stack*C] with frame t' = concat(f[stride*t'], …, f[stride*t'+stack-1]);
    trailing frames that do not fill a whole window are dropped (T' = (T - stack) // stride + 1)."""
    frames = features.shape[-2]
    if frames < stack:
        return features.new_zeros(*features.shape[:-2], 0, stack * features.shape[-1])
    windows = features.unfold(-2, stack, stride)  # [..., T', C, stack]
    return windows.transpose(-1, -2).reshape(*windows.shape[:-2], stack * features.shape[-1])


def stacked_length(frames: torch.Tensor | int, stack: int, stride: int):
    if isinstance(frames, torch.Tensor):
        return torch.clamp((frames - stack) // stride + 1, min=0)
    return max((frames - stack) // stride + 1, 0)


def quantize_vector(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-vector symmetric int8 over the last axis, as the runtime does each step (format doc §4.1):
    m = max|x|, q = clamp(rint(x * (127 / m)), ±127), scale = m / 127 (q = 0, scale = 1 when m = 0).
    Returns (q as float, scale) with scale shaped [..., 1]."""
    m = x.detach().abs().amax(dim=-1, keepdim=True)
    safe = torch.where(m > 0, m, torch.ones_like(m))
    q = torch.clamp(torch.round(x.detach() * (QMAX / safe)), -QMAX, QMAX)
    scale = torch.where(m > 0, m / QMAX, torch.ones_like(m))
    return q, scale


def fake_quant_vector(x: torch.Tensor) -> torch.Tensor:
    """Quantize-dequantize per vector with a straight-through gradient."""
    q, scale = quantize_vector(x)
    return x + (q * scale - x).detach()


def quantize_rows(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row symmetric int8 weights: scale[r] = max|w[r]| / 127 (1 for an all-zero row)."""
    m = w.detach().abs().amax(dim=1)
    scale = torch.where(m > 0, m / QMAX, torch.ones_like(m))
    q = torch.clamp(torch.round(w.detach() / scale[:, None]), -QMAX, QMAX)
    return q, scale


def fake_quant_rows(w: torch.Tensor) -> torch.Tensor:
    q, scale = quantize_rows(w)
    return w + (q * scale[:, None] - w).detach()


def int8_linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor | None) -> torch.Tensor:
    """y = (acc * w_scale) * x_scale + b with acc = Σ q_w q_x (format doc §4.2); float32 throughout."""
    qx, sx = quantize_vector(x)
    qw, sw = quantize_rows(w)
    acc = qx @ qw.t()  # exact: |acc| ≤ 127² · 512 < 2^24, so float32 holds the int32 sum exactly
    y = (acc * sw) * sx
    if b is not None:
        y = y + b
    # straight-through: gradients as if y = fake_quant(x) @ fake_quant(w)^T + b
    ste = fake_quant_vector(x) @ fake_quant_rows(w).t() + (b if b is not None else 0)
    return ste + (y - ste).detach()


class AcousticModel(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        if config.num_symbols < 2:
            raise ValueError(f"num_symbols must count the blank and at least one phoneme, got {config.num_symbols}")
        self.config = config
        # fixed per-coefficient normalisation (streaming: never per utterance), set from training data
        # and exported as the front end's `normalization` (format doc §2.2)
        self.register_buffer("mean", torch.zeros(config.n_ceps))
        self.register_buffer("std", torch.ones(config.n_ceps))
        self.gru = nn.GRU(config.input_dim, config.hidden, num_layers=config.layers, batch_first=True,
                          dropout=config.dropout if config.layers > 1 else 0.0)
        self.dropout = nn.Dropout(config.dropout)
        self.out = nn.Linear(config.hidden, config.num_symbols)

    def set_normalisation(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        self.mean.copy_(mean)
        self.std.copy_(torch.clamp(std, min=1e-3))

    def normalise(self, stacked: torch.Tensor) -> torch.Tensor:
        """Stacked raw MFCC → stacked normalised MFCC (the stats repeat for each stacked frame)."""
        stack = self.config.stack
        return (stacked - self.mean.repeat(stack)) / self.std.repeat(stack)

    def forward(self, stacked: torch.Tensor) -> torch.Tensor:
        """[B, T, input_dim] stacked features → [B, T, num_symbols] logits (float path)."""
        h, _ = self.gru(self.normalise(stacked))
        return self.out(self.dropout(h))

    def gru_weights(self, layer: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return (getattr(self.gru, f"weight_ih_l{layer}"), getattr(self.gru, f"weight_hh_l{layer}"),
                getattr(self.gru, f"bias_ih_l{layer}"), getattr(self.gru, f"bias_hh_l{layer}"))

    def forward_int8(self, stacked: torch.Tensor) -> torch.Tensor:
        """The int8 runtime arithmetic (fake-quant, straight-through gradients); [B, T, D] → logits."""
        x = self.normalise(stacked)
        hidden = self.config.hidden
        for layer in range(self.config.layers):
            w_ih, w_hh, b_ih, b_hh = self.gru_weights(layer)
            gi_all = int8_linear(self.dropout(x) if layer else x, w_ih, b_ih)  # per-step quantization of x
            h = x.new_zeros(x.shape[0], hidden)
            outputs = []
            for t in range(x.shape[1]):
                gi = gi_all[:, t]
                gh = int8_linear(h, w_hh, b_hh)
                r = torch.sigmoid(gi[:, :hidden] + gh[:, :hidden])
                z = torch.sigmoid(gi[:, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
                n = torch.tanh(gi[:, 2 * hidden:] + r * gh[:, 2 * hidden:])
                h = (1 - z) * n + z * h
                outputs.append(h)
            x = torch.stack(outputs, dim=1) if outputs else x.new_zeros(x.shape[0], 0, hidden)
        return int8_linear(self.dropout(x), self.out.weight, self.out.bias)
