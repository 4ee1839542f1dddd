"""Writes the MFCC reference vectors the Swift parity test checks (Tests/AudioTests/Fixtures/).

Usage: python3 training/make_feature_vectors.py   (from the package root; reads ../shared/data)

Writes:
  mfcc_reference.json          header: one entry per vector (source audio, sample range, parameters, shape,
                               file) whose parameters are not `extended`
  mfcc_reference_extended.json the same for the vectors whose parameters are `extended` (mel_scale or
                               cepstrum set), so that the first header holds version-1 parameters only
  mfcc_<name>.bin              little-endian float32, frames x coefficients, row-major
  feature_parameters.bin       the default FeatureParameters in the binary form
  feature_parameters.json      the default FeatureParameters in the JSON form
  feature_parameters_speech_embedding.bin/.json  speech_embedding.front_end() in both forms (version 2)
Deterministic: running it again gives identical bytes.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
sys.path.insert(0, PACKAGE)
from training import features  # noqa: E402
from training.speech_embedding import front_end  # noqa: E402

DATA = os.path.join(os.path.dirname(PACKAGE), "shared", "data")
FIXTURES = os.path.join(PACKAGE, "Tests", "AudioTests", "Fixtures")

# name, source relative to shared/data, first sample, sample count, parameters
LIBRIVOX = "reference-audio/librivox/sense_and_sensibility_01_austen_64kb-0880.wav"


def fixed_normalization() -> dict:
    rng = np.random.default_rng(7)
    return {
        "kind": "fixed",
        "mean": [float(v) for v in rng.normal(0, 5, 40)],
        "std": [float(v) for v in rng.uniform(0.5, 20, 40)],
    }


VECTORS = [
    ("goforward", "reference-audio/goforward.raw", 0, 32000, features.FeatureParameters()),
    ("librivox", LIBRIVOX, 0, 32000, features.FeatureParameters()),
    # An odd length (not a multiple of the hop) exercises the zero-padded final frames, and a fixed
    # normalisation exercises that path.
    ("librivox_normalized", LIBRIVOX, 16000, 8123, features.FeatureParameters(normalization=fixed_normalization())),
    # Every other field away from its default: the mirror must follow the parameters, not the defaults.
    ("goforward_variant", "reference-audio/goforward.raw", 8000, 9001, features.FeatureParameters(
        frame_length=480, frame_shift=240, pre_emphasis=0.0, window="hann", fft_size=1024, mel_bands=23,
        low_frequency=64.0, high_frequency=8000.0, log_floor=1e-6, cepstral_coefficients=13)),
    # The speech embedding's log-mel: periodic Hann, Slaney filters, no DCT, fixed normalisation.
    ("librivox_speech_embedding", LIBRIVOX, 0, 32000, front_end()),
]
HEADERS = {False: "mfcc_reference.json", True: "mfcc_reference_extended.json"}


def load(source: str) -> np.ndarray:
    path = os.path.join(DATA, source)
    if source.endswith(".raw"):
        return features.read_s16le(path)
    samples, rate = features.read_wav(path)
    assert rate == 16000, f"{source}: {rate} Hz"
    return samples


def write_parameters(stem: str, params: features.FeatureParameters) -> None:
    with open(os.path.join(FIXTURES, f"{stem}.bin"), "wb") as out:
        out.write(params.to_bytes())
    with open(os.path.join(FIXTURES, f"{stem}.json"), "w") as out:
        out.write(params.to_json() + "\n")


def main() -> None:
    os.makedirs(FIXTURES, exist_ok=True)
    entries = {extended: [] for extended in HEADERS}
    for name, source, start, count, params in VECTORS:
        samples = load(source)[start : start + count]
        assert len(samples) == count, f"{source} is shorter than {start + count} samples"
        ceps = features.mfcc(samples, params).astype("<f4")
        file_name = f"mfcc_{name}.bin"
        ceps.tofile(os.path.join(FIXTURES, file_name))
        entries[params.extended].append({
            "name": name,
            "source": source,
            "start_sample": start,
            "sample_count": count,
            "frames": int(ceps.shape[0]),
            "coefficients": int(ceps.shape[1]),
            "file": file_name,
            "parameters": json.loads(params.to_json()),
        })
    for extended, header in HEADERS.items():
        with open(os.path.join(FIXTURES, header), "w") as out:
            json.dump({"format": "float32 little-endian, frames x coefficients", "vectors": entries[extended]},
                      out, indent=1, sort_keys=True)
            out.write("\n")
    write_parameters("feature_parameters", features.FeatureParameters())
    write_parameters("feature_parameters_speech_embedding", front_end())
    for entry in entries[False] + entries[True]:
        print(f"{entry['file']}: {entry['frames']} x {entry['coefficients']} from {entry['source']}")


if __name__ == "__main__":
    main()
