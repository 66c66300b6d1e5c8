"""What a report format needs of the linted file itself: positions in its units, and pastable fixes.

voicelint counts columns and offsets in code points. Other tools count otherwise: SARIF viewers
(GitHub code scanning, VS Code) slice lines by UTF-16 code units, reviewdog counts a column in
UTF-8 bytes. An emoji, or in UTF-8 any accent or curly quote, before a finding on its line would
shift the highlight, and a suggested change would replace the wrong characters. So these formats
read each file again, once, as the readers decoded it (:func:`voicelint.sources.reading.read_decoded`),
holding one file at a time (results arrive file by file). Text from stdin cannot be read again:
its positions stay in code points.

A fix is offered to such a tool only where it can be pasted as it is (:func:`pastable`): the
file holds the matched text verbatim at the span, and the replacement needs no escaping in the
file's format (``voicelint fix`` escapes; a viewer pasting a suggestion would not).
"""

from __future__ import annotations

import bisect
import os

from voicelint.report import Fix, Violation
from voicelint.sources.reading import read_decoded

# Characters a replacement cannot hold as they are in a file of that kind (they would need
# escaping or quoting there).
_SPECIAL = {
    ".json": '"\\',
    ".jsonl": '"\\',
    ".ndjson": '"\\',
    ".csv": '",;\r\n',
    ".tsv": '"\t\r\n',
    ".yaml": "'\"\\#:",
    ".yml": "'\"\\#:",
    ".html": "<>&",
    ".htm": "<>&",
}


class LintedFile:
    """The file results are being written for, read again (see the module docstring)."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._text: str | None = None
        #: Offsets of the characters outside the Basic Multilingual Plane (two UTF-16 units each).
        self._astral: list[int] = []

    def use(self, path: str) -> None:
        """Switch to ``path`` (a no-op when it is the current file)."""
        if path == self._path:
            return
        self._path, self._text, self._astral = path, None, []
        if path == "-" or path.startswith("<"):
            return
        text = read_decoded(path)
        if isinstance(text, str):
            self._text = text
            self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]

    def utf16_offset(self, offset: int) -> int:
        """A code-point offset in the file as UTF-16 code units."""
        return offset + bisect.bisect_left(self._astral, offset)

    def utf16_column(self, column: int, offset: int) -> int:
        """The 1-based code-point ``column`` of file ``offset`` as UTF-16 code units."""
        line_start = offset - (column - 1)
        return column + bisect.bisect_left(self._astral, offset) - bisect.bisect_left(self._astral, line_start)

    def utf8_column(self, column: int, offset: int) -> int:
        """The 1-based code-point ``column`` of file ``offset`` as UTF-8 bytes (reviewdog's unit)."""
        if self._text is None:
            return column
        line_start = offset - (column - 1)
        return 1 + len(self._text[line_start:offset].encode("utf-8", "surrogatepass"))

    def holds(self, violation: Violation) -> bool:
        """Whether the file holds the violation's matched text verbatim at its span."""
        if self._text is None:
            return violation.length == len(violation.match)
        return self._text[violation.offset : violation.offset + violation.length] == violation.match


def pastable(fix: Fix, violation: Violation, path: str, file: LintedFile) -> bool:
    """Whether ``fix`` is literal text a tool can paste over the violation's span of the file as it is.

    ``display`` fixes are advice. The span must hold the matched text verbatim (no escapes,
    entities or markup in between), and the replacement must need no escaping in the file's format.
    """
    if fix.applicability == "display" or not file.holds(violation):
        return False
    special = _SPECIAL.get(os.path.splitext(path)[1].lower(), "")
    return not any(ch in special or (ord(ch) < 32 and ch not in "\n\t") for ch in fix.replacement)
