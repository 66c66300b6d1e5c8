"""Freshdesk canned responses: ``GET /api/v2/canned_response_folders/{id}/responses`` (a bare list),
one response (``GET /api/v2/canned_responses/{id}``), or a list under ``canned_responses``/``responses``.

A response is ``{"id", "title", "folder_id", "content", "content_html", ...}``. The reply is
``content_html`` (what the agent wrote, as HTML), else the plain ``content``; the id is ``title``.
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.registry import register_content

VENDOR = "Freshdesk canned response"


def detect(text: str) -> bool:
    """JSON with ``title`` and ``content_html`` keys."""
    try:
        start = common.head(text)
        return common.starts_json(start) and common.has_key(start, "content_html", "title")
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_freshdesk_canned_responses(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per canned response."""
    return common.read_records_by_spec(
        source,
        options,
        vendor=VENDOR,
        wrappers=("canned_responses", "responses"),
        single=("canned_response",),
        id_fields=("title", "id"),
        text_fields=(("content_html", True), ("content", None)),
    )
