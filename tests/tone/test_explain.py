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


# Replies with no formal phrase, passive or other lexical cue whose formality is still high on
# the measures alone (nouns and prepositions, word and sentence length): the message used to
# read "formality 73 is above this guide's 65 for social: . To lower it".
CUELESS = [
    "How are you holding the device during the run (for example in the hand, a pocket or an armband)?",
    "To set the passcode on the app go to the security options of the account in the profile menu "
    "in the upper right corner of the main page.",
]


@pytest.mark.parametrize("text", CUELESS)
def test_a_high_score_always_names_what_drove_it(nlp: Any, text: str) -> None:
    score = score_tone(nlp(text)).dimensions["formality"]
    message = score.explain_high()
    assert "driven by " in message
    reasons = message.split("driven by ", 1)[1].split(". To lower it", 1)[0]
    assert reasons.strip(" .;:"), message
    assert "(" in reasons  # a measure is quoted with its value and the formula's centre


@pytest.mark.parametrize("name", DIMENSIONS)
def test_no_range_finding_has_an_empty_reason(name: str) -> None:
    """Every tone range finding names the cues that drove it (never "for email: . To lower it")."""
    from voicelint.api import lint_text
    from voicelint.guide.loader import load_guide_text

    for bounds in ("[0, 1]", "[99, 100]"):  # every reply is out of range one way or the other
        guide = load_guide_text(f"version: 1\ntone: {{{name}: {bounds}}}\n", display_path="<test>")
        for text in CUELESS + [t for _, t in GUIDANCE[name].examples]:
            for violation in lint_text(text, guide=guide).violations:
                if violation.name == name:
                    reason = violation.message.split(" for email:", 1)[1].split(". To ", 1)[0]
                    assert reason.strip(" .;:"), violation.message
