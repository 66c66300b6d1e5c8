"""Variant-robust matching, false-alarm guards, exact spans and allow-lists."""

from __future__ import annotations

import itertools

import pytest

from voicelint.boilerplate import BoilerplateMatcher, customise_catalogue, load_catalogue


def families(matches):
    return {m.family for m in matches}


@pytest.mark.parametrize(
    "text",
    [
        "We apologize for any inconvenience this may have caused.",  # canonical
        "We sincerely apologize for any inconvenience this may have caused.",  # inserted adverb
        "We do apologise for the inconvenience.",  # British spelling + "do"
        "I apologized for the inconvenience it caused you.",  # pronoun swap + inflection
        "WE APOLOGIZE FOR ANY INCONVENIENCE CAUSED.",  # casing
        "wE aPoLoGiSe fOr ThE iNcOnVeNiEnCe.",  # odd casing
        "We apologize for the inconvenince.",  # typo (fuzzy)
        "The inconvenience, we apologize for it.",  # reordering (fuzzy)
    ],
)
def test_apology_variants_match(find, text):
    assert "apology-for-inconvenience" in families(find(text))


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Please don't hesistate to reach out.", "dont-hesitate-closers"),
        ("Thank you for your patients and understanding.", "patience-and-understanding"),
        ("I hope this e-mail finds you well.", "hope-this-finds-you-well"),
        ("Thanks so much for reaching out to us!", "thank-you-for-contacting"),
        ("Please accept my sincerest apologies.", "apology-for-inconvenience"),
        ("Your call is very important to us.", "high-volume-and-hold"),
    ],
)
def test_other_variants_match(find, text, family):
    assert family in families(find(text))


@pytest.mark.parametrize(
    "text",
    [
        "Sorry — that's on us, I've refunded the $12.",
        "Thanks for the screenshot, that helped me find the bug.",
        "Thanks!",
        "Sorry!",
        "Sorry, thanks.",
        "We are not here to help you cheat.",  # a negation is not an insertable adverb
        "Can you DM me the serial number? It's private.",  # a human rewrite of the dm-us family
        "Our priority this week is the outage.",
        "I hesitated to suggest it, but reset the router.",
    ],
)
def test_natural_text_does_not_match(find, text):
    assert find(text) == []


def test_spans_are_exact_and_sorted(nlp, matcher):
    text = "Hi Ana. We sincerely apologise for any inconvenience caused. Rest assured, the refund is on its way."
    matches = matcher.find(nlp(text))
    assert [(m.family, m.text, m.how) for m in matches] == [
        ("apology-for-inconvenience", "We sincerely apologise for any inconvenience caused", "pattern"),
        ("rest-assured-be-advised", "Rest assured", "pattern"),
    ]
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert 0 < m.confidence <= 1


def test_fuzzy_match_has_exact_span_and_lower_confidence(nlp, matcher):
    text = "Please do not hesistate to contact us."
    (match,) = matcher.find(nlp(text))
    assert match.how == "fuzzy"
    assert text[match.start : match.end] == match.text == "do not hesistate to contact"
    assert match.confidence < 1


def test_matches_do_not_overlap(find):
    matches = find("Thank you for your patience and understanding. Thank you for contacting us.")
    spans = [(m.start, m.end) for m in matches]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert len(matches) == 2


def test_allow_list_suppresses_a_phrase_and_only_it(nlp):
    catalogue = load_catalogue()
    text = "Thanks for reaching out! We apologize for any inconvenience."
    plain = BoilerplateMatcher(nlp, catalogue).find(nlp(text))
    assert families(plain) == {"thank-you-for-contacting", "apology-for-inconvenience"}
    allowed = BoilerplateMatcher(nlp, catalogue, allow=["thanks for reaching out"]).find(nlp(text))
    assert families(allowed) == {"apology-for-inconvenience"}
    # the same through the guide settings
    customised = customise_catalogue(catalogue, {"allow": ["(thank you|thanks) for reaching out"]})
    assert families(BoilerplateMatcher(nlp, customised).find(nlp(text))) == {"apology-for-inconvenience"}
