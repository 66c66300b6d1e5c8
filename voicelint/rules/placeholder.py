"""Placeholder rules (category ``placeholder``): malformed, unknown and unfilled template placeholders.

Placeholders are found by :mod:`voicelint.placeholders`, which also masks them before every
other rule (the parser sees a same-length name instead, so no rule fires inside one). These
rules need the placeholders themselves, which the parser never sees, and VL703 depends on whether
the document is a library record, which the analysis cache does not key on. So they read the
original text in the main process: the engine calls :func:`placeholder_rows` for each document
(cheap: a few regular expressions), and ``check`` on a parsed document finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from voicelint.guide.model import Guide
from voicelint.guide.schema import ListOf, Map, Str
from voicelint.guide.sections import GuideSection, register_section
from voicelint.placeholders import Placeholder, find_placeholders
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.settings import effective_setting
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from voicelint.document import Document


class PlaceholderRule(Rule):
    """Base of the placeholder rules: they read the original text, not the parsed (masked) one."""

    category = "placeholder"
    needs = frozenset({"tokens"})

    def check(self, ctx: DocumentContext) -> Iterable[Finding]:
        return ()

    def check_text(
        self, text: str, placeholders: Sequence[Placeholder], library: bool, channel: str
    ) -> Iterator[Finding]:
        """Findings on the original ``text`` (``placeholders`` are :func:`find_placeholders` of it;
        ``library``: the document is a library record, see :func:`is_library_record`)."""
        raise NotImplementedError


# Left over once every well-formed placeholder is blanked out: an opener never closed, a closer
# never opened ("{name}}"), or a lone "}}"/"%}" on a line with no brace before it.
_UNCLOSED = re.compile(r"\{\{\{?|\{%")
_HALF_OPENED = re.compile(r"(?<![{}$%#])\{\s*[A-Za-z_][\w.]*\s*(?:\|[^{}\n]*)?\}\}")
_CLOSER = re.compile(r"\}\}|%\}")
_OPENER_TAIL = re.compile(r"[ \t]*[\w.]*")


@register
class MalformedPlaceholderRule(PlaceholderRule):
    """A placeholder that is broken: opened and never closed, closed and never opened, or empty.

    A broken placeholder is not filled in by the helpdesk: the customer reads the raw braces
    (``Hi {{first_name,``) or an empty gap. Checked syntaxes: ``{{ }}``, ``{% %}`` and the
    one-brace forms (``%{ }``, ``#{ }``, ``${ }``, ``{! }``) when empty. A lone ``}}`` is reported
    only when nothing on its line opens a brace, so JSON or code quoted in a reply is not.
    """

    code = "VL701"
    name = "malformed-placeholder"
    severity = Severity.ERROR
    summary = "A template placeholder that is unclosed, unopened or empty."
    bad_example = "Hi {{ticket.requester.first_name, thanks for writing in."
    good_example = "Hi {{ticket.requester.first_name}}, thanks for writing in."

    def check_text(
        self, text: str, placeholders: Sequence[Placeholder], library: bool, channel: str
    ) -> Iterator[Finding]:
        findings: list[Finding] = []
        for placeholder in placeholders:
            if placeholder.empty:
                findings.append(
                    Finding(
                        placeholder.start,
                        placeholder.end,
                        f"'{text[placeholder.start : placeholder.end]}' is an empty placeholder: "
                        "name the variable or remove it.",
                    )
                )
        if "{" not in text and "}" not in text:
            yield from findings
            return
        blank = list(text)
        for placeholder in placeholders:
            blank[placeholder.start : placeholder.end] = " " * (placeholder.end - placeholder.start)
        for match in _HALF_OPENED.finditer("".join(blank)):
            findings.append(
                Finding(
                    match.start(),
                    match.end(),
                    f"'{match.group(0)}' closes with '}}}}' but opens with one brace: write '{{{{'.",
                    suggestions=("{" + match.group(0),),
                )
            )
            blank[match.start() : match.end()] = " " * (match.end() - match.start())
        rest = "".join(blank)
        for match in _UNCLOSED.finditer(rest):
            opener = match.group(0)
            end = _OPENER_TAIL.match(rest, match.end())
            stop = end.end() if end is not None else match.end()
            while stop > match.end() and rest[stop - 1] in " \t":
                stop -= 1
            closer = "%}" if opener == "{%" else "}" * len(opener)
            findings.append(
                Finding(
                    match.start(),
                    stop,
                    f"'{text[match.start() : stop]}' opens a placeholder that is never closed: add '{closer}'.",
                )
            )
        # The last line break and the last "{" before each closer, found in one pass (linear).
        last_break = last_open = -1
        scanned = 0
        for match in _CLOSER.finditer(rest):
            last_break = max(last_break, rest.rfind("\n", scanned, match.start()))
            last_open = max(last_open, rest.rfind("{", scanned, match.start()))
            scanned = match.start()
            if last_open > last_break:
                continue
            opener = "{%" if match.group(0) == "%}" else "{{"
            findings.append(
                Finding(
                    match.start(),
                    match.end(),
                    f"'{match.group(0)}' closes a placeholder that was never opened: add '{opener}' or remove it.",
                )
            )
        yield from sorted(findings, key=lambda f: (f.start, f.end))


@register
class UnknownPlaceholderRule(PlaceholderRule):
    """A placeholder variable the guide does not list under ``placeholders.allowed``.

    A misspelt variable (``{{ticket.requestor.name}}``) is left empty or shown raw by the
    helpdesk, and nobody notices until a customer does. List the variables your helpdesk knows
    (``*`` matches any run of characters: ``ticket.*``) and every other one is reported. Without
    ``placeholders.allowed`` in the guide the rule is silent. Control tags (``{% if %}``) and
    ``XXXX`` runs name no variable and are not checked; bracketed capitals are checked by their
    words (``ORDER NUMBER``).
    """

    code = "VL702"
    name = "unknown-placeholder"
    severity = Severity.ERROR
    summary = "A placeholder variable that is not in the guide's `placeholders.allowed` list."
    bad_example = "Hi {{ticket.requestor.first_name}}, thanks for writing in."
    good_example = "Hi {{ticket.requester.first_name}}, thanks for writing in."

    def check_text(
        self, text: str, placeholders: Sequence[Placeholder], library: bool, channel: str
    ) -> Iterator[Finding]:
        section = self.guide.channel(channel).section("placeholders") or {}
        allowed: list[str] | None = section.get("allowed")
        if allowed is None:
            return
        exact = set(allowed)
        patterns = [entry for entry in allowed if "*" in entry or "?" in entry]
        for placeholder in placeholders:
            name = placeholder.name
            if name is None or name in exact or any(fnmatchcase(name, p) for p in patterns):
                continue
            close = _closest(name, allowed)
            message = f"'{name}' is not a placeholder this guide allows (placeholders.allowed)"
            message += f"; did you mean '{close}'?" if close else "."
            yield Finding(placeholder.start, placeholder.end, message)


def _closest(name: str, allowed: Sequence[str]) -> str | None:
    from difflib import get_close_matches

    matches = get_close_matches(name, [a for a in allowed if "*" not in a and "?" not in a], n=1, cutoff=0.8)
    return matches[0] if matches else None


@register
class UnfilledPlaceholderRule(PlaceholderRule):
    """A placeholder left in a reply that is about to be sent.

    In a library (a record of a JSON, CSV or other library file: a macro, a saved reply),
    placeholders belong: the helpdesk fills them in. In a single document (a draft checked before
    it is sent, stdin, the server's ``lint``), a placeholder means the agent forgot to fill it in,
    and the customer reads ``Hi {{first_name}}`` or ``transaction XXXXXXX``. A document is a
    library record when its reader gives it a record id, or when it comes from a structured
    library file (JSON, JSON Lines, YAML, CSV, TSV: a YAML file holding one template is still a
    library). A warning by default: a plain-text or Markdown template file is a single document
    too; turn the rule off for such folders (``rules: {VL703: false}``) or make it an error where
    only outgoing drafts are checked.
    """

    code = "VL703"
    name = "unfilled-placeholder"
    severity = Severity.WARNING
    summary = "A placeholder left in a draft that is not a library record (about to be sent)."
    bad_example = "Hi {{first_name}}, your refund for order [ORDER NUMBER] is on its way."
    good_example = "Hi Dana, your refund for order 10234 is on its way."

    def check_text(
        self, text: str, placeholders: Sequence[Placeholder], library: bool, channel: str
    ) -> Iterator[Finding]:
        if library:
            return
        for placeholder in placeholders:
            if placeholder.empty:
                continue  # VL701's
            found = text[placeholder.start : placeholder.end]
            what = "template logic" if placeholder.control else "a placeholder"
            yield Finding(
                placeholder.start,
                placeholder.end,
                f"'{found}' is {what} left in a reply about to be sent: fill it in before sending.",
            )


@lru_cache(maxsize=16)
def _rules(guide: Guide, codes: frozenset[str]) -> tuple[PlaceholderRule, ...]:
    """The placeholder rules among ``codes``, built once per guide (guides hash by identity)."""
    chosen = []
    for cls in (MalformedPlaceholderRule, UnknownPlaceholderRule, UnfilledPlaceholderRule):
        if cls.code in codes:
            chosen.append(cls(guide, effective_setting(cls, guide), None))
    return tuple(chosen)


#: Structured library formats: a document read from one of these is a library record even when it
#: has no record id (a YAML file holding one template, such as osTicket's ``templates/*.yaml``).
LIBRARY_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".csv", ".tsv"})


def is_library_record(document: Document) -> bool:
    """Whether ``document`` is a template in a library (placeholders belong) rather than a draft."""
    if document.record_id is not None:
        return True
    return PurePath(document.source.path).suffix.lower() in LIBRARY_SUFFIXES


def placeholder_rows(
    guide: Guide,
    codes: Iterable[str],
    document: Document,
    channel: str,
    placeholders: Sequence[Placeholder] | None = None,
) -> list[list[Any]]:
    """The selected placeholder rules' findings on ``document``, as analysis rows (:func:`finding_row`)."""
    from voicelint.analysis import finding_row  # not at import: voicelint.analysis imports the rules

    rules = _rules(guide, frozenset(code for code in codes if code.startswith("VL70")))
    if not rules:
        return []
    text = document.text
    found = find_placeholders(text) if placeholders is None else placeholders
    if not found and "{" not in text and "}" not in text:
        return []
    library = is_library_record(document)
    return [finding_row(rule.code, f) for rule in rules for f in rule.check_text(text, found, library, channel)]


#: Codes whose findings are about placeholders themselves: never dropped for lying inside one.
PLACEHOLDER_CODES = frozenset({"VL701", "VL702", "VL703"})


#: ``placeholders: {allowed: [...]}``: the variables templates may use (VL702), guide-wide or per channel.
PLACEHOLDERS = register_section(
    GuideSection(
        "placeholders",
        Map(fields={"allowed": ListOf(Str(max_length=200), single_ok=True)}),
        per_channel=True,
    )
)
