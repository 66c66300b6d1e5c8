"""Library-level rules run over whole files: reuse across records is reported once, on the first record."""

from __future__ import annotations

import json
from pathlib import Path

from voicelint.api import lint_paths


def test_reused_sentence_is_reported_once_with_count_and_records(tmp_path: Path) -> None:
    shared = "Thank you for your patience while our billing team looks into this for you."
    records = {
        "Refund late": f"Hi Ana, {shared} Your refund of $12 is on its way.",
        "Card declined": f"{shared} Please try another card in the meantime.",
        "Invoice wrong": f"Hi Ben! {shared}",
        "Address change": "I've updated your delivery address; the parcel leaves tomorrow.",
    }
    path = tmp_path / "macros.json"
    text = json.dumps(records, indent=2)
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], guide="support-default", select=("VL601",))
    found = report.violations
    assert len(found) == 1
    [violation] = found
    assert violation.category == "consistency" and str(violation.severity) == "info"
    assert "3 records: Refund late, Card declined, Invoice wrong" in violation.message
    # the first record's sentence, greeting included ("Hi Ana, Thank you ..."), is where it is reported
    assert text[violation.offset : violation.offset + violation.length].endswith(shared)
    owner = next(d for d in report.documents if d.violations)
    assert owner.id == "Refund late"


def test_reuse_is_per_file_not_across_files(tmp_path: Path) -> None:
    shared = "Thank you for your patience while our billing team looks into this for you."
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(shared, encoding="utf-8")
    report = lint_paths([str(tmp_path)], guide="support-default", select=("consistency",))
    assert report.violations == []
