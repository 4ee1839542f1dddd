"""The head's training state: a stopped run resumes where it left off; a committed model file seeds a fine-tune."""
import random
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from training.train_head import load_state, save_state  # noqa: E402


def parts(seed: int):
    torch.manual_seed(seed)
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-2, total_steps=10)
    return model, optimizer, schedule


def test_resume_restores_weights_schedule_and_generators(tmp_path):
    model, optimizer, schedule = parts(0)
    model(torch.ones(1, 3)).sum().backward()
    optimizer.step()
    schedule.step()
    rng = random.Random(7)
    rng.random()
    save_state(tmp_path / "head.pt", model, optimizer, schedule, 2, [{"epoch": 3}], rng)
    assert [p.name for p in tmp_path.iterdir()] == ["head.pt"]
    expected_draw, expected_noise = rng.random(), torch.rand(1)

    fresh, fresh_optimizer, fresh_schedule = parts(1)
    first, report, restored = load_state(tmp_path / "head.pt", fresh, fresh_optimizer, fresh_schedule)
    assert (first, report) == (3, [{"epoch": 3}])
    assert restored.random() == expected_draw
    assert torch.equal(torch.rand(1), expected_noise)
    assert torch.equal(fresh.weight, model.weight)
    assert fresh_schedule.get_last_lr() == schedule.get_last_lr()


def test_a_committed_model_file_seeds_a_fine_tune_that_exports_it_back():
    import numpy as np

    from training.export import read_model
    from training.train_head import from_model_file, to_model_file

    path = Path(__file__).resolve().parents[2] / "models" / "hub-am-v32.bin"
    file = read_model(path.read_bytes())
    head, weights = from_model_file(file)
    again = to_model_file(head, weights, file.symbols)
    assert again.tensors.keys() == file.tensors.keys()
    for name, tensor in file.tensors.items():
        if tensor.dtype == np.int8:
            assert np.array_equal(again.tensors[name], tensor), name
        else:
            np.testing.assert_allclose(again.tensors[name], tensor, rtol=1e-6, err_msg=name)


def test_init_from_a_model_file_refuses_an_embedding_the_tap_cache_was_not_computed_with():
    import numpy as np

    from training.train_head import check_frozen_layers

    weights = {"enc.3.w": np.ones((2, 2), np.int8), "enc.3.b": np.zeros(2, np.float32)}
    changed = {**weights, "enc.3.b": np.ones(2, np.float32)}
    check_frozen_layers(changed, weights, 3, "m.bin")  # layer 3 is tuned: may differ
    with pytest.raises(ValueError, match="m.bin: embedding layer 3 differs"):
        check_frozen_layers(changed, weights, 4, "m.bin")
