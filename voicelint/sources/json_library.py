"""JSON (and JSON Lines) canned-response libraries, parsed with positions.

The standard ``json`` module gives no positions, so this is a small recursive-descent parser
that keeps every value's start offset; strings are decoded by the C-accelerated
``json.decoder.scanstring`` and numbers by the stdlib's own number regex, which keeps a 5 MB
file fast. Nesting deeper than :data:`MAX_DEPTH` is an input error, never a RecursionError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, undocumented
from json.scanner import NUMBER_RE

from voicelint.document import Document, SourceFile
from voicelint.sources import align
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.records import ListNode, MapNode, Node, Scalar, read_records
from voicelint.sources.registry import register

#: Libraries nest two or three levels; anything this deep is not a library.
MAX_DEPTH = 200

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LINE_END = re.compile(r"\r\n?|\n")
_LITERALS = {"true": "true", "false": "false", "null": None}
# Whitespace, a separator, whitespace: one regex call instead of three steps per key or item.
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_AFTER_MEMBER = re.compile(r"[ \t\n\r]*([,}])[ \t\n\r]*")
_AFTER_ITEM = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")


class JSONSyntaxError(Exception):
    """A syntax error at a character offset."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Parser:
    """Parses ``text[:end]`` in place: no copy of the text, so JSON Lines stay linear in the file."""

    __slots__ = ("end", "text")

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end

    def skip(self, index: int) -> int:
        text = self.text
        if index < self.end and text[index] not in " \t\n\r":
            return index
        match = _WHITESPACE.match(text, index, self.end)
        return match.end() if match else index

    def string(self, index: int) -> tuple[Scalar, int]:
        """The string whose opening quote is at ``index``."""
        text = self.text
        try:
            # Strict: a raw line break ends the string with an error, so it never runs past a
            # JSON Lines line (whose end is a line break) into the next one.
            value, end = scanstring(text, index + 1, True)
        except ValueError as error:
            offset = getattr(error, "pos", index)
            message = getattr(error, "msg", "invalid string")
            raise JSONSyntaxError(message, offset) from None
        if text.find("\\", index + 1, end - 1) == -1:
            return Scalar(value, index, end, verbatim_start=index + 1, style=align.JSON), end

        def locate() -> tuple[align.array[int], align.array[int] | None]:
            return align.align(value, text, index, end, align.JSON)

        return Scalar(value, index, end, locate=locate, style=align.JSON), end

    def value(self, index: int, depth: int) -> tuple[Node, int]:
        text = self.text
        if index >= self.end:
            raise JSONSyntaxError("expected a value, found the end of the file", index)
        char = text[index]
        if char == '"':
            return self.string(index)
        if char == "{" or char == "[":
            if depth >= MAX_DEPTH:
                raise JSONSyntaxError(f"nested more than {MAX_DEPTH} levels deep", index)
            return self.mapping(index, depth) if char == "{" else self.array(index, depth)
        number = NUMBER_RE.match(text, index, self.end)
        if number:
            return Scalar(number.group(), index, number.end(), is_string=False, verbatim_start=index), number.end()
        for word, literal in _LITERALS.items():
            if text.startswith(word, index, self.end):
                end = index + len(word)
                return Scalar(literal, index, end, is_string=False, verbatim_start=index), end
        raise JSONSyntaxError(f"expected a value, found {char!r}", index)

    def mapping(self, index: int, depth: int) -> tuple[MapNode, int]:
        text = self.text
        node = MapNode([], index)
        index = self.skip(index + 1)
        if text.startswith("}", index, self.end):
            return node, index + 1
        while True:
            if not text.startswith('"', index, self.end):
                raise JSONSyntaxError("expected a key in double quotes", index)
            key, index = self.string(index)
            colon = _COLON.match(text, index, self.end)
            if colon is None:
                raise JSONSyntaxError("expected ':' after the key", self.skip(index))
            value, index = self.value(colon.end(), depth + 1)
            node.pairs.append((key, value))
            separator = _AFTER_MEMBER.match(text, index, self.end)
            if separator is None:
                raise JSONSyntaxError("expected ',' or '}'", self.skip(index))
            if separator.group(1) == "}":
                return node, separator.start(1) + 1
            index = separator.end()

    def array(self, index: int, depth: int) -> tuple[ListNode, int]:
        text = self.text
        node = ListNode([], index)
        index = self.skip(index + 1)
        if text.startswith("]", index, self.end):
            return node, index + 1
        while True:
            item, index = self.value(index, depth + 1)
            node.items.append(item)
            separator = _AFTER_ITEM.match(text, index, self.end)
            if separator is None:
                raise JSONSyntaxError("expected ',' or ']'", self.skip(index))
            if separator.group(1) == "]":
                return node, separator.start(1) + 1
            index = separator.end()


def parse(text: str, start: int = 0, end: int | None = None) -> Node | None:
    """The position-aware tree of one JSON value in ``text[start:end]`` (None if only whitespace)."""
    end = len(text) if end is None else end
    parser = _Parser(text, end)
    index = parser.skip(start)
    if index >= end:
        return None
    node, index = parser.value(index, 0)
    index = parser.skip(index)
    if index < end:
        raise JSONSyntaxError("extra data after the JSON value", index)
    return node


def _error(source: SourceFile, error: JSONSyntaxError) -> InputError:
    where = source.position(error.offset)
    return InputError(source.path, f"JSON syntax error: {error.message}", where.line, where.column)


@register(".json")
def read_json(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """Every record of a JSON library; a syntax error is one error for the file."""
    try:
        tree = parse(source.text)
    except JSONSyntaxError as error:
        yield _error(source, error)
        return
    yield from read_records(source, tree, options)


@register(".jsonl", ".ndjson")
def read_json_lines(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One record per line; a broken line is an error for that line only.

    Lines end where reports end them (``\\n``, ``\\r\\n`` or a lone ``\\r``), so record ``#N`` is on line N.
    """
    text = source.text
    start = 0
    number = 0
    while start < len(text):
        line_end = _LINE_END.search(text, start)
        end = len(text) if line_end is None else line_end.start()
        number += 1
        try:
            node = parse(text, start, end)
        except JSONSyntaxError as error:
            yield _error(source, error)
        else:
            if node is not None:
                for item in read_records(source, ListNode([node], node.start), options):
                    # The line's record is item 1 of a one-item list: its id is the line's.
                    record_id = item.record_id if isinstance(item, Document) else None
                    if record_id is not None and (record_id == "#1" or record_id.startswith("#1#")):
                        assert isinstance(item, Document)
                        item.record_id = f"#{number}{record_id[2:]}"
                    yield item
        start = len(text) if line_end is None else line_end.end()
