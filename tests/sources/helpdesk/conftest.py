"""Helpers for the helpdesk reader tests: read a fixture by content, check every character's origin."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from voicelint.document import Document
from voicelint.sources import InputError, ReadOptions, read_file

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "helpdesk"
RAW = ReadOptions(clean_records=False)
DEFAULT = ReadOptions()

_TAG = re.compile(r"<[^<>]*>")


def read(name: str, options: ReadOptions = DEFAULT) -> tuple[list[Document], list[InputError]]:
    """Documents and errors of a fixture, read by content (no option names the format)."""
    documents: list[Document] = []
    errors: list[InputError] = []
    for item in read_file(str(DATA / name), options):
        (errors if isinstance(item, InputError) else documents).append(item)  # type: ignore[arg-type]
    return documents, errors


def _decode(raw: str, json_string: bool) -> str:
    if not json_string:
        return raw.replace('""', '"')
    try:
        return str(json.loads('"' + raw + '"'))
    except ValueError:
        return raw


def assert_maps_to_file(doc: Document, json_string: bool = True) -> None:
    """Every character of the document is its file character, or comes from the escape, entity
    or tag (a line break) that its span covers, and the map never goes backwards."""
    text = doc.source.text
    offsets = [doc.file_offset(i) for i in range(len(doc.text) + 1)]
    assert offsets == sorted(offsets), "the offset map goes backwards"
    for index, char in enumerate(doc.text):
        span = doc.locate(index, index + 1)
        raw = text[span.start.offset : span.end.offset]
        assert raw, (index, char)
        if raw == char:
            continue
        decoded = _decode(raw, json_string)
        if decoded == char or html.unescape(decoded) == char:
            continue
        if char == "\n" and _TAG.fullmatch(decoded):
            continue  # a <br>, <p> or block tag read as a line break
        raise AssertionError(f"character {index} {char!r} of {doc.record_id!r} maps to {raw!r}")


def expect_at(doc: Document, word: str, raw: str | None = None) -> None:
    """``word`` of the document text is located exactly at the unique ``raw`` (default ``word``)."""
    raw = word if raw is None else raw
    text = doc.source.text
    assert text.count(raw) == 1, f"fixture must contain {raw!r} exactly once"
    expected = text.index(raw)
    start = doc.text.index(word)
    span = doc.locate(start, start + len(word))
    assert (span.start.offset, span.end.offset) == (expected, expected + len(raw))
    assert span.start.line == text.count("\n", 0, expected) + 1
    assert span.start.column == expected - (text.rfind("\n", 0, expected) + 1) + 1


@pytest.fixture
def read_helpdesk() -> Callable[..., tuple[list[Document], list[InputError]]]:
    return read


@pytest.fixture
def maps_to_file() -> Callable[..., None]:
    return assert_maps_to_file


@pytest.fixture
def located_at() -> Callable[..., None]:
    return expect_at
