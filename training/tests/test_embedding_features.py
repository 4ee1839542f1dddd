"""Voice-transformed copies in the embedding cache: seeded per copy (so adding copies later changes none
already stored), train rows only, and read by the head's training only when asked for."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
scipy = pytest.importorskip("scipy")

from training import embedding_features, speech_embedding  # noqa: E402
from training.train_head import load_items  # noqa: E402


class NoisyCopy:
    """Stands in for the waveform augmenter: adds one draw of its generator."""

    def __call__(self, audio, rng):
        return audio + np.float32(rng.random())


@pytest.fixture
def first_samples(monkeypatch):
    """An encoder (`embedding_features.encoder`) whose embedding is the first four samples."""
    monkeypatch.setattr(speech_embedding, "embed", lambda audio, weights, hop, rng: audio[None, :4].copy())
    return embedding_features.encoder({})


def test_voice_copies_are_seeded_per_copy(first_samples):
    audio = np.zeros(16, np.float32)
    row = {"id": "v3-0000001", "split": "train"}
    both = embedding_features.copy_features(audio, row, first_samples, NoisyCopy(), "voice", [1, 2])
    assert sorted(both) == ["voice1", "voice2"]
    assert not np.array_equal(both["voice1"], both["voice2"])
    later = embedding_features.copy_features(audio, row, first_samples, NoisyCopy(), "voice", [2])
    np.testing.assert_array_equal(later["voice2"], both["voice2"])
    assert embedding_features.copy_features(audio, {"id": "v3-0000002", "split": "dev"}, first_samples, NoisyCopy(), "voice", [1]) == {}
    channel = embedding_features.copy_features(audio, row, first_samples, NoisyCopy(), "channel", [1])
    assert sorted(channel) == ["channel1"]
    assert not np.array_equal(channel["channel1"], both["voice1"])  # seeded by the family too
    edge = embedding_features.copy_features(audio, row, first_samples, NoisyCopy(), "edge", [1])
    assert sorted(edge) == ["edge1"]
    assert not np.array_equal(edge["edge1"], channel["channel1"])


def test_load_items_takes_voice_channel_and_edge_copies_only_when_asked(tmp_path):
    folder = embedding_features.features_dir(tmp_path)
    folder.mkdir()
    sequence = np.ones((5, 96), np.float16)
    embedding_features.save(folder / "v3-0000001.npz", labels=np.array([3, 4], np.int16), split="train",
                            kind="command", clean=sequence, aug1=sequence, voice1=sequence, channel1=sequence,
                            edge1=sequence)
    embedding_features.save(folder / "v3-0000002.npz", labels=np.array([5], np.int16), split="dev",
                            kind="command", clean=sequence)
    train, dev = load_items(tmp_path)
    assert (len(train), len(dev)) == (2, 1)
    train, dev = load_items(tmp_path, voice_copies=1)
    assert (len(train), len(dev)) == (3, 1)
    train, dev = load_items(tmp_path, voice_copies=1, channel_copies=1)
    assert (len(train), len(dev)) == (4, 1)
    train, dev = load_items(tmp_path, voice_copies=1, channel_copies=1, edge_copies=1)
    assert (len(train), len(dev)) == (5, 1)
    assert not list(folder.glob("*.partial.npz"))
