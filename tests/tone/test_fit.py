"""The fitting method of benchmarks/fit_tone.py on synthetic data (no corpora needed)."""

from __future__ import annotations

import numpy as np

from benchmarks.fit_tone import fit_logistic


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = 4000
    signal = rng.exponential(1.0, n)  # a cue that really raises the label
    unseen = np.zeros(n)  # a cue this data never shows (a sign-off in encyclopedia sentences)
    misleading = rng.exponential(1.0, n)  # a cue the data says lowers the label
    z = -1.0 + 1.5 * signal - 1.0 * misleading
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(float)
    return np.column_stack([signal, unseen, misleading]), y


def test_a_cue_the_data_shows_moves_to_what_the_data_says() -> None:
    x, y = _data()
    _, w = fit_logistic(x, y, prior=np.array([0.2, 0.0, 0.0]), prior_bias=0.0, lam=1e-4,
                        signs=np.array([1.0, 1.0, -1.0]))
    assert 1.3 < w[0] < 1.7
    assert -1.2 < w[2] < -0.8


def test_a_cue_the_data_cannot_see_keeps_its_hand_set_prior() -> None:
    x, y = _data()
    _, w = fit_logistic(x, y, prior=np.array([1.0, 2.0, -0.5]), prior_bias=0.0, lam=1e-3,
                        signs=np.array([1.0, 1.0, -1.0]))
    assert abs(w[1] - 2.0) < 1e-6


def test_a_weight_against_its_allowed_sign_is_held_at_zero() -> None:
    x, y = _data()
    # The "misleading" cue may only raise the score: the data wants it negative, so it is dropped
    # and the others are refitted without it.
    _, w = fit_logistic(x, y, prior=np.array([0.0, 0.0, 0.0]), prior_bias=0.0, lam=1e-4,
                        signs=np.array([1.0, 1.0, 1.0]))
    assert w[2] == 0.0
    assert w[0] > 0.5
