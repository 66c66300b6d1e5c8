"""Zammad text modules: ``GET /api/v1/text_modules`` (a bare list), one text module, and the CSV
that Zammad's text module import/export uses (``name``, ``keywords``, ``content`` columns).

A text module is ``{"id", "name", "keywords", "content", "note", "active", ...}``; the reply is
``content`` (HTML in Zammad), the id ``name``. ``active: false`` modules are skipped, as Zendesk's
disabled macros are (agents cannot insert them).
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.csv_library import read_csv
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.registry import register_content

VENDOR = "Zammad text module"


def detect(text: str) -> bool:
    """JSON with ``name``, ``keywords`` and ``content`` keys."""
    try:
        start = common.head(text)
        return common.starts_json(start) and common.has_key(start, "name", "keywords", "content")
    except Exception:  # a detector never raises
        return False


def detect_csv(text: str) -> bool:
    """A CSV whose header row has ``name``, ``keywords`` and ``content`` columns."""
    try:
        header = common.csv_header(text)
        return {"name", "keywords", "content"} <= header
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_zammad_text_modules(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per active text module."""
    return common.read_records_by_spec(
        source,
        options,
        vendor=VENDOR,
        wrappers=("text_modules", "data"),
        single=("text_module",),
        id_fields=("name", "id"),
        text_fields=(("content", None),),
        skip_inactive=True,
    )


@register_content(".csv", detect=detect_csv)
@common.unless_field_named(read_csv)
def read_zammad_text_modules_csv(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per active row of a text module CSV."""
    return common.read_csv_by_spec(
        source,
        options,
        vendor=VENDOR,
        id_column="name",
        text_column="content",
        skip_inactive=True,
    )
