"""Counting a post's length the way Twitter (X) counts it.

Twitter's counter (the open-source twitter-text library, configuration v3) differs from ``len``:

- every URL counts as 23 characters (it is shortened to a t.co link), however long it is;
- the @mentions a reply starts with are not counted (Twitter shows them apart from the text);
- characters are weighted: code points below U+1100 (Latin, Greek, Cyrillic, Hebrew, Arabic,
  Devanagari...) and the general punctuation ranges U+2000-200D, U+2010-201F and U+2032-2037
  count 1; everything else (CJK, Hangul, most symbols) counts 2, so 280 is 140 Chinese characters;
- an emoji counts 2 whatever it is made of: a skin tone, a ZWJ family or a flag is one emoji;
- the text is NFC-normalised first, and the three entities Twitter's API escapes (``&amp;``,
  ``&lt;``, ``&gt;``) count as the one character they stand for, so exported tweets count as posted.

Library records and Markdown reach the rules with links masked as same-length runs of spaces
(:mod:`voicelint.sources.markdown`); such a run (twelve spaces or more inside a line) is counted
as the link it was. What is simplified: URLs are those with a scheme or ``www.`` (twitter-text also links bare domains
such as ``acme.com/help``, which here count character by character: at worst an overcount).
"""

from __future__ import annotations

import re
import unicodedata

from voicelint.structure.text import LEADING_MENTIONS, links

#: What one URL counts (Twitter's ``transformedURLLength``).
URL_LENGTH = 23
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_EMOJI_BASE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u00a9\u00ae\u203c\u2049\u2122\u2139"
    "\u2194-\u21aa\u3030\u303d\u3297\u3299]"
)
#: What continues an emoji: variation selector, skin tones, keycap, tag characters, and a ZWJ
#: followed by another emoji.
_EMOJI = re.compile(
    rf"(?:[\U0001F1E6-\U0001F1FF]{{2}}|{_EMOJI_BASE.pattern}[\uFE0F\U0001F3FB-\U0001F3FF\u20E3\U000E0020-\U000E007F]*"
    rf"(?:\u200D{_EMOJI_BASE.pattern}[\uFE0F\U0001F3FB-\U0001F3FF]*)*)"
)


def _weight(char: str) -> int:
    point = ord(char)
    return 1 if any(low <= point <= high for low, high in _LIGHT_RANGES) else 2


def _weighted(text: str) -> int:
    total = 0
    position = 0
    while position < len(text):
        match = _EMOJI.match(text, position)
        if match:
            total += 2
            position = match.end()
        else:
            total += _weight(text[position])
            position += 1
    return total


def counted_text(text: str) -> tuple[int, int]:
    """``(start, end)`` of what Twitter counts: the text without its leading @mentions and surrounding space."""
    match = LEADING_MENTIONS.match(text)
    start = match.end() if match else 0
    # a masked link at the very end is spaces, but it was a link: it is not trailing white space
    stripped_end = max([len(text.rstrip())] + [end for link_start, end in links(text) if link_start >= start])
    while start < stripped_end and text[start].isspace():
        start += 1
    return start, max(start, stripped_end)


def twitter_length(text: str) -> int:
    """The length Twitter would count for ``text`` as a reply (see the module docstring)."""
    start, end = counted_text(text)
    body = unicodedata.normalize("NFC", _ENTITY.sub("&", text[start:end]))
    total = 0
    position = 0
    for link_start, link_end in links(body):
        total += _weighted(body[position:link_start]) + URL_LENGTH
        position = link_end
    return total + _weighted(body[position:])
