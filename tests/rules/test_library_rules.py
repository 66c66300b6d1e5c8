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


def test_reuse_is_found_across_the_files_of_one_run(tmp_path: Path) -> None:
    """A folder of macro files, one macro per file, is one library."""
    shared = "Thank you for your patience while our billing team looks into this for you."
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Hi there, {name} here. {shared}", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Your parcel leaves the warehouse tomorrow morning by courier.", encoding="utf-8")
    report = lint_paths([str(tmp_path)], guide="support-default", select=("consistency",))
    [violation] = report.violations
    assert "3 records: a.txt, b.txt, c.txt." in violation.message
    owner = next(d for d in report.documents if d.violations)
    assert owner.path == str(tmp_path / "a.txt")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert text[violation.offset : violation.offset + violation.length] == shared


def test_records_of_several_libraries_are_named_by_file_and_id(tmp_path: Path) -> None:
    shared = "Thank you for your patience while our billing team looks into this for you."
    (tmp_path / "billing.json").write_text(
        json.dumps({"Refund late": f"Hi Ana, {shared}", "Address": "Your parcel leaves tomorrow morning."}),
        encoding="utf-8",
    )
    (tmp_path / "cards.yaml").write_text(f"Card declined: {shared} Please try another card.\n", encoding="utf-8")
    (tmp_path / "invoice.txt").write_text(f"{shared}\n", encoding="utf-8")
    report = lint_paths(
        [str(tmp_path / name) for name in ("billing.json", "cards.yaml", "invoice.txt")],
        guide="support-default",
        select=("VL601",),
    )
    [violation] = report.violations
    assert "3 records: billing.json:Refund late, cards.yaml:Card declined, invoice.txt." in violation.message


def test_files_in_several_folders_are_named_from_the_folder_they_share(tmp_path: Path) -> None:
    shared = "Thank you for your patience while our billing team looks into this for you."
    for folder in ("refunds", "cards", "cards/declined"):
        (tmp_path / "macros" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "macros" / folder / "reply.md").write_text(f"{shared}\n", encoding="utf-8")
    report = lint_paths([str(tmp_path / "macros")], guide="support-default", select=("VL601",))
    [violation] = report.violations
    assert "3 records: cards/declined/reply.md, cards/reply.md, refunds/reply.md." in violation.message


def test_a_sentence_in_only_one_file_of_many_is_not_reuse(tmp_path: Path) -> None:
    for index, reply in enumerate(
        [
            "Your refund of twelve dollars reaches your card by Friday at the latest.",
            "The courier collects the parcel from your door between nine and five tomorrow.",
            "I have changed the delivery address on your order to the one you sent us.",
        ]
    ):
        (tmp_path / f"{index}.txt").write_text(reply, encoding="utf-8")
    report = lint_paths([str(tmp_path)], guide="support-default", select=("VL601",))
    assert report.violations == []
    assert len(report.documents) == 3


def test_a_reused_sentence_shows_its_placeholders_as_written(tmp_path: Path) -> None:
    # The parser reads a placeholder as a name (masked as "Xxxx"); the report shows the file's text.
    shared = "Your order {{order.id}} ships today from our XXXXXXX warehouse and arrives on Friday."
    records = {f"Ship {n}": f"Hi there! {shared}" for n in range(3)}
    path = tmp_path / "macros.json"
    text = json.dumps(records, indent=2)
    path.write_text(text, encoding="utf-8")
    [violation] = lint_paths([str(path)], guide="support-default", select=("VL601",)).violations
    assert violation.match.endswith(shared)
    assert text[violation.offset : violation.offset + violation.length] == violation.match
