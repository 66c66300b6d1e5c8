"""Text that breaks parsers: lone UTF-16 surrogates, and runs the tokenizer needs quadratic time for.

A lone surrogate (a truncated ``\\ud83d`` escape in a JSON export, or half a pair) is text that
no encoder accepts: it is an input error for its record, which names the file, the record and
where the bad escape is, and every other record and file is still linted. A surrogate PAIR
escaped in YAML is the character it encodes, as in JSON.

A long whitespace-free run of punctuation, symbols or emoji is broken up with spaces before
parsing (:mod:`voicelint.neutralise`), keeping its length, so findings around it stay exact and
reports still quote the original text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from voicelint import analysis
from voicelint.api import LintOptions, iter_results, lint_text, load_guide
from voicelint.cache import document_key
from voicelint.cli import main
from voicelint.neutralise import LONG_RUN, SPACING, neutralise
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


# -- long runs of punctuation, symbols and emoji --------------------------------------------------

RUNS = ['"', "!", "\U0001f600", '"!\U0001f600?', "_", "%", "=", "\U0001f44d\U0001f3fd"]


@pytest.mark.parametrize("unit", RUNS)
def test_neutralising_keeps_the_length_and_changes_only_long_runs(unit: str) -> None:
    run = (unit * 500)[:1000]
    short = (unit * LONG_RUN)[:LONG_RUN]
    text = f"Please log in. {run} Thanks!!! {short} bye {run}x"
    out = neutralise(text)
    assert len(out) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b]
    assert changed and all(out[i] == " " for i in changed)
    runs = [range(m.start(), m.end()) for m in re.finditer(re.escape(run), text)]
    assert all(any(i in r for r in runs) for i in changed), "only characters inside long runs change"
    for region in runs:  # every whitespace-free piece of a long run is now short
        assert max(len(piece) for piece in out[region.start : region.stop].split(" ")) <= SPACING - 1
    assert out[: text.index(run)] == text[: text.index(run)]
    assert short in out


def test_text_without_long_runs_is_returned_as_it_is() -> None:
    text = "Hi!!! 😀😀😀 ------- " + "=" * LONG_RUN + " done." + "a" * 5000
    assert neutralise(text) is text


def test_the_parser_sees_the_neutralised_text_and_findings_stay_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    analyze = analysis.Analyzer.analyze

    def spy(self: analysis.Analyzer, batch: Any) -> Any:
        seen.extend(text for text, _, _ in batch)
        return analyze(self, batch)

    monkeypatch.setattr(analysis.Analyzer, "analyze", spy)
    run = '"!' * 1500
    text = f"Please log in. {run} Please e-mail us."
    report = lint_text(text)
    assert seen == [neutralise(text)] and seen[0] != text
    [document] = report.documents
    words = {(v.match, v.offset) for v in document.violations if v.rule == "VL102"}
    assert words == {("log in", 7), ("e-mail", text.index("e-mail"))}
    for v in document.violations:
        assert text[v.offset : v.offset + v.length] == v.match, "reports quote the original text"
    without = lint_text(f"Please log in. {'x' * len(run)} Please e-mail us.").documents[0]
    assert {(v.rule, v.offset, v.match) for v in without.violations if v.rule == "VL102"} == {
        (v.rule, v.offset, v.match) for v in document.violations if v.rule == "VL102"
    }


def test_the_cache_key_decides_what_is_analysed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts that differ only where neutralising puts its spaces are analysed alike but are
    different documents: each has its own key, and a cached run reports what an uncached one does."""
    text = "Please log in. " + "!" * 400 + " Thanks."
    spaced = neutralise(text)
    assert spaced != text and neutralise(spaced) == spaced
    assert document_key("ns", "email", text) != document_key("ns", "email", spaced)
    path = tmp_path / "runs.json"
    path.write_text(json.dumps({"a": text, "b": spaced}), encoding="utf-8")
    uncached = [r.to_dict() for r in _results([path])]
    cache_dir = str(tmp_path / "cache")
    assert [r.to_dict() for r in _results([path], cache_dir=cache_dir)] == uncached
    path.write_text(json.dumps({"b": spaced, "a": text, "c": "Hi."}), encoding="utf-8")  # documents from the cache
    analyze = analysis.Analyzer.analyze
    parsed: list[str] = []

    def spy(self: analysis.Analyzer, batch: Any) -> Any:
        parsed.extend(t for t, _, _ in batch)
        return analyze(self, batch)

    monkeypatch.setattr(analysis.Analyzer, "analyze", spy)
    again = {r.id: r.to_dict() for r in _results([path], cache_dir=cache_dir) if isinstance(r, DocumentResult)}
    assert parsed == ["Hi."]
    new_text = path.read_text(encoding="utf-8")
    for before in uncached:
        after = again[before["id"]]
        assert after["scores"] == before["scores"]
        same = [(v["rule"], v["match"], v["message"]) for v in after["violations"]]
        assert same == [(v["rule"], v["match"], v["message"]) for v in before["violations"]]
        for v in after["violations"]:
            assert new_text[v["offset"] : v["offset"] + v["length"]] == v["match"]
    assert again["a"]["violations"][0]["match"] == "log in"


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("!" * LONG_RUN, False),
        ("!" * (LONG_RUN + 1), True),
        ("a" + "!" * LONG_RUN + "b", False),
        ("a" + "!" * (LONG_RUN + 1) + "b", True),
        ("_" + "!" * LONG_RUN, True),  # the underscore belongs to the run
        (" " + "!" * (LONG_RUN - 1) + "_ x", False),
        (("!" * LONG_RUN + " ") * 50, False),  # many runs just under the limit: none changes
    ],
)
def test_a_run_is_long_from_its_first_punctuation_character(text: str, broken: bool) -> None:
    assert (neutralise(text) != text) is broken
