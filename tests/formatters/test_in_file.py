"""Positions in other tools' units and pastable fixes, read from the linted file again."""

from __future__ import annotations

from pathlib import Path

from voicelint.formatters.in_file import LintedFile, pastable
from voicelint.report import Fix, Violation
from voicelint.vocabulary import Severity


def _at(text: str, match: str, written: str | None = None) -> Violation:
    """A violation of ``match`` where the file holds ``written`` (default: the match itself)."""
    raw = written or match
    offset = text.index(raw)
    line_start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset) + 1
    column = offset - line_start + 1
    fix = Fix("sign in", "safe", "Use 'sign in'")
    return Violation(
        "VL102", "preferred-term", "terminology", Severity.WARNING, "m", line, column, line,
        column + len(raw), offset, len(raw), match, fixes=(fix,),
    )


def test_columns_and_offsets_in_utf16_and_utf8(tmp_path: Path) -> None:
    text = "First 😀 line\nHi 😀 café, please log in.\n"
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    v = _at(text, "log in")
    file = LintedFile()
    file.use(str(path))
    line = text.split("\n")[1]
    # UTF-16: the emoji on the line is two units; the one on the line before counts in the offset only.
    assert file.utf16_column(v.column, v.offset) == v.column + 1
    assert file.utf16_offset(v.offset) == v.offset + 2
    # UTF-8 bytes (reviewdog): the emoji is 4 bytes, é 2.
    assert file.utf8_column(v.column, v.offset) == 1 + len(line[: v.column - 1].encode("utf-8"))
    assert file.utf8_column(v.column, v.offset) == v.column + 3 + 1


def test_a_file_that_cannot_be_read_again_keeps_code_points() -> None:
    file = LintedFile()
    file.use("-")
    assert (file.utf16_column(7, 20), file.utf16_offset(20), file.utf8_column(7, 20)) == (7, 20, 7)


def test_a_fix_is_pastable_only_over_the_text_the_file_holds(tmp_path: Path) -> None:
    text = '{"a": "Please log in.", "b": "Please log\\u0020in."}\n'
    path = tmp_path / "macros.json"
    path.write_text(text, encoding="utf-8")
    file = LintedFile()
    file.use(str(path))
    plain = _at(text, "log in")
    escaped = _at(text, "log in", written="log\\u0020in")
    assert pastable(plain.fixes[0], plain, str(path), file)
    assert not pastable(escaped.fixes[0], escaped, str(path), file), "the file holds an escape there"
    quoted = Fix('say "hi"', "unsafe", "x")
    assert not pastable(quoted, plain, str(path), file), "a quote would need escaping in JSON"
    assert not pastable(Fix("Hi {name}", "display", "x"), plain, str(path), file)
