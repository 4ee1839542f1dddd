"""features.py against the committed reference vectors and the Swift serialisation contract."""
import json
import os
import sys

import numpy as np
import pytest

PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, PACKAGE)
from training import features, make_feature_vectors  # noqa: E402

FIXTURES = make_feature_vectors.FIXTURES
HEADER = json.load(open(os.path.join(FIXTURES, "mfcc_reference.json")))


@pytest.mark.parametrize("entry", HEADER["vectors"], ids=lambda e: e["name"])
def test_features_match_committed_vectors(entry):
    if not os.path.isdir(make_feature_vectors.DATA):
        pytest.skip(f"shared data not found at {make_feature_vectors.DATA}")
    samples = make_feature_vectors.load(entry["source"])
    samples = samples[entry["start_sample"] : entry["start_sample"] + entry["sample_count"]]
    params = features.FeatureParameters(**entry["parameters"])
    expected = np.fromfile(os.path.join(FIXTURES, entry["file"]), dtype="<f4").reshape(
        entry["frames"], entry["coefficients"])
    actual = features.mfcc(samples, params)
    assert actual.shape == expected.shape
    assert features.max_frame_relative_error(actual, expected) <= 1e-6


def test_frame_count_matches_streaming_flush_rule():
    p = features.FeatureParameters()
    assert [features.frame_count(n, p) for n in (0, 1, 399, 400, 401, 560, 561)] == [0, 1, 1, 1, 2, 2, 3]
    assert features.mfcc(np.zeros(561), p).shape == (3, 40)


def test_silence_hits_the_log_floor():
    p = features.FeatureParameters()
    ceps = features.mfcc(np.zeros(1600), p)
    # All log-mel values equal ln(floor): only c0 is non-zero, c0 = sqrt(40) * ln(floor).
    assert ceps[:, 0] == pytest.approx(np.sqrt(40) * np.log(p.log_floor), rel=1e-12)
    assert np.abs(ceps[:, 1:]).max() < 1e-9


def test_dct_is_orthonormal_and_filterbank_covers_every_band():
    p = features.FeatureParameters()
    d = features.dct_matrix(40, 40)
    assert np.allclose(d @ d.T, np.eye(40), atol=1e-12)
    fb = features.mel_filterbank(p)
    assert fb.shape == (40, 257)
    assert (fb.max(axis=1) > 0.3).all()


def test_parameter_serialisations_match_committed_swift_contract():
    default = features.FeatureParameters()
    with open(os.path.join(FIXTURES, "feature_parameters.bin"), "rb") as f:
        assert f.read() == default.to_bytes()
    assert features.FeatureParameters.from_bytes(default.to_bytes()) == default
    with open(os.path.join(FIXTURES, "feature_parameters.json")) as f:
        assert features.FeatureParameters.from_json(f.read()) == default
    fixed = features.FeatureParameters(normalization=make_feature_vectors.fixed_normalization())
    assert features.FeatureParameters.from_bytes(fixed.to_bytes()) == fixed
    assert features.FeatureParameters.from_json(fixed.to_json()) == fixed


FIXED_BLOCK = features.FeatureParameters(normalization=make_feature_vectors.fixed_normalization()).to_bytes()


@pytest.mark.parametrize("corrupt", [
    b"XFCP" + b"\0" * 52, b"MFCP\x02" + b"\0" * 51, b"MFCP", FIXED_BLOCK[:-4], FIXED_BLOCK + b"\0",
])
def test_broken_parameter_blocks_are_rejected(corrupt):
    with pytest.raises(ValueError):
        features.FeatureParameters.from_bytes(corrupt)


def test_normalisation_is_fixed_not_per_utterance():
    p = features.FeatureParameters(normalization=make_feature_vectors.fixed_normalization())
    rng = np.random.default_rng(1)
    x = rng.normal(0, 0.1, 4000)
    whole = features.mfcc(x, p)
    plain = features.mfcc(x, features.FeatureParameters())
    mean, std = np.array(p.normalization["mean"]), np.array(p.normalization["std"])
    assert np.allclose(whole, (plain - mean) / std)
