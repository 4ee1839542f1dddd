"""Model file format without torch: write → read round trip, layout, committed fixtures, broken files
rejected, and the int8 reference kernel against the committed reference vectors."""
import json
import struct
import zlib

import numpy as np
import pytest

from training import int8_kernel
from training.export import ModelFormatError, read_model, write_model
from training.make_test_models import DEFAULT_OUT, broken_variants, reference_vectors, tiny_model

FIXTURES = DEFAULT_OUT


def test_round_trip_preserves_everything():
    model = tiny_model()
    data = write_model(model)
    back = read_model(data)
    assert back.features == model.features
    assert (back.stack, back.stride, back.hidden, back.layers) == (model.stack, model.stride, model.hidden, model.layers)
    assert back.symbols == model.symbols
    assert list(back.tensors) == list(model.expected_tensors())
    for name, array in model.tensors.items():
        assert back.tensors[name].dtype == array.dtype
        np.testing.assert_array_equal(back.tensors[name], array)
    assert write_model(back) == data


def test_layout_is_aligned_and_little_endian():
    data = write_model(tiny_model())
    assert data[:8] == b"HUBAMODL"
    version, header_size, payload_size, crc, reserved = struct.unpack_from("<IIQII", data, 8)
    assert (version, reserved, payload_size + 32) == (1, 0, len(data))
    assert (32 + header_size) % 64 == 0 and len(data) % 64 == 0
    assert crc == zlib.crc32(data[32:])


def test_committed_fixtures_are_current():
    """The committed files are exactly what the seeded script writes (rerun it after a format change)."""
    model = tiny_model()
    good = write_model(model)
    assert (FIXTURES / "tiny.bin").read_bytes() == good
    for name, data in broken_variants(good, model).items():
        assert (FIXTURES / name).read_bytes() == data, name
    committed = json.loads((FIXTURES / "reference.json").read_text())
    assert committed == json.loads(json.dumps(reference_vectors(model)))
    assert sum(p.stat().st_size for p in FIXTURES.iterdir() if not p.name.startswith("encoder")) < 200_000
    # The format-2 test model holds the speech embedding's real weights (its shape is fixed): ~330 kB int8.
    assert (FIXTURES / "encoder.bin").stat().st_size < 400_000


@pytest.mark.parametrize("name,message", [
    ("bad-magic.bin", "bad magic"),
    ("bad-version.bin", "unsupported version 99"),
    ("bad-checksum.bin", "bad checksum"),
    ("truncated.bin", "truncated"),
    ("wrong-shape.bin", r"tensor gru.0.w_hh: got int8\[48, 15\] expected int8\[48, 16\]"),
])
def test_broken_fixtures_rejected(name, message):
    with pytest.raises(ModelFormatError, match=message):
        read_model((FIXTURES / name).read_bytes())


def test_short_and_empty_files_rejected():
    for data in (b"", b"HUBAMODL", write_model(tiny_model())[:40]):
        with pytest.raises(ModelFormatError):
            read_model(data)


def test_writer_refuses_wrong_shape():
    model = tiny_model()
    model.tensors["out.b"] = np.zeros(3, dtype=np.float32)
    with pytest.raises(ModelFormatError, match=r"tensor out.b: got float32\[3\] expected float32\[53\]"):
        write_model(model)


def test_reference_vectors_reproduced_by_kernel():
    """The committed reference (what the Swift kernel is tested against) matches the Python kernel."""
    reference = json.loads((FIXTURES / "reference.json").read_text())
    model = read_model((FIXTURES / reference["model"]).read_bytes())
    frames = np.array(reference["input_frames"], dtype=np.float32)
    logits = int8_kernel.forward(model, frames)
    assert logits.shape == (11, len(model.symbols))
    np.testing.assert_array_equal(logits, np.array(reference["logits"], dtype=np.float32))
    q, scale = int8_kernel.quantize_vector(int8_kernel.stack_frames(frames, 2, 2)[0])
    assert q.tolist() == reference["first_step"]["q"] and np.float32(reference["first_step"]["scale"]) == scale


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 120])
def test_quantize_vector_rules(n):
    rng = np.random.default_rng(n)
    v = rng.normal(0, 2, n).astype(np.float32)
    q, s = int8_kernel.quantize_vector(v)
    assert np.abs(q).max() == 127 and q.dtype == np.int8
    assert np.all(np.abs(q.astype(np.float32) * s - v) <= s / 2 * (1 + 1e-6))
    zero_q, zero_s = int8_kernel.quantize_vector(np.zeros(n, dtype=np.float32))
    assert not zero_q.any() and zero_s == 1


def test_quantize_vector_rounds_half_to_even():
    q, _ = int8_kernel.quantize_vector(np.array([127, 2.5, -2.5, 3.5], dtype=np.float32))
    assert q.tolist() == [127, 2, -2, 4]
