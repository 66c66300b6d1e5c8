"""Front message templates: ``GET /message_templates`` (``{"_pagination", "_links", "_results": [...]}``),
one template, or a bare list.

A template is ``{"id": "rsp_...", "name", "subject", "body", ...}``; the reply is ``body`` (HTML),
its id ``name``. The ``subject`` is kept in ``fields`` (not linted).
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.registry import register_content

VENDOR = "Front message template"


def detect(text: str) -> bool:
    """JSON with ``_results`` (Front's page object) or ``rsp_`` template ids, and ``body`` keys."""
    try:
        start = common.head(text)
        if not common.starts_json(start) or not common.has_key(start, "body", "name"):
            return False
        return common.has_key(start, "_results") or '"rsp_' in start
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_front_templates(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per message template."""
    return common.read_records_by_spec(
        source,
        options,
        vendor=VENDOR,
        wrappers=("_results",),
        id_fields=("name", "id"),
        text_fields=(("body", None),),
    )
