"""The embedding's upper layers as a trainable module: on the cached activations below them they give
the embedding the whole network gives, and untrained they export the very weights they started from."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training import embedding_features, embedding_tuning, speech_embedding  # noqa: E402
from training.speech_embedding import LAYERS  # noqa: E402
from training.train_head import PhonemeHead, TunedHead, load_items, output_lengths  # noqa: E402


def random_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Float weights of the embedding's shapes, scaled so that activations keep their size through 20 layers."""
    rng = np.random.default_rng(seed)
    weights = {}
    for index, ((kt, kf), (cin, cout), _) in enumerate(LAYERS):
        weights[f"enc.{index}.w"] = rng.normal(0, 1.5 / np.sqrt(cin * kt * kf), (cout, cin, kt, kf)).astype(np.float32)
        weights[f"enc.{index}.b"] = rng.normal(0, 0.1, cout).astype(np.float32)
    return speech_embedding.dequantized(speech_embedding.quantize_weights(weights))


@pytest.mark.parametrize("first", [11, 15, 18])
def test_upper_layers_on_the_tap_give_the_embedding(first):
    weights = random_weights()
    frames = torch.from_numpy(np.random.default_rng(1).normal(0, 1, (230, 32)).astype(np.float32))
    expected = speech_embedding.embed_frames(frames, weights, 2)
    u = embedding_tuning.tap_frames(frames, weights, first)
    with torch.no_grad():
        out = embedding_tuning.UpperLayers(weights, first)(u[None])[0]
    assert len(out) == len(u) - embedding_tuning.UpperLayers.shrink(first)
    assert len(expected) - 1 <= len(out) <= len(expected)
    assert float(expected.abs().max()) > 0.1
    np.testing.assert_allclose(out.numpy(), expected[: len(out)].numpy(), atol=1e-4)


def test_too_short_an_input_gives_an_empty_tap_of_the_right_shape():
    frames = torch.zeros((20, 32))
    assert embedding_tuning.tap_frames(frames, random_weights(), 15).shape == (0, 96, 2)


def test_tuning_must_start_where_the_stride_is_four_frames():
    with pytest.raises(ValueError, match="from 11 to 18"):
        embedding_tuning.UpperLayers(random_weights(), 19)


def test_untrained_upper_layers_export_the_weights_they_started_from():
    stored = speech_embedding.quantize_weights(random_weights())
    upper = embedding_tuning.UpperLayers(speech_embedding.dequantized(stored), 15)
    exported = embedding_tuning.tuned_weights(stored, upper)
    assert set(exported) == set(stored)
    for name, array in stored.items():
        np.testing.assert_array_equal(exported[name], array)
    with torch.no_grad():
        upper.convs[-1].weight.mul_(2)
    np.testing.assert_array_equal(embedding_tuning.tuned_weights(stored, upper)["enc.19.w.scale"],
                                  2 * stored["enc.19.w.scale"])


def test_tuned_head_reads_the_tap_cache_and_counts_its_output_steps(tmp_path):
    folder = embedding_features.features_dir(tmp_path, 15)
    folder.mkdir()
    sequence = np.ones((40, 96, 2), np.float16)
    embedding_features.save(folder / "v3-0000001.npz", labels=np.array([3, 4], np.int16), split="train",
                            kind="command", clean=sequence, aug1=sequence[:30])
    train, dev = load_items(tmp_path, tune_from=15)
    assert (len(train), len(dev)) == (2, 0)
    assert train[0][0].shape == (40, 96, 2)
    upper = embedding_tuning.UpperLayers(random_weights(), 15)
    model = TunedHead(upper, PhonemeHead(torch.zeros(96), torch.ones(96), 8, 1, 5))
    x = torch.nn.utils.rnn.pad_sequence([t for t, _ in train], batch_first=True).float()
    assert model(x).shape == (2, 40 - 18, 5)
    assert output_lengths(model, [t for t, _ in train]).tolist() == [22, 12]
