import numpy as np

from training.calibrate import choose, confidence, fit_logistic, swift_defaults, sweep, wilson_lower


def test_the_wilson_bound_is_below_the_rate_and_tightens_with_more_data():
    assert wilson_lower(0, 10) == 0.0
    assert wilson_lower(19, 20) < 0.95
    assert wilson_lower(95, 100) < wilson_lower(950, 1000) < 0.95
    assert abs(wilson_lower(950, 1000) - 0.9375) < 0.002  # one-sided 95 %, z = 1.645


def test_the_logistic_fit_separates_commands_from_other_speech():
    rng = np.random.default_rng(0)
    good = np.c_[rng.normal(-0.4, 0.2, 200), rng.normal(-1.0, 0.3, 200), np.zeros(200)]
    bad = np.c_[rng.normal(-2.7, 0.6, 200), rng.normal(-3.6, 0.7, 200), rng.uniform(-0.7, 0, 200)]
    weights = fit_logistic(np.r_[good, bad], np.r_[np.ones(200), np.zeros(200)])
    assert np.mean(confidence(weights, good) > 0.5) > 0.97
    assert np.mean(confidence(weights, bad) < 0.5) > 0.97
    defaults = swift_defaults(weights)
    assert defaults["scale"] > 0 and defaults["coverageWeight"] > 0


def test_the_threshold_must_reject_enough_with_a_margin():
    correct = np.array([True] * 9 + [False])
    in_grammar = np.linspace(0.5, 0.95, 10)
    out_of_grammar = np.arange(200) * 0.005  # threshold t rejects the 200·t below it
    rows = sweep(correct, in_grammar, out_of_grammar)
    plain = next(row for row in rows if row["out_of_grammar_rejected"] >= 0.9)
    chosen = choose(rows, 0.9)
    assert plain["threshold"] == 0.9
    assert chosen["threshold"] > plain["threshold"]
    assert chosen["rejected_lower_bound"] >= 0.9
    assert rows[rows.index(chosen) - 1]["rejected_lower_bound"] < 0.9
    assert chosen["in_grammar_correct"] < 0.9  # the margin costs commands here


def test_no_threshold_meeting_the_bar_means_the_highest():
    rows = sweep(np.array([True]), np.array([0.5]), np.full(10, 0.995))
    assert choose(rows, 0.95)["threshold"] == 0.99


def test_nonspeech_sounds_are_seeded_and_at_a_sane_level():
    from training.calibrate import nonspeech
    sounds = [nonspeech(index, seconds=1.0) for index in range(10)]
    assert all(len(x) == 16000 and x.dtype == np.float32 and np.all(np.isfinite(x)) for x in sounds)
    levels = [float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) for x in sounds]
    assert all(1e-3 < level < 0.2 for level in levels), levels
    assert np.array_equal(nonspeech(3, seconds=1.0), sounds[3])
    assert not np.array_equal(sounds[0], sounds[5])
