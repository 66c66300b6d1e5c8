"""The token table holds exactly what spaCy's Token objects say, and is built once per Doc."""

from __future__ import annotations

from typing import Any

import pytest

from voicelint.nlp import load_pipeline
from voicelint.token_table import TokenTable, token_table

TEXTS = [
    "",
    "ok",
    "Hi Sam,\n\nWe’re SO sorry!!! Your order #4471 was lost; I've re-sent it.\n-Jazz",
    "Email help@example.com or visit https://example.com/help :) 😀 &gt;&gt; (1/2)",
    "  leading spaces\tand tabs  \n\n\nthen a blank line. 3 items cost $4.50",
]


@pytest.fixture(scope="module")
def docs() -> list[Any]:
    nlp = load_pipeline(("lemma", "sents", "pos"))
    return list(nlp.pipe(TEXTS))


def test_columns_equal_token_attributes(docs: list[Any]) -> None:
    for doc in docs:
        table = token_table(doc)
        assert table.text == doc.text
        assert table.texts == [t.text for t in doc]
        assert table.lowers == [t.lower_ for t in doc]
        assert table.lemmas == [t.lemma_ for t in doc]
        assert table.pos == [t.pos_ for t in doc]
        assert table.tags == [t.tag_ for t in doc]
        assert list(table.idx) == [t.idx for t in doc]
        assert table.whitespace == [t.whitespace_ for t in doc]
        assert table.sent_start == [t.is_sent_start is True for t in doc]
        for name in ("is_punct", "is_space", "is_alpha", "like_num", "like_url", "like_email"):
            assert [bool(v) for v in getattr(table, name)] == [getattr(t, name) for t in doc], name
        assert table.sents == [(s.start, s.end) for s in doc.sents]
        assert [table.end_char(i) for i in range(len(doc))] == [t.idx + len(t.text) for t in doc]


def test_table_is_kept_per_doc_and_derived_values_are_computed_once(docs: list[Any]) -> None:
    doc = docs[2]
    assert token_table(doc) is token_table(doc)
    assert token_table(docs[3]) is not token_table(doc)
    calls: list[int] = []

    def compute(table: TokenTable) -> int:
        calls.append(1)
        return len(table)

    assert token_table(doc).derived(compute, compute) == len(doc)
    assert token_table(doc).derived(compute, compute) == len(doc)
    assert len(calls) == 1
