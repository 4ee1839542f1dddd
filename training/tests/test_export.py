"""Export from torch: the int8 kernel on an exported file equals the torch fake-quant forward."""
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training import int8_kernel  # noqa: E402
from training.export import ModelFormatError, from_torch, read_model, to_torch, write_model  # noqa: E402
from training.model import AcousticModel, ModelConfig  # noqa: E402
from training.phonemes import Inventory  # noqa: E402


def trained_like_model(seed=0, hidden=24, layers=2) -> AcousticModel:
    torch.manual_seed(seed)
    symbols = Inventory.load().symbols
    model = AcousticModel(ModelConfig(hidden=hidden, layers=layers, num_symbols=len(symbols), dropout=0.0))
    model.set_normalisation(torch.randn(40) * 3, torch.rand(40) * 3 + 0.5)
    return model.eval()


@pytest.mark.parametrize("hidden,layers", [(24, 2), (16, 1), (8, 3)])
def test_kernel_matches_torch_fake_quant(hidden, layers):
    """Export → read → numpy int8 kernel agrees with the model's own fake-quant forward.

    Tolerance: torch evaluates σ/tanh in float32, the kernel in float64 rounded to float32; the
    1-ulp differences (measured: ≤ 1.2e-7 on 300 frames) could in principle move one rint() by one
    unit, so the bound is 1e-5 rather than bit equality."""
    model = trained_like_model(hidden=hidden, layers=layers)
    symbols = list(Inventory.load().symbols)
    file = read_model(write_model(from_torch(model, symbols)))
    raw = np.random.default_rng(1).normal(0, 4, size=(61, 40)).astype(np.float32)
    from training.model import stack_frames
    with torch.no_grad():
        expected = model.forward_int8(stack_frames(torch.from_numpy(raw)[None], 3, 3))[0].numpy()
        floating = model(stack_frames(torch.from_numpy(raw)[None], 3, 3))[0].numpy()
    mean = np.array(file.features.normalization["mean"], dtype=np.float32)
    std = np.array(file.features.normalization["std"], dtype=np.float32)
    actual = int8_kernel.forward(file, (raw - mean) / std)
    assert actual.shape == expected.shape == (20, len(symbols))
    assert np.abs(actual - expected).max() < 1e-5
    # and int8 stays close to float (random weights: a loose sanity bound, the PER is measured in training)
    assert np.abs(actual - floating).max() < 0.1 * np.abs(floating).max() + 0.05



@pytest.mark.parametrize("hidden,layers", [(24, 2), (8, 3)])
def test_dequantised_model_exports_to_the_same_file(hidden, layers):
    """to_torch is the inverse of the export: a committed model can seed a fine-tune without its checkpoint."""
    symbols = list(Inventory.load().symbols)
    file = read_model(write_model(from_torch(trained_like_model(hidden=hidden, layers=layers), symbols)))
    assert to_torch(file).config == ModelConfig(hidden=hidden, layers=layers, num_symbols=len(symbols), dropout=0.0)
    check_round_trip(file)


def test_the_committed_models_dequantise_to_what_they_were_exported_from():
    """Every committed MFCC model (format 1) can seed a fine-tune; a speech-embedding model is refused by name."""
    committed = [read_model(p.read_bytes()) for p in sorted((Path(__file__).resolve().parents[2] / "models").glob("*.bin"))]
    assert any(file.encoder == "none" for file in committed)
    for file in committed:
        if file.encoder == "none":
            check_round_trip(file)
        else:
            with pytest.raises(ModelFormatError, match="speech-embedding"):
                to_torch(file)


def check_round_trip(file):
    again = from_torch(to_torch(file), list(file.symbols))
    assert again.features == file.features
    assert set(again.tensors) == set(file.tensors)
    for name, tensor in file.tensors.items():
        assert np.array_equal(again.tensors[name], tensor), name
