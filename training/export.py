"""Write and read the acoustic model file (`docs/model-format.md`, versions 1 and 2).

Byte layout (all little-endian; the doc has every field):

    1. preamble, 32 bytes: magic "HUBAMODL" | u32 version | u32 header_size | u64 payload_size |
       u32 crc32(payload) | u32 reserved
    2. header at 32: u32 F | FeatureParameters block (F bytes, "MFCP", fixed normalisation) | pad to 4 |
       u32 stack, stride, input_dim, hidden, layers, num_symbols, tensor_count |
       phoneme table (u8 length + UTF-8, entry 0 "<blank>") | pad to 64
    3. tensor directory: per tensor u8 name length, name, u8 dtype (1 f32, 2 i8), u8 ndim, u16 0,
       u32 shape[ndim], u64 offset (64-aligned, from file start), u64 byte size | pad to 64
    4. tensor data, each at its offset, zero-padded to 64

Version 2 (written only for a model with an encoder) adds u32 encoder, encoder_dim after tensor_count:
an encoder (1 = the speech embedding, `training/speech_embedding.py`) maps each stacked window of
front-end frames to encoder_dim values, which `enc.mean`/`enc.std` normalise before the GRU.

`write_model` and `read_model` mirror each other field by field; `read_model` parses bytes (not a
path) and rejects anything malformed with a `ModelFormatError` that names the field.

    python3 -m training.export --checkpoint CKPT --out models/hub-am-v17.bin
"""
from __future__ import annotations

import argparse
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training.features import FeatureParameters

MAGIC = b"HUBAMODL"
VERSION = 1
VERSION_ENCODER = 2
ENCODERS = ("none", "speech-embedding")
PREAMBLE_SIZE = 32
ALIGNMENT = 64
DTYPES = {1: np.dtype("<f4"), 2: np.dtype("i1")}
DTYPE_CODES = {np.dtype("<f4"): 1, np.dtype("i1"): 2}


class ModelFormatError(ValueError):
    """The bytes are not a valid acoustic model; the message names the field at fault."""


@dataclass
class ModelFile:
    """Everything a model file holds, in memory."""

    features: FeatureParameters
    stack: int
    stride: int
    hidden: int
    layers: int
    symbols: list[str]
    tensors: dict[str, np.ndarray]
    encoder: str = "none"
    encoder_dim: int = 0

    @property
    def input_dim(self) -> int:
        return self.stack * self.features.cepstral_coefficients

    @property
    def gru_input_dim(self) -> int:
        return self.encoder_dim if self.encoder != "none" else self.input_dim

    def expected_tensors(self) -> dict[str, tuple[np.dtype, tuple[int, ...]]]:
        """Name → (dtype, shape) of every required tensor, in file order (format doc §3)."""
        f32, i8 = DTYPES[1], DTYPES[2]
        h3, expected = 3 * self.hidden, {}
        if self.encoder == "speech-embedding":
            from training.speech_embedding import encoder_tensors

            expected.update(encoder_tensors(self.features.cepstral_coefficients))
            expected["enc.mean"] = (f32, (self.encoder_dim,))
            expected["enc.std"] = (f32, (self.encoder_dim,))
        for layer in range(self.layers):
            width = self.gru_input_dim if layer == 0 else self.hidden
            expected[f"gru.{layer}.w_ih"] = (i8, (h3, width))
            expected[f"gru.{layer}.w_ih.scale"] = (f32, (h3,))
            expected[f"gru.{layer}.w_hh"] = (i8, (h3, self.hidden))
            expected[f"gru.{layer}.w_hh.scale"] = (f32, (h3,))
            expected[f"gru.{layer}.b_ih"] = (f32, (h3,))
            expected[f"gru.{layer}.b_hh"] = (f32, (h3,))
        expected["out.w"] = (i8, (len(self.symbols), self.hidden))
        expected["out.w.scale"] = (f32, (len(self.symbols),))
        expected["out.b"] = (f32, (len(self.symbols),))
        return expected


def _pad(buffer: bytearray, multiple: int, base: int = 0) -> None:
    buffer.extend(b"\0" * (-(base + len(buffer)) % multiple))


def write_model(model: ModelFile) -> bytes:
    """Serialise `model`; tensors are written in `expected_tensors()` order and must match it."""
    expected = model.expected_tensors()
    if set(model.tensors) != set(expected):
        raise ModelFormatError(f"tensors {sorted(set(model.tensors) ^ set(expected))} missing or unexpected")
    if model.features.normalization.get("kind") != "fixed":
        raise ModelFormatError("feature parameters must carry the model's fixed normalisation")
    header = bytearray()
    block = model.features.to_bytes()
    header += struct.pack("<I", len(block)) + block
    _pad(header, 4)
    header += struct.pack("<7I", model.stack, model.stride, model.input_dim, model.hidden, model.layers,
                          len(model.symbols), len(expected))
    if model.encoder != "none":
        header += struct.pack("<2I", ENCODERS.index(model.encoder), model.encoder_dim)
    for symbol in model.symbols:
        encoded = symbol.encode("utf-8")
        header += struct.pack("<B", len(encoded)) + encoded
    _pad(header, ALIGNMENT, PREAMBLE_SIZE)

    arrays = []
    for name, (dtype, shape) in expected.items():
        array = np.ascontiguousarray(model.tensors[name])
        if array.dtype != dtype or array.shape != shape:
            raise ModelFormatError(f"tensor {name}: got {array.dtype}{list(array.shape)} expected {dtype}{list(shape)}")
        if dtype == DTYPES[2] and array.min(initial=0) < -127:
            raise ModelFormatError(f"tensor {name}: int8 weights must lie in [-127, 127]")
        arrays.append((name, array))
    directory_size = sum(1 + len(n) + 4 + 4 * a.ndim + 16 for n, a in arrays)
    data_start = PREAMBLE_SIZE + len(header) + directory_size
    data_start += -data_start % ALIGNMENT
    directory, data = bytearray(), bytearray()
    for name, array in arrays:
        offset = data_start + len(data)
        directory += struct.pack("<B", len(name)) + name.encode("ascii")
        directory += struct.pack("<BBH", DTYPE_CODES[array.dtype], array.ndim, 0)
        directory += struct.pack(f"<{array.ndim}I", *array.shape)
        directory += struct.pack("<QQ", offset, array.nbytes)
        data += array.astype(array.dtype.newbyteorder("<")).tobytes()
        _pad(data, ALIGNMENT)
    _pad(directory, ALIGNMENT, PREAMBLE_SIZE + len(header))
    payload = bytes(header + directory + data)
    version = VERSION if model.encoder == "none" else VERSION_ENCODER
    preamble = MAGIC + struct.pack("<IIQII", version, len(header), len(payload), zlib.crc32(payload), 0)
    return preamble + payload


class _Reader:
    def __init__(self, data: bytes, offset: int, end: int):
        self.data, self.offset, self.end = data, offset, end

    def take(self, fmt: str, field: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.offset + size > self.end:
            raise ModelFormatError(f"{field} at byte {self.offset} runs past the end of its section (byte {self.end})")
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return values

    def bytes(self, count: int, field: str) -> bytes:
        if self.offset + count > self.end:
            raise ModelFormatError(f"{field} at byte {self.offset} runs past the end of its section (byte {self.end})")
        value = self.data[self.offset:self.offset + count]
        self.offset += count
        return value


def read_model(data: bytes) -> ModelFile:
    """Parse and check a model file held in memory; raises `ModelFormatError` naming what is wrong."""
    if len(data) < PREAMBLE_SIZE:
        raise ModelFormatError(f"file is {len(data)} bytes, shorter than the {PREAMBLE_SIZE}-byte preamble")
    if data[:8] != MAGIC:
        raise ModelFormatError(f"bad magic {data[:8]!r}, expected {MAGIC!r} (not a hub acoustic model)")
    version, header_size, payload_size, crc, _ = struct.unpack_from("<IIQII", data, 8)
    if version not in (VERSION, VERSION_ENCODER):
        raise ModelFormatError(f"unsupported version {version}, this reader implements versions {VERSION} and "
                               f"{VERSION_ENCODER}")
    if len(data) != PREAMBLE_SIZE + payload_size:
        raise ModelFormatError(f"file is {len(data)} bytes, preamble announces {PREAMBLE_SIZE + payload_size} "
                               f"(truncated or padded)")
    actual_crc = zlib.crc32(data[PREAMBLE_SIZE:])
    if actual_crc != crc:
        raise ModelFormatError(f"bad checksum: payload crc32 {actual_crc:#010x}, preamble says {crc:#010x}")
    header_end = PREAMBLE_SIZE + header_size
    if header_end > len(data) or header_end % ALIGNMENT:
        raise ModelFormatError(f"header_size {header_size} is past the file end or not 64-aligned")

    reader = _Reader(data, PREAMBLE_SIZE, header_end)
    (block_size,) = reader.take("<I", "feature_block_size")
    try:
        features = FeatureParameters.from_bytes(reader.bytes(block_size, "feature parameters"))
    except ValueError as error:
        raise ModelFormatError(f"feature parameters: {error}") from error
    if features.normalization.get("kind") != "fixed":
        raise ModelFormatError("feature parameters carry no fixed normalisation (the model needs its mean/std)")
    reader.offset += -(reader.offset - PREAMBLE_SIZE) % 4
    stack, stride, input_dim, hidden, layers, num_symbols, tensor_count = reader.take("<7I", "model header")
    for name, value in (("stack", stack), ("stride", stride), ("hidden", hidden), ("layers", layers)):
        if value < 1:
            raise ModelFormatError(f"{name} is {value}, must be at least 1")
    if input_dim != stack * features.cepstral_coefficients:
        raise ModelFormatError(f"input_dim {input_dim} != stack {stack} × cepstral_coefficients "
                               f"{features.cepstral_coefficients}")
    if num_symbols < 2:
        raise ModelFormatError(f"num_symbols {num_symbols}: need the blank and at least one phoneme")
    encoder, encoder_dim = "none", 0
    if version == VERSION_ENCODER:
        code, encoder_dim = reader.take("<2I", "encoder")
        if not 0 < code < len(ENCODERS):
            raise ModelFormatError(f"encoder code {code}: this reader knows 1 (speech-embedding)")
        encoder = ENCODERS[code]
        from training.speech_embedding import check_geometry

        try:
            check_geometry(features.cepstral_coefficients, stack, stride, encoder_dim)
        except ValueError as error:
            raise ModelFormatError(f"encoder: {error}") from error
    symbols = []
    for index in range(num_symbols):
        (length,) = reader.take("<B", f"phoneme {index} length")
        try:
            symbols.append(reader.bytes(length, f"phoneme {index}").decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ModelFormatError(f"phoneme {index} is not UTF-8: {error}") from error
    if symbols[0] != "<blank>":
        raise ModelFormatError(f"phoneme 0 is {symbols[0]!r}, expected '<blank>'")
    if len(set(symbols)) != len(symbols):
        raise ModelFormatError("phoneme table has duplicate symbols")
    if any(data[reader.offset:header_end]):
        raise ModelFormatError("non-zero bytes in the header padding")

    model = ModelFile(features, stack, stride, hidden, layers, symbols, {}, encoder, encoder_dim)
    expected = model.expected_tensors()
    if tensor_count != len(expected):
        raise ModelFormatError(f"tensor_count {tensor_count}, expected {len(expected)} for {layers} GRU layers")
    reader = _Reader(data, header_end, len(data))
    end_of_data = header_end
    for index in range(tensor_count):
        (name_length,) = reader.take("<B", f"tensor {index} name length")
        name = reader.bytes(name_length, f"tensor {index} name").decode("ascii", errors="replace")
        if name not in expected:
            raise ModelFormatError(f"unknown tensor '{name}' (entry {index})")
        if name in model.tensors:
            raise ModelFormatError(f"tensor '{name}' appears twice")
        code, ndim, _ = reader.take("<BBH", f"tensor {name} type")
        if code not in DTYPES:
            raise ModelFormatError(f"tensor {name}: unknown dtype code {code}")
        shape = reader.take(f"<{ndim}I", f"tensor {name} shape")
        offset, size = reader.take("<QQ", f"tensor {name} location")
        dtype, want_shape = expected[name]
        if DTYPES[code] != dtype or tuple(shape) != want_shape:
            raise ModelFormatError(f"tensor {name}: got {DTYPES[code]}{list(shape)} expected {dtype}{list(want_shape)}")
        if size != int(np.prod(shape)) * dtype.itemsize:
            raise ModelFormatError(f"tensor {name}: byte size {size} does not match shape {list(shape)}")
        if offset % ALIGNMENT or offset < header_end or offset + size > len(data):
            raise ModelFormatError(f"tensor {name}: offset {offset} misaligned or outside the file "
                                   f"({len(data)} bytes)")
        array = np.frombuffer(data, dtype=dtype, count=int(np.prod(shape)), offset=offset).reshape(shape)
        if code == 2 and array.size and array.min() < -127:
            raise ModelFormatError(f"tensor {name}: int8 value -128 (weights lie in [-127, 127])")
        model.tensors[name] = array
        end_of_data = max(end_of_data, offset + size + (-(offset + size) % ALIGNMENT))
    missing = [n for n in expected if n not in model.tensors]
    if missing:
        raise ModelFormatError(f"missing tensor '{missing[0]}'")
    if end_of_data != len(data):
        raise ModelFormatError(f"{len(data) - end_of_data} unexpected bytes after the last tensor")
    return model


def from_torch(model, symbols: list[str]) -> ModelFile:
    """Quantize a trained `AcousticModel` (per-row int8 weights, format doc §3) into a `ModelFile`."""
    import torch

    from training.frontend import parameters
    from training.model import quantize_rows

    config = model.config
    tensors = {}

    def add_weight(name: str, weight: torch.Tensor) -> None:
        q, scale = quantize_rows(weight.detach().float())
        tensors[name] = q.numpy().astype(np.int8)
        tensors[name + ".scale"] = scale.numpy().astype(np.float32)

    with torch.no_grad():
        for layer in range(config.layers):
            w_ih, w_hh, b_ih, b_hh = model.gru_weights(layer)
            add_weight(f"gru.{layer}.w_ih", w_ih)
            add_weight(f"gru.{layer}.w_hh", w_hh)
            tensors[f"gru.{layer}.b_ih"] = b_ih.numpy().astype(np.float32)
            tensors[f"gru.{layer}.b_hh"] = b_hh.numpy().astype(np.float32)
        add_weight("out.w", model.out.weight)
        tensors["out.b"] = model.out.bias.numpy().astype(np.float32)
        features = parameters(model.mean.numpy(), model.std.numpy())
    if len(symbols) != config.num_symbols:
        raise ModelFormatError(f"{len(symbols)} symbols for a model with {config.num_symbols} outputs")
    return ModelFile(features, config.stack, config.stride, config.hidden, config.layers, list(symbols), tensors)


def dequantized_rows(tensors: dict[str, np.ndarray], name: str):
    """Tensor `name` as a float torch tensor: its int8 rows times their `name.scale` (what the runtime computes with)."""
    import torch

    return torch.tensor(tensors[name].astype(np.float32) * tensors[name + ".scale"][:, None])


def to_torch(file: ModelFile, dropout: float = 0.0):
    """The float `AcousticModel` whose export is `file`: every weight row is its int8 values times its
    scale, biases and normalisation as stored. `from_torch` of the result gives `file`'s tensors back, so a
    committed model can seed a fine-tune (`training.train --init MODEL.bin`) when its checkpoint is gone."""
    import torch

    from training.model import AcousticModel, ModelConfig

    if file.encoder != "none":
        raise ModelFormatError(f"a {file.encoder} model's head is trained by training.train_head, not training.train")
    normalization = file.features.normalization
    if normalization.get("kind") != "fixed":
        raise ModelFormatError(f"a model without fixed normalisation cannot be trained further: {normalization}")
    config = ModelConfig(n_ceps=file.features.cepstral_coefficients, stack=file.stack, stride=file.stride,
                         hidden=file.hidden, layers=file.layers, num_symbols=len(file.symbols), dropout=dropout)
    model = AcousticModel(config)
    t = file.tensors

    def weight(name: str) -> torch.Tensor:
        return dequantized_rows(t, name)

    with torch.no_grad():
        for layer in range(file.layers):
            w_ih, w_hh, b_ih, b_hh = model.gru_weights(layer)
            w_ih.copy_(weight(f"gru.{layer}.w_ih"))
            w_hh.copy_(weight(f"gru.{layer}.w_hh"))
            b_ih.copy_(torch.tensor(t[f"gru.{layer}.b_ih"]))
            b_hh.copy_(torch.tensor(t[f"gru.{layer}.b_hh"]))
        model.out.weight.copy_(weight("out.w"))
        model.out.bias.copy_(torch.tensor(t["out.b"]))
        model.set_normalisation(torch.tensor(normalization["mean"]), torch.tensor(normalization["std"]))
    return model


def main(argv: list[str] | None = None) -> None:
    from training.train import load_checkpoint

    parser = argparse.ArgumentParser(description="Export a training checkpoint as an int8 model file.")
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    model, symbols = load_checkpoint(args.checkpoint)
    data = write_model(from_torch(model, symbols))
    read_model(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
