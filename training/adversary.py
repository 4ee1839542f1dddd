"""Engine-adversarial training (`train.py --adversary W`): keep the network from leaning on what one
synthesiser's voices have in common.

A small head guesses each utterance's TTS engine (`dataset.ENGINES`) from the mean of the GRU's last-layer
outputs over its frames. Between the network and the head sits a gradient reversal (Ganin & Lempitsky,
domain-adversarial training): the head learns to tell the engines apart while the network is pushed, with
weight W, to make that hard. Nine in ten training utterances come from Kokoro, so whatever its vocoder
leaves in every voice is an easy cue that no real voice has; the espeak-ng, flite and Piper utterances are
the same words without it. Training only: the head is not exported.
"""
from __future__ import annotations

import collections

import torch
from torch import nn

from training.dataset import ENGINES, Utterance


class GradientReversal(torch.autograd.Function):
    """Identity on the way forward; the gradient times −weight on the way back."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: float) -> torch.Tensor:
        ctx.weight = weight
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        return -ctx.weight * grad, None


class EngineAdversary(nn.Module):
    """The engine head and its class weights (inverse engine frequency among `utterances`, so that always
    answering "kokoro" is no solution)."""

    def __init__(self, hidden: int, weight: float, utterances: list[Utterance]):
        super().__init__()
        self.weight = weight
        self.head = nn.Sequential(nn.Linear(hidden, 64), nn.ReLU(), nn.Linear(64, len(ENGINES)))
        counts = collections.Counter(u.engine for u in utterances)
        known = sum(counts[e] for e in ENGINES)
        self.register_buffer("class_weights", torch.tensor(
            [known / (len(ENGINES) * counts[e]) if counts[e] else 0.0 for e in ENGINES], dtype=torch.float32))

    def loss(self, h: torch.Tensor, lengths: torch.Tensor, domains: torch.Tensor) -> tuple[torch.Tensor, float]:
        """(weighted cross-entropy of the engine guesses, their accuracy) for GRU outputs `h` [B, T, H] with
        `lengths` valid steps; items whose domain is -1 (background, other engines) are left out."""
        valid = (torch.arange(h.shape[1])[None, :] < lengths[:, None]).to(h.dtype)
        pooled = (h * valid[..., None]).sum(1) / lengths.clamp(min=1)[:, None].to(h.dtype)
        keep = (domains >= 0) & (lengths > 0)
        if not keep.any():
            return h.new_zeros(()), float("nan")
        guesses = self.head(GradientReversal.apply(pooled[keep], self.weight))
        loss = nn.functional.cross_entropy(guesses, domains[keep], weight=self.class_weights)
        return loss, float((guesses.argmax(-1) == domains[keep]).float().mean())
