"""Library records: picking text, id and channel out of YAML/JSON trees, and making Documents.

YAML and JSON readers parse their file into the small position-aware tree below; everything
about library *shapes* (a list of records, title -> body, title -> record, one record, a wrapper
key around a list) lives here once, so both formats behave the same.

Nested records (``library.text_field`` / ``--text-field`` with a path): a path is field names
separated by ``.``; ``[]`` after a name reads each item of that list; a number is a 0-based
position in a list (as in jq). ``turns[].text`` makes each turn a document, ``a.b.text`` reads a
nested mapping, ``original[].1`` reads index 1 of each inner list (ABCD's ``["agent", "text"]``
pairs). An item's id is its record's id and its 1-based position (``conv-7#3``; ``#1#3`` when the
record has no id). ``library.where`` (``{role: agent}``; ``{0: agent}`` for pairs; a list of values
accepts any; ``"*"`` accepts any value present) is tested on each item, case-insensitively; with a
plain field name it filters whole records. The agent (``library.agent_field``, default ``agent``,
``author``, ``agent_id``; dotted paths allowed) is looked up on the item, then on its record.
A plain name spelt exactly as a key of the record (``a.b``) is still read as that key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from voicelint.document import Document, RecordSuppression, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.html import html_to_prose
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
    #: How the value is written in the file (see ``Document.syntax``); None: unknown.
    style: str | None = None

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

#: A record's list of rules to suppress for the whole record (docs/reference.md section 9): read
#: into ``Document.suppressions``, never linted as text nor kept among the record's ``fields``.
IGNORE_FIELD = "voicelint-ignore"
_SELECTOR = re.compile(r"[^\s,]+")


def _is_ignore_key(key: str | None) -> bool:
    return key is not None and key.strip().lower() == IGNORE_FIELD


def scalar_suppressions(value: Scalar) -> tuple[RecordSuppression, ...]:
    """The selectors of a ``voicelint-ignore`` string (commas or spaces between them, as in a CSV
    cell), each with its file span."""
    text = value.value or ""
    offsets, _, base = value.offsets()
    found = []
    for match in _SELECTOR.finditer(text):
        if offsets is None:
            start, end = base + match.start(), base + match.end()
        else:
            start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        found.append(RecordSuppression(match.group(), start, end))
    return tuple(found)


def record_suppressions(nodes: Sequence[Node]) -> tuple[RecordSuppression, ...]:
    """The ``voicelint-ignore`` selectors of a record (a list of codes or names, or one string),
    from each of ``nodes`` that is a mapping (an item, then its record)."""
    found: list[RecordSuppression] = []
    for node in nodes:
        if not isinstance(node, MapNode):
            continue
        for key, value in node.pairs:
            if not _is_ignore_key(key.value):
                continue
            items = value.items if isinstance(value, ListNode) else [value]
            for item in items:
                if isinstance(item, Scalar):
                    found.extend(scalar_suppressions(item))
    return tuple(found)


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


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step of a text field path: a field name (or a list index), and whether it fans out."""

    name: str
    each: bool = False


def text_path(name: str) -> tuple[PathStep, ...] | None:
    """The steps of a nested text field path (``turns[].text``, ``a.b.text``, ``original[].1``).

    None for a plain field name (read exactly as before) and for a path that is not valid
    (``a..b``, ``[]``, ``a[0]``); :func:`path_problem` says what is wrong with the latter.
    """
    if "." not in name and "[" not in name and "]" not in name:
        return None
    steps = []
    for segment in name.split("."):
        each = segment.endswith("[]")
        field_name = segment[:-2] if each else segment
        if not field_name or "[" in field_name or "]" in field_name:
            return None
        steps.append(PathStep(field_name, each))
    return tuple(steps)


def path_problem(name: str) -> str | None:
    """Why ``name`` is not a valid field path, or None when it is one (or a plain name)."""
    if "." not in name and "[" not in name and "]" not in name:
        return None
    if text_path(name) is None:
        return (
            f"the text field path {name!r} is not valid (write field names separated by '.', "
            "'[]' after a list to read each of its items, and a number for a position in a list: "
            "turns[].text, a.b.text, original[].1)"
        )
    return None


def _child(node: Node, name: str) -> Node | None:
    """A mapping's field (as :func:`_find_field` matches it), or a list's item by 0-based position."""
    if isinstance(node, MapNode):
        found = _find_field(node, (name,))
        return found[1] if found is not None else None
    if isinstance(node, ListNode) and name.isdigit():
        index = int(name)
        return node.items[index] if index < len(node.items) else None
    return None


def _lookup(node: Node, path: str) -> Node | None:
    """The node at a plain dotted path below ``node`` (a field name, or ``sender.role``, ``0``)."""
    if isinstance(node, MapNode):
        found = _find_field(node, (path,))
        if found is not None:
            return found[1]
    current: Node | None = node
    for name in path.split("."):
        if current is None:
            return None
        current = _child(current, name)
    return current


def _text_value(node: Node | None) -> str | None:
    if isinstance(node, Scalar) and node.value is not None:
        return node.value
    return None


def _matches(item: Node, where: Sequence[tuple[str, tuple[str, ...]]]) -> bool:
    """Whether every ``library.where`` condition holds on ``item`` (text, case-insensitive)."""
    for path, accepted in where:
        value = _text_value(_lookup(item, path))
        if value is None:
            return False
        if "*" not in accepted and value.casefold() not in {choice.casefold() for choice in accepted}:
            return False
    return True


def _agent(nodes: Sequence[Node], fields: Sequence[str]) -> str | None:
    """The first agent field with a value, on the item first and then on its record."""
    for node in nodes:
        for name in fields:
            value = _text_value(_lookup(node, name))
            if value is not None and value.strip():
                return value
    return None


@dataclass(slots=True)
class _Found:
    """One item a text path reached: the item, its 1-based positions, and its text or a problem."""

    item: Node
    indexes: tuple[int, ...]
    text: Scalar | None = None
    problem: str | None = None
    offset: int = 0
    #: Whether the problem is below the item (``where`` decides whether it matters).
    in_item: bool = True


def _walk(node: Node, steps: Sequence[PathStep], item: Node, indexes: tuple[int, ...], fans: int) -> Iterator[_Found]:
    """Every item a path reaches from ``node`` (``fans``: how many ``[]`` steps are still ahead)."""
    for position, step in enumerate(steps):
        child = _child(node, step.name)
        if child is None:
            what = f"has no item {step.name}" if isinstance(node, ListNode) else f"has no field {step.name!r}"
            yield _Found(item, indexes, problem=what, offset=node.start, in_item=fans == 0)
            return
        if step.each:
            if not isinstance(child, ListNode):
                yield _Found(
                    item,
                    indexes,
                    problem=f"has a field {step.name!r} that is not a list",
                    offset=child.start,
                    in_item=False,
                )
                return
            for index, element in enumerate(child.items, 1):
                yield from _walk(element, steps[position + 1 :], element, (*indexes, index), fans - 1)
            return
        node = child
    if isinstance(node, Scalar) and node.value is not None:
        yield _Found(item, indexes, text=node)
    else:
        last = steps[-1].name if steps else "item"
        yield _Found(item, indexes, problem=f"has no text in {last!r} (expected a string)", offset=node.start)


def _is_text(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is not None


def _is_single_record(mapping: MapNode, options: ReadOptions) -> bool:
    """A mapping that is itself one record (osTicket's ``{notes, subject, body}``).

    It has one of the text fields spelt exactly, holding text, and every key looks like a field
    name; a mapping of titles to bodies has titles such as "Refund delayed (chat)" instead.
    """
    keys = [key.value for key, _ in mapping.pairs]
    heads = [path[0].name for name in options.text_fields if (path := text_path(name)) is not None]
    if heads and any(head in keys for head in heads):
        # A record whose text is nested (``turns[].text``): its first key holds a list or mapping.
        return all(key is not None and _IDENTIFIER_KEY.match(key) for key in keys)
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
        if _is_ignore_key(key.value):
            continue  # never a record of its own (and never text)
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
    html: bool = False,
    suppressions: tuple[RecordSuppression, ...] = (),
) -> Document:
    """A Document for one record's text, cleaned (when enabled) with an exact map to the file.

    With ``html`` the text is HTML made prose first (tags out, block tags as line breaks, entities
    decoded; :mod:`voicelint.sources.html`), the maps composed so every character points into
    the file. ``suppressions`` are the record's ``voicelint-ignore`` selectors; a ``voicelint-ignore``
    entry of ``fields`` (a CSV column) is never kept as a field.
    """
    fields = {name: field_value for name, field_value in fields.items() if not _is_ignore_key(name)}
    value = text.value or ""
    offsets, ends, base = text.offsets()
    if html:
        value, offsets, ends = html_to_prose(value, offsets, ends, base)
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
        syntax=text.style or "unknown",
        html=html,
        suppressions=suppressions,
    )


def _scalar_fields(mapping: MapNode, skip: str) -> dict[str, str]:
    return {
        key.value: value.value
        for key, value in mapping.pairs
        if key.value is not None
        and key.value != skip
        and not _is_ignore_key(key.value)
        and isinstance(value, Scalar)
        and value.value is not None
    }


def read_records(source: SourceFile, root: Node | None, options: ReadOptions) -> Iterator[Document | InputError]:
    """Documents for every record of a parsed library, and an error for every broken record.

    A text field that is a path (``turns[].text``) makes each item it reaches a document, its id
    the record's id and the item's 1-based position (``conv-7#3``); ``options.where`` keeps only
    the items (or, for a plain field, the records) whose fields match.
    """
    if root is None:
        return
    for name in options.text_fields:
        problem = path_problem(name)
        if problem is not None:
            yield InputError(source.path, problem)
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
        path = _nested_path(node, options)
        if options.where and path is None and not _matches(node, options.where):
            continue
        if isinstance(node, Scalar) and path is not None:
            errors += 1
            if errors <= MAX_RECORD_ERRORS:
                where = source.position(record.start)
                name = f"record {fallback_id!r}" if fallback_id else "the record"
                message = f"{name} has no field {path[0].name!r} (text field {options.text_fields[0]!r})"
                yield InputError(source.path, message, where.line, where.column)
            continue
        if isinstance(node, Scalar):
            fields = {"group": record.group} if record.group else {}
            yield make_document(source, node, options, record_id=fallback_id, channel=None, line=line, fields=fields)
            continue
        if not isinstance(node, MapNode):
            continue
        found = _find_field(node, options.text_fields) if path is None else None
        text_key = found[0] if found is not None else path[0].name if path is not None else None
        id_found = _find_field(node, [name for name in options.id_fields if name != text_key])
        record_id = fallback_id
        if id_found is not None and isinstance(id_found[1], Scalar) and id_found[1].value is not None:
            record_id = id_found[1].value
        elif id_found is None and len(options.id_fields) == 1 and "." in options.id_fields[0]:
            # A nested id (IBM's ``dialogHeader.sessionID``).
            record_id = _text_value(_lookup(node, options.id_fields[0])) or record_id
        if path is not None:
            for item in _nested_documents(source, node, path, options, record_id, record.group):
                if isinstance(item, InputError):
                    errors += 1
                    if errors <= MAX_RECORD_ERRORS:
                        yield item
                else:
                    yield item
            continue
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
        document = make_document(
            source,
            text_node,
            options,
            record_id=record_id,
            channel=channel,
            line=line,
            fields=fields,
            suppressions=record_suppressions([node]),
        )
        document.agent = _agent([node], options.agent_fields)
        yield document
    if errors > MAX_RECORD_ERRORS:
        yield InputError(
            source.path,
            f"{errors - MAX_RECORD_ERRORS} more records could not be read (only the first "
            f"{MAX_RECORD_ERRORS} are listed); is this file a reply library?",
        )


def _nested_path(node: Node, options: ReadOptions) -> tuple[PathStep, ...] | None:
    """The text path to follow in this record, or None to read its text field as before.

    A record that has a field spelt exactly like the whole path (``a.b``) keeps reading that field.
    """
    if len(options.text_fields) != 1:
        return None
    name = options.text_fields[0]
    path = text_path(name)
    if path is None or (isinstance(node, MapNode) and any(key.value == name for key, _ in node.pairs)):
        return None
    return path


def _nested_documents(
    source: SourceFile,
    record: MapNode,
    path: tuple[PathStep, ...],
    options: ReadOptions,
    record_id: str | None,
    group: str | None,
) -> Iterator[Document | InputError]:
    """A document for every item the path reaches in ``record`` that ``options.where`` keeps."""
    spelt = options.text_fields[0]
    fans = sum(step.each for step in path)
    for found in _walk(record, path, record, (), fans):
        item_id = (record_id or "") + "".join(f"#{index}" for index in found.indexes) or None
        if found.in_item and options.where and not _matches(found.item, options.where):
            continue
        if found.text is None:
            where = source.position(found.offset)
            name = f"record {item_id!r}" if item_id else "the record"
            message = f"{name} {found.problem} (text field {spelt!r})"
            yield InputError(source.path, message, where.line, where.column)
            continue
        holders = [found.item, record] if found.item is not record else [record]
        channel = None
        for holder in holders:
            channel = _text_value(_child(holder, options.channel_field)) if isinstance(holder, MapNode) else None
            if channel is not None:
                break
        fields = _scalar_fields(found.item, path[-1].name) if isinstance(found.item, MapNode) else {}
        if group:
            fields.setdefault("group", group)
        document = make_document(
            source,
            found.text,
            options,
            record_id=item_id,
            channel=channel,
            line=source.position(found.item.start).line,
            fields=fields,
            suppressions=record_suppressions(holders),
        )
        document.agent = _agent(holders, options.agent_fields)
        yield document
