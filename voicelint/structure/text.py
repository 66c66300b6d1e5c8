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
_TAIL_JUNK = re.compile(
    r"(?:\s*(?:(?:https?://|www\.)\S+|\(\d+/\d+\)|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+"
    r"|[:;]-?[)(DPp]|ð\S{1,3}|=\)))+\s*\Z"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


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
