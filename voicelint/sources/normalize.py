"""Clean-up of library record text with an exact map back to the file.

Exported support macros and scraped replies carry HTML (``<p>``, ``<br>``), HTML entities
(``&gt;``, ``&amp;``) and UTF-8 text that was once decoded as cp1252 (``Donâ€™t``, ``ðŸ˜Š``).
Rules should see ``Don’t >`` and the emoji, and findings must still point at the original
characters: a repaired character maps to the first file character of what it replaced.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Sequence

from voicelint.document import TextBuilder
from voicelint.sources.markdown import mask_markdown

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _cp1252_table() -> dict[str, int]:
    """Character -> byte for cp1252, with its five undefined bytes passed through as Latin-1."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)
        table[char] = byte
    return table


_CP1252 = _cp1252_table()


def _char_class(low: int, high: int) -> str:
    return "".join(re.escape(char) for char, byte in _CP1252.items() if low <= byte <= high)


_CONT = f"[{_char_class(0x80, 0xBF)}]"
# A UTF-8 lead byte followed by exactly the continuation bytes it announces, all read as cp1252.
_MOJIBAKE = re.compile(
    f"[{_char_class(0xC2, 0xDF)}]{_CONT}"
    f"|[{_char_class(0xE0, 0xEF)}]{_CONT}{{2}}"
    f"|[{_char_class(0xF0, 0xF4)}]{_CONT}{{3}}"
)


def _repair_mojibake(chunk: str) -> str | None:
    """The UTF-8 reading of a cp1252-decoded chunk, when it is valid and printable."""
    try:
        repaired = bytes(_CP1252[char] for char in chunk).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    # A C1 control character is never what the writer meant.
    if any(0x80 <= ord(char) < 0xA0 for char in repaired):
        return None
    return repaired


def _replacements(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    if not text.isascii():
        for match in _MOJIBAKE.finditer(text):
            repaired = _repair_mojibake(match.group())
            if repaired is not None:
                found.append((match.start(), match.end(), repaired))
    if "&" in text:
        for match in _ENTITY.finditer(text):
            decoded = html.unescape(match.group())
            if decoded != match.group():
                found.append((match.start(), match.end(), decoded))
    found.sort()
    return found


def clean_text(
    text: str, offsets: Sequence[int] | None, ends: Sequence[int] | None, base: int
) -> tuple[str, Sequence[int] | None, Sequence[int] | None]:
    """Record text with HTML masked, entities decoded and mojibake repaired, and its maps.

    ``offsets`` maps ``text`` to the file (len + 1 entries), or is None when ``text`` was copied
    verbatim from ``base``; ``ends`` (optional) holds the file offset after each character's raw
    text (see ``Document.ends``). The result follows the same conventions.
    """
    masked = mask_markdown(text, front_matter=False, indented_code=False)
    replacements = _replacements(masked)
    if not replacements:
        return masked, offsets, ends
    if offsets is None:
        # Verbatim input: build straight in file offsets.
        builder = TextBuilder()
        file_ends: array[int] = array("q")
        position = 0
        for start, end, replacement in replacements:
            builder.append_verbatim(masked[position:start], base + position)
            file_ends.extend(range(base + position + 1, base + start + 1))
            builder.append_mapped(replacement, base + start)
            file_ends.extend([base + end] * len(replacement))
            position = end
        builder.append_verbatim(masked[position:], base + position)
        file_ends.extend(range(base + position + 1, base + len(masked) + 1))
        cleaned, file_offsets = builder.build(base + len(masked))
        return cleaned, file_offsets, file_ends
    # Mapped input: compose with its maps slice by slice.
    source_ends = ends if ends is not None else array("q", [offset + 1 for offset in offsets[: len(masked)]])
    parts: list[str] = []
    new_offsets: array[int] = array("q")
    new_ends: array[int] = array("q")
    position = 0
    for start, end, replacement in replacements:
        parts.append(masked[position:start])
        new_offsets.extend(offsets[position:start])
        new_ends.extend(source_ends[position:start])
        parts.append(replacement)
        new_offsets.extend([offsets[start]] * len(replacement))
        new_ends.extend([source_ends[end - 1]] * len(replacement))
        position = end
    parts.append(masked[position:])
    new_offsets.extend(offsets[position:])
    new_ends.extend(source_ends[position : len(masked)])
    return "".join(parts), new_offsets, new_ends
