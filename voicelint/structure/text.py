"""Shared pieces of a reply's layout: leading @mentions, URLs, the trailing tail, sentences.

A reply on Twitter starts with the @handles it answers and often ends with a link or an emoji
after the signature (``... /GN https://t.co/x``); every detector needs the same view of where the
writing itself begins and ends, so that view is computed here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: The @handles a reply starts with (Twitter adds them; they are not the writer's words).
LEADING_MENTIONS = re.compile(r"\A\s*(?:[.]?[@＠]\w{1,50}[\s,:]*)+")
#: A link as Twitter recognises one: a scheme, or ``www.``; trailing punctuation is not part of it.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$))", re.IGNORECASE)
#: A link the reader masked: library records and Markdown reach the rules with every URL replaced
#: by spaces of the same length (:mod:`voicelint.sources.markdown`). Nobody types twelve spaces
#: inside a line of a reply, and no link is shorter ("https://t.co" alone is 12).
MASKED_LINK = re.compile(r"(?<! ) {12,}")
#: The emoji run is possessive (``++``): a run of ZWJ sequences before a signature
#: (``🏃‍♀️🏃‍♀️... -Rad``) otherwise splits 2^n ways before the search gives up.
_TAIL_JUNK = re.compile(
    r"(?:\s*(?:(?:https?://|www\.)\S+|\(\d+/\d+\)|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]++"
    r"|[:;]-?[)(DPp]|ð\S{1,3}|=\)))+\s*\Z"
)
#: A sentence ends at ``.!?`` and a space, or a line break; never inside a masked link (twelve
#: spaces or more), which stays with the sentence that introduced it.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*(?:[ \t]{1,11}(?![ \t])|[ \t]*\n\s*)|\n+")


def links(text: str) -> list[tuple[int, int]]:
    """Every link of ``text``, written out or masked, as ``(start, end)`` in order."""
    found = [(m.start(), m.end()) for m in URL.finditer(text)]
    for match in MASKED_LINK.finditer(text):
        # The spaces around the link were masked with it: give one back on a side where a space
        # would stand (after a word or punctuation, before a word), none after "(" or before ".".
        start, end = match.start(), match.end()
        if start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([{<\"'“‘":
            start += 1
        if end < len(text) and not text[end].isspace() and text[end] not in ".,;:!?)]}>\"'”’":
            end -= 1
        found.append((start, end))
    return sorted(found)


def body_start(text: str) -> int:
    """Where the writing starts: after the leading @mentions of a reply, and whitespace."""
    match = LEADING_MENTIONS.match(text)
    start = match.end() if match else 0
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def body_end(text: str) -> int:
    """Where the writing ends: before trailing whitespace, links, emoji, emoticons and ``(1/2)``."""
    end = len(text.rstrip())
    match = _TAIL_JUNK.search(text, 0, end)
    while match and match.start() < end:
        end = len(text[: match.start()].rstrip())
        match = _TAIL_JUNK.search(text, 0, end)
    return end


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence or line of ``text[start:end]`` (a plain split, no parser)."""
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() > position:
            yield position, match.start()
        position = match.end()
    if position < end:
        yield position, end
