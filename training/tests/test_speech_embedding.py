"""Model format 2 (speech-embedding encoder): export round trip, geometry checks, and the numpy encoder
against the committed test model; with torch, the fully convolutional pass against the numpy windows."""
import json
from pathlib import Path

import numpy as np
import pytest

from training import int8_kernel, speech_embedding
from training.export import ModelFile, ModelFormatError, read_model, write_model
from training.features import mel_filterbank

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "ASRTests" / "Fixtures" / "models"


def random_encoder_model(seed: int = 0, hidden: int = 8) -> ModelFile:
    rng = np.random.default_rng(seed)
    symbols = ["<blank>", "a", "b", "c"]
    model = ModelFile(speech_embedding.front_end(), 76, 2, hidden, 1, symbols, {}, "speech-embedding", 96)
    for name, (dtype, shape) in model.expected_tensors().items():
        if dtype == np.int8:
            model.tensors[name] = rng.integers(-127, 128, size=shape, dtype=np.int8)
        elif name.endswith(".scale"):
            model.tensors[name] = rng.uniform(0.001, 0.01, size=shape).astype(np.float32)
        elif name == "enc.std":
            model.tensors[name] = rng.uniform(1, 2, size=shape).astype(np.float32)
        else:
            model.tensors[name] = rng.normal(0, 0.1, size=shape).astype(np.float32)
    return model


def test_version_2_round_trip():
    model = random_encoder_model()
    data = write_model(model)
    assert data[8] == 2
    back = read_model(data)
    assert (back.encoder, back.encoder_dim, back.stack, back.stride) == ("speech-embedding", 96, 76, 2)
    assert set(back.tensors) == set(model.tensors)
    for name, array in model.tensors.items():
        np.testing.assert_array_equal(back.tensors[name], array)


def test_a_model_without_encoder_is_still_version_1():
    from training.make_test_models import tiny_model

    assert write_model(tiny_model())[8] == 1


@pytest.mark.parametrize("stack,stride", [(75, 2), (76, 3)])
def test_geometry_the_embedding_cannot_run_is_rejected(stack, stride):
    model = random_encoder_model()
    data = bytearray(write_model(model))
    # stack and stride follow the feature block: patch them, then fix the checksum.
    import struct
    import zlib

    block = struct.unpack_from("<I", data, 32)[0]
    at = 32 + 4 + block + (-(4 + block) % 4)
    struct.pack_into("<2I", data, at, stack, stride)
    struct.pack_into("<I", data, at + 8, stack * 32)
    struct.pack_into("<I", data, 24, zlib.crc32(bytes(data[32:])))
    with pytest.raises(ModelFormatError, match="encoder"):
        read_model(bytes(data))


def test_front_end_mel_filters_are_the_onnx_graphs():
    """Slaney filters 60–3800 Hz with area normalisation: spot values of openWakeWord's `1.melW`."""
    filters = mel_filterbank(speech_embedding.front_end())
    assert filters.shape == (32, 257)
    assert np.nonzero(filters[0])[0].tolist() == [2, 3, 4, 5, 6]
    assert filters[0].sum() == pytest.approx(0.03235563, rel=1e-6)


def test_numpy_encoder_matches_the_committed_reference():
    model = read_model((FIXTURES / "encoder.bin").read_bytes())
    reference = json.loads((FIXTURES / "encoder-reference.json").read_text())
    frames = np.array(reference["input_frames"], np.float32)
    first = speech_embedding.encode_window(frames[:76], model.tensors)
    np.testing.assert_allclose(first, reference["first_embedding"], rtol=0, atol=1e-4 * np.abs(first).max())
    logits = int8_kernel.forward(model, frames)
    np.testing.assert_allclose(logits, reference["logits"], rtol=0, atol=1e-3)


def test_fully_convolutional_pass_equals_the_windows():
    """Training's float pass (torch) against the runtime's arithmetic, whose int16 activations move
    the embedding by about 1e-4 of its peak (a float sum order alone moves it by less)."""
    torch = pytest.importorskip("torch")
    model = read_model((FIXTURES / "encoder.bin").read_bytes())
    frames = np.array(json.loads((FIXTURES / "encoder-reference.json").read_text())["input_frames"], np.float32)
    weights = speech_embedding.dequantized(dict(model.tensors))
    for hop in (2, 4, 8):
        fast = speech_embedding.embed_frames(torch.from_numpy(frames), weights, hop).numpy()
        assert len(fast) == (len(frames) - 76) // hop + 1
        for j in range(len(fast)):
            window = speech_embedding.encode_window(frames[hop * j:hop * j + 76], model.tensors)
            np.testing.assert_allclose(fast[j], window, rtol=0, atol=3e-4 * np.abs(window).max())


@pytest.mark.parametrize("hop", [2, 4])
def test_a_trained_head_exports_to_a_version_2_file(hop):
    """The head's int8 export on the encoder's weights reads back with its stride, and the int8 kernel on
    it follows the float head within the quantisation error."""
    torch = pytest.importorskip("torch")
    from training.train_head import PhonemeHead, to_model_file

    encoder = random_encoder_model().tensors
    torch.manual_seed(0)
    head = PhonemeHead(torch.zeros(96), torch.full((96,), 20.0), hidden=16, layers=2, symbols=4).eval()
    model = read_model(write_model(to_model_file(head, encoder, ["<blank>", "a", "b", "c"], hop)))
    assert (model.encoder, model.stride, model.hidden, model.layers) == ("speech-embedding", hop, 16, 2)
    frames = np.random.default_rng(1).normal(3.5, 1.5, size=(84, 32)).astype(np.float32)
    logits = int8_kernel.forward(model, frames)
    embeddings = np.stack([speech_embedding.encode_window(frames[s:s + 76], encoder) for s in range(0, 9, hop)])
    with torch.no_grad():
        expected = head(torch.from_numpy(embeddings)[None])[0].numpy()
    assert logits.shape == expected.shape
    np.testing.assert_allclose(logits, expected, atol=0.05)
