"""The head's training state: a stopped run resumes where it left off."""
import random

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
