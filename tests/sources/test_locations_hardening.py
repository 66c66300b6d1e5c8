"""Every finding points at its text, whatever the line endings and however a library was pasted.

Libraries in every format and YAML style, with CRLF, CR-only (and, for YAML, NEL) line endings
and continuation lines that start with a no-break space (U+00A0, common in macros pasted from web
editors): each violation's offset and length cover its ``match`` in the original file, and its
line and column are those of that offset. Lines are counted as the report counts them, ``\\n``,
``\\r\\n`` and a lone ``\\r`` each ending one (computed here independently of voicelint).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from voicelint.api import LintOptions, iter_results, lint_text, load_guide
from voicelint.document import SourceFile
from voicelint.report import DocumentResult, ReportError
from voicelint.sources import InputError, ReadOptions, read_text

NBSP = "\xa0"
#: One reply, three lines; the second and third start with a no-break space.
LINES = [
    "Hello Sam, please log in to the web site.",
    f"{NBSP}We apologize for any inconvenience.",
    f"{NBSP}Please e-mail us, then log in again.",
]
ENDINGS = {"crlf": "\r\n", "cr": "\r", "lf": "\n"}
_BREAK = re.compile(r"\r\n|\r|\n")
# What YAML folds or indents away (never the no-break space, which is content).
_LAYOUT = re.compile("[ \t\r\n\x85\u2028\u2029]+")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (inside a CRLF pair is still the line it ends)."""
    line, start = 1, 0
    for found in _BREAK.finditer(text):
        if found.end() > offset:
            break
        line, start = line + 1, found.end()
    return line, offset - start + 1


def _yaml(style: str, ending: str) -> str:
    indent = "    "
    if style == "plain":
        body = f"\n{indent}".join(LINES)
    elif style == "single":
        body = "'" + f"\n{indent}".join(LINES) + "'"
    elif style == "double":
        body = '"' + f"\n{indent}".join(LINES) + '"'
    else:
        body = ("|" if style == "literal" else ">") + "".join(f"\n{indent}{line}" for line in LINES)
    records = [f"- id: first\n  body: {body}\n", f"- id: second\n  body: {body}\n"]
    return "".join(records).replace("\n", ending)


def _json(ending: str, ascii_only: bool) -> str:
    body = ending.join(LINES)
    records = [{"id": "first", "body": body}, {"id": "second", "body": body}]
    return json.dumps(records, indent=2, ensure_ascii=ascii_only).replace("\n", ending)


def _csv(ending: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["id", "body"])
    for name in ("first", "second"):
        writer.writerow([name, ending.join(LINES)])
    return buffer.getvalue()


def lint_file(tmp_path: Path, name: str, text: str) -> list[DocumentResult]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    results = list(iter_results([str(path)], load_guide("support-default"), LintOptions()))
    errors = [r for r in results if isinstance(r, ReportError)]
    assert not errors, errors
    return [r for r in results if isinstance(r, DocumentResult)]


def assert_located(text: str, documents: list[DocumentResult], *, escapes: bool = False) -> int:
    """Every violation covers its match in ``text``, at the line and column of its offset."""
    checked = 0
    for document in documents:
        assert document.violations, document
        for v in document.violations:
            raw = text[v.offset : v.offset + v.length]
            shown = json.loads(f'"{raw}"') if escapes and "\\" in raw else raw
            # Only layout (indentation, folded line breaks) may differ between file and match.
            assert _LAYOUT.sub("", shown) == _LAYOUT.sub("", v.match), (v.rule, v.match, raw)
            if not v.match[0].isspace():
                assert text[v.offset] == v.match[0], (v.match, raw)
            if not v.match[-1].isspace() and not (escapes and "\\" in raw):
                assert text[v.offset + v.length - 1] == v.match[-1], (v.match, raw)
            assert (v.line, v.column) == _line_column(text, v.offset), (v.match, raw)
            assert (v.end_line, v.end_column) == _line_column(text, v.offset + v.length), (v.match, raw)
            checked += 1
    return checked


def _same_findings_as_the_reply(documents: list[DocumentResult]) -> None:
    """Nothing lost or invented: the findings the reply has as plain text, in every record."""
    expected = sorted((v.rule, v.match) for v in lint_text(" ".join(LINES)).documents[0].violations)
    assert ("VL102", "log in") in expected
    for document in documents:
        found = sorted((v.rule, _LAYOUT.sub(" ", v.match)) for v in document.violations)
        assert [m for m in found if m[0] == "VL102"] == [m for m in expected if m[0] == "VL102"]


@pytest.mark.parametrize("ending", [*ENDINGS, "nel"])
@pytest.mark.parametrize("style", ["plain", "single", "double", "literal", "folded"])
def test_yaml_findings_point_at_their_text(tmp_path: Path, style: str, ending: str) -> None:
    text = _yaml(style, ENDINGS.get(ending, "\x85"))
    assert all(record["body"].count(NBSP) == 2 for record in yaml.safe_load(text))
    documents = lint_file(tmp_path, "macros.yaml", text)
    assert [d.id for d in documents] == ["first", "second"]
    assert assert_located(text, documents) >= 8
    _same_findings_as_the_reply(documents)


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_json_findings_point_at_their_text(tmp_path: Path, ending: str, ascii_only: bool) -> None:
    text = _json(ENDINGS[ending], ascii_only)
    documents = lint_file(tmp_path, "macros.json", text)
    assert assert_located(text, documents, escapes=True) >= 8
    _same_findings_as_the_reply(documents)


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_csv_findings_point_at_their_text(tmp_path: Path, ending: str) -> None:
    text = _csv(ENDINGS[ending])
    documents = lint_file(tmp_path, "macros.csv", text)
    assert assert_located(text, documents) >= 8
    _same_findings_as_the_reply(documents)
    # Each record starts on the line its row starts on.
    rows = [m.start() for m in re.finditer("(?:first|second),", text)]
    assert [d.line for d in documents] == [_line_column(text, row)[0] for row in rows]


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_json_lines_end_where_report_lines_end(tmp_path: Path, ending: str) -> None:
    """A JSON Lines export with CR-only line ends is one record per line, not one broken line."""
    lines = [json.dumps({"body": line.strip(NBSP)}, ensure_ascii=False) for line in LINES]
    text = ENDINGS[ending].join(lines) + ENDINGS[ending]
    documents = lint_file(tmp_path, "macros.jsonl", text)
    assert [d.id for d in documents] == ["#1", "#2", "#3"]
    assert [d.line for d in documents] == [1, 2, 3]
    for document in documents:
        for v in document.violations:
            assert v.line == int(document.id[1:])
    assert assert_located(text, [d for d in documents if d.violations]) >= 4


def test_cr_only_findings_are_inside_the_file_and_on_their_own_lines(tmp_path: Path) -> None:
    text = _yaml("plain", "\r")
    documents = lint_file(tmp_path, "macros.yaml", text)
    lines = _BREAK.split(text)
    second = [v for v in documents[1].violations if v.match == "log in"]
    assert second and all(v.line > len(LINES) for v in second)
    for v in (v for d in documents for v in d.violations):
        assert v.line <= len(lines) and v.column <= len(lines[v.line - 1]) + 1


@pytest.mark.parametrize(
    ("text", "breaks"),
    [("a\rb\r\nc\nd\n\re", 5), ("one\r\rtwo", 2), ("x\x85y\u2028z", 0), ("\r\n\n", 2)],
)
def test_line_and_column_count_crlf_cr_and_lf_as_one_break_each(text: str, breaks: int) -> None:
    source = SourceFile("f", text)
    assert source.position(len(text)).line == breaks + 1
    for offset in range(len(text) + 1):
        position = source.position(offset)
        assert (position.line, position.column) == _line_column(text, offset), offset


def _map_exactly(path: str, text: str) -> list[tuple[str, list[str]]]:
    """Each document's text and, per character, the file character it maps to."""
    out = []
    for doc in read_text(path, text, ReadOptions(clean_records=False)):
        assert not isinstance(doc, InputError), doc
        out.append((doc.text, [text[doc.file_offset(i)] for i in range(len(doc.text))]))
    return out


@pytest.mark.parametrize("style", [None, '"', "'", "|", ">"])
def test_a_nel_then_a_no_break_space_maps_to_themselves(style: str | None) -> None:
    """The hypothesis failure of test_yaml_characters_map_to_themselves_or_their_escape."""
    text = yaml.safe_dump([{"id": "r0", "body": "\x85\xa00"}], allow_unicode=True, default_style=style, width=40)
    [(value, mapped)] = _map_exactly("lib.yaml", text)
    assert value == yaml.safe_load(text)[0]["body"]
    for char, found in zip(value, mapped, strict=True):
        if char.isspace() or not char.isprintable():
            assert found.isspace() or found in ("\\", char) or not found.isprintable()
        else:
            assert found in (char, "\\")
    assert mapped[value.index(NBSP)] in (NBSP, "\\")


@pytest.mark.parametrize(
    "yaml_text",
    [
        "- body: one\n    \xa0two\n",
        "- body: 'one\n    \xa0two'\n",
        '- body: "one\n    \xa0two"\n',
        "- body: >\n    one\n    \xa0two\n",
        "- body: |\n    one\n    \xa0two\n",
        "- body: one\r    \xa0two\r",
        "- body: one\x85    \xa0two\x85",
        "- body: one\u2028    \xa0two\n",
        "- body: !!str &a 'one\r\n    \xa0two'\r\n",
        "- {body: \"one\n    \xa0two\"}\n",
        "macros:\n  - body: |2\n        one\n       \xa0two\n",
    ],
)
def test_no_break_space_is_content_and_yaml_line_breaks_fold(yaml_text: str) -> None:
    """NBSP is never indentation, and every character of ``two`` maps to itself."""
    [(value, mapped)] = _map_exactly("lib.yaml", yaml_text)
    start = value.index(NBSP)
    assert value[start:].startswith(NBSP + "two")
    assert mapped[start : start + 4] == [NBSP, "t", "w", "o"]
    assert mapped[: value.index("one") + 3][-3:] == ["o", "n", "e"]
