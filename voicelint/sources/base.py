"""The small value types every reader shares: read options and input errors.

Readers never raise for bad input: they yield :class:`InputError` values next to the documents
they could read, so one broken record or file never stops the run and never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicelint.report import ReportError

#: Record fields that hold the text to lint, in order of preference (CONTRACT section 6).
DEFAULT_TEXT_FIELDS: tuple[str, ...] = ("body", "text", "response", "content", "message", "value")
#: Record fields that hold a record's id or title, in order of preference.
DEFAULT_ID_FIELDS: tuple[str, ...] = ("id", "name", "title")


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


#: Readers report problems as the report's own error type, so they flow into reports unchanged.
InputError = ReportError
