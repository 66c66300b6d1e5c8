"""Zendesk macros: ``GET /api/v2/macros`` pages, one ``{"macro": {...}}``, or a bare list.

A macro is ``{"title": "Billing::Refunds", "active": true, "actions": [{"field": ..., "value": ...}]}``.
The reply is the value of a ``comment_value_html`` or ``comment_value`` action. Decisions:

- id: the full ``title`` (``::`` separates folders; the folders are also in ``fields["folder"]``,
  the last part in ``fields["name"]``); ``#N`` for a macro without a title;
- ``active: false`` macros are skipped: they are never applied to a ticket, so their wording
  reaches no customer (a disabled draft would otherwise fail CI);
- a macro without any comment action (it only sets status, tags, assignee) is not a reply and
  gives no document and no error;
- a value may be a string or an array (``["channel:all", "text"]``): every string item that is
  not a ``channel:`` marker is a reply;
- when a macro has both ``comment_value_html`` and ``comment_value`` actions, the HTML ones are
  the reply (Zendesk keeps the plain one as a fallback copy of the same comment); several reply
  actions of that kind give one document each, ids suffixed ``#1``, ``#2`` in action order;
- a ``comment_mode_is_public`` action whose value is false makes the comment an internal note:
  ``fields["public"] == "false"`` (``"true"`` otherwise). The macro says nothing about the
  ticket's channel, so the document's channel stays unset (the run's ``--channel`` or the guide's
  default applies): a public comment is on the social channel only when the run says so
  (``--channel social``), not for every public macro.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.records import ListNode, MapNode, Scalar
from voicelint.sources.registry import register_content

VENDOR = "Zendesk macro"
_REPLY_FIELDS = ("comment_value_html", "comment_value")
_CHANNEL_MARKER = re.compile(r"^channel:\w*$")


def detect(text: str) -> bool:
    """A Zendesk macro export: JSON with ``actions`` and a ``comment_value`` action."""
    try:
        start = common.head(text)
        return common.starts_json(start) and '"comment_value' in start and common.has_key(start, "actions")
    except Exception:  # a detector never raises
        return False


def _reply_values(value: object) -> list[Scalar] | None:
    """The reply strings of an action value, or None when the value is not text."""
    if isinstance(value, Scalar):
        return [value] if value.is_string and value.value is not None else None
    if isinstance(value, ListNode):
        found = [
            item
            for item in value.items
            if isinstance(item, Scalar)
            and item.is_string
            and item.value is not None
            and not _CHANNEL_MARKER.match(item.value)
        ]
        return found
    return None  # null, a number, an object: not a reply


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_zendesk_macros(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per reply action of every active macro."""
    root = common.parse_file(source)
    if isinstance(root, InputError):
        yield root
        return
    errors = common.Errors(source, VENDOR)
    for number, macro in enumerate(common.records(root, ("macros",), ("macro",)), 1):
        if not isinstance(macro, MapNode):
            yield from errors.error(macro.start, number, None, f"is {common.describe(macro)}, expected an object")
            continue
        title = common.text_of(common.field(macro, "title"))
        record_id = title if title else f"#{number}"
        if common.is_false(common.field(macro, "active")):
            continue
        actions = common.field(macro, "actions")
        if not isinstance(actions, ListNode):
            yield from errors.error(
                macro.start, number, record_id, f"field 'actions' is {common.describe(actions)}, expected a list"
            )
            continue
        replies: dict[str, list[tuple[int, Scalar]]] = {name: [] for name in _REPLY_FIELDS}
        public = True
        for index, action in enumerate(actions.items, 1):
            name = common.text_of(common.field(action, "field"))
            value = common.field(action, "value")
            if name == "comment_mode_is_public":
                public = not common.is_false(value)
            elif name in replies:
                assert name is not None
                values = _reply_values(value)
                if not values:
                    yield from errors.error(
                        action.start,
                        number,
                        record_id,
                        f"action {index} ({name}) has value {common.describe(value)}, expected text",
                    )
                    continue
                replies[name].extend((index, item) for item in values)
        chosen = replies["comment_value_html"] or replies["comment_value"]
        if not chosen:
            continue
        fields = {key: value for key, value in common.scalar_fields(macro).items() if key != "title"}
        fields["public"] = "true" if public else "false"
        if title and "::" in title:
            folder, _, name = title.rpartition("::")
            fields["folder"] = folder
            fields["name"] = name
        line = source.position(macro.start).line
        for count, (index, value) in enumerate(chosen, 1):
            field_name = "comment_value_html" if chosen is replies["comment_value_html"] else "comment_value"
            yield common.document(
                source,
                value,
                options,
                record_id=record_id if len(chosen) == 1 else f"{record_id}#{count}",
                channel=None,
                line=line,
                fields={**fields, "action": str(index), "field": field_name},
                is_html=True if field_name == "comment_value_html" else None,
            )
    yield from errors.summary()
