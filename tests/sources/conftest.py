"""Helpers for the reader tests: load fixtures and check located spans against the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from voicelint.document import Document
from voicelint.sources import InputError, read_file

DATA = Path(__file__).resolve().parent.parent / "data" / "sources"


def _read(name: str) -> tuple[list[Document], list[InputError]]:
    documents: list[Document] = []
    errors: list[InputError] = []
    for item in read_file(str(DATA / name)):
        (errors if isinstance(item, InputError) else documents).append(item)  # type: ignore[arg-type]
    return documents, errors


def _expect_at(doc: Document, word: str, raw: str | None = None) -> None:
    """``word`` in the document text is located exactly at ``raw`` (default: ``word``) in the file.

    The expected line and column are computed from the file text on its own (the unique
    occurrence of ``raw``), independently of the document's offset map.
    """
    raw = word if raw is None else raw
    file_text = doc.source.text
    assert file_text.count(raw) == 1, f"fixture must contain {raw!r} exactly once"
    expected = file_text.index(raw)
    start = doc.text.index(word)
    span = doc.locate(start, start + len(word))
    assert file_text[span.start.offset : span.end.offset] == raw
    assert span.start.offset == expected
    assert span.start.line == file_text.count("\n", 0, expected) + 1
    assert span.start.column == expected - (file_text.rfind("\n", 0, expected) + 1) + 1
    assert span.end.offset == expected + len(raw)


@pytest.fixture
def read_fixture() -> Callable[[str], tuple[list[Document], list[InputError]]]:
    return _read


@pytest.fixture
def expect_at() -> Callable[..., None]:
    return _expect_at
