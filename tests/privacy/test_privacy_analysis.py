"""The privacy analyses below the rules: normal forms, phrase tries, requests and exposures."""

from __future__ import annotations

import pytest

from voicelint.nlp import load_pipeline
from voicelint.privacy.exposure import exposure_words, find_exposures
from voicelint.privacy.lexicon import PhraseTrie, lexicon, normalise, phrase_keys
from voicelint.privacy.requests import find_items, find_requests, sent_privately
from voicelint.token_table import token_table


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(("lemma", "sents"))


def _requests(nlp, text):  # type: ignore[no-untyped-def]
    table = token_table(nlp(text))
    return table, *find_requests(table, lexicon())


def test_normal_form_absorbs_dots_and_case() -> None:
    assert normalise("D.O.B.") == "dob"
    assert normalise("No.") == "no"
    assert phrase_keys("mother's maiden name") == ("mother", "'s", "maiden", "name")
    assert phrase_keys("e mail address") == ("e", "mail", "address")


def test_lexicon_entries_must_be_strings() -> None:
    """YAML reads a bare ``no`` or ``on`` as a boolean, which would silently drop the word."""
    from voicelint.privacy.lexicon import build_lexicon

    with pytest.raises(ValueError, match="negations: False is not a string"):
        build_lexicon({"negations": [False]})


def test_trie_prefers_the_longest_phrase_and_none_blocks() -> None:
    trie = PhraseTrie([("card number", "secret"), ("card", "short"), ("card number format", None)])
    words = [("card",), ("number",), ("format",)]
    assert trie.match_at(words, 0) == (3, None)
    assert trie.match_at(words[:2], 0) == (2, "secret")


def test_request_names_each_kind_and_where_it_starts(nlp) -> None:  # type: ignore[no-untyped-def]
    table, requests, _ = _requests(nlp, "Hi! Can you send ur acct # and d.o.b. please?")
    assert [[i.kind.name for i in r.items] for r in requests] == [["account number", "date of birth"]]
    assert table.texts[requests[0].cue] == "send"


@pytest.mark.parametrize(
    "text",
    [
        "We will never ask for your password.",
        "Without revealing your email address, tell us what the error says.",
        "We'll send a code to your phone number.",
        "Please send us a screenshot so we can check your account number.",
        "Did you get an email from us?",
        "Please DM us and share more info about what occurred (no account number).",
        "Let's take a look at what's going on with your password.",
        "DM us a screenshot of the error you get when you reset your password.",
        "Tell her happy birthday from us!",
    ],
)
def test_not_a_request(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert _requests(nlp, text)[1] == []


def test_private_marker_in_a_neighbouring_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    _, requests, marks = _requests(nlp, "What's your order number? Let us know in DM.")
    assert len(requests) == 1 and sent_privately(requests[0], marks)
    _, requests, marks = _requests(nlp, "Reply here with your order number. DM us if you need more space.")
    assert len(requests) == 1 and not sent_privately(requests[0], marks)


def _exposures(nlp, text, domains=frozenset()):  # type: ignore[no-untyped-def]
    table = token_table(nlp(text))
    found = find_exposures(table, exposure_words(), domains, find_items(table, lexicon()))
    return [(text[e.start : e.end], e.what) for e in found]


def test_exposures_and_what_the_brand_publishes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _exposures(nlp, "Card 4111 1111 1111 1111 was declined.") == [("4111 1111 1111 1111", "a card number")]
    assert _exposures(nlp, "Your account number is 55128834.") == [("55128834", "the customer's account number")]
    assert _exposures(nlp, "Call us on 0344 800 2400 or email help@brand.co.uk.") == []
    assert _exposures(nlp, "help@gmail.com wrote in.") == [("help@gmail.com", "an email address")]
    assert _exposures(nlp, "Mail sam@brand.com today.", frozenset({"brand.com"})) == []
    assert _exposures(nlp, "See https://x.com/1234567890123 and @5551234567.") == []


def test_whose_number_and_whose_address(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "You can call" is the customer calling the brand; "call you on" is the customer's number; an
    address on a domain the reply links to is the brand's own."""
    assert _exposures(nlp, "You can also call 1-800-225-5935 any time.") == []
    assert _exposures(nlp, "We updated your number to 020 7946 0958.") == [("020 7946 0958", "a phone number")]
    # A number nobody claims is the brand's (a store, a branch, a helpline).
    assert _exposures(nlp, "The store is on (781) 592-4300.") == []
    assert _exposures(nlp, "We'll call you on 020 7946 0958.") == [("020 7946 0958", "a phone number")]
    linked = "Forward it to jo.rivera@bank.example.com. More: https://www.bank.example.com/phish"
    assert _exposures(nlp, linked) == []
    assert _exposures(nlp, "Forward it to jo.rivera@bank.example.com.") == [
        ("jo.rivera@bank.example.com", "an email address")
    ]
    assert _exposures(nlp, "Forward it to reportphish@bank.example.com.") == []


def test_long_input_is_scanned_in_one_pass(nlp) -> None:  # type: ignore[no-untyped-def]
    """Pathological input (a huge digit run, thousands of list items) still ends with the right
    answer: every scan is linear, with no backtracking."""
    text = "Please reply with your " + ", ".join(["account number"] * 2000) + ". " + "1 " * 5000
    table, requests, _ = _requests(nlp, text)
    assert len(requests) == 1 and len(requests[0].items) == 2000
    assert find_exposures(table, exposure_words(), frozenset()) == []
