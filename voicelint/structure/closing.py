"""Greetings and sign-offs: the formulas a support reply opens and closes with.

A greeting is a greeting word at the very start of the writing (after the @mentions of a reply),
optionally followed by whom it greets, then a break: ``Hi Ana,``, ``Hey there!``, ``Good morning``,
``Hello {{first_name}},`` (the placeholder is masked as a name-like stand-in before rules run),
``Hi again Lin,``, ``Hey Anton -``. The break is what tells ``Hello Kitty mugs are back`` (not a
greeting) from ``Hello Kitty!`` (one): after the addressee must come punctuation, a spaced dash or
the end of the line.

A sign-off is a closing formula standing on its own at the end of the writing (before any
signature): ``Best,``, ``Kind regards``, ``Thanks!``, ``Cheers.``, ``Take care``, ``Have a great
day!``. It must start a line or follow the end of a sentence, so ``Got it, thanks.`` and
``Thanks for the feedback.`` are not sign-offs; a thank-you that says what for is a sentence.
"""

from __future__ import annotations

import re

from voicelint.structure.text import body_end, body_start, links

_GREETING_WORDS = (
    r"hi|hello|hey|heya|hiya|howdy|hallo|hola|aloha|greetings|dear|yo|g'day"
    r"|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|evening"
)
#: Whom a greeting addresses: "there", "all", "again", a title and name, a masked placeholder.
_ADDRESSEE = (
    r"(?:\s+(?:again|there|all|everyone|everybody|folks|friends?|team|y'all|you|sir(?:\s+or\s+madam)?|madam"
    r"|(?:valued\s+)?(?:customer|member|client)s?))?"
    r"(?:\s+(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+)?@?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
)
GREETING = re.compile(rf"(?i:{_GREETING_WORDS})(?![\w'-]){_ADDRESSEE}\s*(?:[,!.:;]+|\s[-–—]+(?=\s)|(?=\n)|\Z)")
#: A greeting word alone followed by a comma and the text (``Hi, thanks for...``) is still a greeting;
#: after a name the break is required (``Hello Kitty mugs`` is not one).

#: Closing formulas (a regular expression, matched case-insensitively).
VALEDICTIONS = (
    r"(?:best|warm|warmest|kind|kindest|many)\s+(?:regards|wishes|thanks)|all\s+the\s+best|best"
    r"|regards|(?:yours\s+)?(?:sincerely|truly|faithfully)|respectfully|warmly|cordially"
    r"|(?:many\s+)?thanks(?:\s+(?:again|so\s+much|a\s+lot|a\s+bunch|in\s+advance|and\s+(?:warm|kind|best)\s+regards))?"
    r"|thank\s+you(?:\s+(?:again|so\s+much|very\s+much))?|thx|ty|tks|cheers|ta"
    r"|take\s+care|talk\s+soon|speak\s+soon|chat\s+soon|bye(?:\s+for\s+now)?|goodbye|see\s+you(?:\s+soon)?"
    r"|hope\s+to\s+see\s+you\s+soon|with\s+thanks|stay\s+safe|be\s+well"
    r"|have\s+a\s+(?:\w+\s+)?(?:great|good|nice|lovely|wonderful|fantastic|fab|brilliant|super|happy)"
    r"\s+(?:day|one|weekend|evening|night|week|afternoon|morning|holiday|time)"
)
_CLOSING = re.compile(
    rf"(?:\A|(?<=[.!?\n)])|(?<=[.!?)]\s)|(?<=\n\s))\s*(?P<closing>(?i:{VALEDICTIONS}))"
    r"(?:\s*,?\s+(?i:again|everyone|all))?\s*[,.!:;~]*\s*(?:[:;=]-?[)D]|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+)?\s*\Z"
)


def find_greeting(text: str) -> tuple[int, int] | None:
    """The greeting a reply opens with, as ``(start, end)``; None when it opens without one."""
    start = body_start(text)
    match = GREETING.match(text, start)
    if match is None:
        return None
    end = match.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in "-–—"):
        end -= 1
    return start, end


def find_sign_off(text: str, end: int | None = None) -> tuple[int, int] | None:
    """The closing formula the writing ends with, before ``end`` (a signature's start), or None."""
    stop = body_end(text) if end is None else body_end(text[:end])
    start = body_start(text)
    if stop <= start:
        return None
    # a link ends a sentence as far as a closing formula after it is concerned ("...: URL Thanks!")
    unlinked = text[:stop]
    for link_start, link_end in links(unlinked):
        if link_end > link_start:
            unlinked = unlinked[:link_start] + "x" * (link_end - link_start - 1) + "." + unlinked[link_end:]
    match = _CLOSING.search(unlinked, start, stop)
    if match is None:
        return None
    return match.start("closing"), len(text[:stop].rstrip(" ,:;~"))
