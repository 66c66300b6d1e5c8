"""Map a parsed string value back onto the raw characters it came from.

YAML and JSON parsers give a string's value and where its token starts and ends, but not where
each character of the value sits: escapes (``\\n``, ``\\u00e9``, ``''``), indentation of block
scalars and line folding all shift it. :func:`align` walks the value and the raw slice together
and records, for every value character, the file offset it came from. Characters the raw text
does not contain literally (an escape's result) map to the escape's first character. When the
two cannot be matched (an unexpected layout) the remaining characters map to the last matched
position: positions degrade, the run never fails.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

#: Scalar styles :func:`align` understands.
PLAIN, SINGLE, DOUBLE, LITERAL, FOLDED, JSON = "plain", "single", "double", "literal", "folded", "json"

_ESCAPED_STYLES = frozenset({DOUBLE, JSON})
# Raw characters that may sit between value characters without being part of the value:
# indentation, folded line breaks, quotes (opening quote, the second quote of YAML's '').
_LAYOUT = frozenset(" \t\r\n'\"")
# A raw character where the fast run-matching must stop and look closer.
_SPECIAL = re.compile(r"[\\\r\n'\"]")
# How far to look past layout for the next value character before giving up on it.
_SEARCH_LIMIT = 512

_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


def _escape(text: str, index: int, end: int, style: str) -> tuple[str, int]:
    """The characters an escape at ``text[index] == '\\\\'`` produces, and its raw length.

    A YAML escaped line break (backslash at the end of a line) produces nothing.
    """
    if index + 1 >= end:
        return "", 1
    kind = text[index + 1]
    if kind in _HEX_LENGTHS and (style == DOUBLE or kind == "u"):
        digits = text[index + 2 : index + 2 + _HEX_LENGTHS[kind]]
        try:
            code = int(digits, 16)
        except ValueError:
            return "", 2
        length = 2 + len(digits)
        # JSON writes astral characters as a UTF-16 surrogate pair of two \u escapes.
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", index + length):
            try:
                low = int(text[index + length + 2 : index + length + 6], 16)
            except ValueError:
                low = 0
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), length + 6
        try:
            return chr(code), length
        except (ValueError, OverflowError):
            return "", length
    if style == DOUBLE and kind in "\r\n":
        # An escaped line break: the break and the next line's indentation vanish.
        length = 3 if text.startswith("\r\n", index + 1) else 2
        while index + length < end and text[index + length] in " \t":
            length += 1
        return "", length
    return _SIMPLE_ESCAPES.get(kind, kind), 2


def _align_json(value: str, text: str, start: int, end: int) -> tuple[array[int], array[int] | None]:
    """JSON strings: only escapes differ from the raw text, so copy the runs between them."""
    offsets: array[int] = array("q")
    ends: array[int] = array("q")
    j = start + 1  # after the opening quote
    stop = end - 1  # the closing quote
    i = 0
    while j < stop:
        escape = text.find("\\", j, stop)
        run_end = stop if escape == -1 else escape
        if run_end > j:
            offsets.extend(range(j, run_end))
            ends.extend(range(j + 1, run_end + 1))
            i += run_end - j
        if escape == -1:
            j = stop
            break
        produced, length = _escape(text, escape, stop, JSON)
        offsets.extend([escape] * len(produced))
        ends.extend([escape + length] * len(produced))
        i += len(produced)
        j = escape + length
    if i != len(value):
        # Not the string scanstring decoded (should not happen): fall back to the general walk.
        return align(value, text, start, end, DOUBLE)
    offsets.append(j)
    return offsets, ends


def align(value: str, text: str, start: int, end: int, style: str) -> tuple[array[int], array[int] | None]:
    """File offsets for every character of ``value`` (plus the end), read from ``text[start:end]``.

    ``start``/``end`` delimit the scalar's raw token (quotes and block headers included). The
    second array, present only for escaped styles, holds the offset just after each character's
    raw text (``\\u00e9`` is six file characters for one value character).
    """
    if style == JSON:
        return _align_json(value, text, start, end)
    offsets: array[int] = array("q")
    ends: array[int] | None = array("q") if style in _ESCAPED_STYLES else None
    end = min(end, len(text))
    j = start
    if style in (LITERAL, FOLDED):
        # Skip the block header (``|``, ``>-``, ``|2``, a comment): content starts on the next line.
        newline = text.find("\n", start, end)
        j = newline + 1 if newline != -1 else end
    elif style in (SINGLE, DOUBLE) and j < end and text[j] in "'\"":
        j += 1  # the opening quote is never part of the value
    escapes = style in _ESCAPED_STYLES
    last = j
    i = 0
    n = len(value)
    while i < n:
        v = value[i]
        c = text[j] if j < end else ""
        if escapes and c == "\\":
            produced, length = _escape(text, j, end, style)
            if produced and value.startswith(produced, i):
                offsets.extend([j] * len(produced))
                if ends is not None:
                    ends.extend([j + length] * len(produced))
                i += len(produced)
                last = j
                j += length
                continue
            if not produced:
                j += length
                continue
        elif c == v:
            # Copy the run up to the next character that needs a closer look.
            special = _SPECIAL.search(text, j + 1, end)
            stop = special.start() if special else end
            run = stop - j
            if run > 1 and value.startswith(text[j:stop], i):
                offsets.extend(range(j, stop))
                if ends is not None:
                    ends.extend(range(j + 1, stop + 1))
                i += run
                last = stop - 1
                j = stop
            else:
                offsets.append(j)
                if ends is not None:
                    ends.append(j + 1)
                i += 1
                last = j
                j += 1
            continue
        elif v == "\n" and c == "\r" and text.startswith("\r\n", j):
            offsets.append(j + 1)
            if ends is not None:
                ends.append(j + 2)
            i += 1
            last = j + 1
            j += 2
            continue
        elif v.isspace() and c and c.isspace():
            # Folding turned a raw line break (or run of spaces) into this whitespace.
            offsets.append(j)
            if ends is not None:
                ends.append(j + 1)
            i += 1
            last = j
            j += 2 if text.startswith("\r\n", j) else 1
            continue
        # Look past layout (indentation, quotes, escaped line breaks) for the value character.
        k = j
        limit = min(end, j + _SEARCH_LIMIT)
        found = -1
        while k < limit:
            ch = text[k]
            if ch == v:
                found = k
                break
            if escapes and ch == "\\":
                produced, length = _escape(text, k, end, style)
                if produced:
                    if value.startswith(produced, i):
                        found = k
                    break
                k += length
                continue
            if ch not in _LAYOUT:
                break
            k += 1
        if found == -1:
            offsets.append(last)
            if ends is not None:
                ends.append(last + 1)
            i += 1
            continue
        j = found
    # The end entry: just after the last raw character consumed.
    offsets.append(min(max(j, last + 1), end) if n else j)
    return offsets, ends


# -- YAML: the scanner's own rules -------------------------------------------------------------
#
# PyYAML (YAML 1.1) reads only space and tab as white space (a no-break space is content) and
# "\r\n", "\r", "\n", NEL, U+2028 and U+2029 as line breaks (the first four fold to "\n", the
# last two stay themselves). The functions below replay its scalar scanner on the raw token and
# record where every produced character came from, so folding, indentation and escapes are
# undone exactly as YAML did them; :func:`align` (a heuristic walk) is only the fallback when
# the replay does not give the value PyYAML gave (a construct this replay does not know).

_YAML_BREAKS = "\r\n\x85\u2028\u2029"
_YAML_SPACE_OR_BREAK = " " + _YAML_BREAKS
# Text copied as it is: everything up to a line break, but white space only when no line break
# follows it (white space before a break is folded away).
_PLAIN_RUN = re.compile(f"(?:[^ {_YAML_BREAKS}]| +(?![ {_YAML_BREAKS}]))+")
_FLOW_RUN = re.compile(f"(?:[^'\"\\\\ \t{_YAML_BREAKS}]|[ \t]+(?![ \t{_YAML_BREAKS}]))+")
_LINE_REST = re.compile(f"[^{_YAML_BREAKS}]*")
_HEX = re.compile(r"[0-9A-Fa-f]+")


class _Mismatch(Exception):
    """The raw text does not read as this replay expects: use the heuristic walk instead."""


class _Out:
    """The value being rebuilt, with each character's file offset and the offset after its raw text."""

    __slots__ = ("ends", "offsets", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: array[int] = array("q")
        self.ends: array[int] = array("q")

    def verbatim(self, text: str, start: int, stop: int) -> None:
        self.parts.append(text[start:stop])
        self.offsets.extend(range(start, stop))
        self.ends.extend(range(start + 1, stop + 1))

    def produced(self, chars: str, start: int, stop: int) -> None:
        """``chars`` made from the raw text ``[start, stop)`` (an escape, a folded line break)."""
        self.parts.append(chars)
        self.offsets.extend([start] * len(chars))
        self.ends.extend([stop] * len(chars))

    def value(self) -> str:
        return "".join(self.parts)


def _line_break(text: str, j: int) -> tuple[str, int]:
    """PyYAML's ``scan_line_break``: the break's value and where it ends ('' if none at ``j``)."""
    ch = text[j] if j < len(text) else ""
    if ch and ch in "\r\n\x85":
        return "\n", j + (2 if text.startswith("\r\n", j) else 1)
    if ch in ("\u2028", "\u2029"):
        return ch, j + 1
    return "", j


def _folded(out: _Out, break_value: str, break_span: tuple[int, int], breaks: list[tuple[str, int, int]]) -> None:
    """A line break and the empty lines after it, folded as YAML folds flow and plain scalars."""
    if break_value != "\n":
        out.produced(break_value, *break_span)
    elif not breaks:
        out.produced(" ", *break_span)
    for value, start, stop in breaks:
        out.produced(value, start, stop)


def _replay_plain(text: str, start: int, end: int) -> _Out:
    out = _Out()
    j = start
    while j < end:
        run = _PLAIN_RUN.match(text, j, end)
        if run is None:
            raise _Mismatch
        out.verbatim(text, j, run.end())
        j = run.end()
        if j >= end:
            break
        spaces = j
        while j < end and text[j] == " ":
            j += 1
        if j < end and text[j] in _YAML_BREAKS:
            break_start = j
            break_value, j = _line_break(text, j)
            break_span = (break_start, j)
            breaks: list[tuple[str, int, int]] = []
            while j < end and text[j] in _YAML_SPACE_OR_BREAK:
                if text[j] == " ":
                    j += 1
                else:
                    value, stop = _line_break(text, j)
                    breaks.append((value, j, stop))
                    j = stop
            _folded(out, break_value, break_span, breaks)
        elif j < end:
            out.verbatim(text, spaces, j)
        else:
            raise _Mismatch  # trailing spaces are never part of a plain scalar
    return out


def _escape_at(text: str, j: int) -> tuple[str, int]:
    """A double-quoted escape other than an escaped line break: its value and where it ends.

    A high surrogate escaped right before a low one (``\\ud83d\\ude00``, how JSON-minded tools
    write an emoji) is read as the one character the pair encodes, as JSON reads it.
    """
    kind = text[j + 1] if j + 1 < len(text) else ""
    if kind in _SIMPLE_ESCAPES:  # the same table as PyYAML's ESCAPE_REPLACEMENTS
        return _SIMPLE_ESCAPES[kind], j + 2
    if kind not in _HEX_LENGTHS:
        raise _Mismatch
    stop = j + 2 + _HEX_LENGTHS[kind]
    digits = text[j + 2 : stop]
    if len(digits) != _HEX_LENGTHS[kind] or not _HEX.fullmatch(digits):
        raise _Mismatch
    code = int(digits, 16)
    if 0xD800 <= code < 0xDC00 and text.startswith(("\\u", "\\U"), stop):
        low_length = _HEX_LENGTHS[text[stop + 1]]
        low_digits = text[stop + 2 : stop + 2 + low_length]
        if len(low_digits) == low_length and _HEX.fullmatch(low_digits):
            low = int(low_digits, 16)
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), stop + 2 + low_length
    if code > 0x10FFFF:
        raise _Mismatch
    return chr(code), stop


def _flow_breaks(text: str, j: int) -> tuple[list[tuple[str, int, int]], int]:
    breaks: list[tuple[str, int, int]] = []
    while True:
        while j < len(text) and text[j] in " \t":
            j += 1
        value, stop = _line_break(text, j)
        if not value:
            return breaks, j
        breaks.append((value, j, stop))
        j = stop


def _replay_quoted(text: str, start: int, end: int, double: bool) -> _Out:
    out = _Out()
    quote = '"' if double else "'"
    if text[start : start + 1] != quote:
        raise _Mismatch
    j = start + 1
    stop = end - 1
    while True:
        # Non-spaces.
        while j < stop:
            run = _FLOW_RUN.match(text, j, stop)
            if run is not None:
                out.verbatim(text, j, run.end())
                j = run.end()
                continue
            ch = text[j]
            if not double and ch == "'" and text.startswith("''", j):
                out.produced("'", j, j + 2)
                j += 2
            elif (double and ch == "'") or (not double and ch in '"\\'):
                out.verbatim(text, j, j + 1)
                j += 1
            elif double and ch == "\\":
                if text[j + 1 : j + 2] and text[j + 1] in _YAML_BREAKS:
                    _, after = _line_break(text, j + 1)
                    breaks, j = _flow_breaks(text, after)
                    for value, b_start, b_stop in breaks:
                        out.produced(value, b_start, b_stop)
                else:
                    value, after = _escape_at(text, j)
                    out.produced(value, j, after)
                    j = after
            else:
                break
        if j >= stop:
            break
        # Spaces (and folded line breaks).
        spaces = j
        while j < stop and text[j] in " \t":
            j += 1
        if j < stop and text[j] in _YAML_BREAKS:
            break_start = j
            break_value, j = _line_break(text, j)
            break_span = (break_start, j)
            breaks, j = _flow_breaks(text, j)
            _folded(out, break_value, break_span, breaks)
        else:
            out.verbatim(text, spaces, j)
    if j != stop or text[stop : stop + 1] != quote:
        raise _Mismatch
    return out


def _block_header(text: str, start: int) -> tuple[bool | None, int | None, int]:
    """Chomping (True ``+``, False ``-``, None clip), the indentation indicator, and where the
    first line of content starts."""
    j = start + 1
    chomping: bool | None = None
    increment: int | None = None
    for _ in range(2):
        ch = text[j : j + 1]
        if ch in ("+", "-") and chomping is None:
            chomping = ch == "+"
            j += 1
        elif ch and ch in "123456789" and increment is None:
            increment = int(ch)
            j += 1
    while text[j : j + 1] == " ":
        j += 1
    if text[j : j + 1] == "#":
        j = _LINE_REST.match(text, j).end()  # type: ignore[union-attr]  # always matches
    value, after = _line_break(text, j)
    if not value and j < len(text):
        raise _Mismatch
    return chomping, increment, after


def _replay_block(text: str, start: int, folded: bool, indent: int) -> _Out:
    """A literal or folded block scalar read with the given indentation."""
    chomping, _, j = _block_header(text, start)
    length = len(text)
    column = 0

    def breaks_at(j: int) -> tuple[list[tuple[str, int, int]], int, int]:
        """PyYAML's ``scan_block_scalar_breaks``: empty lines, and where content (maybe) starts."""
        found: list[tuple[str, int, int]] = []
        column = 0
        while column < indent and text[j : j + 1] == " ":
            j += 1
            column += 1
        while j < length and text[j] in _YAML_BREAKS:
            value, stop = _line_break(text, j)
            found.append((value, j, stop))
            j = stop
            column = 0
            while column < indent and text[j : j + 1] == " ":
                j += 1
                column += 1
        return found, j, column

    out = _Out()
    breaks, j, column = breaks_at(j)
    break_value, break_span = "", (j, j)
    while column == indent and j < length:
        for value, b_start, b_stop in breaks:
            out.produced(value, b_start, b_stop)
        leading_non_space = text[j] not in " \t"
        line_end = _LINE_REST.match(text, j).end()  # type: ignore[union-attr]  # always matches
        out.verbatim(text, j, line_end)
        break_value, after = _line_break(text, line_end)
        break_span = (line_end, after)
        breaks, j, column = breaks_at(after)
        if column == indent and j < length:
            if folded and break_value == "\n" and leading_non_space and text[j] not in " \t":
                if not breaks:
                    out.produced(" ", *break_span)
            else:
                out.produced(break_value, *break_span)
        else:
            break
    if chomping is not False and break_value:
        out.produced(break_value, *break_span)
    if chomping is True:
        for value, b_start, b_stop in breaks:
            out.produced(value, b_start, b_stop)
    return out


#: At most this many indentations are tried for a block scalar with an indentation indicator.
_MAX_INDENT_TRIES = 64


def _block_indents(text: str, start: int) -> list[int]:
    """Indentations to try for a block scalar, the likeliest first.

    Without an indicator PyYAML takes the deepest indentation among the leading empty lines and
    the first content line, unless the parent's (which a scalar's marks do not tell) is deeper:
    then the scalar has no content, and any deeper indentation reads the same. An indicator sets
    it relative to the parent: at least the indicator, at most the first content line's.
    """
    _, increment, j = _block_header(text, start)
    deepest = column = 0
    while j < len(text) and text[j] in _YAML_SPACE_OR_BREAK:
        if text[j] == " ":
            column += 1
            deepest = max(deepest, column)
            j += 1
        else:
            _, j = _line_break(text, j)
            column = 0
    if increment is None:
        return [deepest, deepest + 1] if deepest else [1]
    tries = [deepest, *range(increment, deepest), deepest + 1]
    return tries[:_MAX_INDENT_TRIES]


def _token_start(text: str, start: int, end: int) -> int:
    """Where a scalar token starts when its node starts at an anchor or tag (``&a !!str "x"``)."""
    j = start
    while j < end and text[j] in "&!":
        while j < end and text[j] not in " \t" + _YAML_BREAKS:
            j += 1
        while j < end and text[j] in " \t" + _YAML_BREAKS:
            j += 1
    return j


def replay_yaml(value: str, text: str, start: int, end: int, style: str) -> tuple[array[int], array[int]] | None:
    """Offsets and ends of ``value`` by replaying PyYAML's scanner on the token at ``start``, or
    None when the replay does not give ``value``."""
    try:
        token = _token_start(text, start, end)
        candidates: Iterable[_Out]
        if style == PLAIN:
            candidates = [_replay_plain(text, token, end)]
        elif style in (SINGLE, DOUBLE):
            candidates = [_replay_quoted(text, token, end, style == DOUBLE)]
        else:
            if text[token : token + 1] not in ("|", ">"):
                return None
            folded = style == FOLDED
            candidates = (_replay_block(text, token, folded, indent) for indent in _block_indents(text, token))
        for out in candidates:
            if out.value() == value:
                out.offsets.append(out.ends[-1] if len(out.ends) else token)
                return out.offsets, out.ends
    except (_Mismatch, IndexError, ValueError):
        return None
    return None


def align_yaml(value: str, text: str, start: int, end: int, style: str) -> tuple[array[int], array[int] | None]:
    """File offsets (and ends) for a YAML scalar's ``value``: exact by replaying the scanner,
    else by the heuristic :func:`align`."""
    replayed = replay_yaml(value, text, start, end, style)
    if replayed is not None:
        return replayed
    return align(value, text, start, end, style)
