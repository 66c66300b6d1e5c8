"""The fitted weights, negation scope, question-form hedges and name detection (issue 11)."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from voicelint.tone import score_tone
from voicelint.tone.dimensions import FORMULAS
from voicelint.tone.features import extract


def _signal(nlp: Any, text: str, name: str) -> list[str]:
    sig = extract(nlp(text)).signals.get(name)
    return [span[2] for span in sig.spans] if sig else []


def test_formulas_use_the_packaged_weights() -> None:
    raw = json.loads((files("voicelint.tone") / "data" / "weights.json").read_text("utf-8"))["dimensions"]
    for name, formula in FORMULAS.items():
        assert formula.bias == raw[name]["bias"]
        used = {t.signal: t.weight for t in formula.terms} | {m.name: m.weight for m in formula.measures}
        assert used == {k: v for k, v in raw[name]["weights"].items() if v}, name


def test_a_negated_question_is_not_negativity(nlp: Any) -> None:
    question = score_tone(nlp("Aren't they the best?")).dimensions["negativity"]
    statement = score_tone(nlp("They are not the best.")).dimensions["negativity"]
    assert question.features["negation"] == 0
    assert question.features["negative_valence"] == 0  # "best" is not flipped
    assert statement.features["negation"] > 0
    assert question.score < statement.score


def test_negation_does_not_reach_across_a_comma(nlp: Any) -> None:
    assert _signal(nlp, "No, great news: it shipped.", "negative_valence") == []
    assert "great" in _signal(nlp, "It is not great news.", "negative_valence")


def test_kind_of_in_a_question_is_not_a_hedge(nlp: Any) -> None:
    assert _signal(nlp, "What kind of issues are you seeing?", "hedge") == []
    assert _signal(nlp, "Which sort of plan do you have?", "hedge") == []
    assert _signal(nlp, "The app is kind of slow today.", "hedge") == ["kind of"]
    # ... and "kind" there is not a kind word either
    assert _signal(nlp, "What kind of issues are you seeing?", "positive_affect") == []


def test_names_are_names_in_address_only(nlp: Any) -> None:
    assert _signal(nlp, "Thanks, Maria!", "name") == ["Maria"]
    assert _signal(nlp, "Hello Maria, how can I help?", "name") == ["Maria"]
    assert _signal(nlp, "Hi Apple Music team, thanks!", "name") == []  # a product, not a person
    assert _signal(nlp, "Welcome Back! Check back soon.", "name") == []  # an ordinary word


def test_politeness_strategies_move_warmth(nlp: Any) -> None:
    polite = score_tone(nlp("Could you please check the file? Thanks!")).scores["warmth"]
    blunt = score_tone(nlp("So why didn't you check the file?")).scores["warmth"]
    assert polite > blunt + 30


def test_weasel_words_raise_hedging(nlp: Any) -> None:
    weasel = score_tone(nlp("Some critics believe the update is probably slower.")).scores["hedging"]
    plain = score_tone(nlp("The update is slower.")).scores["hedging"]
    assert weasel > plain + 30
