"""Scriptedness per document and library-wide sentence reuse."""

from __future__ import annotations

from voicelint.boilerplate import find_library_reuse, scriptedness


def test_scriptedness_is_zero_for_natural_text(nlp, matcher):
    doc = nlp("Sorry — that's on us, I've refunded the $12. The courier lost the parcel.")
    assert scriptedness(doc, matcher.find(doc)) == 0.0


def test_scriptedness_is_high_for_a_pure_script(nlp, matcher):
    doc = nlp("We apologize for any inconvenience this may have caused. Please do not hesitate to contact us.")
    assert scriptedness(doc, matcher.find(doc)) >= 90


def test_scriptedness_is_the_share_of_stock_words(nlp, matcher):
    doc = nlp("Rest assured, the driver comes back on Tuesday with the parcel.")
    matches = matcher.find(doc)
    # 2 of 11 words ("Rest assured") are stock
    assert scriptedness(doc, matches) == round(100 * 2 / 11, 1)


LIBRARY = [
    "Hi Ana. We have received your request and a specialist will review it within 24 hours.",
    "Hello. We have received your request and a specialist will review it within 48 hours!",
    "We have received your request, and a specialist will review it within [DAYS] hours.",
    "Your refund of [AMOUNT] was sent to the card ending in 4421 this morning.",
    "The courier picked up the parcel from our warehouse in Leeds yesterday afternoon.",
    "Dear Tom, we have received your request and a specialist will look at it within 2 days.",
]


def test_library_reuse_finds_near_duplicates_across_records(nlp):
    docs = list(nlp.pipe(LIBRARY))
    reused = find_library_reuse(docs, min_records=3, min_words=6)
    assert len(reused) == 1
    group = reused[0]
    assert group.count == 3
    assert {record for record, _, _ in group.occurrences} == {0, 1, 2}
    for record, start, end in group.occurrences:
        assert docs[record].text[start:end].startswith("We have received your request")
    # the reworded sentence (record 5) is not the same sentence
    assert 5 not in {record for record, _, _ in group.occurrences}


def test_library_reuse_ignores_unrelated_and_rare_sentences(nlp):
    docs = list(nlp.pipe([*LIBRARY[3:5], "Thanks, that photo shows the batch number clearly enough for me."]))
    assert find_library_reuse(docs, min_records=2, min_words=6) == []
    docs = list(nlp.pipe(LIBRARY[:3]))
    assert find_library_reuse(docs, min_records=4, min_words=6) == []
