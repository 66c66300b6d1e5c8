"""Ordering on the hand-written minimal pairs: the high side must score above the low side."""

from __future__ import annotations

from typing import Any

import pytest

from voicelint.tone import DIMENSIONS, score_tone


def _accuracy(nlp: Any, pairs: list[dict[str, str]], dimension: str | None = None) -> float:
    chosen = [p for p in pairs if dimension is None or p["dimension"] == dimension]
    right = sum(
        score_tone(nlp(p["high"])).scores[p["dimension"]] > score_tone(nlp(p["low"])).scores[p["dimension"]]
        for p in chosen
    )
    return right / len(chosen)


def test_every_dimension_has_at_least_20_pairs_in_total(
    dev_pairs: list[dict[str, str]], heldout_pairs: list[dict[str, str]]
) -> None:
    pairs = dev_pairs + heldout_pairs
    for dim in DIMENSIONS:
        assert sum(p["dimension"] == dim for p in pairs) >= 20, dim


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_dev_pairs_are_ordered(nlp: Any, dev_pairs: list[dict[str, str]], dimension: str) -> None:
    assert _accuracy(nlp, dev_pairs, dimension) >= 0.9


def test_heldout_pairs_guard(nlp: Any, heldout_pairs: list[dict[str, str]]) -> None:
    # Held-out pairs are not tuned on; this only guards against a large regression.
    assert _accuracy(nlp, heldout_pairs) >= 0.8
