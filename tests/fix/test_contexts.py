"""Each place a fix can land is written the way that place needs, or the fix is refused.

These drive one round of fixing (:func:`voicelint.fix.run.fix_text`) with hand-made violations, so
they need no spaCy: the standard parser of each format then reads the fixed file.
"""

from __future__ import annotations

import csv
import io
import json

import yaml

from voicelint.fix.choose import OVERLAPS, choose
from voicelint.fix.model import Planned
from voicelint.fix.run import fix_text
from voicelint.report import DocumentResult, Fix, Violation
from voicelint.sources import ReadOptions
from voicelint.vocabulary import Severity


def _violation(offset: int, match: str, replacement: str, applicability: str = "safe") -> Violation:
    return Violation(
        rule="VL102", name="preferred-term", category="terminology", severity=Severity.WARNING, message="m",
        line=1, column=offset + 1, end_line=1, end_column=offset + 1 + len(match), offset=offset,
        length=len(match), match=match, fixes=(Fix(replacement, applicability, "t"),),
    )


def _fix(path: str, text: str, *edits: tuple[str, str], nth: int = 0) -> tuple[str, list[str]]:
    """Fix the ``nth`` raw occurrence of each ``(match, replacement)``; the text and skip reasons."""
    planned = []
    for match, replacement in edits:
        offset = -1
        for _ in range(nth + 1):
            offset = text.index(match, offset + 1)
        planned.append(Planned(_violation(offset, match, replacement), Fix(replacement, "safe", "t"), None))
    planned.sort(key=lambda p: p.violation.offset)
    fixed, _, skipped = fix_text(path, text, planned, ReadOptions())
    return fixed, [s.reason for s in skipped]


def test_json_string_gets_json_escapes_and_nothing_else_moves() -> None:
    text = '{"macros": [{"id": "a", "body": "Please log in \\u00e9 \\"now\\"", "n": 1}]}'
    fixed, skipped = _fix("lib.json", text, ("log in", 'sign "in" \\ \n \u2028'))
    assert skipped == []
    assert fixed == text.replace("log in", 'sign \\"in\\" \\\\ \\n \\u2028')
    assert json.loads(fixed)["macros"][0]["body"] == 'Please sign "in" \\ \n \u2028 é "now"'


def test_a_span_over_a_json_escape_is_not_fixed() -> None:
    text = '[{"id": "a", "body": "Please log\\u0020in"}]'
    planned = Planned(_violation(text.index("log"), "log in", "sign in"), Fix("sign in", "safe", "t"), None)
    planned = Planned(
        Violation(**{**_fields(planned.violation), "length": len("log\\u0020in")}), planned.fix, None
    )
    fixed, applied, skipped = fix_text("lib.json", text, [planned], ReadOptions())
    assert fixed == text and applied == []
    assert "literally" in skipped[0].reason


def _fields(violation: Violation) -> dict[str, object]:
    return {name: getattr(violation, name) for name in violation.__slots__}  # type: ignore[attr-defined]


def test_yaml_double_quoted_scalar_is_escaped() -> None:
    text = '- id: a\n  body: "You can log in here"  # a comment\n'
    fixed, skipped = _fix("lib.yaml", text, ("log in", 'sign "in"\t\\'))
    assert skipped == []
    assert fixed == text.replace("log in", 'sign \\"in\\"\\t\\\\')
    assert yaml.safe_load(fixed) == [{"id": "a", "body": 'You can sign "in"\t\\ here'}]


def test_yaml_single_quoted_scalar_doubles_quotes_and_refuses_line_breaks() -> None:
    text = "- id: a\n  body: 'It''s log in time'\n- id: b\n  body: 'log in'\n"
    fixed, skipped = _fix("lib.yaml", text, ("log in", "sign'in"))
    assert skipped == []
    assert yaml.safe_load(fixed)[0]["body"] == "It's sign'in time"
    assert fixed == text.replace("It''s log in", "It''s sign''in", 1)
    fixed, skipped = _fix("lib.yaml", text, ("log in", "sign\nin"))
    assert fixed == text and "line break" in skipped[0]


def test_yaml_plain_scalar_takes_only_text_that_stays_plain() -> None:
    text = "- id: a\n  body: You can log in here\n"
    assert _fix("lib.yaml", text, ("log in", "sign in"))[0] == text.replace("log in", "sign in")
    for bad in ("sign: in", "sign #in", "sign\nin"):
        fixed, skipped = _fix("lib.yaml", text, ("log in", bad))
        assert fixed == text and "plain YAML scalar" in skipped[0]


def test_a_replacement_that_changes_the_structure_is_refused_by_verification_and_others_still_apply() -> None:
    # In a flow mapping a comma ends the scalar: the encoder cannot know, the re-read does.
    text = "- {id: a, body: log in now}\n- {id: b, body: please log in}\n"
    planned = [
        Planned(_violation(text.index("log in"), "log in", "sign, in"), Fix("sign, in", "safe", "t"), None),
        Planned(_violation(text.rindex("log in"), "log in", "sign in"), Fix("sign in", "safe", "t"), None),
    ]
    fixed, applied, skipped = fix_text("lib.yaml", text, planned, ReadOptions())
    assert yaml.safe_load(fixed) == [{"id": "a", "body": "log in now"}, {"id": "b", "body": "please sign in"}]
    assert len(applied) == 1 and len(skipped) == 1
    assert skipped[0].planned.fix.replacement == "sign, in"
    assert skipped[0].reason == "the record would not read as the fixed text"


def test_yaml_literal_block_keeps_its_indentation_and_line_endings() -> None:
    text = "macros:\r\n  - id: a\r\n    body: |\r\n      First line.\r\n      Please log in now.\r\n    # tail\r\n"
    fixed, skipped = _fix("lib.yaml", text, ("log in", "sign in.\nThen go on"))
    assert skipped == []
    assert fixed == text.replace("log in", "sign in.\r\n      Then go on")
    assert yaml.safe_load(fixed)["macros"][0]["body"] == "First line.\nPlease sign in.\nThen go on now.\n"


def test_yaml_folded_block_takes_one_line_only() -> None:
    text = "- id: a\n  body: >\n    Please log in\n    today.\n"
    assert yaml.safe_load(_fix("lib.yaml", text, ("log in", "sign in"))[0])[0]["body"] == "Please sign in today.\n"
    fixed, skipped = _fix("lib.yaml", text, ("log in", "sign\nin"))
    assert fixed == text and "folds" in skipped[0]


def test_csv_quoted_field_doubles_quotes_and_keeps_crlf() -> None:
    text = 'id,body\r\n1,"He said ""hi"", log in"\r\n2,"log in\r\nnow"\r\n'
    fixed, skipped = _fix("lib.csv", text, ("log in", 'sign "in"\nok'))
    assert skipped == []
    assert fixed == text.replace("log in", 'sign ""in""\r\nok', 1)
    rows = list(csv.DictReader(io.StringIO(fixed, newline="")))
    assert rows[0]["body"] == 'He said "hi", sign "in"\r\nok'
    assert rows[1]["body"] == "log in\r\nnow"


def test_csv_bare_field_is_never_requoted() -> None:
    text = "id,body\n1,please log in now\n"
    assert _fix("lib.csv", text, ("log in", "sign in"))[0] == text.replace("log in", "sign in")
    for bad in ("sign, in", 'sign "in"', "sign\nin"):
        fixed, skipped = _fix("lib.csv", text, ("log in", bad))
        assert fixed == text and "quotes" in skipped[0]


def test_html_inside_json_is_html_escaped_then_json_escaped() -> None:
    text = json.dumps({"macros": [{"id": 1, "title": "T", "active": True, "actions": [
        {"field": "comment_value_html", "value": "<p>Hi,</p><p>Please log in &amp; go.</p>"}]}]})
    fixed, skipped = _fix("macros.json", text, ("log in", 'sign "in" & <go>'))
    assert skipped == []
    value = json.loads(fixed)["macros"][0]["actions"][0]["value"]
    assert value == '<p>Hi,</p><p>Please sign "in" &amp; &lt;go&gt; &amp; go.</p>'
    fixed, skipped = _fix("macros.json", text, ("log in", "sign\nin"))
    assert fixed == text and "HTML" in skipped[0]


def test_plain_text_and_markdown_keep_everything_but_the_span() -> None:
    text = "\r\nPlease log in.\r\n"
    assert _fix("draft.txt", text, ("log in", "sign in\nnow"))[0] == "\r\nPlease sign in\r\nnow.\r\n"
    markdown = "# Help\n\nPlease **log in** and log in.\n"
    assert _fix("reply.md", markdown, ("log in", "sign in"))[0] == markdown.replace("**log in**", "**sign in**")


def test_a_span_touching_a_placeholder_is_left_alone() -> None:
    text = "Hi {{name}}log in now.\n"
    fixed, skipped = _fix("draft.txt", text, ("log in", "sign in"))
    assert fixed == text and "placeholder" in skipped[0]


def test_a_file_changed_since_the_lint_is_not_fixed() -> None:
    text = "Please sign in now.\n"
    planned = Planned(_violation(text.index("sign in"), "log in", "sign in"), Fix("sign in", "safe", "t"), None)
    fixed, applied, skipped = fix_text("draft.txt", text, [planned], ReadOptions())
    assert fixed == text and applied == []
    assert "changed" in skipped[0].reason or "literally" in skipped[0].reason


def test_choose_takes_the_first_applicable_fix_and_drops_overlaps() -> None:
    first = _violation(0, "log in page", "sign-in page")
    inner = _violation(0, "log in", "sign in")
    unsafe_only = _violation(20, "per our policy", "because", applicability="unsafe")
    advice = (Fix("Sorry about {it}", "display", "t"),)
    display = Violation(**{**_fields(_violation(40, "sorry", "x")), "fixes": advice})
    adjacent = _violation(11, " now", " today")
    result = DocumentResult("d.txt", None, "email", 1, {}, (first, inner, unsafe_only, display, adjacent))
    chosen, skipped = choose([result], frozenset({"safe"}))
    assert [p.violation for p in chosen] == [first, adjacent]
    assert [(s.planned.violation, s.reason) for s in skipped] == [(inner, OVERLAPS)]
    chosen, _ = choose([result], frozenset({"safe", "unsafe"}))
    assert [p.fix.replacement for p in chosen] == ["sign-in page", " today", "because"]


def test_json_lines_and_tsv_records_are_fixed_in_place() -> None:
    lines = '{"id": 1, "body": "log in"}\r\n{"id": 2, "body": "please log in"}\r\n'
    fixed, skipped = _fix("replies.jsonl", lines, ("log in", 'sign "in"'), nth=1)
    assert skipped == []
    assert fixed == lines.replace('please log in', 'please sign \\"in\\"')
    tsv = "id\tbody\n1\tplease log in\n"
    assert _fix("replies.tsv", tsv, ("log in", "sign in"))[0] == tsv.replace("log in", "sign in")
    fixed, skipped = _fix("replies.tsv", tsv, ("log in", "sign\tin"))
    assert fixed == tsv and "quotes" in skipped[0]
