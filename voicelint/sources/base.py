"""The small value types every reader shares: read options and input errors.

Readers never raise for bad input: they yield :class:`InputError` values next to the documents
they could read, so one broken record or file never stops the run and never hides the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voicelint.report import ReportError

#: Record fields that hold the text to lint, in order of preference (CONTRACT section 6).
DEFAULT_TEXT_FIELDS: tuple[str, ...] = ("body", "text", "response", "content", "message", "value")
#: Record fields that hold a record's id or title, in order of preference.
DEFAULT_ID_FIELDS: tuple[str, ...] = ("id", "name", "title")
#: Fields that name the person who wrote an item (looked up on the item, then on its record).
DEFAULT_AGENT_FIELDS: tuple[str, ...] = ("agent", "author", "agent_id")


@dataclass(frozen=True)
class ReadOptions:
    """How to read library records; a user or guide may name the text field (then only that one)."""

    text_fields: tuple[str, ...] = DEFAULT_TEXT_FIELDS
    id_fields: tuple[str, ...] = DEFAULT_ID_FIELDS
    channel_field: str = "channel"
    #: Repair HTML entities and cp1252 mojibake and mask HTML/Markdown markup in library records.
    clean_records: bool = True
    #: How a Markdown file is read: ``auto`` (a collection of saved replies when it looks like one,
    #: see :mod:`voicelint.sources.markdown`), ``collection`` (one record per reply heading) or
    #: ``document`` (the whole file is one document). Guide: ``library.markdown``.
    markdown: str = "auto"
    #: ``library.where``: keep only the items (turns, or records) whose field matches one of the
    #: values, as (field path, accepted values); ``*`` accepts any value that is present.
    #: Values compare as text, case-insensitively. Empty: every item is kept.
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: ``library.agent_field``: who wrote an item (see :data:`DEFAULT_AGENT_FIELDS`).
    agent_fields: tuple[str, ...] = DEFAULT_AGENT_FIELDS


def _as_text(value: Any) -> str:
    """A guide value as the text a record field would hold (``true``, ``0``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def where_conditions(where: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``library.where`` as :attr:`ReadOptions.where`: a value, or a list of accepted values."""
    return tuple(
        (str(key), tuple(_as_text(item) for item in value) if isinstance(value, list) else (_as_text(value),))
        for key, value in where.items()
    )


#: Readers report problems as the report's own error type, so they flow into reports unchanged.
InputError = ReportError
