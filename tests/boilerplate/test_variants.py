"""Boilerplate in its real variants: textspeak, short stock families, mined phrases, dropped words."""

from __future__ import annotations

import pytest

from voicelint.boilerplate import BoilerplateMatcher, customise_catalogue, load_catalogue
from voicelint.boilerplate.mined import mined_phrases
from voicelint.boilerplate.syntax import parse_phrase
from voicelint.boilerplate.textspeak import TEXTSPEAK, normalise


@pytest.mark.parametrize(
    ("text", "family", "written"),
    [
        ("Got it, ty for ur patience!", "patience-and-understanding", "ty for ur patience"),
        ("pls be advised the store closes at 6", "rest-assured-be-advised", "pls be advised"),
        ("All sorted. hav a gr8 day!", "stock-sign-offs", "hav a gr8 day"),
        ("Plz DM us ur acct details.", "dm-us", "DM us ur"),  # "ur" fills the phrase's "your"
    ],
)
def test_textspeak_matches_and_points_at_the_characters_written(find, text, family, written):
    (match,) = [m for m in find(text) if m.family == family]
    assert match.text == written
    assert text[match.start : match.end] == written


def test_without_textspeak_reading_the_abbreviations_do_not_match(nlp):
    matcher = BoilerplateMatcher(nlp, load_catalogue(), textspeak=False)
    assert matcher.find(nlp("Got it, ty for ur patience!")) == []


@pytest.mark.parametrize(
    "text",
    [
        "u can change the PIN in Settings > Card.",
        "The ATM on Main Street is back online.",
        "ty! that log shows the crash is in the audio driver",
        "Pls check the spam folder, the code was sent at 10:02.",
    ],
)
def test_textspeak_alone_is_not_boilerplate(find, text):
    assert find(text) == []


def test_normalise_leaves_documents_without_textspeak_alone():
    assert normalise(["we", "be"], ["we", "are"]) is None
    keys, lowers = normalise(["ur", "patience"], ["ur", "patience"]) or ([], [])
    assert keys == ["your", "patience"] and lowers == ["your", "patience"]
    assert "atm" not in TEXTSPEAK and "r" not in TEXTSPEAK, "ambiguous abbreviations are not read"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Sorry to hear that. Which version are you on?", "stock-sympathy"),
        ("Apologies for the delay, the parcel left today.", "stock-sympathy"),
        ("That's not what we like to hear!", "stock-sympathy"),
        ("Here to help! What's the order number?", "stock-opener"),
        ("Help's here! Try signing out.", "stock-opener"),
        ("Thanks for tweeting! The outage is fixed.", "thank-you-for-contacting"),
        ("Please create a ticket so we may assist you further.", "dont-hesitate-closers"),
        ("Give us a shout if you have any other questions.", "dont-hesitate-closers"),
    ],
)
def test_short_stock_families(find, text, family):
    assert family in {m.family for m in find(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry your bag was left behind in Denver.",
        "We are not here to help you cheat.",
        "Let us know how the new router does tonight.",
        "Thanks for the photo, the serial number is on the second line.",
        "Your help with the logs made this fix possible.",
    ],
)
def test_merely_polite_is_not_stock(find, text):
    assert find(text) == []


def test_mined_phrases_are_short_valid_and_join_existing_families():
    families = load_catalogue().families
    assert mined_phrases()
    for family, phrase in mined_phrases():
        assert family in families
        assert all(len(expansion) <= 6 for expansion in parse_phrase(phrase))


def test_mined_phrases_are_matched_only_when_used(nlp):
    text = "Shoot us a DM!"
    assert {m.family for m in BoilerplateMatcher(nlp, load_catalogue()).find(nlp(text))} == {"dm-us"}
    assert BoilerplateMatcher(nlp, load_catalogue(), mined=False).find(nlp(text)) == []


ORDER_FAMILY = {
    "name": "order-closer",
    "summary": "A long closer.",
    "why": "Pasted under every order reply.",
    "rewrites": ["{Answer}.", "{Next step}."],
    "phrases": ["please let us know if you have any questions about your order"],
}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Please let us know if you have questions about your order.", True),  # "any" dropped
        ("Please let us know if you have any questions about your order.", True),
        ("Please let us know if you questions about your order.", False),  # a verb is never dropped
        ("Let us know if you have questions about the order.", False),  # two words missing
    ],
)
def test_fuzzy_matching_tolerates_one_dropped_function_word(nlp, text, found):
    catalogue = customise_catalogue(load_catalogue(), {"extra": [ORDER_FAMILY], "enabled": True})
    only = customise_catalogue(
        catalogue, {"families": {name: "off" for name in catalogue.families if name != "order-closer"}}
    )
    matches = BoilerplateMatcher(nlp, only).find(nlp(text))
    assert bool(matches) is found
    if found:
        without = BoilerplateMatcher(nlp, only, fuzzy_drops=False).find(nlp(text))
        assert bool(without) is ("any" in text)


@pytest.mark.parametrize(
    ("text", "family", "written"),
    [
        ("thx 4 ur patience", "patience-and-understanding", "thx 4 ur patience"),
        ("here 2 help!", "stock-opener", "here 2 help"),
        ("hav a gd wknd", "stock-sign-offs", "hav a gd wknd"),
        ("Thanks for your loyalty!", "value-your-business", "Thanks for your loyalty"),
    ],
)
def test_more_variants(find, text, family, written):
    assert [(m.family, m.text) for m in find(text)] == [(family, written)]


@pytest.mark.parametrize(
    "text",
    [
        "Press 2 for billing, 4 for sales.",
        "It costs 4 dollars for 2 people.",
        "We would like some additional information to help.",  # a short phrase spread over a clause
    ],
)
def test_digits_and_spread_out_short_phrases_are_not_stock(find, text):
    assert find(text) == []
