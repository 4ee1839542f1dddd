"""Model soup: the average of exported models fine-tuned from one parent."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training import soup  # noqa: E402
from training.export import from_torch, read_model, to_torch, write_model  # noqa: E402
from training.phonemes import Inventory  # noqa: E402
from training.tests.test_export import trained_like_model  # noqa: E402


def exported(model) -> "soup.ModelFile":
    return read_model(write_model(from_torch(model, list(Inventory.load().symbols))))


def sibling(parent, seed: int):
    """`parent` fine-tuned, as far as averaging cares: the same front end, weights nudged."""
    child = to_torch(exported(parent))
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, value in child.named_parameters():
            value.add_(torch.randn_like(value) * 0.05)
    return exported(child)


def test_soup_of_one_model_twice_is_that_model():
    file = exported(trained_like_model())
    again = exported(soup.average([file, file]))
    for name, tensor in file.tensors.items():
        assert np.array_equal(again.tensors[name], tensor), name


def test_soup_is_the_mean_of_the_dequantised_weights():
    parent = trained_like_model()
    a, b = sibling(parent, 1), sibling(parent, 2)
    mixed = soup.average([a, b]).state_dict()
    for name, value in to_torch(a).state_dict().items():
        expected = (value + to_torch(b).state_dict()[name]) / 2
        assert torch.allclose(mixed[name], expected, atol=1e-6), name
    assert not torch.equal(mixed["gru.weight_ih_l0"], to_torch(a).state_dict()["gru.weight_ih_l0"])


def test_models_with_another_front_end_or_shape_are_refused():
    a = exported(trained_like_model(seed=0))
    stranger = exported(trained_like_model(seed=1))  # other normalisation: not the same parent
    with pytest.raises(soup.SoupError, match="input 2 has another features"):
        soup.average([a, stranger])
    with pytest.raises(soup.SoupError, match="another hidden"):
        soup.average([a, exported(trained_like_model(hidden=16))])
    with pytest.raises(soup.SoupError):
        soup.average([])


def test_command_writes_a_loadable_model(tmp_path):
    parent = trained_like_model()
    paths = []
    for seed in (1, 2):
        path = tmp_path / f"m{seed}.bin"
        path.write_bytes(write_model(sibling(parent, seed)))
        paths.append(path)
    out = tmp_path / "soup.bin"
    assert soup.main([*map(str, paths), "--out", str(out), "--cache", str(tmp_path / "no-cache")]) == 0
    assert read_model(out.read_bytes()).hidden == 24
