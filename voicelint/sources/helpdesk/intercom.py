"""Intercom macros: ``GET /macros`` (``{"type": "list", "data": [...], "pages": ...}``), one macro
(``{"type": "macro", ...}``), or a bare list.

A macro is ``{"type": "macro", "id", "name", "body", "body_text", ...}``. The reply is ``body_text``
(the plain text Intercom derives from the body), else ``body`` (HTML); the id is ``name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.registry import register_content

VENDOR = "Intercom macro"
_MACRO_TYPE = re.compile(r'"type"\s*:\s*"macro"')


def detect(text: str) -> bool:
    """JSON with ``"type": "macro"`` objects, or ``name`` and ``body_text`` keys."""
    try:
        start = common.head(text)
        if not common.starts_json(start) or '"arguments"' in start:
            return False  # Gorgias macros keep body_text inside action arguments
        return _MACRO_TYPE.search(start) is not None or common.has_key(start, "body_text", "name")
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_intercom_macros(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per macro."""
    return common.read_records_by_spec(
        source,
        options,
        vendor=VENDOR,
        wrappers=("data", "macros"),
        id_fields=("name", "id"),
        text_fields=(("body_text", False), ("body", True)),
    )
