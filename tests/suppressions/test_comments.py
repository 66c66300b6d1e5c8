"""Comment directives in Markdown and HTML (docs/reference.md section 9): which findings each form
silences, located on the file's own lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from voicelint.api import lint_paths
from voicelint.guide.model import Guide
from voicelint.report import Report

GuideFactory = Callable[..., Guide]

BANNED = "We regret to inform you that the parcel is late."
TERM = "Please login to see your order."
#: Only the brand rules and VL001 run: every finding of these texts is known in advance.
RULES = ("VL101", "VL102", "VL001")


def lint(tmp_path: Path, guide: Guide, text: str, name: str = "reply.md", **options: object) -> Report:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    options.setdefault("select", RULES)
    return lint_paths([str(path)], guide=guide, **options)


def found(report: Report) -> list[tuple[str, int]]:
    assert not report.errors, report.errors
    return sorted((v.rule, v.line) for v in report.violations)


def test_without_directives_both_lines_are_reported(tmp_path: Path, guide: Guide) -> None:
    assert found(lint(tmp_path, guide, f"{BANNED}\n\n{TERM}\n")) == [("VL101", 1), ("VL102", 3)]


@pytest.mark.parametrize("selector", ["VL101", "banned-phrase", "banned.banned-phrase", "banned", "vl1", ""])
def test_next_line_silences_the_named_rule_on_the_next_non_blank_line_only(
    tmp_path: Path, guide: Guide, selector: str
) -> None:
    text = f"<!-- voicelint-disable-next-line {selector} -->\n\n{BANNED}\n\n{BANNED}\n"
    assert found(lint(tmp_path, guide, text)) == [("VL101", 5)]


def test_a_selector_of_another_rule_silences_nothing_and_is_unused(tmp_path: Path, guide: Guide) -> None:
    text = f"<!-- voicelint-disable-next-line terminology -->\n{BANNED}\n"
    report = lint(tmp_path, guide, text)
    assert found(report) == [("VL001", 1), ("VL101", 2)]
    [unused] = [v for v in report.violations if v.rule == "VL001"]
    assert "VL102 (preferred-term) reported nothing on the next line" in unused.message
    assert str(unused.severity) == "info" and unused.category == "suppression"


def test_disable_enable_covers_what_lies_between(tmp_path: Path, guide: Guide) -> None:
    text = f"{BANNED}\n<!-- voicelint-disable VL101 -->\n{BANNED}\n{TERM}\n<!-- voicelint-enable VL101 -->\n{BANNED}\n"
    assert found(lint(tmp_path, guide, text)) == [("VL101", 1), ("VL101", 6), ("VL102", 4)]


def test_a_disable_without_enable_runs_to_the_end_of_the_document(tmp_path: Path, guide: Guide) -> None:
    text = f"{TERM}\n<!-- voicelint-disable -->\n{BANNED}\n\n{TERM}\n\n{BANNED}\n"
    assert found(lint(tmp_path, guide, text)) == [("VL102", 1)]


def test_enabling_one_rule_keeps_the_others_disabled(tmp_path: Path, guide: Guide) -> None:
    text = f"<!-- voicelint-disable VL101, VL102 -->\n{BANNED}\n<!-- voicelint-enable VL101 -->\n{BANNED}\n{TERM}\n"
    assert found(lint(tmp_path, guide, text)) == [("VL101", 4)]
    text = f"<!-- voicelint-disable -->\n{BANNED}\n<!-- voicelint-enable banned -->\n{BANNED}\n{TERM}\n"
    assert found(lint(tmp_path, guide, text)) == [("VL101", 4)]


def test_whitespace_case_spaces_between_codes_and_a_reason_are_tolerated(tmp_path: Path, guide: Guide) -> None:
    text = (
        "<!--voicelint-DISABLE-Next-Line   vl101  Preferred-Term -- legal wrote this line -->\n"
        f"{BANNED} {TERM}\n"
        "<!--\n  voicelint-disable-next-line\n  VL101\n-->\n"
        f"{BANNED}\n"
    )
    assert found(lint(tmp_path, guide, text)) == []


def test_an_unknown_selector_is_reported_and_silences_nothing(tmp_path: Path, guide: Guide) -> None:
    text = f"<!-- voicelint-disable-next-line banned-phrse -->\n{BANNED}\n"
    report = lint(tmp_path, guide, text)
    assert found(report) == [("VL001", 1), ("VL101", 2)]
    [unknown] = [v for v in report.violations if v.rule == "VL001"]
    assert "'banned-phrse', which is not a rule code, rule name or category" in unknown.message
    assert "did you mean banned-phrase?" in unknown.message


def test_an_unknown_directive_and_an_enable_without_disable_are_reported(tmp_path: Path, guide: Guide) -> None:
    text = f"<!-- voicelint-disable-line VL101 -->\n{BANNED}\n<!-- voicelint-enable VL101 -->\n"
    report = lint(tmp_path, guide, text)
    assert found(report) == [("VL001", 1), ("VL001", 3), ("VL101", 2)]
    messages = [v.message for v in report.violations if v.rule == "VL001"]
    assert "'voicelint-disable-line' is not a directive" in messages[0]
    assert "has no voicelint-disable of it open before it" in messages[1]


def test_vl001_is_never_silenced_by_a_directive(tmp_path: Path, guide: Guide) -> None:
    text = "<!-- voicelint-disable -->\nThanks, Ana. Your parcel left the warehouse today.\n"
    report = lint(tmp_path, guide, text, select=())  # every rule runs, so a bare disable is judged
    [unused] = report.violations
    assert unused.rule == "VL001" and "no rule reported anything" in unused.message
    assert unused.match == "<!-- voicelint-disable -->"
    assert [(f.replacement, f.applicability) for f in unused.fixes] == [("", "safe")]


def test_only_rules_that_ran_are_judged(tmp_path: Path, guide: Guide, make_guide: GuideFactory) -> None:
    """ruff's RUF100 judges only what it checked: a directive for a rule outside the run is not unused."""
    text = f"<!-- voicelint-disable-next-line VL102 -->\n{BANNED}\n<!-- voicelint-disable-next-line -->\n{BANNED}\n"
    narrowed = lint(tmp_path, guide, text, select=("VL101", "VL001"))
    # the bare directive silences line 4; the VL102 one names a rule that did not run
    assert found(narrowed) == [("VL101", 2)]
    ignored = lint(tmp_path, guide, text, select=RULES, ignore=("VL102",))
    assert found(ignored) == [("VL101", 2)]
    off = lint(tmp_path, make_guide(rules={"preferred-term": "off"}), text)
    assert found(off) == [("VL101", 2)]
    full = lint(tmp_path, guide, text)
    assert found(full) == [("VL001", 1), ("VL101", 2)]


def test_rules_built_for_english_did_not_run_on_a_reply_in_another_language(tmp_path: Path, guide: Guide) -> None:
    spanish = "Hola Marta, gracias por escribirnos. Ya revisamos tu pedido y el reembolso llegará pronto."
    text = (
        f"<!-- voicelint-disable-next-line tone -->\n{spanish}\n<!-- voicelint-disable-next-line VL101 -->\n{spanish}\n"
    )
    report = lint(tmp_path, guide, text, select=("tone", "VL101", "VL001"))
    # the tone rules skip a Spanish reply, so their directive is not judged; VL101 ran and found nothing
    assert found(report) == [("VL001", 3)]


def test_vl001_not_selected_reports_nothing_but_still_suppresses(tmp_path: Path, guide: Guide) -> None:
    text = f"<!-- voicelint-disable-next-line VL999 -->\n{TERM}\n<!-- voicelint-disable-next-line -->\n{BANNED}\n"
    assert found(lint(tmp_path, guide, text, select=("VL101", "VL102"))) == [("VL102", 2)]


def test_a_directive_shown_in_a_code_sample_is_not_a_directive(tmp_path: Path, guide: Guide) -> None:
    text = f"```html\n<!-- voicelint-disable -->\n```\n\n{BANNED}\n\nWrite `<!-- voicelint-disable -->` to silence.\n"
    assert found(lint(tmp_path, guide, text)) == [("VL101", 5)]


def test_crlf_and_unicode_before_the_directive_keep_lines_and_offsets(tmp_path: Path, guide: Guide) -> None:
    lines = [
        "# Café ☕ — “notes” 🙂",
        "",
        "Ünïcode prose first: 😀😀 naïve.",
        "<!-- voicelint-disable-next-line VL102 -->",
        BANNED,
        "<!-- voicelint-disable-next-line VL101 -->",
        BANNED,
    ]
    text = "\r\n".join(lines) + "\r\n"
    report = lint(tmp_path, guide, text)
    assert found(report) == [("VL001", 4), ("VL101", 5)]
    raw = (tmp_path / "reply.md").read_bytes().decode("utf-8")
    by_rule = {v.rule: v for v in report.violations}
    unused, banned = by_rule["VL001"], by_rule["VL101"]
    assert raw[unused.offset : unused.offset + unused.length] == "<!-- voicelint-disable-next-line VL102 -->"
    assert (unused.column, unused.end_line, unused.end_column) == (1, 4, 43)
    assert raw[banned.offset : banned.offset + banned.length] == "We regret to inform you"


def test_an_html_body_of_a_json_record(tmp_path: Path, guide: Guide) -> None:
    body = (
        f"<p>Hi Ana,</p><!-- voicelint-disable VL101 --><p>{BANNED}</p><!-- voicelint-enable VL101 --><p>{BANNED}</p>"
    )
    records = [{"id": "r1", "body": body}, {"id": "r2", "body": f"<p>{BANNED}</p>"}]
    text = json.dumps(records, indent=2)
    report = lint(tmp_path, guide, text, name="macros.json")
    assert not report.errors
    # the directives cover their own stretch of their own record only
    assert [(d.id, v.rule) for d in report.documents for v in d.violations] == [("r1", "VL101"), ("r2", "VL101")]
    first = next(v for d in report.documents if d.id == "r1" for v in d.violations)
    assert first.offset == text.index("We regret", text.index("voicelint-enable"))


def test_next_line_in_a_yaml_block_scalar_and_an_escaped_json_string(tmp_path: Path, guide: Guide) -> None:
    yaml_text = (
        f"- id: a\n  body: |\n    Hi Ana,\n    <!-- voicelint-disable-next-line VL101 -->\n    {BANNED}\n    {BANNED}\n"
    )
    report = lint(tmp_path, guide, yaml_text, name="macros.yaml")
    assert found(report) == [("VL101", 6)]
    # in JSON the reply's lines are "\n" escapes on one line of the file: the reply's next line is meant
    records = [{"id": "a", "body": f"Hi Ana,\n<!-- voicelint-disable-next-line VL101 -->\n{BANNED}\n{BANNED}"}]
    text = json.dumps(records)
    report = lint(tmp_path, guide, text, name="macros.json")
    [left] = report.violations
    assert left.rule == "VL101" and left.offset == text.rindex("We regret")


def test_a_helpdesk_html_reply(tmp_path: Path, guide: Guide) -> None:
    """A Zendesk macro's HTML reply (section 10): its comment is found in the raw JSON string."""
    silenced = f"<p>Hi,</p><!-- voicelint-disable banned-phrase --><p>{BANNED}</p>"
    macros = {
        "macros": [
            {"id": 1, "title": "Late", "actions": [{"field": "comment_value_html", "value": silenced}]},
            {"id": 2, "title": "Later", "actions": [{"field": "comment_value_html", "value": f"<p>{BANNED}</p>"}]},
        ]
    }
    report = lint(tmp_path, guide, json.dumps(macros, indent=2), name="zendesk.json")
    assert [(d.id, [v.rule for v in d.violations]) for d in report.documents] == [("Late", []), ("Later", ["VL101"])]
