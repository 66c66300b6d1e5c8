"""VL602-VL604 are run-wide: the same findings with one process or two, and from the cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from voicelint import analysis, engine, parallel
from voicelint.api import LintOptions, iter_results, load_guide
from voicelint.report import DocumentResult

REPLIES = [
    "Hi! Thanks for reaching out. I've sent a fresh code to your email, it should land in a minute.\n\nBest,\nSam",
    "Hey there, sorry about the wait! I've bumped your order up and it ships tomorrow.\n\nBest,\nAna",
    "Hi! Good news, your refund went through today. You'll see it on your card soon.\n\nBest,\nLee",
    "Thanks for the heads up! I've fixed the typo on your invoice and emailed the new copy.\n\nBest,\nSam",
    "Hi, I've changed the delivery address for you. Sign in to see it.\n\nBest,\nAna",
]
ODD = {
    "formal": "Dear Sir or Madam, we hereby acknowledge receipt of your correspondence. Pursuant to the terms "
    "and conditions, the organisation is unable to consider the reimbursement requested.\n\nBest,\nLee",
    "mixed": "Hi! Log in and check your e-mail for the code, it is on its way now.\n\nCheers,\nSam",
}


def _write(folder: Path) -> list[Path]:
    """Two files, so the library spans files as well as windows and workers."""
    first = {f"a{i}": f"{REPLIES[i % len(REPLIES)]} " for i in range(20)}
    second = {f"b{i}": REPLIES[(i + 2) % len(REPLIES)] for i in range(20)}
    second.update(ODD)
    paths = [folder / "a.json", folder / "b.json"]
    for path, records in zip(paths, (first, second), strict=True):
        path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return paths


def _run(paths: list[Path], **options: Any) -> list[dict[str, Any]]:
    guide = load_guide("support-default")
    selected = LintOptions(select=("VL602", "VL603", "VL604"), **options)
    out = []
    for result in iter_results([str(p) for p in paths], guide, selected):
        assert isinstance(result, DocumentResult), result
        out.append(result.to_dict())
    return out


def _codes(results: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {r["id"]: sorted(v["rule"] for v in r["violations"]) for r in results if r["violations"]}


def test_workers_and_cache_give_the_same_library_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(engine, "WINDOW_DOCS", 15)
    paths = _write(tmp_path)
    single = _run(paths, jobs=1)
    assert _codes(single) == {"formal": ["VL602"], "mixed": ["VL602", "VL603", "VL603", "VL604"]}
    assert _run(paths, jobs=2) == single
    cache_dir = str(tmp_path / "cache")
    assert _run(paths, jobs=1, cache_dir=cache_dir) == single

    def no_parsing(self: object, batch: object) -> object:
        raise AssertionError("a cached document was analysed again")

    monkeypatch.setattr(analysis.Analyzer, "analyze", no_parsing)
    assert _run(paths, jobs=2, cache_dir=cache_dir) == single
