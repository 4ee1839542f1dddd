"""Dataset, augmentation and the training command, on a small synthetic cache (no TTS needed)."""
import json
import os
from pathlib import Path

import numpy as np
import pytest

sf = pytest.importorskip("soundfile")
torch = pytest.importorskip("torch")
signal = pytest.importorskip("scipy.signal")

from training import augment, dataset, frontend  # noqa: E402
from training.export import read_model  # noqa: E402
from training.phonemes import Inventory  # noqa: E402
from training.train import edit_distance, greedy_decode, main, phoneme_error_rate  # noqa: E402

TEXTS = ["turn on the light", "turn off the fan", "open the door", "set the heat to five", "lock the door",
         "dim the lamp", "close the blinds", "start the radio"]


def write_cache(root: Path, train: int = 12, dev: int = 4) -> Path:
    """A cache like the generator's: WAVs of tones and noise (1.2–2 s) with command texts."""
    rng = np.random.default_rng(0)
    rows = []
    for i in range(train + dev):
        split = "train" if i < train else "dev"
        seconds = rng.uniform(1.2, 2.0)
        t = np.arange(int(seconds * 16000)) / 16000
        audio = 0.3 * np.sin(2 * np.pi * rng.uniform(150, 400) * t) + 0.02 * rng.standard_normal(len(t))
        relative = f"audio/t/{i:03d}.wav"
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        sf.write(root / relative, audio.astype(np.float32), 16000, subtype="PCM_16")
        rows.append({"id": f"t-{i:03d}", "path": relative, "text": TEXTS[i % len(TEXTS)], "kind": "command",
                     "engine": "kokoro", "voice": f"{split}_voice_{i % 3}", "speed": 1.0, "split": split,
                     "duration": round(len(t) / 16000, 3)})
    rows.append(dict(rows[0], id="t-missing", path="audio/t/missing.wav"))
    rows.append(dict(rows[0], id="t-leak", voice="dev_voice_0", split="train"))
    with open(root / "manifest.jsonl", "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
        f.write('{"id": "torn", "pa')  # a generator killed mid-write
    return root


@pytest.fixture
def cache(tmp_path):
    return write_cache(tmp_path / "cache")


def test_load_utterances_splits_by_voice_and_counts_skips(cache):
    train, dev, counts = dataset.load_utterances(cache, Inventory.load())
    assert len(train) == 12 and len(dev) == 4
    assert counts["skipped: audio missing"] == 1
    assert counts["skipped: train row spoken by a dev voice"] == 1
    assert not {u.voice for u in train} & {u.voice for u in dev}
    inventory = Inventory.load()
    assert [inventory.symbols[i] for i in train[0].labels[:3]] == ["t", "3:", "n"]


def test_feasibility_rejects_labels_longer_than_frames():
    assert dataset.feasible((1, 2, 3), 1.0, 3)
    assert not dataset.feasible(tuple(range(40)), 1.0, 3)  # 40 phonemes in 30 frames of 30 ms
    assert not dataset.feasible((1, 1, 1) * 10, 0.9, 3)  # repeats need a blank between them


def test_feature_cache_reuses_and_rekeys_on_new_audio(cache):
    train, _, _ = dataset.load_utterances(cache, Inventory.load())
    features = dataset.FeatureCache(cache, frontend.parameters())
    first = features.get(train[0])
    assert first.dtype == np.float32 and first.shape[1] == 40
    assert len(list(features.directory.iterdir())) == 1
    np.testing.assert_array_equal(features.get(train[0]), first)
    sf.write(train[0].path, np.zeros(16000, dtype=np.float32), 16000)
    os.utime(train[0].path, ns=(1, 1))
    assert features.get(train[0]).shape[0] != first.shape[0]
    assert len(list(features.directory.iterdir())) == 2


def test_dataset_and_collate(cache):
    train, _, _ = dataset.load_utterances(cache, Inventory.load())
    features = dataset.FeatureCache(cache, frontend.parameters())
    items = dataset.CTCDataset(train[:3], features, augment.WaveAugmenter(augment.load_noises()),
                               augment.FeatureAugmenter(frontend.parameters()), p_wave=1.0)
    assert not torch.equal(items[0][0][:50], torch.from_numpy(features.get(train[0]))[:50])
    padded, lengths, labels, label_lengths = dataset.collate([items[i] for i in range(3)])
    assert padded.shape == (3, int(lengths.max()), 40)
    assert labels.shape[0] == int(label_lengths.sum())
    sampler = dataset.BucketSampler(train, 4)
    assert sorted(i for batch in sampler for i in batch) == list(range(len(train)))


def test_background_items_are_noise_alone_with_no_labels(cache):
    train, _, _ = dataset.load_utterances(cache, Inventory.load())
    features = dataset.FeatureCache(cache, frontend.parameters())
    items = dataset.CTCDataset(train[:2], features, augment.WaveAugmenter(augment.load_noises()), p_background=1.0)
    ceps, labels = items[0]
    assert labels.numel() == 0
    assert abs(len(ceps) - len(features.get(train[0]))) <= 60  # as long as the utterance (padding aside)
    padded, lengths, flat, label_lengths = dataset.collate([items[0], items[1]])
    loss = torch.nn.CTCLoss(blank=0, reduction="mean", zero_infinity=True)(
        torch.randn(int(lengths.max()), 2, 50).log_softmax(-1), flat, lengths, label_lengths)
    assert torch.isfinite(loss)


def test_background_noise_level_and_length():
    chain = augment.WaveAugmenter(augment.load_noises())
    levels = []
    for seed in range(40):
        x = chain.background(1.5, np.random.default_rng(seed))
        assert x.dtype == np.float32 and len(x) >= 24000 - 1 and np.abs(x).max() <= 1.0
        levels.append(10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-20))
    assert -75 < min(levels) < max(levels) < -10 and max(levels) - min(levels) > 20


def test_normalisation_stats_standardise(cache):
    train, _, _ = dataset.load_utterances(cache, Inventory.load())
    features = dataset.FeatureCache(cache, frontend.parameters())
    mean, std = dataset.normalisation_stats(train, features)
    frames = np.concatenate([(features.get(u) - mean) / std for u in train])
    assert np.abs(frames.mean(axis=0)).max() < 1e-3 and np.abs(frames.std(axis=0) - 1).max() < 1e-2


# MARK: - augmentation

def test_noise_mixed_at_requested_snr():
    rng = np.random.default_rng(0)
    speech = (0.1 * rng.standard_normal(16000)).astype(np.float32)
    noise = (0.5 * rng.standard_normal(20000)).astype(np.float32)
    mixed = augment.add_noise(speech, noise, 10.0, rng)
    snr = 10 * np.log10(np.mean(speech ** 2) / np.mean((mixed - speech) ** 2))
    assert abs(snr - 10.0) < 0.05


def test_chain_draws_noise_within_its_snr_range():
    rng = np.random.default_rng(1)
    speech = (0.1 * rng.standard_normal(16000)).astype(np.float32)
    noise = (0.01 * rng.standard_normal(20000)).astype(np.float32)
    chain = augment.WaveAugmenter([noise], p_speed=0, p_gain=0, p_trim=0, p_padding=0, p_reverb=0, p_noise=1,
                                  snr_db=(4.0, 6.0), p_band=0, p_telephone=0)
    for seed in range(10):
        mixed = chain(speech, np.random.default_rng(seed))
        snr = 10 * np.log10(np.mean(speech ** 2) / np.mean((mixed - speech) ** 2))
        assert 3.95 < snr < 6.05


def test_noise_files_exclude_unusable():
    noises = augment.load_noises()
    assert len(noises) >= 10
    assert all(len(n) >= 16000 and np.abs(n).max() > 0 for n in noises)


def test_speed_perturbation_changes_length():
    x = np.random.default_rng(0).standard_normal(16000).astype(np.float32)
    assert abs(len(augment.speed_perturb(x, 1.1)) - 16000 / 1.1) <= 1
    assert abs(len(augment.speed_perturb(x, 0.9)) - 16000 / 0.9) <= 1


def test_peaking_section_has_its_gain_at_the_centre_and_none_far_away():
    frequencies, response = signal.sosfreqz(augment.peaking_sos(1000, 9.0, 2.0), worN=[50, 1000, 7000], fs=augment.SAMPLE_RATE)
    gains = 20 * np.log10(np.abs(response))
    assert gains[1] == pytest.approx(9.0, abs=0.01)
    assert abs(gains[0]) < 0.5 and abs(gains[2]) < 0.5


def test_mic_colour_keeps_length_and_changes_the_spectrum_per_seed():
    x = np.random.default_rng(0).normal(0, 0.1, 16000).astype(np.float32)
    a = augment.mic_colour(x, np.random.default_rng(1))
    b = augment.mic_colour(x, np.random.default_rng(2))
    assert a.dtype == np.float32 and len(a) == len(x)
    spectra = [np.abs(np.fft.rfft(y)) for y in (x, a, b)]
    bands = [np.log(s[:8000].reshape(40, 200).mean(axis=1)) for s in spectra]
    assert np.max(np.abs(bands[1] - bands[0])) > np.log(10 ** (3 / 20))  # some band moved by 3 dB or more
    assert not np.allclose(bands[1], bands[2])


def test_band_limit_removes_high_frequencies():
    t = np.arange(16000) / 16000
    x = (np.sin(2 * np.pi * 500 * t) + np.sin(2 * np.pi * 6500 * t)).astype(np.float32)
    y = augment.band_limit(x, 3000, None)
    spectrum = np.abs(np.fft.rfft(y[4000:]))
    freqs = np.fft.rfftfreq(12000, 1 / 16000)
    assert spectrum[np.argmin(np.abs(freqs - 6500))] < 0.01 * spectrum[np.argmin(np.abs(freqs - 500))]


@pytest.mark.parametrize("method", augment.RESAMPLERS)
def test_telephone_rate_keeps_length_and_empties_the_band_above_4_khz(method):
    if method != "polyphase":
        pytest.importorskip("samplerate")
    t = np.arange(16000) / 16000
    x = (np.sin(2 * np.pi * 500 * t) + np.sin(2 * np.pi * 5000 * t)).astype(np.float32)
    y = augment.telephone_rate(x, method)
    spectrum = np.abs(np.fft.rfft(y[2000:14000]))
    freqs = np.fft.rfftfreq(12000, 1 / 16000)
    assert len(y) == len(x) and y.dtype == np.float32
    assert spectrum[np.argmin(np.abs(freqs - 5000))] < 1e-3 * spectrum[np.argmin(np.abs(freqs - 500))]
    # the 500 Hz tone comes back in place (no delay between the converters)
    np.testing.assert_allclose(y[4000:12000], np.sin(2 * np.pi * 500 * t[4000:12000]), atol=0.05)


def test_noise_suppressor_gates_the_floor_and_keeps_the_tone():
    rng = np.random.default_rng(0)
    t = np.arange(32000) / 16000
    tone = (0.3 * np.sin(2 * np.pi * 440 * t) * (t > 1.0)).astype(np.float32)
    x = tone + (0.01 * rng.standard_normal(len(t))).astype(np.float32)
    y = augment.noise_suppress(x, 2.0, -25.0)
    assert len(y) == len(x) and y.dtype == np.float32
    quiet = slice(2000, 14000)  # noise alone: more than 6 dB down (musical noise is what stays)
    assert np.sqrt(np.mean(y[quiet] ** 2)) < 0.5 * np.sqrt(np.mean(x[quiet] ** 2))
    loud = slice(20000, 30000)  # the tone passes
    np.testing.assert_allclose(np.sqrt(np.mean(y[loud] ** 2)), np.sqrt(np.mean(x[loud] ** 2)), rtol=0.05)
    assert np.array_equal(augment.noise_suppress(x[:100], 2.0, -25.0), x[:100])


@pytest.mark.parametrize("codec", augment.CODECS, ids=lambda codec: codec[1])
def test_codec_round_trip_keeps_length_place_and_most_of_the_signal(codec):
    t = np.arange(16000) / 16000
    x = (0.3 * np.sin(2 * np.pi * 440 * t) * (t > 0.5)).astype(np.float32)
    for level in (0.4, 1.0):
        y = augment.codec_round_trip(x, codec, level)
        assert len(y) == len(x) and y.dtype == np.float32
        assert np.argmax(np.abs(y) > 0.05) in range(7950, 8100)  # no delay from the codec
        assert np.sqrt(np.mean((y - x) ** 2)) < 0.1 * np.sqrt(np.mean(x ** 2))


def test_trim_silence_cuts_to_a_short_margin_around_the_sound():
    rng = np.random.default_rng(0)
    tone = (0.5 * np.sin(np.arange(8000) / 5)).astype(np.float32)
    x = np.concatenate([np.zeros(16000, np.float32), tone, np.zeros(16000, np.float32)])
    y = augment.trim_silence(x, rng)
    assert 8000 <= len(y) <= 8000 + 2 * 800 + 320
    assert np.abs(y).max() == np.abs(tone).max()


def test_a_cut_floor_loses_the_faint_edge_sounds_that_the_default_trim_keeps():
    """A loud vowel between two faint 'fricatives' (27 dB down): the default trim (-35 dB) keeps them, a cut
    at -12…-25 dB (the edge copies) drops them."""
    rng = np.random.default_rng(0)
    vowel = (0.5 * np.sin(np.arange(4000) / 5)).astype(np.float32)
    faint = (0.016 * rng.standard_normal(1600)).astype(np.float32)
    x = np.concatenate([np.zeros(4000, np.float32), faint, vowel, faint, np.zeros(4000, np.float32)])
    plain = dict(p_speed=0, p_gain=0, p_trim=1, p_padding=0, p_reverb=0, p_noise=0, p_band=0, p_telephone=0)
    kept = augment.WaveAugmenter([], **plain)(x, np.random.default_rng(1))
    cut = augment.WaveAugmenter([], cut_floor_db=(-25.0, -12.0), **plain)(x, np.random.default_rng(1))
    assert len(kept) >= 4000 + 2 * 1600
    assert 4000 <= len(cut) <= 4000 + 2 * 320


def test_loud_span_finds_the_sound_at_any_rate_and_nothing_in_silence():
    tone = (0.5 * np.sin(np.arange(4000) / 5)).astype(np.float32)
    x = np.concatenate([np.zeros(8000, np.float32), tone, np.zeros(4000, np.float32)])
    assert augment.loud_span(x, 8000, -30.0) == (8000, 12000)
    assert augment.loud_span(np.zeros(16000, np.float32), 16000, -30.0) is None
    assert augment.loud_span(tone[:100], 16000, -30.0) is None


def test_rir_decays_and_reverb_keeps_energy():
    rng = np.random.default_rng(0)
    rir = augment.synthetic_rir(rng, 0.5)
    assert rir[0] == 1.0 and len(rir) == 8000
    assert np.abs(rir[6000:]).max() < np.abs(rir[100:2000]).max() * 0.1
    x = rng.standard_normal(16000).astype(np.float32)
    y = augment.reverberate(x, rir)
    assert len(y) == len(x) and abs(np.sum(y ** 2) / np.sum(x ** 2) - 1) < 1e-3


def vowel(f0: float, seconds: float = 0.6) -> np.ndarray:
    """A pulse train at `f0` through one resonance at 700 Hz: a crude sustained vowel."""
    n = int(seconds * augment.SAMPLE_RATE)
    pulses = np.zeros(n)
    pulses[:: int(augment.SAMPLE_RATE / f0)] = 1.0
    r, theta = 0.97, 2 * np.pi * 700 / augment.SAMPLE_RATE
    return (0.1 * signal.lfilter([1.0], [1.0, -2 * r * np.cos(theta), r * r], pulses)).astype(np.float32)


def median_f0(x: np.ndarray) -> float:
    pyworld = pytest.importorskip("pyworld")
    f0, _ = pyworld.dio(x.astype(np.float64), augment.SAMPLE_RATE, frame_period=augment.WORLD_FRAME_MS)
    return float(np.median(f0[f0 > 0]))


@pytest.mark.parametrize("scale", [0.7, 1.5])
def test_voice_transform_moves_pitch_and_keeps_length_and_level(scale):
    pytest.importorskip("pyworld")
    x = vowel(120.0)
    y = augment.voice_transform(x, scale, 1.05)
    assert len(y) == len(x) and y.dtype == np.float32
    assert abs(np.sqrt(np.mean(y ** 2)) / np.sqrt(np.mean(x ** 2)) - 1) < 1e-3
    assert abs(median_f0(y) / median_f0(x) - scale) < 0.08
    silence = np.zeros(800, dtype=np.float32)
    assert np.array_equal(augment.voice_transform(silence, scale, 1.0), silence)


def test_wave_chain_keeps_range_and_adds_padding():
    rng = np.random.default_rng(0)
    chain = augment.WaveAugmenter(augment.load_noises(), p_speed=1, p_gain=1, p_trim=0, p_padding=1, p_reverb=1,
                                  p_noise=1, p_band=1, p_telephone=0, p_suppress=1, p_codec=1)
    x = (0.5 * np.sin(np.arange(16000) / 5)).astype(np.float32)
    y = chain(x, rng)
    assert y.dtype == np.float32 and np.abs(y).max() <= 1.0 and len(y) > 16000 / 1.1


def test_feature_augmenter_identity_without_effects_and_masks_fill_rows():
    params = frontend.parameters()
    ceps = frontend.compute(np.random.default_rng(0).standard_normal(16000).astype(np.float32), params)
    rng = np.random.default_rng(0)
    plain = augment.FeatureAugmenter(params, p_vtlp=0, p_eq=0, freq_masks=0, time_masks=0)
    np.testing.assert_allclose(plain(ceps, rng), ceps, atol=1e-3)
    masked = augment.FeatureAugmenter(params, p_vtlp=0, p_eq=0, freq_masks=0, time_masks=1, max_time=10)(ceps, rng)
    changed = np.where(np.abs(masked - ceps).max(axis=1) > 1e-3)[0]
    assert len(changed) <= 10
    if len(changed) > 1:
        np.testing.assert_allclose(masked[changed[0]], masked[changed[-1]], atol=1e-4)


def test_channel_curve_is_smooth_bounded_and_the_same_for_every_frame():
    params = frontend.parameters()
    ceps = frontend.compute(np.random.default_rng(1).standard_normal(16000).astype(np.float32), params)
    eq = augment.FeatureAugmenter(params, p_vtlp=0, p_eq=1, max_eq_db=8, freq_masks=0, time_masks=0)
    curve = eq.channel_curve(params.mel_bands, np.random.default_rng(2))
    assert np.abs(curve).max() <= 8 * np.log(10) / 10 + 1e-6
    assert np.abs(np.diff(curve)).max() < 0.2  # smooth across neighbouring bands
    shifted = eq(ceps, np.random.default_rng(3)) @ eq.dct - ceps @ eq.dct  # back to log-mel
    np.testing.assert_allclose(shifted, np.broadcast_to(shifted[0], shifted.shape), atol=1e-3)
    assert np.abs(shifted[0]).max() > 1e-3


# MARK: - scoring and the training command

def test_greedy_decode_and_per():
    logits = torch.full((6, 4), -9.0)
    for t, s in enumerate([1, 1, 0, 1, 2, 0]):
        logits[t, s] = 0
    assert greedy_decode(logits, 6) == [1, 1, 2]
    assert greedy_decode(logits, 2) == [1]
    assert edit_distance([1, 2, 3], [1, 3]) == 1 and edit_distance([], [4, 5]) == 2
    assert phoneme_error_rate([[1, 2], [3]], [[1, 2, 3], [3]]) == 0.25


def test_train_command_end_to_end_and_resume(cache, tmp_path):
    out, runs = tmp_path / "models", tmp_path / "runs"
    arguments = ["--cache", str(cache), "--out", str(out), "--runs", str(runs), "--name", "tiny", "--epochs", "1",
                 "--qat-epochs", "1", "--hidden", "8", "--batch-size", "4", "--workers", "0"]
    assert main(arguments) == 0
    data = (out / "tiny.bin").read_bytes()
    model = read_model(data)
    assert model.hidden == 8 and model.symbols == list(Inventory.load().symbols)
    report = json.loads((out / "tiny.report.json").read_text())
    assert [h["int8"] for h in report["history"]] == [False, True]
    assert [h["augment"] for h in report["history"]] == [0.0, 1.0]  # ramp starts clean, QAT fully augmented
    assert set(report["dev_per_before_qat"]) == {"float", "int8_post_training"}
    assert set(report["dev_per"]) >= {"float", "int8_fake_quant"}
    assert report["data"]["train"]["utterances"] == 12
    assert "dev PER" in (out / "REPORT.md").read_text()
    assert main(arguments + ["--resume"]) == 0
    assert "resumed from" in (runs / "train.log").read_text()
    assert (out / "tiny.bin").read_bytes() == data


def test_resumed_training_keeps_its_utterances_while_the_cache_grows(cache, tmp_path):
    lines = (cache / "manifest.jsonl").read_text().splitlines()
    (cache / "manifest.jsonl").write_text("\n".join(lines[:12][::-1] + lines[12:]))  # ids out of order
    out, runs = tmp_path / "models", tmp_path / "runs"
    arguments = ["--cache", str(cache), "--out", str(out), "--runs", str(runs), "--name", "tiny", "--epochs", "1",
                 "--qat-epochs", "0", "--hidden", "8", "--batch-size", "4", "--workers", "0"]
    assert main(arguments) == 0
    listed = json.loads((runs / "utterances.json").read_text())
    assert len(listed["train"]) == 12 and len(listed["dev"]) == 4
    rows = [json.loads(line) for line in lines[:12]]
    with open(cache / "manifest.jsonl", "a") as f:  # the generator goes on (after the torn line: a new line)
        f.write("\n" + json.dumps(dict(rows[1], id="t-new", voice="train_voice_9")) + "\n")
    assert len(dataset.load_utterances(cache, Inventory.load())[0]) == 13
    train, dev, _ = dataset.load_utterances(cache, Inventory.load())
    kept, _, newer = dataset.keep_listed(runs / "utterances.json", train, dev)
    assert newer == 1 and [u.id for u in kept] == [f"t-{i:03d}" for i in range(11, -1, -1)]  # the cache's order
    assert main(arguments + ["--resume"]) == 0
    assert "1 newer train utterances left out" in (runs / "train.log").read_text()
    assert json.loads((out / "tiny.report.json").read_text())["data"]["train"]["utterances"] == 12
    (cache / rows[2]["path"]).unlink()
    with pytest.raises(SystemExit, match="1 train utterances of the run are no longer in the cache"):
        main(arguments + ["--resume"])


def test_train_command_refuses_empty_cache(tmp_path):
    assert main(["--cache", str(tmp_path), "--out", str(tmp_path / "m"), "--workers", "0"]) == 1


def test_evaluate_real_on_a_small_copy(tmp_path):
    """The real-speech scorer runs end to end (on copies of 2 words and 1 sentence, with the tiny model)."""
    import shutil
    from training.evaluate_real import DATA, main as evaluate_main
    from training.make_test_models import DEFAULT_OUT
    for word in ("yes", "no"):
        (tmp_path / "speech-commands" / word).mkdir(parents=True)
        shutil.copy(sorted((DATA / "speech-commands" / word).glob("*.wav"))[0], tmp_path / "speech-commands" / word)
    librivox = tmp_path / "reference-audio" / "librivox"
    librivox.mkdir(parents=True)
    first = sorted((DATA / "reference-audio" / "librivox").glob("*.wav"))[0]
    shutil.copy(first, librivox)
    shutil.copy(first.with_suffix(".txt"), librivox)
    results = evaluate_main(["--model", str(DEFAULT_OUT / "tiny.bin"), "--data", str(tmp_path)])
    assert results["speech_commands"]["clips"] == 2 and results["speech_commands"]["words"] == 2
    assert 0 <= results["speech_commands"]["word_accuracy_closed_set"] <= 1
    assert results["librivox"]["sentences"] == 1 and results["librivox"]["per_greedy"] > 0


def test_max_minutes_cuts_float_epochs(cache, tmp_path):
    arguments = ["--cache", str(cache), "--out", str(tmp_path / "m"), "--runs", str(tmp_path / "r"), "--epochs", "5",
                 "--qat-epochs", "0", "--hidden", "8", "--batch-size", "8", "--workers", "0", "--max-minutes", "0.0001"]
    assert main(arguments) == 0
    report = json.loads((tmp_path / "m" / "hub-am-v1.report.json").read_text())
    assert report["float_epochs"] == 1 and len(report["history"]) == 1
