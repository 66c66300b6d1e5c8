"""Suppressions apply to every finding however it is produced: the run-wide library rules'
findings, results from the cache, results of worker processes, and results spilled to disk while
library rules wait for the end of the run; VL001 is decided once all of them are known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from voicelint import engine, parallel, suppressions
from voicelint.api import lint_paths
from voicelint.guide.model import Guide

SHARED = "Thank you for your patience while our billing team looks into this for you."
BANNED = "We regret to inform you that the parcel is late."


def documents(paths: list[Path], guide: Guide, **options: Any) -> list[dict[str, Any]]:
    report = lint_paths([str(p) for p in paths], guide=guide, **options)
    assert not report.errors, report.errors
    return [d.to_dict() for d in report.documents]


def rules(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (Path(d["path"]).name + (f":{d['id']}" if d["id"] and not d["path"].endswith(".md") else ""), v["rule"])
        for d in found
        for v in d["violations"]
    ]


def macros(tmp_path: Path, directives: bool = True) -> list[Path]:
    """Three Markdown replies sharing a sentence (VL601 on the first), one of them with a banned phrase."""
    texts = {
        "a.md": f"<!-- voicelint-disable reused-sentence -->\nHi there, Ana here. {SHARED}\n",
        "b.md": f"Hi there, Ben here. {SHARED}\n\n<!-- voicelint-disable-next-line VL101 -->\n{BANNED}\n",
        "c.md": f"<!-- voicelint-disable-next-line reused-sentence -->\nHi there, Cy here. {SHARED}\n",
    }
    for name, text in texts.items():
        if not directives:
            text = "\n".join(line for line in text.split("\n") if not line.startswith("<!--"))
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in texts]


SELECT = ("VL101", "VL601", "VL001")


def test_a_library_rule_finding_is_suppressed_and_an_idle_directive_for_it_is_unused(
    tmp_path: Path, guide: Guide
) -> None:
    unsuppressed = documents(macros(tmp_path, directives=False), guide, select=SELECT)
    assert rules(unsuppressed) == [("a.md", "VL601"), ("b.md", "VL101")]
    found = documents(macros(tmp_path), guide, select=SELECT)
    # a.md's VL601 is silenced; c.md's directive names a rule that reported nothing there
    assert rules(found) == [("c.md", "VL001")]
    [unused] = found[2]["violations"]
    assert "VL601 (reused-sentence) reported nothing on the next line" in unused["message"]


def test_a_record_field_suppresses_a_library_finding(tmp_path: Path, guide: Guide) -> None:
    records = [
        {"id": "r1", "voicelint-ignore": ["VL601"], "body": f"Hi there, Ana here. {SHARED}"},
        {"id": "r2", "body": f"Hi there, Ben here. {SHARED}"},
        {"id": "r3", "body": f"Hi there, Cy here. {SHARED}"},
    ]
    path = tmp_path / "macros.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    assert rules(documents([path], guide, select=SELECT)) == []
    records[0]["voicelint-ignore"] = ["VL101"]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    assert rules(documents([path], guide, select=SELECT)) == [("macros.json:r1", "VL001"), ("macros.json:r1", "VL601")]


def test_the_whole_file_cache_keeps_the_suppressions(
    tmp_path: Path, guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = macros(tmp_path)
    cache_dir = str(tmp_path / "cache")
    first = documents(paths, guide, select=SELECT, cache_dir=cache_dir)
    assert first == documents(paths, guide, select=SELECT)

    def not_read(*_: object) -> None:
        raise AssertionError("an unchanged file is answered from the cache, suppressions included")

    monkeypatch.setattr(engine, "scan", not_read)
    assert documents(paths, guide, select=SELECT, cache_dir=cache_dir) == first


def test_a_changed_directive_over_the_same_prose_is_not_answered_from_the_old_result(
    tmp_path: Path, guide: Guide
) -> None:
    """The comment is not prose: the document's text (and its analysis cache key) stays the same
    when only a directive's codes change, so suppressions must be applied after that cache."""
    path = tmp_path / "reply.md"
    cache_dir = str(tmp_path / "cache")
    path.write_text(f"<!-- voicelint-disable-next-line VL101 -->\n{BANNED}\n", encoding="utf-8")
    assert rules(documents([path], guide, select=SELECT, cache_dir=cache_dir)) == []
    path.write_text(f"<!-- voicelint-disable-next-line VL102 -->\n{BANNED}\n", encoding="utf-8")
    changed = documents([path], guide, select=(*SELECT, "VL102"), cache_dir=cache_dir)
    assert rules(changed) == [("reply.md", "VL001"), ("reply.md", "VL101")]
    assert documents([path], guide, select=(*SELECT, "VL102")) == changed


def test_workers_and_spilled_results_give_the_same_report(
    tmp_path: Path, guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = macros(tmp_path)
    single = documents(paths, guide, select=SELECT, jobs=1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCS", 2)
    monkeypatch.setattr(engine, "SPILL_DOCS", 1)  # every result goes through the spill file
    started = []
    start_pool = parallel.start_pool

    def counted(*args: Any) -> Any:
        started.append(args)
        return start_pool(*args)

    monkeypatch.setattr(parallel, "start_pool", counted)
    assert documents(paths, guide, select=SELECT, jobs=2) == single
    assert started, "the documents were analysed by worker processes"
    assert documents(paths, guide, select=SELECT, jobs=2, cache_dir=str(tmp_path / "cache")) == single
    assert rules(single) == [("c.md", "VL001")]


def test_the_stored_form_round_trips() -> None:
    from voicelint.document import Document, SourceFile

    text = f"<!-- voicelint-disable VL101 -->\n{BANNED}\n<!-- voicelint-enable VL101 -->\n"
    found = suppressions.scan(Document(text=text, source=SourceFile("x.md", text)))
    assert found is not None
    assert found.suppresses("VL101", text.index("We regret"))
    again = suppressions.Suppressions.from_json(json.loads(json.dumps(found.to_json())))
    assert again == found and again.suppressed == 1
    assert not again.suppresses("VL101", text.index("<!-- voicelint-enable"))
