"""What the parser sees of a text: long runs of punctuation, symbols and emoji broken up, offsets kept.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one character at a
time, searching the rest again after each: a run of ``"``, ``!``, ``%``, ``_`` or emoji without
whitespace costs time quadratic in its length (16,000 ``"`` took 21 s, 32,000 took 84 s), where
letters and digits cost linear time. :func:`neutralise` replaces every :data:`SPACING`-th
character of such a run longer than :data:`LONG_RUN` with a space. The result has exactly the
same length, so every offset the analysis reports is an offset into the original text, and
reports quote the original text (the engine takes each finding's ``match`` from the document,
never from what was parsed). Only characters inside long runs ever change: text around a run
reads and is parsed as before, so its findings are unchanged.

The result cache keys on the document's own text (:func:`voicelint.cache.document_key`): the
neutralised text is a function of it, computed by code the cache's fingerprint covers, so a key
always decides what is analysed.
"""

from __future__ import annotations

import re

#: A run longer than this is broken up. Separator lines (``=====``) and enthusiastic ``!!!!!!``
#: are far shorter; a run this long costs a few milliseconds to tokenize.
LONG_RUN = 64
#: In a long run, every this-many-th character becomes a space: pieces of at most
#: ``SPACING - 1`` characters keep the tokenizer linear in the length of the run.
SPACING = 32

# Punctuation, symbols, emoji and their modifiers (variation selectors, joiners): anything that
# is neither white space nor a letter or digit. The underscore is a word character to ``\w`` but
# punctuation to the tokenizer.
# A match may only start where a run starts, so a text of many runs just under the limit is still
# scanned in linear time.
_RUN = re.compile(rf"(?<![^\w\s])(?<!_)(?:[^\w\s]|_){{{LONG_RUN + 1},}}")


def neutralise(text: str) -> str:
    """``text`` with long runs of punctuation, symbols and emoji broken by spaces (same length)."""
    if len(text) <= LONG_RUN:
        return text
    parts: list[str] = []
    position = 0
    for run in _RUN.finditer(text):
        start, end = run.span()
        parts.append(text[position:start])
        for piece_start in range(start, end, SPACING):
            piece_end = piece_start + SPACING
            if piece_end <= end:
                parts.append(text[piece_start : piece_end - 1])
                parts.append(" ")
            else:
                parts.append(text[piece_start:end])
        position = end
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)
