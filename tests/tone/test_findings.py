"""Each finding kind fires on a bad example, stays quiet on a close natural counterpart, and its
suggestions rewrite exactly the offending span."""

from __future__ import annotations

from typing import Any

import pytest

from voicelint.tone import FINDING_KINDS, find_tone_issues

CASES = [
    # kind, bad text, offending words, close natural counterpart
    ("blame", "You should have updated the app before the sale.", "You should have updated",
     "You can update the app before the sale."),
    ("blame", "It failed because you forgot to confirm your email.", "you forgot to",
     "It failed because the email is not confirmed yet."),
    # a deletion at a sentence start takes the next word, so that the rewrite starts with a capital
    ("condescension", "As I already said, the code expired yesterday.", "As I already said, the",
     "The code expired yesterday, so here is a new one."),
    ("condescension", "You can simply restart the router.", "simply",
     "Restarting the router simply clears its cache."),
    ("condescension", "Obviously the app needs an update.", "Obviously the",
     "The app needs an update."),
    ("over-apology", "Sorry for the wait! We apologise for the trouble.", "We apologise for the trouble.",
     "Sorry for the wait! Your refund is on its way."),
    ("negative-framing", "We can't refund this order until the item is returned.", "can't refund this order until",
     "We can refund this order as soon as the item is returned."),
    ("passive-evasion", "Mistakes were made with your booking.", "Mistakes were made",
     "We made mistakes with your booking, and we're fixing them."),
    ("passive-evasion", "Your parcel was lost in transit.", "Your parcel was lost",
     "Your parcel was delivered on Monday."),
    ("shouting", "Please DO NOT REPLY to this email.", "DO NOT REPLY",
     "Please send your DM to our FAQ team."),
    ("shouting", "Your order is late again!!!", "!!!",
     "Your order is on its way!"),
]


@pytest.mark.parametrize(("kind", "bad", "words", "good"), CASES)
def test_finding_fires_on_bad_and_not_on_counterpart(nlp: Any, kind: str, bad: str, words: str, good: str) -> None:
    findings = [f for f in find_tone_issues(nlp(bad)) if f.kind == kind]
    assert [bad[f.start:f.end] for f in findings] == [words]
    quoted = findings[0].message.split("'")[1]  # the message quotes the offending words
    assert quoted and words.startswith(quoted)
    assert findings[0].suggestions
    assert not [f for f in find_tone_issues(nlp(good)) if f.kind == kind]


def test_every_kind_is_documented_and_covered() -> None:
    assert set(FINDING_KINDS) == {case[0] for case in CASES}


def _apply(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


def test_negative_framing_suggestion_says_what_can_happen(nlp: Any) -> None:
    text = "Sorry, we cannot ship your order unless you confirm the address."
    (finding,) = [f for f in find_tone_issues(nlp(text)) if f.kind == "negative-framing"]
    assert _apply(text, finding.start, finding.end, finding.suggestions[0]) == (
        "Sorry, we can ship your order once you confirm the address."
    )


def test_passive_evasion_suggestion_names_an_actor(nlp: Any) -> None:
    text = "I checked, and your refund was overlooked last week."
    (finding,) = [f for f in find_tone_issues(nlp(text)) if f.kind == "passive-evasion"]
    assert _apply(text, finding.start, finding.end, finding.suggestions[0]) == (
        "I checked, and we overlooked your refund last week."
    )
    assert "{who}" in finding.suggestions[1]


def test_agentive_passive_is_not_an_evasion(nlp: Any) -> None:
    text = "The error was caused by a faulty update, and mistakes were corrected by our team."
    assert not [f for f in find_tone_issues(nlp(text)) if f.kind == "passive-evasion"]


def test_one_apology_per_long_reply_is_fine_but_three_are_not(nlp: Any) -> None:
    filler = "Your order left our warehouse today and will reach you by Friday. " * 8
    assert not find_tone_issues(nlp("Sorry about the delay. " + filler + "Sorry again for the trouble."))
    three = "Sorry about the delay. " + filler + "Sorry again. We apologise for the trouble."
    assert [f.kind for f in find_tone_issues(nlp(three))] == ["over-apology"]


def test_acronyms_are_not_shouting(nlp: Any) -> None:
    assert not find_tone_issues(nlp("Send us a DM with your iOS version and the URL from the FAQ page."))
