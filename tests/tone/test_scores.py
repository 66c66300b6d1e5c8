"""Score range, length stability, purity and evidence spans of score_tone."""

from __future__ import annotations

from typing import Any

import pytest

from voicelint.tone import DIMENSIONS, DimensionScore, score_tone

VARIED = [
    "",
    "👍",
    "!!!",
    "OK",
    "@12345 https://t.co/abc",
    "Thanks!!! 😍😍😍 SO SO HAPPY!!!!!",
    "Unfortunately we cannot, will not and are unable to do that. Never. No. Not possible.",
    "I think maybe it might possibly perhaps seem to be somewhat probably likely.",
    "Please be advised that pursuant to the aforementioned correspondence, the subscription shall be terminated.",
]


@pytest.mark.parametrize("text", VARIED)
def test_every_score_is_between_0_and_100(nlp: Any, text: str) -> None:
    result = score_tone(nlp(text))
    assert set(result.scores) == set(DIMENSIONS)
    for name, value in result.scores.items():
        assert 0.0 <= value <= 100.0, name
        assert value == round(value, 1)


def test_extremes_are_reachable(nlp: Any) -> None:
    scores = [score_tone(nlp(t)).scores for t in VARIED[5:]]
    assert max(s["enthusiasm"] for s in scores) >= 80
    assert max(s["negativity"] for s in scores) >= 80
    assert max(s["hedging"] for s in scores) >= 80
    assert max(s["formality"] for s in scores) >= 80


def test_scale_is_stable_across_lengths(nlp: Any) -> None:
    # The same tone, written as one sentence and as a longer email in the same register.
    short = "Hi Maria, thanks so much for your patience, I'm sorry about the delay!"
    long = (
        "Hi Maria, thanks so much for your patience, I'm sorry about the delay! I've checked your order "
        "and it's with the courier now. I'm really glad we could sort it out, and thanks again for bearing "
        "with us. I've also added a small credit to your account for the trouble. Have a lovely weekend!"
    )
    short_scores = score_tone(nlp(short)).scores
    long_scores = score_tone(nlp(long)).scores
    for dim in ("warmth", "negativity", "hedging"):
        assert abs(short_scores[dim] - long_scores[dim]) <= 15, dim


def test_scoring_is_pure(nlp: Any) -> None:
    doc = nlp("We can't refund this until the item is returned. Mistakes were made.")
    before = [(t.text, t.tag_, t.lemma_) for t in doc]
    assert score_tone(doc) == score_tone(doc)
    assert [(t.text, t.tag_, t.lemma_) for t in doc] == before


def _spans(score: DimensionScore, text: str, direction: int) -> list[str]:
    return [text[e.start:e.end] for e in score.evidence if e.direction == direction]


def test_passive_evidence_lowers_personal_and_points_at_the_verb_group(nlp: Any) -> None:
    text = "Mistakes were made and your order has been cancelled. I'm interested in fixing it."
    personal = score_tone(nlp(text)).dimensions["personal"]
    lowered = _spans(personal, text, -1)
    assert "were made" in lowered
    assert "been cancelled" in lowered
    assert not any("interested" in s for s in lowered)  # a stative participle is not a passive


def test_evidence_quotes_the_words_that_drove_each_dimension(nlp: Any) -> None:
    text = "Hi Maria, I think the refund might be late, unfortunately. I can't change it. - Jazz"
    result = score_tone(nlp(text))
    assert "Maria" in _spans(result.dimensions["warmth"], text, 1)
    assert {"I think", "might"} <= set(_spans(result.dimensions["hedging"], text, 1))
    assert "unfortunately" in _spans(result.dimensions["negativity"], text, 1)
    assert "can't" in _spans(result.dimensions["formality"], text, -1)
    assert "- Jazz" in _spans(result.dimensions["personal"], text, 1)


def test_negated_positive_word_counts_as_negative_and_idioms_do_not(nlp: Any) -> None:
    neutral = score_tone(nlp("No worries, there is no charge for this.")).scores["negativity"]
    negative = score_tone(nlp("That is not good, and there is no way to fix it.")).scores["negativity"]
    assert negative > neutral + 20
