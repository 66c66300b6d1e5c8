"""The result cache and worker processes never change a report; the cache skips unchanged work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from voicelint import analysis, engine, parallel
from voicelint.api import LintOptions, iter_results, load_guide
from voicelint.report import DocumentResult, ReportError

REPLIES = [
    "We apologize for any inconvenience. Per our policy we cannot refund this order.",
    "Hi Sam, I've refunded the $12 to your card. It should show up by Friday. Jo",
    "Please log in to the web site and e-mail us the order number!!!",
    "Thank you for your patience while our billing team looks into this for you.",
    "Unfortunately that is not possible. As I already said, you should have checked the size guide.",
]


def library(tmp_path: Path, count: int, name: str = "macros.json") -> Path:
    records = {f"Macro {i}": f"{REPLIES[i % len(REPLIES)]} (ref {i})" for i in range(count)}
    path = tmp_path / name
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return path


def report(paths: list[Path], **options: Any) -> list[dict[str, Any]]:
    guide = load_guide("support-default")
    out = []
    for result in iter_results([str(p) for p in paths], guide, LintOptions(**options)):
        assert isinstance(result, DocumentResult | ReportError)
        out.append(result.to_dict())
    return out


def test_second_run_is_identical_and_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = library(tmp_path, 12)
    cache_dir = str(tmp_path / "cache")
    first = report([path], cache_dir=cache_dir)

    def no_parsing(self: object, batch: object) -> object:
        raise AssertionError("a cached document was analysed again")

    monkeypatch.setattr(analysis.Analyzer, "analyze", no_parsing)
    second = report([path], cache_dir=cache_dir)
    assert second == first
    assert any(d["violations"] for d in first)


def test_cached_findings_are_relocated_when_a_record_moves(tmp_path: Path) -> None:
    path = tmp_path / "macros.json"
    path.write_text(json.dumps({"A": "Please log in."}), encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    [before] = report([path], cache_dir=cache_dir)
    path.write_text("\n\n" + json.dumps({"Z": "Thanks!", "A": "Please log in."}, indent=4), encoding="utf-8")
    after = {d["id"]: d for d in report([path], cache_dir=cache_dir)}["A"]
    assert before["violations"][0]["line"] == 1
    assert after["violations"][0]["line"] == 5
    text = path.read_text(encoding="utf-8")
    v = after["violations"][0]
    assert text[v["offset"] : v["offset"] + v["length"]] == "log in"


def test_a_changed_guide_does_not_reuse_results(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Please log in to continue.", encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    guide_file = tmp_path / "guide.yaml"
    guide_file.write_text("version: 1\nterms: [{use: sign in, avoid: [log in]}]\n", encoding="utf-8")
    options = LintOptions(cache_dir=cache_dir)
    first = list(iter_results([str(path)], load_guide(str(guide_file)), options))
    guide_file.write_text("version: 1\nterms: [{use: log on, avoid: [log in]}]\n", encoding="utf-8")
    second = list(iter_results([str(path)], load_guide(str(guide_file)), options))
    assert isinstance(first[0], DocumentResult) and isinstance(second[0], DocumentResult)
    assert first[0].violations[0].suggestions == ("sign in",)
    assert second[0].violations[0].suggestions == ("log on",)


def test_a_corrupted_cache_is_rebuilt_not_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = library(tmp_path, 5)
    cache_dir = tmp_path / "cache"
    first = report([path], cache_dir=str(cache_dir))
    database = cache_dir / "results.sqlite3"
    for suffix in ("-wal", "-shm"):
        (cache_dir / f"results.sqlite3{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    assert report([path], cache_dir=str(cache_dir)) == first
    assert "rebuilding it" in capsys.readouterr().err
    assert report([path], cache_dir=str(cache_dir)) == first


def test_a_tampered_cache_value_is_a_miss(tmp_path: Path) -> None:
    import sqlite3

    path = library(tmp_path, 3)
    cache_dir = tmp_path / "cache"
    first = report([path], cache_dir=str(cache_dir))
    with sqlite3.connect(cache_dir / "results.sqlite3") as db:
        db.execute("UPDATE results SET value = ?", (b"garbage",))
    assert report([path], cache_dir=str(cache_dir)) == first


def test_jobs_give_the_same_report_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(engine, "WINDOW_DOCS", 25)  # several windows, each spread over the workers
    paths = [library(tmp_path, 40, "a.json"), library(tmp_path, 15, "b.json")]
    single = report(paths, jobs=1)
    with_workers = report(paths, jobs=2)
    assert with_workers == single
    assert len(single) == 55
    reused = [v for d in single for v in d["violations"] if v["rule"] == "VL601"]
    assert reused, "library rules must still see every record when workers analyse them"


def test_concurrent_runs_share_one_cache_safely(tmp_path: Path) -> None:
    path = library(tmp_path, 20)
    env = {**os.environ, "VOICELINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "voicelint", "check", str(path), "--format", "json", "--jobs", "1"]
    runs = [
        subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    reports = [json.loads(out) for out, _ in outputs]
    assert all(run.returncode == 1 for run in runs), [err.decode() for _, err in outputs]
    assert reports[0]["documents"] == reports[1]["documents"] == reports[2]["documents"]
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, check=False, timeout=600)
    assert json.loads(again.stdout)["documents"] == reports[0]["documents"]


def test_an_unchanged_file_is_answered_without_reading_it_as_a_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicelint import sources

    path = library(tmp_path, 6)
    (tmp_path / "broken.json").write_text('[{"title": "no text here"}]', encoding="utf-8")
    paths = [path, tmp_path / "broken.json"]
    cache_dir = str(tmp_path / "cache")
    first = report(paths, cache_dir=cache_dir)

    def no_reading(*args: object, **kwargs: object) -> object:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(sources, "read_text", no_reading)
    again = report(paths, cache_dir=cache_dir)
    assert again == first
    assert any("message" in entry and "path" in entry and "violations" not in entry for entry in first)


def test_the_same_file_under_another_path_reports_that_path(tmp_path: Path) -> None:
    path = library(tmp_path, 3)
    cache_dir = str(tmp_path / "cache")
    report([path], cache_dir=cache_dir)
    copy = tmp_path / "sub" / "copy.json"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    assert {d["path"] for d in report([copy], cache_dir=cache_dir)} == {str(copy)}


def test_spilling_a_large_run_to_disk_gives_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.json").write_text('[{"title": "no text here"}]', encoding="utf-8")
    paths = [library(tmp_path, 13, "a.json"), tmp_path / "broken.json", library(tmp_path, 10, "b.json")]
    in_memory = report(paths)
    monkeypatch.setattr(engine, "SPILL_DOCS", 4)
    spilled = report(paths)
    assert spilled == in_memory
    assert any(v["rule"] == "VL601" for d in spilled for v in d.get("violations", ()))
    # the input error keeps its place between the two files' results
    kinds = ["error" if "violations" not in entry else entry["path"] for entry in spilled]
    assert kinds.index("error") == 13 and kinds.count("error") == 1


def reused(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(path, message) of each reused-sentence finding."""
    return [(d["path"], v["message"]) for d in entries for v in d.get("violations", ()) if v["rule"] == "VL601"]


SHARED = "Thank you for your patience while our billing team looks into this for you."


def test_reuse_across_files_is_found_when_some_files_come_from_the_cache(tmp_path: Path) -> None:
    """The whole-file cache keeps each document's located observations, so an unchanged file
    takes part in the run's library without being read again, and a change elsewhere counts."""
    folder = tmp_path / "macros"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(f"Hello from {name}. {SHARED}", encoding="utf-8")
    (folder / "c.txt").write_text("Your parcel leaves the warehouse tomorrow morning by courier.", encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    assert reused(report([folder], cache_dir=cache_dir)) == []
    # a third file starts repeating the sentence: a.txt and b.txt are answered by the cache
    (folder / "c.txt").write_text(f"{SHARED} Your parcel leaves tomorrow.", encoding="utf-8")
    with_cache = report([folder], cache_dir=cache_dir)
    assert with_cache == report([folder])
    [(path, message)] = reused(with_cache)
    assert path == str(folder / "a.txt") and "3 records" in message
    # and a fully cached run gives the same report again
    assert report([folder], cache_dir=cache_dir) == with_cache
    # the sentence leaves one file: the cached finding does not outlive it
    (folder / "b.txt").write_text("Hello from b.", encoding="utf-8")
    assert reused(report([folder], cache_dir=cache_dir)) == []


def test_a_cached_file_renamed_keeps_its_reuse_located_in_the_new_path(tmp_path: Path) -> None:
    folder = tmp_path / "macros"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Line one of {name}.\n{SHARED}\n", encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    report([folder], cache_dir=cache_dir)
    (folder / "a.txt").rename(folder / "0.txt")
    again = report([folder], cache_dir=cache_dir)
    assert again == report([folder])
    [violation] = [v for d in again for v in d["violations"] if v["rule"] == "VL601"]
    assert violation["line"] == 2 and violation["column"] == 1
    assert "3 records: 0.txt, b.txt, c.txt." in violation["message"]


def test_without_library_rules_results_stream_before_the_file_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "WINDOW_DOCS", 2)
    path = library(tmp_path, 5)
    guide = load_guide("support-default")
    seen = 0

    def documents():  # type: ignore[no-untyped-def]
        nonlocal seen
        from voicelint import sources

        for document in sources.read_file(str(path)):
            seen += 1
            yield document

    linter = engine.Linter(guide, ignore=("consistency",))
    first = next(iter(linter.lint(documents())))
    assert isinstance(first, DocumentResult)
    assert seen <= 2, "the first result should wait for its window, not for the whole file"


def test_same_bytes_read_differently_never_share_cached_results(tmp_path: Path) -> None:
    """The file cache keys on how a file is read (extension, reader), not on its bytes alone."""
    body = "Per our policy we cannot help.\n\n```\nPer our policy\n```\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "a.md").write_text(body, encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    as_text = report([tmp_path / "a.txt"], cache_dir=cache_dir)
    as_markdown = report([tmp_path / "a.md"], cache_dir=cache_dir)
    assert as_markdown == report([tmp_path / "a.md"])
    assert len(as_text[0]["violations"]) != len(as_markdown[0]["violations"])  # code is prose in .txt only


def test_renamed_csv_to_tsv_is_read_again(tmp_path: Path) -> None:
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("id,body\na,Per our policy no.\nb,Hello there.\nc,Thanks!\n", encoding="utf-8")
    cache_dir = str(tmp_path / "cache")
    assert len(report([csv_path], cache_dir=cache_dir)) == 3
    tsv_path = csv_path.rename(tmp_path / "r.tsv")
    assert report([tsv_path], cache_dir=cache_dir) == report([tsv_path])


@pytest.mark.parametrize(
    ("first", "second"),
    [({"text_field": "body"}, {"text_field": "note"}), ({"channel": "email"}, {"channel": "chat"}),
     ({"max_doc_chars": 1000}, {"max_doc_chars": 10})],
)
def test_options_that_change_what_is_read_are_in_the_key(
    tmp_path: Path, first: dict[str, Any], second: dict[str, Any]
) -> None:
    path = tmp_path / "lib.json"
    path.write_text(json.dumps([{"id": "x", "body": "Per our policy, no.", "note": "Hello, all fine, Sam."}]))
    cache_dir = str(tmp_path / "cache")
    report([path], cache_dir=cache_dir, **first)
    assert report([path], cache_dir=cache_dir, **second) == report([path], **second)
