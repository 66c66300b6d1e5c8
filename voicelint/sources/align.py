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
