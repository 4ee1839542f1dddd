"""Adapter to the shared MFCC front end (`training/features.py`, mirrored by Swift `Audio.MFCC`).

The acoustic-model code never computes features itself: it goes through these three functions, so the
front end has one implementation in Python and one in Swift.
"""
from __future__ import annotations

import hashlib

import numpy as np

from training.features import FeatureParameters, mfcc


def parameters(mean: np.ndarray | None = None, std: np.ndarray | None = None) -> FeatureParameters:
    """The hub's default front end; with `mean`/`std`, its fixed (streaming) normalisation."""
    if mean is None:
        return FeatureParameters()
    return FeatureParameters(normalization={"kind": "fixed", "mean": [float(v) for v in mean],
                                            "std": [float(v) for v in std]})


def compute(samples: np.ndarray, params: FeatureParameters) -> np.ndarray:
    """16 kHz float samples → float32 [frames, cepstral_coefficients]."""
    return mfcc(samples, params).astype(np.float32)


def parameter_hash(params: FeatureParameters) -> str:
    """A short key for feature caches: changes whenever any front-end setting does."""
    return hashlib.sha256(params.to_bytes()).hexdigest()[:12]
