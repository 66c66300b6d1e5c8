"""Markdown files, and the prose masking shared with library records.

Masking keeps the text the same length and replaces what is not prose (front matter, code,
URLs, HTML, link targets, line-start syntax such as ``#``, ``>`` and list bullets) with spaces,
keeping line breaks. Offsets therefore stay the identity: a finding at index ``i`` of the masked
text is at offset ``i`` of the file. The scanner is line based; every regex is linear (no nested
quantifiers over overlapping classes), so a 5 MB file cannot trigger catastrophic backtracking.

Saved-reply collections (CONTRACT section 10). A Markdown file of saved replies (Angular CLI's
``SAVED_REPLIES.md``: a ``### Title`` per reply, the reply in a fenced block; Blender's responses:
headings and paragraphs) is read as one record per reply:

- Headings: ATX headings (``#`` to ``######``) and dashed title lines (``---- NOT OUR ADDON``,
  how Blender's file titles its replies; deeper than any ATX level). Headings in front matter
  and fenced blocks do not count; setext headings (``Title`` over ``----``) are not titles.
- Detection (``library.markdown: auto``, the default): the base level is the shallowest heading
  level used at least twice. Every heading of that level or deeper whose own text (up to the
  next heading of any level) is not blank is a reply; a heading with no text of its own (a
  category such as ``# Issues`` or ``## Not a bug``) gives none. The file is a collection when
  there are at least two replies and at least two thirds of them read as one: no fenced block
  naming a language (```` ```bash ````), at most :data:`MAX_REPLY_CHARS` characters. A README
  with code samples or long chapters stays one document (a README of short prose sections does
  read as a collection, which only means its sections are linted one by one).
  ``library.markdown: collection`` forces the reading (any replies; with no repeated level,
  every heading opens one); ``document`` turns it off.
- Each reply is one record: id the heading text, line the heading's line. The heading line is
  not prose. A fenced block labelled as prose (```` ```markdown ````, ``text``, ``md``; the
  freeCodeCamp templates, after a ``> when to use it`` note that is linted too) is the reply's
  prose, masked as Markdown. A bare fence (no info string) is prose only when all of the
  reply's text is in fenced blocks (Angular CLI); in a reply with text of its own it is code, as
  in any document (Blender's ``bpy...validate(True)`` snippet). A fence naming a language is
  always code. MDX files (``.mdx``) are read the same way, with MDX masking.
- What comes before the first reply heading (the file's title and preface, which describe the
  file to its maintainers) is not linted in a collection: it is not a reply to a customer.
- Locations stay the identity: a record's text is its slice of the file from the heading line,
  masked in place, with ``base`` the heading line's offset.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.registry import register

_NOT_LINE_BREAK = re.compile(r"[^\r\n]")

# Real HTML element names only, so template placeholders such as <ISSUE_NUMBER> or
# <PROJECT NAME> stay visible to the placeholder rules.
_HTML_NAMES = (
    "a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite|code|col|"
    "colgroup|dd|del|details|dfn|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|"
    "html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|ol|option|p|picture|pre|q|s|samp|"
    "section|select|small|source|span|strike|strong|style|sub|summary|sup|table|tbody|td|textarea|tfoot|"
    "th|thead|title|tr|tt|u|ul|var|video|wbr"
)
_HTML_TAG = re.compile(rf"</?(?:{_HTML_NAMES})(?=[\s/>])[^<>]*>", re.IGNORECASE)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S")
_RULE_LINE = re.compile(r"^ {0,3}(?:(?:[-*_][ \t]*){3,}|-+[ \t]*|=+[ \t]*)\r?$")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*\r?$")
_QUOTE_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_HEADING = re.compile(r"#{1,6}(?=[ \t]|\r?$)")
_HEADING_CLOSE = re.compile(r"[ \t]#+[ \t]*\r?$")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\r?$)(?:[ \t]+\[[ xX]\](?=[ \t]))?")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_INLINE_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\([ \t]*[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_BARE_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"*_~"
_INDENTED = re.compile(r"^(?: {4}|\t)")
_MAX_BACKTICK_RUNS = 64
#: Info strings of a fenced block that holds prose (a saved reply) rather than code.
_PROSE_INFO = frozenset({"", "text", "txt", "plain", "plaintext", "markdown", "md", "gfm"})
# Anything mask_markdown could change; text without it (most short replies) is returned at once.
_MAYBE_INLINE_MARKUP = re.compile(r"[<`\[|]|://|www\.", re.IGNORECASE)
_MAYBE_LINE_MARKUP = re.compile(r"(?:^|\n)[ \t]*(?:[#>*+=_~-]|\d{1,9}[.)])")


def _blank(text: str) -> str:
    return _NOT_LINE_BREAK.sub(" ", text)


def _spaces(match: re.Match[str]) -> str:
    return _blank(match.group())


def _keep_link_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    return " " + inner + " " * (len(match.group()) - 1 - len(inner))


def _mask_url(match: re.Match[str]) -> str:
    url = match.group()
    keep = len(url)
    while keep and (
        url[keep - 1] in _URL_TRAILING or (url[keep - 1] == ")" and url.count("(", 0, keep) < url.count(")", 0, keep))
    ):
        keep -= 1
    return " " * keep + url[keep:]


def mask_html(text: str) -> str:
    """HTML comments and tags (real element names only) replaced by spaces, same length."""
    if "<" not in text:
        return text
    if "<!--" in text:
        parts: list[str] = []
        position = 0
        while True:
            start = text.find("<!--", position)
            if start == -1:
                break
            end = text.find("-->", start + 4)
            if end == -1:
                break
            parts.append(text[position:start])
            parts.append(_blank(text[start : end + 3]))
            position = end + 3
        parts.append(text[position:])
        text = "".join(parts)
    return _HTML_TAG.sub(_spaces, text)


def _mask_code_spans(line: str) -> str:
    runs = list(_BACKTICKS.finditer(line))
    if len(runs) < 2:
        return line
    i = 0
    while i < len(runs):
        opening = runs[i]
        size = len(opening.group())
        closing = None
        for k in range(i + 1, min(len(runs), i + 1 + _MAX_BACKTICK_RUNS)):
            if len(runs[k].group()) == size:
                closing = k
                break
        if closing is None:
            i += 1
            continue
        start, end = opening.start(), runs[closing].end()
        line = line[:start] + " " * (end - start) + line[end:]
        i = closing + 1
    return line


def _mask_inline(line: str) -> str:
    if "`" in line:
        line = _mask_code_spans(line)
    if "[" in line:
        line = _IMAGE.sub(_spaces, line)
        line = _INLINE_LINK.sub(_keep_link_text, line)
        line = _REFERENCE_LINK.sub(_keep_link_text, line)
    if "<" in line:
        line = _AUTOLINK.sub(_spaces, line)
    if "://" in line or "www." in line.lower():
        line = _BARE_URL.sub(_mask_url, line)
    return line


def _mask_line_start(line: str) -> tuple[str, bool]:
    """Mask quote markers, heading hashes and list bullets; also say whether it is a list item."""
    prefix = 0
    quote = _QUOTE_MARKERS.match(line)
    if quote:
        prefix = quote.end()
    is_list = False
    heading = _HEADING.match(line, prefix + (len(line[prefix:]) - len(line[prefix:].lstrip(" "))))
    if heading and heading.start() - prefix <= 3:
        prefix = heading.end()
        close = _HEADING_CLOSE.search(line, prefix)
        if close:
            line = line[: close.start()] + _blank(close.group()) + line[close.end() :]
    else:
        bullet = _LIST_MARKER.match(line, prefix)
        if bullet:
            prefix = bullet.end()
            is_list = True
    if prefix:
        line = " " * prefix + line[prefix:]
    return line, is_list


def _may_have_markup(text: str) -> bool:
    """Whether masking could change anything (most short replies have no markup at all)."""
    return bool(
        _MAYBE_INLINE_MARKUP.search(text)
        or _MAYBE_LINE_MARKUP.match(text)
        or ("\n" in text and _MAYBE_LINE_MARKUP.search(text))
    )


def _is_prose_fence(line: str, opening: re.Match[str], bare: bool = True) -> bool:
    """Whether a fence opening line has a prose info string (```text, ```markdown) or, when
    ``bare``, none."""
    info = line[opening.end() :].strip(" \t\r").lower()
    return info in _PROSE_INFO and (bare or bool(info))


def _closes(line: str, fence: tuple[str, int]) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and stripped.startswith(fence[0] * fence[1])
        and not stripped.strip(fence[0])
    )


def mask_markdown(
    text: str,
    *,
    front_matter: bool = True,
    indented_code: bool = True,
    prose_fences: bool = False,
    bare_fences: bool = True,
) -> str:
    """The prose of a Markdown text: non-prose characters become spaces, line breaks stay.

    ``front_matter`` and ``indented_code`` are off for library records, whose bodies are not
    whole documents and are often indented for reasons that have nothing to do with code.
    ``prose_fences`` (a reply of a saved-reply collection) keeps the contents of fenced blocks
    without an info string or with a prose one (``text``, ``markdown``...) as Markdown prose; the
    fence lines themselves are blanked, and a fence naming a language stays code; with
    ``bare_fences`` off, only fences labelled as prose are.
    """
    if not (front_matter or indented_code or prose_fences or _may_have_markup(text)):
        return text
    text = mask_html(text)
    lines = text.split("\n")
    first = 0
    if front_matter and lines and lines[0].rstrip("\r") == "---":
        for k in range(1, len(lines)):
            if lines[k].rstrip("\r \t") in ("---", "..."):
                for m in range(k + 1):
                    lines[m] = _blank(lines[m])
                first = k + 1
                break
    fence: tuple[str, int] | None = None
    prose_fence: tuple[str, int] | None = None
    previous_blank = True
    in_indented_code = False
    in_list = False
    for index in range(first, len(lines)):
        line = lines[index]
        if fence is not None:
            lines[index] = _blank(line)
            if _closes(line, fence):
                fence = None
            continue
        if prose_fence is not None and _closes(line, prose_fence):
            lines[index] = _blank(line)
            prose_fence = None
            previous_blank = True
            continue
        if not line.strip():
            previous_blank = True
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
            lines[index] = _blank(line)
            previous_blank = in_indented_code = False
            marker = (opening.group(1)[0], len(opening.group(1)))
            if prose_fence is None and prose_fences and _is_prose_fence(line, opening, bare_fences):
                prose_fence, previous_blank = marker, True
            else:  # a code fence, also one nested in a prose fence (a command inside a reply)
                fence = marker
            continue
        if (
            indented_code
            and prose_fence is None
            and _INDENTED.match(line)
            and (in_indented_code or (previous_blank and not in_list))
        ):
            lines[index] = _blank(line)
            in_indented_code = True
            previous_blank = False
            continue
        in_indented_code = previous_blank = False
        if _REFERENCE_DEFINITION.match(line) or _RULE_LINE.match(line) or _TABLE_DELIMITER.match(line):
            lines[index] = _blank(line)
            continue
        line, is_list = _mask_line_start(line)
        if is_list:
            in_list = True
        elif not line[:1].isspace():
            in_list = False
        line = _mask_inline(line)
        if line.lstrip().startswith("|"):
            line = line.replace("|", " ")
        lines[index] = line
    return "\n".join(lines)


# MDX: Markdown with JSX. ESM statements (a line starting with ``import``/``export`` and the lines
# after it up to a blank line), JSX component tags (a capitalised name with a lower-case letter,
# such as <Callout type="tip"> or </Tabs.Item>, so placeholders like <ORDER_ID> stay prose) and
# {/* comments */} are not prose. A tag may span lines but never a blank line.
_MDX_ESM = re.compile(r"(?:import|export)(?=[ \t{*])")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*[a-z][\w.]*(?=[\s/>])(?:[^<>\n]|\n(?![ \t\r]*\n))*>|</?>")


def _mask_mdx_comments(text: str) -> str:
    if "{/*" not in text:
        return text
    parts: list[str] = []
    position = 0
    while True:
        start = text.find("{/*", position)
        end = text.find("*/}", start + 3) if start != -1 else -1
        if end == -1:
            break
        parts.append(text[position:start])
        parts.append(_blank(text[start : end + 3]))
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def mask_mdx(text: str, *, front_matter: bool = True, prose_fences: bool = False, bare_fences: bool = True) -> str:
    """The prose of an MDX text: Markdown masking, then ESM, JSX tags and comments; same length.

    MDX has no indented code blocks (indentation nests JSX), so indented lines stay prose.
    ``prose_fences`` and ``bare_fences`` are :func:`mask_markdown`'s (a saved-reply collection).
    """
    # Code fences and front matter are blank from here on.
    text = mask_markdown(
        text, front_matter=front_matter, indented_code=False, prose_fences=prose_fences, bare_fences=bare_fences
    )
    text = _JSX_TAG.sub(_spaces, _mask_mdx_comments(text))
    lines = text.split("\n")
    in_esm = False
    for index, line in enumerate(lines):
        if not line.strip():
            in_esm = False
        elif in_esm or _MDX_ESM.match(line):
            lines[index] = _blank(line)
            in_esm = True
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Heading:
    index: int  # line index
    level: int
    title: str


@dataclass(frozen=True, slots=True)
class _Section:
    heading: _Heading
    end: int  # line index of the next heading (any level), or the line count


#: The level given to a dashed title line (``---- NOT OUR ADDON``): deeper than any ATX heading.
DASH_TITLE_LEVEL = 7


def _dash_title(body: str) -> str | None:
    dashes = len(body) - len(body.lstrip("-"))
    rest = body[dashes:]
    if dashes < 3 or not rest or rest[0] not in " \t":
        return None
    title = rest.strip(" \t").rstrip("-").rstrip(" \t")
    return title or None


def _heading(line: str) -> tuple[int, str] | None:
    """``(level, title)`` of a heading line, else None; no regex, linear.

    ATX headings (``## Title ##``) have their level; a dashed title line (``---- TITLE``, how
    Blender's responses file titles its replies, a paragraph line to CommonMark) has level
    :data:`DASH_TITLE_LEVEL`.
    """
    line = line.rstrip("\r")
    body = line.lstrip(" ")
    if len(line) - len(body) > 3:
        return None
    if body.startswith("---"):
        title = _dash_title(body)
        return None if title is None else (DASH_TITLE_LEVEL, title)
    if not body.startswith("#"):
        return None
    level = len(body) - len(body.lstrip("#"))
    rest = body[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    title = rest.strip(" \t")
    trimmed = title.rstrip("#")
    if trimmed != title and (not trimmed or trimmed[-1] in " \t"):
        title = trimmed.rstrip(" \t")
    return level, title


def _scan(lines: list[str]) -> tuple[list[_Heading], dict[int, bool]]:
    """The headings outside front matter and fences, and each fence's opening line -> prose or code."""
    headings: list[_Heading] = []
    fences: dict[int, bool] = {}
    first = 0
    if lines and lines[0].rstrip("\r") == "---":
        for k in range(1, len(lines)):
            if lines[k].rstrip("\r \t") in ("---", "..."):
                first = k + 1
                break
    fence: tuple[str, int] | None = None
    for index in range(first, len(lines)):
        line = lines[index]
        if fence is not None:
            if _closes(line, fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
            fence = (opening.group(1)[0], len(opening.group(1)))
            fences[index] = _is_prose_fence(line, opening)
            continue
        found = _heading(line)
        if found is not None:
            headings.append(_Heading(index, found[0], found[1]))
    return headings, fences


#: A reply section longer than this (characters) reads as a document's section, not a saved reply.
MAX_REPLY_CHARS = 4000


def _sections(headings: list[_Heading], base: int, line_count: int) -> list[_Section]:
    """A section per heading of level ``base`` or deeper: its own text, up to the next heading."""
    sections: list[_Section] = []
    for position, heading in enumerate(headings):
        if heading.level >= base:
            end = headings[position + 1].index if position + 1 < len(headings) else line_count
            sections.append(_Section(heading, end))
    return sections


def _has_text(section: _Section, lines: list[str]) -> bool:
    return any(lines[k].strip() for k in range(section.heading.index + 1, section.end))


def _reply_like(section: _Section, lines: list[str], fences: dict[int, bool]) -> bool:
    """A section that reads as one saved reply: no fenced block naming a language, not long."""
    body = range(section.heading.index + 1, section.end)
    if any(not fences[k] for k in body if k in fences):
        return False
    return sum(len(lines[k]) + 1 for k in body) <= MAX_REPLY_CHARS


def collection_sections(text: str, mode: str = "auto") -> list[_Section] | None:
    """The reply sections when ``text`` reads as a saved-reply collection, else None.

    The base level is the shallowest heading level used at least twice; every heading of that
    level or deeper whose own text (up to the next heading of any level) is not blank is a reply.
    ``auto``: a collection when there are at least two replies and at least two thirds of them
    are reply-like (see :func:`_reply_like`). ``collection`` takes the replies whatever they hold
    (with no repeated level, every heading is a candidate); ``document`` never reads a collection.
    """
    if mode == "document" or ("#" not in text and "---" not in text):
        return None
    lines = text.split("\n")
    headings, fences = _scan(lines)
    counts = Counter(heading.level for heading in headings)
    repeated = [level for level, count in counts.items() if count >= 2]
    if repeated:
        base = min(repeated)
    elif mode == "collection" and headings:
        base = min(counts)
    else:
        return None
    sections = [section for section in _sections(headings, base, len(lines)) if _has_text(section, lines)]
    if mode == "auto":
        replies = sum(_reply_like(section, lines, fences) for section in sections)
        if len(sections) < 2 or replies * 3 < len(sections) * 2:
            return None
    return sections or None


def read_collection(source: SourceFile, sections: list[_Section], *, mdx: bool = False) -> Iterator[Document]:
    """One record per reply section: id the heading text, line the heading's line.

    Each record's text is the section's slice of the file from its heading line (blanked), masked
    in place; offsets are the identity from the heading line's offset, like the whole-file reading.
    """
    text = source.text
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for section in sections:
        first, end = section.heading.index, section.end
        raw = "\n".join(lines[first + 1 : end])
        mask = mask_mdx if mdx else mask_markdown
        body = mask(raw, front_matter=False, prose_fences=True, bare_fences=False)
        if not body.strip():  # the reply is all in bare fenced blocks (Angular CLI): they are its prose
            body = mask(raw, front_matter=False, prose_fences=True)
        body = _blank(lines[first]) + "\n" + body
        if not body.strip():
            continue
        line_number = source.position(starts[first]).line  # a lone CR is a line break there too
        yield Document(
            text=body,
            source=source,
            record_id=section.heading.title or f"line {line_number}",
            base=starts[first],
            line=line_number,
        )


@register(".md", ".markdown")
def read_markdown(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """A Markdown file: one record per saved reply when it is a collection, else one document.

    An empty file gives none. ``options.markdown`` (guide ``library.markdown``) forces a reading.
    """
    if not source.text.strip():
        return
    sections = collection_sections(source.text, options.markdown)
    if sections:
        yield from read_collection(source, sections)
        return
    yield Document(text=mask_markdown(source.text), source=source, base=0)


@register(".mdx")
def read_mdx(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """An MDX file: Markdown, with its ESM statements and JSX tags masked too; a saved-reply
    collection (freeCodeCamp's reply templates) is read as one, like Markdown."""
    if not source.text.strip():
        return
    sections = collection_sections(source.text, options.markdown)
    if sections:
        yield from read_collection(source, sections, mdx=True)
        return
    yield Document(text=mask_mdx(source.text), source=source, base=0)
