"""Syllable counts match textstat 0.7.8's for single words, without its slow dictionary load."""

from __future__ import annotations

import textstat

from voicelint.syllables import syllables

WORDS = [
    *("inconvenience", "refund", "customer", "hello", "apologise", "apologize", "reimbursement"),
    *("authorisation", "we're", "don't", "i've", "unfortunately", "email", "asap", "covid"),
    *("supercalifragilistic", "the", "a", "rhythm", "business", "queue", "naïve", "zzzxq"),
    *("escalate", "procedure", "approximately"),
]


def test_single_words_match_textstat() -> None:
    for word in WORDS:
        assert syllables(word) == max(1, textstat.syllable_count(word)), word


def test_case_does_not_matter_and_hyphenated_words_count_per_part() -> None:
    assert syllables("Inconvenience") == syllables("inconvenience") == 4
    assert syllables("check-in") == syllables("check") + syllables("in") == 2
    assert syllables("'hello'") == 2


def test_many_distinct_words_switch_to_the_parsed_table_with_the_same_answers() -> None:
    from voicelint import syllables as module

    before = [syllables(w) for w in WORDS]
    counter = module._CmuDict()
    for i in range(module._SEARCHES_BEFORE_PARSE + 5):
        counter.lookup(f"notaword{i}")
    assert counter._table is not None  # parsed once the searches pile up
    assert [counter.lookup(w) for w in ("refund", "customer")] == [2, 3]
    assert before == [syllables(w) for w in WORDS]
