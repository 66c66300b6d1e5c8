"""Gorgias macros: ``GET /api/macros`` (``{"object": "list", "data": [...], "meta": ...}``), one
macro, or a bare list.

A macro is ``{"id", "name", "actions": [{"name": "setResponseText", "arguments": {"body_text",
"body_html"}}, ...]}``. Every action whose ``arguments`` hold ``body_text`` or ``body_html`` is a
reply: ``body_text`` when it is not empty, else ``body_html`` (HTML). The id is ``name``; several
reply actions give one document each, ids suffixed ``#1``, ``#2``. An internal-note action
(``addInternalNote``) gives ``fields["public"] == "false"``. A macro without a reply action (it only
tags or assigns) gives no document.
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.records import ListNode, MapNode, Scalar
from voicelint.sources.registry import register_content

VENDOR = "Gorgias macro"


def detect(text: str) -> bool:
    """JSON with ``actions`` whose ``arguments`` hold ``body_text`` or ``body_html``."""
    try:
        start = common.head(text)
        if not common.starts_json(start) or not common.has_key(start, "actions", "arguments"):
            return False
        return common.has_key(start, "body_text") or common.has_key(start, "body_html")
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_gorgias_macros(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per reply action of every macro."""
    root = common.parse_file(source)
    if isinstance(root, InputError):
        yield root
        return
    errors = common.Errors(source, VENDOR)
    for number, macro in enumerate(common.records(root, ("data", "macros"), ("macro",)), 1):
        if not isinstance(macro, MapNode):
            yield from errors.error(macro.start, number, None, f"is {common.describe(macro)}, expected an object")
            continue
        name = common.text_of(common.field(macro, "name"))
        record_id = name if name else f"#{number}"
        actions = common.field(macro, "actions")
        if not isinstance(actions, ListNode):
            yield from errors.error(
                macro.start, number, record_id, f"field 'actions' is {common.describe(actions)}, expected a list"
            )
            continue
        replies: list[tuple[int, str, Scalar, bool, str]] = []
        for index, action in enumerate(actions.items, 1):
            arguments = common.field(action, "arguments")
            text = common.field(arguments, "body_text")
            markup = common.field(arguments, "body_html")
            if text is None and markup is None:
                continue
            action_name = common.text_of(common.field(action, "name")) or ""
            plain = common.string(text)
            rich = common.string(markup)
            if plain is not None and (plain.value or "").strip():
                replies.append((index, "body_text", plain, False, action_name))
            elif rich is not None:
                replies.append((index, "body_html", rich, True, action_name))
            elif plain is not None:
                replies.append((index, "body_text", plain, False, action_name))
            else:
                bad = "body_text" if text is not None else "body_html"
                yield from errors.error(
                    action.start,
                    number,
                    record_id,
                    f"action {index} ({action_name or 'unnamed'}) has {bad} "
                    f"{common.describe(text if text is not None else markup)}, expected text",
                )
        fields = {key: value for key, value in common.scalar_fields(macro).items() if key != "name"}
        line = source.position(macro.start).line
        for count, (_index, field_name, value, is_html, action_name) in enumerate(replies, 1):
            yield common.document(
                source,
                value,
                options,
                record_id=record_id if len(replies) == 1 else f"{record_id}#{count}",
                channel=None,
                line=line,
                fields={
                    **fields,
                    "action": action_name,
                    "field": field_name,
                    "public": "false" if "note" in action_name.lower() else "true",
                },
                is_html=is_html,
            )
    yield from errors.summary()
