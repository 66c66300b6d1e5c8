"""The packaged catalogue: size, completeness of every family, and its own examples."""

from __future__ import annotations

import pytest

from voicelint.boilerplate import load_catalogue
from voicelint.boilerplate.syntax import PhraseSyntaxError, parse_phrase

CATALOGUE = load_catalogue()
FAMILIES = sorted(CATALOGUE.families)


def test_catalogue_has_enough_families_and_phrases():
    assert len(CATALOGUE.families) >= 12
    assert sum(len(f.phrases) for f in CATALOGUE.families.values()) >= 150


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_is_documented_with_rewrites_and_examples(name):
    family = CATALOGUE.families[name]
    assert family.name == name
    assert family.summary and family.why
    assert len(family.rewrites) >= 2
    assert any("{" in rewrite for rewrite in family.rewrites), "rewrites need {slots} a person fills in"
    assert family.examples_match and family.examples_no_match


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_matches_its_examples(name, find):
    family = CATALOGUE.families[name]
    for text in family.examples_match:
        assert name in {m.family for m in find(text)}, f"{name} should match {text!r}"
    for text in family.examples_no_match:
        assert find(text) == [], f"{text!r} should not match anything"


def test_phrase_syntax_expands_groups():
    expansions = parse_phrase("thank you for [your] (patience|kind words)")
    # one optional single word stays one slot; the multi-word alternative expands
    assert len(expansions) == 2
    first = expansions[0]
    assert [w.forms for w in first] == [("thank",), ("you",), ("for",), ("your",), ("patience",)]  # type: ignore[union-attr]
    assert first[3].optional  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "phrase",
    ["thanks", "(thank you|thanks", "thank you [for|]", "... thank you", "thank [you (so)] much", "sorry!"],
)
def test_bad_phrases_are_rejected_with_the_phrase_named(phrase):
    with pytest.raises(PhraseSyntaxError) as info:
        parse_phrase(phrase)
    assert repr(phrase.lower().strip()) in str(info.value) or "empty" in str(info.value)
