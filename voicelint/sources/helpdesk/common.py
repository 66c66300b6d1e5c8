"""What every helpdesk reader shares: page objects, field look-ups, documents from HTML or text.

Each vendor module (one per helpdesk) registers a content reader for ``.json`` (or ``.csv``) with a
cheap detector. The reader parses the file with the position-aware JSON parser, finds the records
the way the vendor's API or export returns them (a bare list, one object, or the list inside the
vendor's page object), and makes one :class:`Document` per reply with exact offsets: HTML bodies
go through :func:`voicelint.sources.html.html_to_prose`, composed with the JSON string's map.

A record that cannot be read is an :class:`InputError` naming the file, line, record and field;
the other records are still read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from voicelint.document import Document, SourceFile
from voicelint.sources.base import DEFAULT_TEXT_FIELDS, InputError, ReadOptions
from voicelint.sources.csv_library import CSVSyntaxError, rows
from voicelint.sources.html import looks_like_html
from voicelint.sources.json_library import JSONSyntaxError, parse
from voicelint.sources.records import MAX_RECORD_ERRORS, ListNode, MapNode, Node, Scalar, make_document

#: How much of a file a detector looks at for the vendor's keys (a page of an export starts with them).
DETECT_WINDOW = 64 * 1024


def head(text: str) -> str:
    """The start of a file, where detectors look."""
    return text[:DETECT_WINDOW]


def has_key(text: str, *names: str) -> bool:
    """Whether every one of ``names`` appears as a JSON key (``"name":``) in ``text``."""
    return all(re.search(rf'"{re.escape(name)}"\s*:', text) is not None for name in names)


def starts_json(text: str) -> bool:
    """Whether ``text`` starts (after whitespace) like a JSON object or array."""
    stripped = text.lstrip()
    return stripped[:1] in ("{", "[")


def parse_file(source: SourceFile) -> Node | InputError | None:
    """The JSON tree of a file, or one syntax error for the file."""
    try:
        return parse(source.text)
    except JSONSyntaxError as error:
        where = source.position(error.offset)
        return InputError(source.path, f"JSON syntax error: {error.message}", where.line, where.column)


def field(mapping: Node | None, name: str) -> Node | None:
    """The value of key ``name`` in a mapping (exact spelling), else None."""
    if not isinstance(mapping, MapNode):
        return None
    for key, value in mapping.pairs:
        if key.value == name:
            return value
    return None


def string(node: Node | None) -> Scalar | None:
    """The node when it is a non-null string scalar."""
    if isinstance(node, Scalar) and node.is_string and node.value is not None:
        return node
    return None


def text_of(node: Node | None) -> str | None:
    """The value of a scalar (string, number or boolean literal) as text, else None."""
    if isinstance(node, Scalar) and node.value is not None:
        return node.value
    return None


def is_false(node: Node | None) -> bool:
    """Whether a flag is false (``false``, ``"false"``, ``0``, ``"0"``)."""
    value = text_of(node)
    return value is not None and value.strip().lower() in ("false", "0", "no")


def records(root: Node | None, wrappers: Sequence[str], single: Sequence[str] = ()) -> list[MapNode | Node]:
    """The records of a vendor file: a bare list, a list under one of ``wrappers`` (a page
    object, looked up one level down too, as in ``{"_embedded": {"replies": [...]}}``), one record
    under one of ``single`` (``{"macro": {...}}``), or the root itself (one record)."""
    if root is None:
        return []
    if isinstance(root, ListNode):
        return list(root.items)
    if not isinstance(root, MapNode):
        return [root]
    for name in wrappers:
        value = field(root, name)
        if isinstance(value, ListNode):
            return list(value.items)
        if isinstance(value, MapNode):
            for inner_name in wrappers:
                inner = field(value, inner_name)
                if isinstance(inner, ListNode):
                    return list(inner.items)
    for name in single:
        value = field(root, name)
        if isinstance(value, MapNode):
            return [value]
    return [root]


def document(
    source: SourceFile,
    value: Scalar,
    options: ReadOptions,
    *,
    record_id: str | None,
    channel: str | None,
    line: int,
    fields: dict[str, str],
    is_html: bool | None = None,
) -> Document:
    """A Document for one reply. ``is_html`` None: HTML when the value holds HTML markup.

    An HTML value becomes prose (tags out, block tags as line breaks, entities decoded) before the
    usual record clean-up, with the maps composed so every character points into the file.
    """
    html = looks_like_html(value.value or "") if is_html is None else is_html
    return make_document(
        source, value, options, record_id=record_id, channel=channel, line=line, fields=fields, html=html
    )


def scalar_fields(mapping: Node, skip: Sequence[str] = ()) -> dict[str, str]:
    """The record's scalar fields (informational), except ``skip``."""
    if not isinstance(mapping, MapNode):
        return {}
    found: dict[str, str] = {}
    for key, value in mapping.pairs:
        if key.value is None or key.value in skip:
            continue
        if isinstance(value, Scalar) and value.value is not None:
            found[key.value] = value.value
    return found


class Errors:
    """Record errors of one file, capped like the plain library reader's."""

    def __init__(self, source: SourceFile, vendor: str) -> None:
        self.source = source
        self.vendor = vendor
        self.count = 0

    def error(self, offset: int, number: int, record_id: str | None, message: str) -> Iterator[InputError]:
        """An error for record ``number`` (1-based) at ``offset``: ``record 3 ('Billing::Refunds'): ...``."""
        self.count += 1
        if self.count > MAX_RECORD_ERRORS:
            return
        where = self.source.position(offset)
        name = f"record {number}" + (f" ({record_id!r})" if record_id else "")
        yield InputError(self.source.path, f"{self.vendor} {name}: {message}", where.line, where.column)

    def summary(self) -> Iterator[InputError]:
        if self.count > MAX_RECORD_ERRORS:
            yield InputError(
                self.source.path,
                f"{self.count - MAX_RECORD_ERRORS} more {self.vendor} records could not be read "
                f"(only the first {MAX_RECORD_ERRORS} are listed)",
            )


def describe(node: Node | None) -> str:
    """What a node is, for messages (``a list``, ``null``)."""
    if node is None:
        return "missing"
    if isinstance(node, MapNode):
        return "an object"
    if isinstance(node, ListNode):
        return "a list"
    if node.value is None:
        return "null"
    return "a string" if node.is_string else f"{node.value}"


def read_records_by_spec(
    source: SourceFile,
    options: ReadOptions,
    *,
    vendor: str,
    wrappers: Sequence[str],
    single: Sequence[str] = (),
    id_fields: Sequence[str],
    text_fields: Sequence[tuple[str, bool | None]],
    extra_texts: Sequence[tuple[str, bool | None, str]] = (),
    skip_inactive: bool = False,
) -> Iterator[Document | InputError]:
    """The usual vendor shape: one reply per record, its text in the first of ``text_fields``
    present (``(name, is_html)``; ``is_html`` None: decided by the value), its id in the first of
    ``id_fields``. ``extra_texts`` (``(name, is_html, channel)``) are further replies of the same
    record on another channel (Help Scout's ``chatText``), ids suffixed ``#channel``.
    ``skip_inactive``: a record with ``active: false`` is skipped (never sent to a customer).
    """
    root = parse_file(source)
    if isinstance(root, InputError):
        yield root
        return
    errors = Errors(source, vendor)
    for number, record in enumerate(records(root, wrappers, single), 1):
        if not isinstance(record, MapNode):
            yield from errors.error(record.start, number, None, f"is {describe(record)}, expected an object")
            continue
        record_id = next((text_of(field(record, name)) for name in id_fields if text_of(field(record, name))), None)
        label = record_id or f"#{number}"
        if skip_inactive and is_false(field(record, "active")):
            continue
        line = source.position(record.start).line
        texts = [(name, is_html, field(record, name)) for name, is_html in text_fields]
        present = [(name, is_html, node) for name, is_html, node in texts if node is not None]
        main = next(((name, is_html, node) for name, is_html, node in present if string(node) is not None), None)
        skip = [name for name, _ in text_fields] + [name for name, _, _ in extra_texts]
        fields = scalar_fields(record, skip)
        if main is None:
            if present:
                name, _, node = present[0]
                message = f"field {name!r} is {describe(node)}, expected text"
            else:
                message = f"has no text field (looked for: {', '.join(name for name, _ in text_fields)})"
            yield from errors.error(record.start, number, record_id, message)
        else:
            name, is_html, node = main
            value = string(node)
            assert value is not None
            # Vendors have no channel field; a library that only looks like a vendor's keeps its own.
            channel = text_of(string(field(record, options.channel_field)))
            yield document(
                source,
                value,
                options,
                record_id=label,
                channel=channel,
                line=line,
                fields={**fields, "field": name},
                is_html=is_html,
            )
        for name, is_html, channel in extra_texts:
            extra = field(record, name)
            if extra is None or (isinstance(extra, Scalar) and extra.value is None):
                continue
            value = string(extra)
            if value is None:
                yield from errors.error(
                    extra.start, number, record_id, f"field {name!r} is {describe(extra)}, expected text"
                )
                continue
            if not (value.value or "").strip():
                continue
            yield document(
                source,
                value,
                options,
                record_id=f"{label}#{channel}",
                channel=channel,
                line=line,
                fields={**fields, "field": name},
                is_html=is_html,
            )
    yield from errors.summary()


def csv_header(text: str) -> set[str]:
    """The lower-case column names of a CSV's first row (cheap: only that line is read)."""
    end = text.find("\n", 0, DETECT_WINDOW)
    line = text[: end if end != -1 else DETECT_WINDOW].rstrip("\r")
    if not line or line.lstrip()[:1] in ("{", "["):
        return set()
    for _, fields in rows(line, ","):
        return {(cell.value or "").strip().lower() for cell in fields}
    return set()


def _cell(cells: list[Scalar], columns: dict[str, int], name: str | None) -> Scalar | None:
    index = columns.get(name) if name is not None else None
    return cells[index] if index is not None and index < len(cells) else None


def read_csv_by_spec(
    source: SourceFile,
    options: ReadOptions,
    *,
    vendor: str,
    id_column: str,
    text_column: str,
    channel_column: str | None = None,
    channel_map: Callable[[str], str | None] | None = None,
    skip_inactive: bool = False,
) -> Iterator[Document | InputError]:
    """One document per data row of a vendor CSV; columns are matched in any case.

    The text may be HTML (decided by the value). ``skip_inactive``: a row whose ``active`` column
    is false is skipped. A row without the text column is an error for that row only.
    """
    errors = Errors(source, vendor)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    number = 0
    try:
        for row_start, cells in rows(source.text, ","):
            if header is None:
                header = [(cell.value or "").strip() for cell in cells]
                for index, name in enumerate(header):
                    columns.setdefault(name.lower(), index)
                if text_column not in columns:
                    where = source.position(row_start)
                    yield InputError(
                        source.path,
                        f"{vendor} CSV: the header row has no {text_column!r} column",
                        where.line,
                        where.column,
                    )
                    return
                continue
            number += 1

            id_cell = _cell(cells, columns, id_column)
            record_id = id_cell.value if id_cell is not None and id_cell.value else None
            if skip_inactive and is_false(_cell(cells, columns, "active")):
                continue
            text = _cell(cells, columns, text_column)
            if text is None:
                yield from errors.error(
                    row_start, number, record_id, f"row has {len(cells)} fields; the {text_column!r} column is missing"
                )
                continue
            channel = None
            channel_cell = _cell(cells, columns, channel_column)
            if channel_cell is not None and channel_cell.value:
                channel = channel_map(channel_cell.value) if channel_map is not None else channel_cell.value
            fields = {
                name: cells[index].value or ""
                for index, name in enumerate(header)
                if name and index < len(cells) and name.lower() != text_column
            }
            yield document(
                source,
                text,
                options,
                record_id=record_id or f"#{number}",
                channel=channel,
                line=source.position(row_start).line,
                fields=fields,
            )
    except CSVSyntaxError as error:
        where = source.position(error.offset)
        yield InputError(source.path, f"CSV syntax error: {error.message}", where.line, where.column)
    yield from errors.summary()


Reader = Callable[[SourceFile, ReadOptions], Iterator[Document | InputError]]


def unless_field_named(plain: Reader) -> Callable[[Reader], Reader]:
    """Decorate a vendor reader: when the user or guide names the text field (``--text-field``,
    ``library.text_field``), the file is read by ``plain`` (the extension's library reader) with
    that field, as before vendor formats were recognised; otherwise by the vendor reader."""

    def decorate(reader: Reader) -> Reader:
        @functools.wraps(reader)
        def read(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
            if options.text_fields != DEFAULT_TEXT_FIELDS:
                return plain(source, options)
            return reader(source, options)

        return read

    return decorate
