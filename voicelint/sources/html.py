"""HTML bodies as prose, with every character mapped back to the original file.

Helpdesk exports keep replies as HTML (``<p>Hi&nbsp;{{name}},</p><p>Thanks!</p>``), often inside a
JSON string. :func:`html_to_prose` turns such a value into the text a customer reads:

- tags (with their attributes), comments, ``<!DOCTYPE>`` and ``<?...?>`` are removed; the
  content of ``<script>`` and ``<style>`` is removed too;
- ``<br>`` and block tags (``<p>``, ``<div>``, ``<li>``, headings, table rows...) become a line
  break, a closing ``</p>``/``</div>``/heading a line break as well, so paragraphs read as
  paragraphs and sentences never run across them;
- entities (``&amp;``, ``&#8217;``, ``&nbsp;``) are decoded.

The value may itself be mapped (a JSON string with escapes): the result's maps are composed with
the value's, so a character still points at its file character, or at the first file character
of the escape or entity it came from (and ``ends`` at the character after all of it). A line
break made from a tag points at the tag's ``<`` and ends after its ``>``.

A ``<`` that does not open a tag a browser would hide (``a < b``) stays text, and so do
ALL-CAPS pseudo tags that are not HTML element names (``<ORDER NUMBER>``, ``<FIRST_NAME>``):
they are template placeholders, not markup. The scanner is regex based and linear.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Sequence

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A start or end tag; attribute values in quotes may hold ``>``. No part of a tag holds ``<``, so
# a match never runs past the next ``<`` (linear over the whole value). Alternatives start on disjoint
# characters and every quantifier is possessive, so matching is linear.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*+)((?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+)>")
_COMMENT_OR_DECLARATION = re.compile(r"<!--.*?(?:-->|\Z)|<![A-Za-z\[][^>]*(?:>|\Z)|<\?[^>]*(?:>|\Z)", re.DOTALL)
_MARKUP_START = re.compile(r"<[A-Za-z/!?]|&")

_ELEMENT_NAMES = (
    "a abbr address area article aside audio b base bdi bdo big blockquote body br button canvas caption "
    "center cite code col colgroup data dd del details dfn dialog div dl dt em embed fieldset figcaption "
    "figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label "
    "legend li link main map mark meta meter nav noscript object ol optgroup option output p param "
    "picture pre progress q rp rt ruby s samp script section select small source span strike strong "
    "style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul "
    "var video wbr o:p"
)
_ELEMENTS = frozenset(_ELEMENT_NAMES.split())
#: Tags that start a new line where they open (and, for the non-void ones, where they close).
_BREAK_NAMES = (
    "address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"
)
_BREAKS = frozenset(_BREAK_NAMES.split())
#: Elements whose content is not prose at all.
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})


def looks_like_html(text: str) -> bool:
    """Whether a value holds HTML markup (a real element tag or an entity), cheaply."""
    if "<" not in text and "&" not in text:
        return False
    for match in _TAG.finditer(text):
        if match.group(2).lower() in _ELEMENTS:
            return True
    return "&" in text and _ENTITY.search(text) is not None


def _is_markup(name: str) -> bool:
    """A tag a browser hides: an HTML element, or any tag name that is not ALL-CAPS (a placeholder)."""
    return name.lower() in _ELEMENTS or not name.isupper()


def html_to_prose(
    value: str, offsets: Sequence[int] | None, ends: Sequence[int] | None, base: int
) -> tuple[str, array[int], array[int]]:
    """The prose of an HTML ``value``, with its offset map (len + 1 entries) and end map.

    ``offsets`` maps ``value`` to the file (len + 1 entries), or is None when the value was copied
    verbatim from ``base``; ``ends`` (optional) holds the file offset after each character's raw
    text. The result always has both maps (see ``Document.offsets`` and ``Document.ends``).
    """
    length = len(value)
    if offsets is None:
        file_offsets: Sequence[int] = range(base, base + length + 1)
        file_ends: Sequence[int] = range(base + 1, base + length + 1)
    else:
        file_offsets = offsets
        file_ends = ends if ends is not None else array("q", [offsets[i] + 1 for i in range(length)])

    parts: list[str] = []
    out_offsets: array[int] = array("q")
    out_ends: array[int] = array("q")

    def verbatim(start: int, end: int) -> None:
        if end <= start:
            return
        chunk = value[start:end]
        if "&" not in chunk:
            parts.append(chunk)
            out_offsets.extend(file_offsets[start:end])
            out_ends.extend(file_ends[start:end])
            return
        position = start
        for match in _ENTITY.finditer(value, start, end):
            decoded = html.unescape(match.group())
            if decoded == match.group():
                continue
            verbatim_plain(position, match.start())
            parts.append(decoded)
            out_offsets.extend([file_offsets[match.start()]] * len(decoded))
            out_ends.extend([file_ends[match.end() - 1]] * len(decoded))
            position = match.end()
        verbatim_plain(position, end)

    def verbatim_plain(start: int, end: int) -> None:
        if end > start:
            parts.append(value[start:end])
            out_offsets.extend(file_offsets[start:end])
            out_ends.extend(file_ends[start:end])

    def line_break(start: int, end: int) -> None:
        parts.append("\n")
        out_offsets.append(file_offsets[start])
        out_ends.append(file_ends[end - 1])

    position = 0
    hidden_until: str | None = None
    while position < length:
        found = _MARKUP_START.search(value, position)
        if found is None:
            if hidden_until is None:
                verbatim(position, length)
            break
        start = found.start()
        if value[start] == "&":
            # Entities are decoded by verbatim(); move on to the next "<".
            next_tag = value.find("<", start)
            if next_tag == -1:
                if hidden_until is None:
                    verbatim(position, length)
                break
            if hidden_until is None:
                verbatim(position, next_tag)
            position = next_tag
            continue
        special = _COMMENT_OR_DECLARATION.match(value, start)
        if special is not None:
            if hidden_until is None:
                verbatim(position, start)
            position = special.end()
            continue
        tag = _TAG.match(value, start)
        if tag is None or not _is_markup(tag.group(2)):
            # Not markup ("a < b", "<ORDER NUMBER>"): text, up to and including this "<".
            if hidden_until is None:
                verbatim(position, start + 1)
            position = start + 1
            continue
        name = tag.group(2).lower()
        closing = tag.group(1) == "/"
        if hidden_until is not None:
            if closing and name == hidden_until:
                hidden_until = None
            position = tag.end()
            continue
        verbatim(position, start)
        if name in _HIDDEN and not closing and not tag.group(3).rstrip().endswith("/"):
            hidden_until = name
        elif name in _BREAKS and not (closing and name in ("br", "hr")):
            line_break(start, tag.end())
        position = tag.end()
    out_offsets.append(file_offsets[length])
    return "".join(parts), out_offsets, out_ends
