"""Fine-tuning the speech embedding's upper layers together with the phoneme head.

The embedding (`training.speech_embedding`) stays frozen below layer `first`; what enters that layer is
cached once per utterance (`training.embedding_features --tune-from FIRST`), and `UpperLayers` computes
the rest as a trainable torch module, so a training step costs the upper layers and the GRU, not the
whole network. The model file keeps its format: the tuned layers are quantized back to int8 per output
channel like the frozen ones (`tuned_weights`).

Layers 11–18 work at 4 frames (after the pools of layers 2 and 10), so the fully convolutional passes
of phases 0 and 4 (and of 2 and 6) meet the same activations one position apart. Interleaving the
phase-0 and phase-2 activations gives one sequence `u` every 2 frames (u[m] starts at frame 2m), and on
it the upper layers are plain convolutions: time kernels dilated by 2, the pool of layer 18 a max over
u[m] and u[m+2] (and the two frequency bins), layer 19's kernel dilated by 4. Output m is embedding row
m of `speech_embedding.embed_frames(frames, weights, hop=2)`.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from training import speech_embedding
from training.speech_embedding import LAYERS

FIRST_TUNABLE, LAST_TUNABLE = 11, 18


def _check_first(first: int) -> None:
    if not FIRST_TUNABLE <= first <= LAST_TUNABLE:
        raise ValueError(f"tuning must start at a layer from {FIRST_TUNABLE} to {LAST_TUNABLE} (4-frame stride); got {first}")


def tap_frames(frames: torch.Tensor, weights: dict[str, np.ndarray], first: int) -> torch.Tensor:
    """(n, channels, bins): what enters layer `first` every 2 frames, n = 2 · min(positions of phases 0, 2)."""
    _check_first(first)
    layers = speech_embedding.torch_layers(weights, first)
    phases = []
    for phase in (0, 2):
        x = speech_embedding.run_layers(frames[phase:][None, None], layers)
        if x is None:
            bins = speech_embedding.MEL_BANDS // 2 ** sum(1 for _, _, pool in LAYERS[:first] if pool)
            return torch.zeros((0, LAYERS[first][1][0], bins))
        phases.append(x[0].permute(1, 0, 2))  # positions, channels, bins
    count = min(len(phases[0]), len(phases[1]))
    return torch.stack([phases[0][:count], phases[1][:count]], dim=1).reshape(2 * count, *phases[0].shape[1:])


def tap(audio: np.ndarray, weights: dict[str, np.ndarray], first: int, rng: np.random.Generator) -> np.ndarray:
    """`tap_frames` of a whole utterance (room tone both sides, drawn from `rng` as `embed` draws it)."""
    return tap_frames(torch.from_numpy(speech_embedding.log_mel(audio, rng)), weights, first).numpy()


class UpperLayers(nn.Module):
    """Layers `first` … 19 of the embedding on the interleaved sequence: (batch, n, channels, bins) →
    (batch, n − shrink(first), 96); `shrink` steps are lost to the unpadded time kernels and the pool."""

    def __init__(self, weights: dict[str, np.ndarray], first: int):
        super().__init__()
        _check_first(first)
        self.first = first
        self.convs = nn.ModuleList()
        for index in range(first, len(LAYERS)):
            (kt, kf), (cin, cout), _ = LAYERS[index]
            conv = nn.Conv2d(cin, cout, (kt, kf), padding=(0, kf // 2), dilation=(4 if index > 18 else 2, 1))
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(speech_embedding.layer_weight(weights, index)))
                conv.bias.copy_(torch.from_numpy(np.array(weights[f"enc.{index}.b"], np.float32)))
            self.convs.append(conv)

    @staticmethod
    def shrink(first: int) -> int:
        """Sequence steps lost between input and output."""
        lost = 0
        for index in range(first, len(LAYERS)):
            (kt, _), _, pool = LAYERS[index]
            lost += (kt - 1) * (4 if index > 18 else 2)
            if pool:
                lost += (pool[0] - 1) * 2
        return lost

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        x = u.permute(0, 2, 1, 3)  # batch, channels, time, bins
        for offset, conv in enumerate(self.convs):
            index = self.first + offset
            x = conv(x)
            if index < len(LAYERS) - 1:
                x = speech_embedding.activated(x)
            if LAYERS[index][2]:
                pt, pf = LAYERS[index][2]
                x = F.max_pool2d(x, (pt, pf), stride=(1, pf), dilation=(2, 1))
        return x[:, :, :, 0].transpose(1, 2)


def tuned_weights(weights: dict[str, np.ndarray], upper: UpperLayers) -> dict[str, np.ndarray]:
    """`weights` (as `speech_embedding.load` gives them, int8) with the tuned layers quantized back to
    int8 per output channel (`speech_embedding.quantize_weights`) and their float biases."""
    floats = speech_embedding.dequantized(weights)
    for offset, conv in enumerate(upper.convs):
        index = upper.first + offset
        floats[f"enc.{index}.w"] = conv.weight.detach().numpy().astype(np.float32)
        floats[f"enc.{index}.b"] = conv.bias.detach().numpy().astype(np.float32)
    return speech_embedding.quantize_weights(floats)
