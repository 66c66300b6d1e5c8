"""Text that breaks parsers: lone UTF-16 surrogates.

A lone surrogate (a truncated ``\\ud83d`` escape in a JSON export, or half a pair) is text that
no encoder accepts: it is an input error for its record, which names the file, the record and
where the bad escape is, and every other record and file is still linted. A surrogate PAIR
escaped in YAML is the character it encodes, as in JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from voicelint.api import LintOptions, iter_results, lint_text, load_guide
from voicelint.cli import main
from voicelint.report import DocumentResult, ReportError
from voicelint.sources import InputError, read_text

# -- lone surrogates ----------------------------------------------------------------------------

TRUNCATED = [
    {"id": "before", "body": "Please log in to continue."},
    {"id": "broken", "body": "Thanks! \\ud83d Please log in."},
    {"id": "after", "body": "Please e-mail us."},
]


def _json_with_escapes(records: list[dict[str, str]]) -> str:
    # json.dumps would escape the backslash; the export has the raw escape inside the string.
    return "[\n" + ",\n".join(f'  {{"id": "{r["id"]}", "body": "{r["body"]}"}}' for r in records) + "\n]\n"


def _results(paths: list[Path], **options: Any) -> list[DocumentResult | ReportError]:
    guide = load_guide("support-default")
    return list(iter_results([str(p) for p in paths], guide, LintOptions(**options)))


@pytest.mark.parametrize("cache", [False, True])
def test_a_lone_surrogate_is_an_input_error_for_its_record_only(tmp_path: Path, cache: bool) -> None:
    library = tmp_path / "export.json"
    library.write_text(_json_with_escapes(TRUNCATED), encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text("Please log in.", encoding="utf-8")
    options = {"cache_dir": str(tmp_path / "cache")} if cache else {}
    results = _results([library, later], **options)
    documents = [r for r in results if isinstance(r, DocumentResult)]
    errors = [r for r in results if isinstance(r, ReportError)]
    assert [(Path(d.path).name, d.id) for d in documents] == [
        ("export.json", "before"),
        ("export.json", "after"),
        ("later.txt", None),
    ]
    assert all(d.violations for d in documents)
    [error] = errors
    text = library.read_text(encoding="utf-8")
    escape = text.index("\\ud83d")
    line = text.count("\n", 0, escape) + 1
    column = escape - text.rfind("\n", 0, escape)
    assert (error.path, error.line, error.column) == (str(library), line, column)
    assert "'broken'" in error.message and "\\ud83d" in error.message
    assert f"line {line}, column {column}" in error.message
    if cache:  # and the cache stored what it could: a second run is the same
        assert _results([library, later], **options) == results


def test_the_command_reports_it_and_lints_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.json").write_text(_json_with_escapes(TRUNCATED), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Please log in.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "a.json", "b.txt", "--format", "json", "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    found = [(d["path"], d["id"]) for d in report["documents"]]
    assert found == [("a.json", "before"), ("a.json", "after"), ("b.txt", None)]
    assert [(e["path"], e["line"]) for e in report["errors"]] == [("a.json", 3)]


def test_a_lone_surrogate_in_text_given_to_the_api() -> None:
    report = lint_text("Please log in \ud83d now.")
    assert not report.documents
    [error] = report.errors
    assert (error.line, error.column) == (1, 15)


def test_yaml_surrogate_pair_escapes_are_one_character_and_a_lone_one_is_an_error(tmp_path: Path) -> None:
    library = tmp_path / "macros.yaml"
    library.write_text(
        '- id: pair\n  body: "Hi \\ud83d\\ude00, please log in."\n'
        '- id: lone\n  body: "Hi \\ud83d, please log in."\n'
        "- id: plain\n  body: Please log in.\n",
        encoding="utf-8",
    )
    results = _results([library])
    documents = {r.id: r for r in results if isinstance(r, DocumentResult)}
    [error] = [r for r in results if isinstance(r, ReportError)]
    assert set(documents) == {"pair", "plain"}
    assert (error.line, error.column) == (4, 13) and "'lone'" in error.message
    text = library.read_text(encoding="utf-8")
    for document in documents.values():
        for v in document.violations:
            assert text[v.offset : v.offset + v.length] == v.match
    [doc] = [d for d in read_text(str(library), text) if not isinstance(d, InputError) and d.record_id == "pair"]
    assert doc.text == "Hi \U0001f600, please log in."
    emoji = doc.locate(3, 4)
    assert text[emoji.start.offset : emoji.end.offset] == "\\ud83d\\ude00"
