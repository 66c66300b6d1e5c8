"""Markdown files, and the prose masking shared with library records.

Masking keeps the text the same length and replaces what is not prose (front matter, code,
URLs, HTML, link targets, line-start syntax such as ``#``, ``>`` and list bullets) with spaces,
keeping line breaks. Offsets therefore stay the identity: a finding at index ``i`` of the masked
text is at offset ``i`` of the file. The scanner is line based; every regex is linear (no nested
quantifiers over overlapping classes), so a 5 MB file cannot trigger catastrophic backtracking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def mask_markdown(text: str, *, front_matter: bool = True, indented_code: bool = True) -> str:
    """The prose of a Markdown text: non-prose characters become spaces, line breaks stay.

    ``front_matter`` and ``indented_code`` are off for library records, whose bodies are not
    whole documents and are often indented for reasons that have nothing to do with code.
    """
    if not (front_matter or indented_code or _may_have_markup(text)):
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
    previous_blank = True
    in_indented_code = False
    in_list = False
    for index in range(first, len(lines)):
        line = lines[index]
        if fence is not None:
            lines[index] = _blank(line)
            stripped = line.strip()
            if (
                len(line) - len(line.lstrip(" ")) <= 3
                and stripped.startswith(fence[0] * fence[1])
                and not stripped.strip(fence[0])
            ):
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
            fence = (opening.group(1)[0], len(opening.group(1)))
            lines[index] = _blank(line)
            previous_blank = in_indented_code = False
            continue
        if indented_code and _INDENTED.match(line) and (in_indented_code or (previous_blank and not in_list)):
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


def mask_mdx(text: str) -> str:
    """The prose of an MDX text: Markdown masking, then ESM, JSX tags and comments; same length.

    MDX has no indented code blocks (indentation nests JSX), so indented lines stay prose.
    """
    text = mask_markdown(text, indented_code=False)  # fences and front matter are blank from here on
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


@register(".md", ".markdown")
def read_markdown(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per Markdown file, masked to its prose (an empty file gives none)."""
    if not source.text.strip():
        return
    yield Document(text=mask_markdown(source.text), source=source, base=0)


@register(".mdx")
def read_mdx(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per MDX file: Markdown, with its ESM statements and JSX tags masked too."""
    if not source.text.strip():
        return
    yield Document(text=mask_mdx(source.text), source=source, base=0)
