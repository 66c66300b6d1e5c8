"""Library records: picking text, id and channel out of YAML/JSON trees, and making Documents.

YAML and JSON readers parse their file into the small position-aware tree below; everything
about library *shapes* (a list of records, title -> body, title -> record, one record, a wrapper
key around a list) lives here once, so both formats behave the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.normalize import clean_text


@dataclass(slots=True)
class Scalar:
    """A scalar with its value (None for null) and the file span of its raw token."""

    value: str | None
    start: int
    end: int
    #: Whether the value is a string (not a number or boolean).
    is_string: bool = True
    #: Builds the value's offset map and (optional) end map on demand (only text fields need them).
    locate: Callable[[], tuple[Sequence[int], Sequence[int] | None]] | None = None
    #: Offset of the value's first character when it was copied verbatim (``locate`` is then unused).
    verbatim_start: int | None = None

    def offsets(self) -> tuple[Sequence[int] | None, Sequence[int] | None, int]:
        """The value's offset map and end map (None, None when verbatim from the returned base)."""
        if self.verbatim_start is not None:
            return None, None, self.verbatim_start
        if self.locate is not None:
            offsets, ends = self.locate()
            return offsets, ends, self.start
        return None, None, self.start


@dataclass(slots=True)
class MapNode:
    pairs: list[tuple[Scalar, Node]]
    start: int


@dataclass(slots=True)
class ListNode:
    items: list[Node]
    start: int


Node = Scalar | MapNode | ListNode

#: A file that is not a library at all would otherwise report every one of its records.
MAX_RECORD_ERRORS = 20

_IDENTIFIER_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@dataclass(slots=True)
class _Record:
    """One record found in a library, before its text is read."""

    node: Node
    start: int
    key: str | None = None
    index: int = 0
    group: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _find_field(mapping: MapNode, names: Sequence[str]) -> tuple[str, Node] | None:
    """The first of ``names`` present (exact match first, then case-insensitive)."""
    by_key: dict[str, Node] = {}
    for key, value in mapping.pairs:
        if key.value is not None and key.value not in by_key:
            by_key[key.value] = value
    for name in names:
        if name in by_key:
            return name, by_key[name]
    lowered = {key.lower(): (key, value) for key, value in reversed(list(by_key.items()))}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _is_text(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is not None


def _is_single_record(mapping: MapNode, options: ReadOptions) -> bool:
    """A mapping that is itself one record (osTicket's ``{notes, subject, body}``).

    It has one of the text fields spelt exactly, holding text, and every key looks like a field
    name; a mapping of titles to bodies has titles such as "Refund delayed (chat)" instead.
    """
    keys = [key.value for key, _ in mapping.pairs]
    present = [name for name in options.text_fields if name in keys]
    if not present:
        return False
    found = _find_field(mapping, present[:1])
    return (
        found is not None and _is_text(found[1]) and all(key is not None and _IDENTIFIER_KEY.match(key) for key in keys)
    )


def _records(root: Node, options: ReadOptions, depth: int = 0) -> Iterator[_Record | tuple[int, str]]:
    """The records of a library tree, or (offset, message) for entries that are not records."""
    if isinstance(root, ListNode):
        for index, item in enumerate(root.items, 1):
            if isinstance(item, MapNode) or _is_text(item):
                yield _Record(item, item.start, index=index)
            else:
                yield item.start, f"item {index} is not a record (expected a mapping or a string)"
        return
    if isinstance(root, Scalar):
        if root.value is not None:
            yield _Record(root, root.start)
        return
    if _is_single_record(root, options):
        yield _Record(root, root.start)
        return
    if depth == 0 and len(root.pairs) == 1 and isinstance(root.pairs[0][1], ListNode | MapNode):
        # A wrapper such as {macros: [...]}: the records are one level down.
        yield from _records(root.pairs[0][1], options, depth + 1)
        return
    for key, value in root.pairs:
        title = key.value if key.value is not None else "null"
        if isinstance(value, ListNode):
            # Records grouped by category: {billing: [...], shipping: [...]}.
            for index, item in enumerate(value.items, 1):
                if isinstance(item, MapNode) or _is_text(item):
                    yield _Record(item, item.start, key=f"{title}#{index}", index=index, group=title)
                else:
                    yield item.start, f"{title!r} item {index} is not a record"
        elif isinstance(value, MapNode) or _is_text(value):
            yield _Record(value, key.start, key=title)
        else:
            yield key.start, f"the value of {title!r} is empty (expected text or a record)"


def make_document(
    source: SourceFile,
    text: Scalar,
    options: ReadOptions,
    *,
    record_id: str | None,
    channel: str | None,
    line: int,
    fields: dict[str, str],
) -> Document:
    """A Document for one record's text, cleaned (when enabled) with an exact map to the file."""
    value = text.value or ""
    offsets, ends, base = text.offsets()
    if options.clean_records:
        value, offsets, ends = clean_text(value, offsets, ends, base)
    return Document(
        text=value,
        source=source,
        record_id=record_id,
        channel=channel,
        base=base,
        offsets=offsets,
        line=line,
        fields=fields,
        ends=ends,
    )


def _scalar_fields(mapping: MapNode, skip: str) -> dict[str, str]:
    return {
        key.value: value.value
        for key, value in mapping.pairs
        if key.value is not None and key.value != skip and isinstance(value, Scalar) and value.value is not None
    }


def read_records(source: SourceFile, root: Node | None, options: ReadOptions) -> Iterator[Document | InputError]:
    """Documents for every record of a parsed library, and an error for every broken record."""
    if root is None:
        return
    looked_for = ", ".join(options.text_fields)
    errors = 0
    for record in _records(root, options):
        if isinstance(record, tuple):
            errors += 1
            if errors <= MAX_RECORD_ERRORS:
                offset, message = record
                where = source.position(offset)
                yield InputError(source.path, message, where.line, where.column)
            continue
        line = source.position(record.start).line
        node = record.node
        fallback_id = record.key if record.key is not None else f"#{record.index}" if record.index else None
        if isinstance(node, Scalar):
            fields = {"group": record.group} if record.group else {}
            yield make_document(source, node, options, record_id=fallback_id, channel=None, line=line, fields=fields)
            continue
        if not isinstance(node, MapNode):
            continue
        found = _find_field(node, options.text_fields)
        text_key = found[0] if found is not None else None
        id_found = _find_field(node, [name for name in options.id_fields if name != text_key])
        record_id = fallback_id
        if id_found is not None and isinstance(id_found[1], Scalar) and id_found[1].value is not None:
            record_id = id_found[1].value
        if found is None or not isinstance(found[1], Scalar) or found[1].value is None:
            where = source.position(record.start)
            name = f"record {record_id!r}" if record_id else "the record"
            if found is None:
                detail = f"has no text field (looked for: {looked_for})"
            else:
                detail = f"has no text in field {found[0]!r} (expected a string)"
            errors += 1
            if errors <= MAX_RECORD_ERRORS:
                yield InputError(source.path, f"{name} {detail}", where.line, where.column)
            continue
        text_node = found[1]
        channel_found = _find_field(node, [options.channel_field])
        channel = None
        if channel_found is not None and _is_text(channel_found[1]):
            assert isinstance(channel_found[1], Scalar)
            channel = channel_found[1].value
        fields = _scalar_fields(node, found[0])
        if record.group:
            fields.setdefault("group", record.group)
        yield make_document(source, text_node, options, record_id=record_id, channel=channel, line=line, fields=fields)
    if errors > MAX_RECORD_ERRORS:
        yield InputError(
            source.path,
            f"{errors - MAX_RECORD_ERRORS} more records could not be read (only the first "
            f"{MAX_RECORD_ERRORS} are listed); is this file a reply library?",
        )
