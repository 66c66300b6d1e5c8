"""Suppressions (docs/reference.md section 9): which violations a team chose to silence, and which
of its suppressions silence nothing (``VL001 unused-suppression``).

Two sources, one model:

- comments in the file, ``<!-- voicelint-disable CODES -->`` ... ``<!-- voicelint-enable CODES -->``
  and ``<!-- voicelint-disable-next-line CODES -->``, found in the ORIGINAL text of the part of the
  file a document was read from (readers drop comments from the prose, so the document text no
  longer has them); offsets are file offsets, so lines are the file's lines;
- a record's ``voicelint-ignore`` field (read by :mod:`voicelint.sources.records` into
  ``Document.suppressions``), which covers the whole record.

A directive becomes *covers*: file-offset ranges with the rules they silence. A violation is
suppressed when its start offset lies in a cover of its rule, and every cover it lies in counts as
used (ESLint's way, so two overlapping directives are never reported as unused). Everything here
is JSON-able (:meth:`Suppressions.to_json`) because the whole-file cache stores it beside the
document's result: the library rules' findings, added at the end of a run, are suppressed the same
way, and unused directives are decided only then, whether the file was linted or came from cache.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from voicelint.document import Document, Position
from voicelint.rules import UnknownSelectorError, all_rules, resolve_selectors
from voicelint.rules.suppression import UNUSED_CODE
from voicelint.vocabulary import CATEGORIES

#: Where the engine keeps a document's suppressions among its located observations (never a rule code).
OBSERVATION_KEY = "suppressions"
#: The directive kinds a comment may name; ``ignore`` is the record field's.
KINDS = ("disable", "enable", "disable-next-line")
RECORD_KIND = "ignore"
#: A comment that starts with ``voicelint-``: the directive kind is what follows, up to a space.
_DIRECTIVE = re.compile(r"<!--[ \t\r\n]*voicelint-([a-z-]*)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
#: Past any file offset: a record's field covers the whole record.
_EVERYWHERE = (0, 1 << 62)


@dataclass(slots=True)
class Selector:
    """One entry of a directive as written; ``codes`` None means every rule, empty means unknown."""

    text: str
    codes: frozenset[str] | None
    used: bool = False


@dataclass(slots=True)
class Directive:
    """One comment directive or one record's ``voicelint-ignore`` field, located in the file."""

    kind: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    text: str
    selectors: list[Selector]
    #: Why the directive is wrong whatever the findings are (unknown kind, an enable with no disable).
    problem: str | None = None
    #: Where it covers, for messages: ``"on the next line"``, ``"in this record"``...
    scope: str = ""


@dataclass(slots=True)
class Cover:
    """A file-offset range where the rules of one selector of one directive are silenced."""

    start: int
    end: int
    directive: int
    selector: int
    codes: frozenset[str] | None
    excluded: frozenset[str] = frozenset()

    def silences(self, code: str, offset: int) -> bool:
        return (
            self.start <= offset < self.end and (self.codes is None or code in self.codes) and code not in self.excluded
        )


@dataclass(slots=True)
class Suppressions:
    """A document's directives and covers, and how many violations they suppressed."""

    directives: list[Directive] = field(default_factory=list)
    covers: list[Cover] = field(default_factory=list)
    suppressed: int = 0

    def suppresses(self, code: str, offset: int) -> bool:
        """Whether a violation of ``code`` starting at file ``offset`` is silenced (and mark the
        directives that silence it as used). VL001 is never silenced by a directive."""
        if code == UNUSED_CODE:
            return False
        hit = False
        for cover in self.covers:
            if cover.silences(code, offset):
                self.directives[cover.directive].selectors[cover.selector].used = True
                hit = True
        self.suppressed += hit
        return hit

    def unused(self, ran: frozenset[str], enabled: frozenset[str]) -> Iterable[tuple[Directive, str, bool]]:
        """Each directive that suppresses nothing, with the message saying why and whether all of
        it is unused (a comment that is may be removed; one that is not keeps its used selectors).

        ``ran`` are the rules that ran on this document, ``enabled`` the ones the guide enables. A
        selector is judged only when every rule it names that the guide enables ran (ruff's RUF100
        judges only what it checked): a run narrowed by ``--select`` never calls a directive for
        another rule unused, nor a bare ``voicelint-disable``.
        """
        for directive in self.directives:
            if directive.problem is not None:
                yield directive, directive.problem, True
                continue
            unknown = [s.text for s in directive.selectors if s.codes is not None and not s.codes]
            if unknown:
                whole = not any(s.used or (s.codes and not _judged(s, ran, enabled)) for s in directive.selectors)
                yield directive, _unknown_message(directive.kind, unknown), whole
                continue
            if directive.kind == "enable":
                continue  # it suppresses nothing by design; an enable that ends no disable has a problem
            idle = [s for s in directive.selectors if not s.used and _judged(s, ran, enabled)]
            if idle:
                yield directive, _unused_message(directive, idle), len(idle) == len(directive.selectors)

    def to_json(self) -> dict[str, Any]:
        return {
            "directives": [
                [
                    d.kind,
                    list(d.start),
                    list(d.end),
                    d.text,
                    d.problem,
                    d.scope,
                    [[s.text, _codes_json(s.codes), s.used] for s in d.selectors],
                ]
                for d in self.directives
            ],
            "covers": [
                [c.start, c.end, c.directive, c.selector, _codes_json(c.codes), sorted(c.excluded)] for c in self.covers
            ],
            "suppressed": self.suppressed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suppressions:
        directives = [
            Directive(
                kind,
                _position(start),
                _position(end),
                text,
                [Selector(s_text, _codes(codes), bool(used)) for s_text, codes, used in selectors],
                problem,
                scope,
            )
            for kind, start, end, text, problem, scope, selectors in data["directives"]
        ]
        covers = [
            Cover(int(start), int(end), int(d), int(s), _codes(codes), frozenset(excluded))
            for start, end, d, s, codes, excluded in data["covers"]
        ]
        return cls(directives, covers, int(data["suppressed"]))


def scan(document: Document) -> Suppressions | None:
    """The suppressions of one document, or None when it has none (the common case: cheap)."""
    low = document.file_offset(0) if document.offsets is not None else document.base
    low = min(low, document.base)
    high = document.file_offset(len(document.text))
    raw = document.source.text
    found = Suppressions()
    if document.suppressions:
        _record_directive(found, document)
    if _DIRECTIVE.search(raw, low, high) is not None:
        _comment_directives(found, document, low, high)
    return found if found.directives else None


def _record_directive(found: Suppressions, document: Document) -> None:
    entries = document.suppressions
    start, end = min(e.start for e in entries), max(e.end for e in entries)
    source = document.source
    directive = Directive(
        kind=RECORD_KIND,
        start=_located(source.position(start)),
        end=_located(source.position(end)),
        text=source.text[start:end],
        selectors=[Selector(e.selector, _resolve(e.selector)) for e in entries if e.selector.strip()],
        scope="in this record",
    )
    index = len(found.directives)
    found.directives.append(directive)
    for number, selector in enumerate(directive.selectors):
        found.covers.append(Cover(*_EVERYWHERE, index, number, selector.codes))


@dataclass(slots=True)
class _Open:
    start: int
    directive: int
    selector: int
    codes: frozenset[str] | None
    excluded: frozenset[str]


def _comment_directives(found: Suppressions, document: Document, low: int, high: int) -> None:
    """Parse every ``<!-- voicelint-... -->`` comment of the document's part of the file, in order,
    pairing disables with enables; a disable left open runs to the end of the document."""
    source = document.source
    raw = source.text
    fences = _fence_starts(raw, low, high)
    open_covers: list[_Open] = []
    for match in _DIRECTIVE.finditer(raw, low, high):
        opening = match.start()
        closing = raw.find("-->", match.end(), high)
        if closing == -1 or (opening > low and raw[opening - 1] == "`") or _inside_fence(fences, opening):
            continue
        end = closing + 3
        kind = match.group(1).lower()
        directive = Directive(
            kind=kind,
            start=_located(source.position(opening)),
            end=_located(source.position(end)),
            text=raw[opening:end],
            selectors=_selectors(raw[match.end() : closing]),
        )
        index = len(found.directives)
        found.directives.append(directive)
        if kind not in KINDS:
            directive.problem = (
                f"'voicelint-{kind}' is not a directive (write voicelint-disable, voicelint-enable or "
                "voicelint-disable-next-line); it suppresses nothing"
            )
            continue
        if kind == "disable-next-line":
            directive.scope = "on the next line"
            line = _next_line(document, end)
            for number, selector in enumerate(directive.selectors):
                if line is not None:
                    found.covers.append(Cover(line[0], line[1], index, number, selector.codes))
        elif kind == "disable":
            directive.scope = "up to its voicelint-enable (or the end of the document)"
            for number, selector in enumerate(directive.selectors):
                open_covers.append(_Open(end, index, number, selector.codes, frozenset()))
        else:
            open_covers = _enable(found, directive, open_covers, opening)
    # A disable with no enable runs to the end of the document (a library rule's finding may lie
    # past the last character the reader mapped, so: everywhere after the directive).
    found.covers.extend(_closed(still_open, _EVERYWHERE[1]) for still_open in open_covers)


def _enable(found: Suppressions, directive: Directive, open_covers: list[_Open], at: int) -> list[_Open]:
    """Close what an enable names; a bare enable closes every open disable. A disable of more rules
    than the enable names stays open for the others. An enable that closes nothing is a problem."""
    names_all = any(s.codes is None for s in directive.selectors)
    enabled: frozenset[str] = frozenset().union(*(s.codes or () for s in directive.selectors))
    still: list[_Open] = []
    closed_any = False
    for entry in open_covers:
        active = None if entry.codes is None else entry.codes - entry.excluded
        overlaps = names_all or active is None or bool(active & enabled)
        if not overlaps:
            still.append(entry)
            continue
        closed_any = True
        found.covers.append(_closed(entry, at))
        if names_all:
            continue
        if entry.codes is None:
            still.append(_Open(at, entry.directive, entry.selector, None, entry.excluded | enabled))
        elif active is not None and active - enabled:
            still.append(_Open(at, entry.directive, entry.selector, entry.codes - enabled, entry.excluded))
    if not closed_any and not any(s.codes is not None and not s.codes for s in directive.selectors):
        what = "any rule" if names_all else ", ".join(s.text for s in directive.selectors)
        directive.problem = f"voicelint-enable of {what} has no voicelint-disable of it open before it; it does nothing"
    return still


def _closed(entry: _Open, end: int) -> Cover:
    return Cover(entry.start, end, entry.directive, entry.selector, entry.codes, entry.excluded)


def _selectors(body: str) -> list[Selector]:
    """The codes, names or categories after a directive's kind (commas or spaces between them; a
    ``-- reason`` after them is a note for people, as in ESLint). None written: every rule."""
    text = body.split(" --", 1)[0] if " --" in body else body
    if text.lstrip().startswith("--"):
        text = ""
    names = [name for name in _SEPARATORS.split(text) if name]
    if not names:
        return [Selector("", None)]
    return [Selector(name, _resolve(name)) for name in names]


@lru_cache(maxsize=512)
def _resolve(selector: str) -> frozenset[str] | None:
    """The rule codes a selector names, as ``--select`` reads it; empty when it names none."""
    if not selector.strip():
        return None
    try:
        return frozenset(resolve_selectors([selector]))
    except UnknownSelectorError:
        return frozenset()


def _next_line(document: Document, directive_end: int) -> tuple[int, int] | None:
    """The file-offset range of the next non-blank line of the document after a directive.

    Lines are the document text's (a ``\\n`` escaped in a JSON string is a line break there), so a
    directive in a record works however the record is written in the file.
    """
    text = document.text
    index = _text_index(document, directive_end)
    line_end = text.find("\n", index)
    while line_end != -1:
        start = line_end + 1
        line_end = text.find("\n", start)
        stop = len(text) if line_end == -1 else line_end
        if text[start:stop].strip():
            return document.file_offset(start), document.locate(start, stop).end.offset
    return None


def _text_index(document: Document, file_offset: int) -> int:
    """The first character of the document text at or after a file offset."""
    if document.offsets is None:
        return max(0, min(len(document.text), file_offset - document.base))
    offsets = document.offsets
    low, high = 0, len(document.text)
    while low < high:
        middle = (low + high) // 2
        if offsets[middle] < file_offset:
            low = middle + 1
        else:
            high = middle
    return low


def _fence_starts(raw: str, low: int, high: int) -> list[tuple[int, int]]:
    """The fenced code blocks (Markdown) of the span, as offset ranges: a directive shown in a code
    sample is documentation, not a directive."""
    if "```" not in raw[low:high] and "~~~" not in raw[low:high]:
        return []
    blocks = []
    opened: tuple[int, str] | None = None
    for match in _FENCE.finditer(raw, low, high):
        marker = match.group(1)
        if opened is None:
            opened = (match.start(), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]):
            blocks.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        blocks.append((opened[0], high))
    return blocks


def _inside_fence(blocks: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in blocks)


def _judged(selector: Selector, ran: frozenset[str], enabled: frozenset[str]) -> bool:
    if selector.codes is None:
        return bool(ran) and (enabled - {UNUSED_CODE}) <= ran
    named = (selector.codes & enabled) - {UNUSED_CODE}
    return bool(named) and named <= ran


def _unused_message(directive: Directive, idle: list[Selector]) -> str:
    label = "voicelint-ignore" if directive.kind == RECORD_KIND else f"voicelint-{directive.kind}"
    if any(s.codes is None for s in idle):
        return f"Unused {label}: no rule reported anything {directive.scope}; remove it"
    names = ", ".join(_describe(s) for s in idle)
    pronoun = "it" if len(idle) == 1 or len(idle) == len(directive.selectors) else "them"
    return f"Unused {label}: {names} reported nothing {directive.scope}; remove {pronoun}"


def _describe(selector: Selector) -> str:
    codes = selector.codes or frozenset()
    if len(codes) == 1:
        rule = next(r for r in all_rules() if r.code in codes)
        return f"{rule.code} ({rule.name})"
    return selector.text


def _unknown_message(kind: str, unknown: list[str]) -> str:
    label = "voicelint-ignore" if kind == RECORD_KIND else f"voicelint-{kind}"
    names = ", ".join(repr(name) for name in unknown)
    known = [r.code for r in all_rules()] + [r.name for r in all_rules()] + list(CATEGORIES)
    hints = [h for name in unknown for h in difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.7)]
    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
    return f"{label} names {names}, which is not a rule code, rule name or category, so it suppresses nothing{hint}"


def _located(position: Position) -> tuple[int, int, int]:
    return (position.line, position.column, position.offset)


def _position(value: list[int]) -> tuple[int, int, int]:
    line, column, offset = value
    return (int(line), int(column), int(offset))


def _codes(value: list[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def _codes_json(codes: frozenset[str] | None) -> list[str] | None:
    return None if codes is None else sorted(codes)
