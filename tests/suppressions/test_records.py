"""A record's ``voicelint-ignore`` field (docs/reference.md section 9) in YAML, JSON, JSON Lines and
CSV libraries: it silences its rules for the whole record, is never linted, and an unused entry is
reported where it is written."""

from __future__ import annotations

import json
from pathlib import Path

from voicelint.api import lint_paths
from voicelint.document import Document
from voicelint.guide.model import Guide
from voicelint.report import Report
from voicelint.sources import ReadOptions, read_text

BANNED = "We regret to inform you that the parcel is late."
TERM = "Please login to see your order."
RULES = ("VL101", "VL102", "VL001")


def lint(tmp_path: Path, guide: Guide, name: str, text: str) -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], guide=guide, select=RULES)
    assert not report.errors, report.errors
    return report


def by_record(report: Report) -> dict[str | None, list[str]]:
    return {d.id: sorted(v.rule for v in d.violations) for d in report.documents}


def test_yaml_list_and_string_forms(tmp_path: Path, guide: Guide) -> None:
    text = (
        "- id: a\n"
        "  voicelint-ignore: [VL101, preferred-term]\n"
        f"  body: {BANNED} {TERM}\n"
        "- id: b\n"
        "  voicelint-ignore: banned\n"
        f"  body: {BANNED} {TERM}\n"
        "- id: c\n"
        f"  body: {BANNED}\n"
    )
    report = lint(tmp_path, guide, "macros.yaml", text)
    assert by_record(report) == {"a": [], "b": ["VL102"], "c": ["VL101"]}


def test_json_and_json_lines(tmp_path: Path, guide: Guide) -> None:
    records = [
        {"id": "a", "voicelint-ignore": ["VL102"], "body": TERM},
        {"id": "b", "body": TERM},
    ]
    assert by_record(lint(tmp_path, guide, "macros.json", json.dumps(records, indent=2))) == {"a": [], "b": ["VL102"]}
    lines = "\n".join(json.dumps(record) for record in records) + "\n"
    assert by_record(lint(tmp_path, guide, "macros.jsonl", lines)) == {"a": [], "b": ["VL102"]}


def test_csv_cell_of_comma_separated_codes_and_empty_cells(tmp_path: Path, guide: Guide) -> None:
    text = (
        "id,body,voicelint-ignore\n"
        f'1,"{BANNED} {TERM}","VL101, VL102"\n'
        f'2,"{BANNED} {TERM}",\n'
        f'3,"{BANNED} {TERM}",terminology\n'
    )
    report = lint(tmp_path, guide, "macros.csv", text)
    assert by_record(report) == {"1": [], "2": ["VL101", "VL102"], "3": ["VL101"]}


def test_an_unused_entry_is_reported_at_the_field(tmp_path: Path, guide: Guide) -> None:
    text = f'- id: a\n  voicelint-ignore: [VL101, VL102]\n  body: "{BANNED}"\n'
    report = lint(tmp_path, guide, "macros.yaml", text)
    [unused] = report.violations
    assert unused.rule == "VL001"
    assert "Unused voicelint-ignore: VL102 (preferred-term) reported nothing in this record" in unused.message
    assert (unused.line, unused.column) == (2, 22)
    assert text[unused.offset : unused.offset + unused.length] == "VL101, VL102"
    assert unused.fixes == ()  # a record's field is the author's to edit


def test_the_field_is_never_linted_nor_kept_among_fields(tmp_path: Path, guide: Guide) -> None:
    """A value that is not a rule is an unknown selector, never prose with a banned phrase."""
    text = f"- id: a\n  voicelint-ignore: we regret to inform you\n  body: {TERM}\n"
    report = lint(tmp_path, guide, "macros.yaml", text)
    assert sorted(v.rule for v in report.violations) == ["VL001", "VL102"]
    [unknown] = [v for v in report.violations if v.rule == "VL001"]
    assert "'we', 'regret', 'to', 'inform', 'you'" in unknown.message
    [document] = [d for d in read_text("macros.yaml", text, ReadOptions()) if isinstance(d, Document)]
    assert "voicelint-ignore" not in document.fields
    assert [s.selector for s in document.suppressions] == ["we", "regret", "to", "inform", "you"]


def test_a_title_to_body_mapping_never_reads_the_field_as_a_record(tmp_path: Path, guide: Guide) -> None:
    text = json.dumps({"Refund late": BANNED, "voicelint-ignore": "VL101 login to"})
    report = lint(tmp_path, guide, "macros.json", text)
    assert [d.id for d in report.documents] == ["Refund late"]
    assert by_record(report) == {"Refund late": ["VL101"]}


def test_nested_items_take_the_field_of_the_item_or_its_record() -> None:
    text = (
        "- id: conv\n"
        "  voicelint-ignore: [VL101]\n"
        "  turns:\n"
        "    - {text: one}\n"
        "    - {text: two, voicelint-ignore: VL102}\n"
    )
    options = ReadOptions(text_fields=("turns[].text",))
    documents = [d for d in read_text("c.yaml", text, options) if isinstance(d, Document)]
    assert [[s.selector for s in d.suppressions] for d in documents] == [["VL101"], ["VL102", "VL101"]]
