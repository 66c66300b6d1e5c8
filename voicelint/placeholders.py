"""Template placeholders: found in a text, masked for the parser with offsets kept, and kept out of findings.

Support libraries are templates: ``Hi {{ticket.requester.first_name}}``, ``your transfer XXXXXXX``,
``by the end of the [DATE]``. A placeholder is not prose, so no rule may fire inside one, and the
sentence around it must read as if a value were there. :func:`mask` replaces every placeholder
with a stand-in of exactly the same length, so every offset the analysis reports still points at
the original text (as with :mod:`voicelint.neutralise`):

- a placeholder that stands for a value becomes one short capitalised word and spaces
  (``Xxxx   ``, see :func:`stand_in`), which the parser reads as a name: sentences do not break at
  it, shouting does not see capitals, readability counts one short word, tone one name;
- a control tag (``{% if vip %}``, ``{% endif %}``, ``{{#if x}}``, ``{{/if}}``, ``{{else}}``,
  ``{{! comment }}``) stands for no word at all and becomes spaces;
- an empty placeholder (``{{ }}``) is left as it is (it is malformed, rule VL701).

Syntaxes (:data:`SYNTAXES`), tried in this order at each position:

=============  ==========================================  =======================================
kind           example                                     where it comes from
=============  ==========================================  =======================================
``mustache``   ``{{ticket.id}}``, ``{{x | fallback: "y"}}``  Zendesk, Freshdesk, Front, Gorgias,
               ``{{{raw}}}``                                 Intercom, HubSpot, Handlebars, Liquid
``tag``        ``{% if x %}``, ``{%customer.firstName%}``  Liquid/Jinja tags; Help Scout variables
``dollar``     ``${first_name}``                           JavaScript templates, shell
``hash``       ``#{ticket.number}``                        Zammad, Ruby
``percent``    ``%{ticket.number}``                        osTicket, Ruby format strings
``merge``      ``{!Contact.FirstName}``                    Salesforce merge fields
``brace``      ``{ticket.id}``, ``{name}``                 Python/ICU format strings (identifier only)
``bracket``    ``[ORDER NUMBER]``, ``[DATE1]``             hand-written templates (Paysend macros)
``angle``      ``<PROJECT NAME>``                          hand-written templates (Angular CLI);
                                                           not upper-case HTML tags (``<BR>``)
``env``        ``$FIRST_NAME``                             needs an underscore: ``$PATH`` is prose
``xrun``       ``XXXXXXX``, ``+XXXXXXX``                   redacted or to-be-filled numbers (4+ X)
=============  ==========================================  =======================================

Deliberately not placeholders (false positives would hide real findings): bare capitalised words
(``DATE``, ``NAME``: as often real shouting, "FREE"), lowercase ``xxxx``, ``%name%`` (``50% off,
20%``), ``<name>`` in lower case (HTML), a bracketed capital word followed by ``(``, ``[`` or ``:`` (a Markdown
link such as ``[FAQ](...)``), and anything spanning a line break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: Liquid, Jinja, Django, Twig and Nunjucks tag keywords: ``{% <keyword> ... %}`` is logic, not a value.
TAG_KEYWORDS = frozenset(
    """
    if elif elsif else endif unless endunless for endfor case when endcase assign capture endcapture
    comment endcomment raw endraw include render break continue cycle increment decrement tablerow
    endtablerow liquid echo set endset block endblock macro endmacro call endcall with endwith filter
    endfilter extends import from do trans endtrans autoescape endautoescape spaceless endspaceless
    verbatim endverbatim load url csrf_token now firstof
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Upper-case HTML tags of old mail bodies (``<BR>``, ``<DIV>``) are markup, not ``<PROJECT NAME>``.
_HTML_TAGS = (
    "BR|HR|DIV|SPAN|TD|TR|TH|TABLE|TBODY|THEAD|UL|OL|LI|DL|DT|DD|EM|STRONG|FONT|CENTER|BODY|HTML|HEAD|"
    "TITLE|H1|H2|H3|H4|H5|H6|IMG|PRE|CODE|SUB|SUP|SMALL|BIG|TT|DEL|INS|NOBR|WBR|META|LINK|STYLE"
)

#: Each syntax: its kind and its pattern; the group ``body`` is what lies between the delimiters.
SYNTAXES: tuple[tuple[str, str], ...] = (
    ("mustache", r"\{\{\{(?P<body>[^{}\n]*)\}\}\}"),
    ("mustache", r"\{\{(?P<body>[^{}\n]*)\}\}"),
    ("tag", r"\{%(?P<body>[^\n{}]{0,300}?)%\}"),  # bounded, no braces: "{%{%{%..." stays linear
    ("dollar", r"\$\{(?P<body>[^{}\n]*)\}"),
    ("hash", r"#\{(?P<body>[^{}\n]*)\}"),
    ("percent", r"%\{(?P<body>[^{}\n]*)\}"),
    ("merge", r"\{!(?P<body>[^{}\n]*)\}"),
    ("brace", r"(?<![{}\w$%#\\])\{(?P<body>[A-Za-z_]\w*(?:\.(?:\w+|\*))*)\}(?!\})"),
    ("bracket", r"(?<![\w\[\]])\[(?P<body>[A-Z][A-Z0-9]+(?:[ _-][A-Z0-9]+)*)\](?![\[(:])"),
    ("angle", rf"<(?!(?:{_HTML_TAGS})>)(?P<body>[A-Z][A-Z0-9]+(?:[ _-][A-Z0-9]+)*)>"),
    ("env", r"(?<![\w$])\$(?P<body>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?!\w)"),
    ("xrun", r"(?<![^\W\d_])(?P<body>X{4,})(?![^\W\d_])"),
)

_ALTERNATIVES = [re.compile(pattern) for _, pattern in SYNTAXES]
_ANY = re.compile("|".join(f"(?P<s{i}>{pattern.replace('?P<body>', '')})" for i, (_, pattern) in enumerate(SYNTAXES)))
_NAME = re.compile(r"[A-Za-z_][\w-]*(?:(?:\.|::)(?:[A-Za-z_0-9][\w-]*|\*)|\[\d+\])*")
_CHEAP = re.compile(r"[{\[$<]|XXXX")


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One placeholder: ``text[start:end]``, its syntax and the variable it names."""

    start: int
    end: int
    kind: str
    #: The variable (``ticket.requester.first_name``, ``ORDER NUMBER``); None for a control tag,
    #: an ``XXXX`` run, an empty placeholder or an expression that starts with no name.
    name: str | None
    #: Logic (``{% if %}``, ``{{/if}}``) rather than a value: masked as spaces, not as a word.
    control: bool = False
    #: Nothing between the delimiters (``{{ }}``): malformed.
    empty: bool = False


def _describe(kind: str, body: str) -> tuple[str | None, bool, bool]:
    """``(name, control, empty)`` of a placeholder of ``kind`` whose inside is ``body``."""
    inner = body.strip()
    if not inner:
        return None, False, True
    if kind in ("bracket", "angle", "env"):
        return inner, False, False
    if kind == "xrun":
        return None, False, False
    if kind == "mustache":
        if inner[0] in "#/^!<>$" or inner.split()[0] == "else":
            return None, True, False
        inner = inner.lstrip("&").strip()
    if kind == "tag":
        inner = inner.lstrip("-").strip()  # Jinja's whitespace control: {%- if x -%}
        if not inner or inner.split()[0].rstrip("-") in TAG_KEYWORDS:
            return None, True, False
    expression = inner.split("|", 1)[0].split(",", 1)[0].strip()
    found = _NAME.match(expression)
    return (found.group(0) if found else None), False, False


def find_placeholders(text: str) -> list[Placeholder]:
    """Every placeholder in ``text``, in order, not overlapping (linear in the length of ``text``)."""
    if _CHEAP.search(text) is None:
        return []
    found: list[Placeholder] = []
    for match in _ANY.finditer(text):
        index = int(match.lastgroup[1:]) if match.lastgroup else 0
        kind = SYNTAXES[index][0]
        start, end = match.span()
        inner = _ALTERNATIVES[index].fullmatch(text, start, end)
        body = inner.group("body") if inner is not None else ""
        name, control, empty = _describe(kind, body)
        found.append(Placeholder(start, end, kind, name, control, empty))
    return found


#: What the parser reads instead of a value placeholder: a short capitalised word without vowels
#: (one syllable, in no lexicon), then spaces up to the placeholder's length.
STAND_IN = "Xxxx"


def stand_in(length: int) -> str:
    """A name the parser reads in place of a placeholder, exactly ``length`` characters long.

    Not one long word: tone's formality counts the mean word length, and a 31-letter stand-in for
    ``{{ticket.requester.first_name}}`` moved it from 71 to 97 on a two-sentence reply (with the
    short word and spaces: 71). The spaces follow the word, so it is still one word in its sentence.
    """
    if length <= len(STAND_IN):
        return STAND_IN[:length]
    return STAND_IN + " " * (length - len(STAND_IN))


def mask(text: str, placeholders: Sequence[Placeholder] | None = None) -> str:
    """``text`` with every placeholder replaced by a same-length stand-in (see the module docstring)."""
    found = find_placeholders(text) if placeholders is None else placeholders
    if not found:
        return text
    parts: list[str] = []
    position = 0
    for placeholder in found:
        if placeholder.empty:
            continue
        parts.append(text[position : placeholder.start])
        length = placeholder.end - placeholder.start
        parts.append(" " * length if placeholder.control else stand_in(length))
        position = placeholder.end
    parts.append(text[position:])
    return "".join(parts)


def masked_share(start: int, end: int, spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> int:
    """How many characters of ``[start, end)`` lie in ``spans`` (sorted, not overlapping; ``starts``
    are their starts)."""
    covered = 0
    index = max(0, bisect_right(starts, start) - 1)
    while index < len(spans) and spans[index][0] < end:
        s_start, s_end = spans[index]
        covered += max(0, min(end, s_end) - max(start, s_start))
        index += 1
    return covered


def outside_placeholders(
    rows: Iterable[list[Any]], placeholders: Sequence[Placeholder], exempt: Iterable[str] = ()
) -> list[list[Any]]:
    """Finding rows (``[code, start, end, ...]``) without those that lie mostly inside a placeholder.

    A row is dropped when at least half of its characters (or, for an empty span, its position)
    fall inside placeholders. Codes in ``exempt`` are always kept: document-level findings, and
    the placeholder rules, whose findings are about the placeholders themselves.
    """
    kept = list(rows)
    if not placeholders:
        return kept
    spans = [(p.start, p.end) for p in placeholders]
    starts = [s for s, _ in spans]
    skip = set(exempt)
    result = []
    for row in kept:
        code, start, end = row[0], row[1], row[2]
        if code not in skip:
            if end <= start:
                if masked_share(start, start + 1, spans, starts):
                    continue
            elif 2 * masked_share(start, end, spans, starts) >= end - start:
                continue
        result.append(row)
    return result
