"""Explanations: the documented formula is the computed one, the documented examples score where the
documentation says, and low/high explanations name what is missing or what drove the score."""

from __future__ import annotations

from typing import Any

import pytest

from voicelint.tone import DIMENSIONS, explain_dimension, score_tone
from voicelint.tone.dimensions import FORMULAS
from voicelint.tone.explain import GUIDANCE


@pytest.mark.parametrize("name", DIMENSIONS)
def test_explain_dimension_shows_every_weight_of_the_formula(name: str) -> None:
    text = explain_dimension(name)
    for term in FORMULAS[name].terms:
        assert f"{term.weight:+g} x {term.signal}" in text
    for measure in FORMULAS[name].measures:
        assert f"({measure.name} - {measure.centre:g})" in text
    assert "Sources" in text and "What scores look like" in text


@pytest.mark.parametrize("name", DIMENSIONS)
def test_documented_examples_score_near_their_stated_level(nlp: Any, name: str) -> None:
    examples = GUIDANCE[name].examples
    scores = [score_tone(nlp(text)).scores[name] for _, text in examples]
    for (stated, text), actual in zip(examples, scores, strict=True):
        assert abs(actual - stated) <= 15, (text, actual)
    assert scores == sorted(scores)


def test_unknown_dimension_is_an_error() -> None:
    with pytest.raises(KeyError, match="warmth"):
        explain_dimension("warmness")


def test_explain_low_names_the_missing_warmth_cues(nlp: Any) -> None:
    warmth = score_tone(nlp("Reset your password from the sign-in page.")).dimensions["warmth"]
    text = warmth.explain_low()
    assert text.startswith(f"warmth {warmth.score:g} is low")
    assert "no thanks" in text and "name" in text
    assert "Reset" in text  # the bare command that lowered it


def test_explain_high_quotes_the_words_that_drove_negativity(nlp: Any) -> None:
    negativity = score_tone(nlp("Unfortunately we are unable to refund this order.")).dimensions["negativity"]
    text = negativity.explain_high()
    assert "'Unfortunately'" in text and "'unable'" in text
    assert "To lower it" in text
