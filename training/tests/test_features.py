"""features.py against the committed reference vectors and the Swift serialisation contract."""
import json
import os
import sys

import numpy as np
import pytest

PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, PACKAGE)
from training import features, make_feature_vectors  # noqa: E402
from training.speech_embedding import front_end  # noqa: E402

FIXTURES = make_feature_vectors.FIXTURES
VECTORS = [entry for header in make_feature_vectors.HEADERS.values()
           for entry in json.load(open(os.path.join(FIXTURES, header)))["vectors"]]


@pytest.mark.parametrize("entry", VECTORS, ids=lambda e: e["name"])
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


def test_extended_parameters_round_trip_and_match_committed_fixtures():
    embedding = front_end()
    assert embedding.extended
    with open(os.path.join(FIXTURES, "feature_parameters_speech_embedding.bin"), "rb") as f:
        assert f.read() == embedding.to_bytes()
    with open(os.path.join(FIXTURES, "feature_parameters_speech_embedding.json")) as f:
        assert features.FeatureParameters.from_json(f.read()) == embedding
    for params in (embedding, features.FeatureParameters(mel_scale="slaney"),
                   features.FeatureParameters(cepstrum="none"), features.FeatureParameters(window="periodic_hann")):
        assert features.FeatureParameters.from_bytes(params.to_bytes()) == params
        assert features.FeatureParameters.from_json(params.to_json()) == params


def test_only_extended_parameters_use_version_2_and_the_optional_json_keys():
    default, periodic = features.FeatureParameters(), features.FeatureParameters(window="periodic_hann")
    for params in (default, periodic):
        block = params.to_bytes()
        assert block[4:8] == (1).to_bytes(4, "little") and len(block) == 56
        assert "mel_scale" not in json.loads(params.to_json()) and "cepstrum" not in json.loads(params.to_json())
    assert periodic.to_bytes()[24:28] == (2).to_bytes(4, "little")
    slaney = features.FeatureParameters(mel_scale="slaney", cepstrum="none").to_bytes()
    # Version 2, then mel_scale and cepstrum codes right after cepstral_coefficients (bytes 48..52).
    assert slaney[4:8] == (2).to_bytes(4, "little") and len(slaney) == 64
    assert slaney[52:60] == (1).to_bytes(4, "little") + (1).to_bytes(4, "little")
    assert json.loads(features.FeatureParameters(cepstrum="none").to_json())["mel_scale"] == "htk"


def test_log_mel_output_needs_one_value_per_band():
    with pytest.raises(ValueError, match="cepstral_coefficients"):
        features.FeatureParameters(cepstrum="none", cepstral_coefficients=13)


def test_periodic_hann_and_slaney_filterbank_hand_values():
    assert np.allclose(features.window("periodic_hann", 4), [0, 0.5, 1, 0.5], atol=1e-15)
    # Slaney is linear below 1 kHz: 0..1000 Hz is 0..15 mels, so 4 bands have edges every 200 Hz, and
    # each filter is scaled by 2 / 400 Hz. Bins are 31.25 Hz apart.
    p = features.FeatureParameters(mel_bands=4, low_frequency=0.0, high_frequency=1000.0, cepstral_coefficients=4,
                                   mel_scale="slaney")
    fb = features.mel_filterbank(p)
    assert fb[0, [0, 1, 6, 7, 12, 13]] == pytest.approx(np.array([0, 0.15625, 0.9375, 0.90625, 0.125, 0]) / 200)
    assert features.slaney_mel(6400.0) == pytest.approx(42.0, abs=1e-12)
    assert features.slaney_hertz(24.0) == pytest.approx(1000 * 6.4 ** (1 / 3), rel=1e-14)


def test_log_mel_is_the_inverse_dct_of_the_full_mfcc():
    rng = np.random.default_rng(3)
    x = rng.normal(0, 0.1, 4000)
    log_mel = features.mfcc(x, features.FeatureParameters(cepstrum="none"))
    ceps = features.mfcc(x, features.FeatureParameters())
    assert np.allclose(ceps @ features.dct_matrix(40, 40), log_mel)


FIXED_BLOCK = features.FeatureParameters(normalization=make_feature_vectors.fixed_normalization()).to_bytes()
# A version-2 block holding the default mel_scale and cepstrum (codes 0, 0): must have been version 1.
DEFAULT_AS_VERSION_2 = b"MFCP" + (2).to_bytes(4, "little") + FIXED_BLOCK[8:52] + b"\0" * 8 + FIXED_BLOCK[52:]


@pytest.mark.parametrize("corrupt", [
    b"XFCP" + b"\0" * 52, b"MFCP\x02" + b"\0" * 51, b"MFCP\x03" + b"\0" * 51, b"MFCP", FIXED_BLOCK[:-4],
    FIXED_BLOCK + b"\0", DEFAULT_AS_VERSION_2,
])
def test_broken_parameter_blocks_are_rejected(corrupt):
    with pytest.raises(ValueError):
        features.FeatureParameters.from_bytes(corrupt)


def test_version_2_block_with_default_fields_names_the_rule():
    with pytest.raises(ValueError, match="version 2 block with default mel_scale and cepstrum"):
        features.FeatureParameters.from_bytes(DEFAULT_AS_VERSION_2)
    # The same bytes with mel_scale set to slaney are a valid version-2 block.
    slaney = DEFAULT_AS_VERSION_2[:52] + (1).to_bytes(4, "little") + DEFAULT_AS_VERSION_2[56:]
    assert features.FeatureParameters.from_bytes(slaney).mel_scale == "slaney"


def test_normalisation_is_fixed_not_per_utterance():
    p = features.FeatureParameters(normalization=make_feature_vectors.fixed_normalization())
    rng = np.random.default_rng(1)
    x = rng.normal(0, 0.1, 4000)
    whole = features.mfcc(x, p)
    plain = features.mfcc(x, features.FeatureParameters())
    mean, std = np.array(p.normalization["mean"]), np.array(p.normalization["std"])
    assert np.allclose(whole, (plain - mean) / std)
