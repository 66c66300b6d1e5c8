"""Writing a replacement the way its place in the file needs it.

The context is the document's :attr:`~voicelint.document.Document.syntax` (how its reader found
the text) and whether the text was HTML. :func:`encode` gives the characters to write and what
the document will read there; it refuses (:class:`~voicelint.fix.locate.NotFixable`) where
writing would need more than the span, rather than re-quote a value:

- ``text`` (plain and Markdown files): as is, line breaks in the file's own convention;
- ``json``: JSON string escapes (``\\"``, ``\\\\``, ``\\n``, control characters, U+2028/9);
- YAML ``double``: YAML escapes; ``single``: ``'`` doubled, no line break (it would fold);
  ``plain``: only text that stays a plain scalar (no line break, ``: ``, `` #``, tab, or edge
  spaces); ``literal``: line breaks followed by the block's indentation; ``folded``: no line break;
- ``csv-quoted``: ``"`` doubled; ``csv-bare``: refused when the replacement would need quotes
  (a delimiter, a quote or a line break): re-quoting would move bytes outside the span;
- HTML text: ``&``, ``<``, ``>`` escaped, and no line break (HTML reads it as a space).

The verification step (:mod:`voicelint.fix.verify`) re-reads the file anyway: these rules make a
fix right the first time, the re-read makes sure of it.
"""

from __future__ import annotations

import html
import json
import unicodedata

from voicelint.document import Document
from voicelint.fix.locate import NotFixable

_BREAKS = ("\r", "\n", "\x85", "\u2028", "\u2029")


def _has_break(text: str) -> bool:
    return any(mark in text for mark in _BREAKS)


def _newline(source: str) -> str:
    """The file's line break: ``\\r\\n`` when it uses those, else ``\\n``."""
    return "\r\n" if "\r\n" in source else "\n"


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _yaml_double(text: str) -> str:
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char == "\ufeff":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def _yaml_plain(text: str) -> str:
    if _has_break(text) or "\t" in text or ": " in text or " #" in text or text.endswith(":"):
        raise NotFixable("the replacement would not stay a plain YAML scalar")
    return text


def _literal(text: str, document: Document, start: int) -> str:
    """Line breaks in a literal block, each followed by the block's indentation."""
    if _has_break(text.replace("\n", "")):
        raise NotFixable("the replacement has a line break YAML would not keep in a block scalar")
    if "\n" not in text:
        return text
    line_start_in_text = document.text.rfind("\n", 0, start) + 1
    first = document.file_offset(line_start_in_text)
    source = document.source.text
    line_start = max(source.rfind("\n", 0, first), source.rfind("\r", 0, first)) + 1
    indent = source[line_start:first]
    if indent.strip(" "):
        raise NotFixable("the block scalar's indentation could not be found")
    newline = _newline(source)
    return newline.join(line if not line or k == 0 else indent + line for k, line in enumerate(text.split("\n")))


def encode(replacement: str, document: Document, start: int) -> tuple[str, str]:
    """What to write in the file for ``replacement`` at document index ``start``, and what the
    document reads there afterwards."""
    syntax = document.syntax
    source = document.source.text
    if document.html:
        if _has_break(replacement):
            raise NotFixable("the replacement has a line break, which HTML reads as a space")
        replacement = html.escape(replacement, quote=False)
        reads_as = html.unescape(replacement)
    else:
        reads_as = replacement
    if syntax in ("text", "csv-quoted"):
        if "\n" in replacement or "\r" in replacement:
            newline = _newline(source)
            replacement = replacement.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
            reads_as = replacement
        return (replacement.replace('"', '""') if syntax == "csv-quoted" else replacement), reads_as
    if syntax == "json":
        return _json(replacement), reads_as
    if syntax == "double":
        return _yaml_double(replacement), reads_as
    if syntax == "single":
        if _has_break(replacement):
            raise NotFixable("the replacement has a line break, which a single-quoted YAML scalar folds")
        return replacement.replace("'", "''"), reads_as
    if syntax == "plain":
        return _yaml_plain(replacement), reads_as
    if syntax == "literal":
        return _literal(replacement, document, start), reads_as
    if syntax == "folded":
        if _has_break(replacement):
            raise NotFixable("the replacement has a line break, which a folded YAML scalar folds")
        return replacement, reads_as
    if syntax == "csv-bare":
        if any(char in replacement for char in ',\t"') or _has_break(replacement):
            raise NotFixable("the replacement would need quotes in this CSV field (fields are never re-quoted)")
        return replacement, reads_as
    raise NotFixable(f"the reader does not say how this text is written ({syntax})")
