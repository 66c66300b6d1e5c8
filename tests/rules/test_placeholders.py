"""Placeholders are not prose: masked with offsets kept, no finding inside one, and the VL70x rules.

The rule cases (``cases/VL701.yml`` ... ``VL703.yml``) show each rule firing and not firing; these
tests cover the masking itself, the engine's filtering, and library records against drafts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint import engine
from voicelint.api import lint_paths, lint_text, load_guide
from voicelint.guide.loader import load_guide_text
from voicelint.placeholders import find_placeholders, mask, outside_placeholders

PAYSEND = (
    "Hi {{ticket.requester.first_name}}, thank you for your response.\n\n"
    "Your transaction XXXXXXX was declined by the sending bank. We kindly ask you to try again "
    "with phone number +XXXXXXX after the [DATE]. You can send up to [AMOUNT] by the end of the [DATE1]."
)


@pytest.fixture(scope="module")
def guide():  # type: ignore[no-untyped-def]
    return load_guide("support-default")


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("{{ticket.requester.first_name}}", "mustache", "ticket.requester.first_name"),
        ('{{ first_name | fallback: "there" }}', "mustache", "first_name"),
        ("{{{raw_html}}}", "mustache", "raw_html"),
        ("{% if vip %}", "tag", None),
        ("{%customer.firstName,fallback=there%}", "tag", "customer.firstName"),
        ("${first_name}", "dollar", "first_name"),
        ("#{ticket.customer.firstname}", "hash", "ticket.customer.firstname"),
        ("%{recipient.name.first}", "percent", "recipient.name.first"),
        ("{!Contact.FirstName}", "merge", "Contact.FirstName"),
        ("{ticket.id}", "brace", "ticket.id"),
        ("[ORDER NUMBER]", "bracket", "ORDER NUMBER"),
        ("[DATE1]", "bracket", "DATE1"),
        ("<PROJECT NAME>", "angle", "PROJECT NAME"),
        ("$FIRST_NAME", "env", "FIRST_NAME"),
        ("XXXXXXX", "xrun", None),
    ],
)
def test_each_syntax_is_found_with_its_variable(text: str, kind: str, name: str | None) -> None:
    sentence = f"Hello {text}, thanks."
    [found] = find_placeholders(sentence)
    assert sentence[found.start : found.end] == text
    assert (found.kind, found.name) == (kind, name)


@pytest.mark.parametrize(
    "text",
    [
        "See the [FAQ](https://example.com/faq).",  # a Markdown link
        "Tick [x] when done, and read [FAQ][1].",
        "It is FREE this week and our DATE field is optional.",  # bare capitals: maybe real shouting
        "Set $PATH and $HOME first.",  # no underscore: prose about shell variables
        "Sizes XXXL and XXXXL are back, and the card is xxxx-1234.",
        "The error looks like {\"error\": {\"code\": 42}} and \\frac{a}{b}.",
        "We took 50% off, then 20%.",
        "Old mail: line one<BR>line two <DIV>and <b>bold</b>.",
    ],
)
def test_what_is_not_a_placeholder(text: str) -> None:
    assert find_placeholders(text) == []
    assert mask(text) == text


def test_masking_keeps_every_offset_and_changes_only_placeholders() -> None:
    masked = mask(PAYSEND)
    assert len(masked) == len(PAYSEND)
    spans = find_placeholders(PAYSEND)
    inside = {i for p in spans for i in range(p.start, p.end)}
    assert all(masked[i] == PAYSEND[i] for i in range(len(PAYSEND)) if i not in inside)
    for placeholder in spans:
        stand_in = masked[placeholder.start : placeholder.end]
        assert stand_in.split() == [stand_in.strip()] and stand_in[0] == "X", stand_in  # one word, a name
    assert mask("{% if vip %}Thanks{% endif %}") == " " * 12 + "Thanks" + " " * 11  # logic is no word
    assert mask("Hi {{ }}") == "Hi {{ }}"  # empty: left for VL701


def test_no_finding_inside_a_placeholder(guide) -> None:  # type: ignore[no-untyped-def]
    report = lint_text(PAYSEND, guide=guide, ignore=("VL703",))
    spans = find_placeholders(PAYSEND)
    for violation in report.violations:
        if violation.rule in ("VL401", "VL402", "VL403", "VL404", "VL405", "VL406", "VL201", "VL301"):
            continue  # document-level
        start, end = violation.offset, violation.offset + violation.length
        assert not any(p.start < end and start < p.end for p in spans), violation
    assert not [v for v in report.violations if v.rule == "VL416"], "XXXXXXX is no shouting"


def test_a_placeholder_does_not_break_sentences_or_tone(guide) -> None:  # type: ignore[no-untyped-def]
    filled = lint_text("Hi Dana, thanks for writing in. Your transfer 1234567 was sent on Friday.", guide=guide)
    template = lint_text(
        "Hi {{ticket.requester.first_name}}, thanks for writing in. Your transfer XXXXXXX was sent on [DATE].",
        guide=guide,
    )
    before, after = filled.documents[0].scores, template.documents[0].scores
    assert after["readability"]["sentences"] == before["readability"]["sentences"] == 2
    assert after["readability"]["words"] == before["readability"]["words"]
    for dimension, value in before["tone"].items():
        assert abs(after["tone"][dimension] - value) < 5, dimension


def test_findings_outside_placeholders_keep_exact_offsets(guide) -> None:  # type: ignore[no-untyped-def]
    text = "Hi {{ first_name | fallback: \"valued customer\" }}, per our policy we cannot refund it!!!\nXXXX"
    report = lint_text(text, guide=guide)
    found = {(v.rule, v.match): v for v in report.violations}
    banned = found[("VL101", "per our policy")]
    assert banned.offset == text.index("per our policy") and banned.column == text.index("per our policy") + 1
    shouting = found[("VL416", "!!!")]
    assert text[shouting.offset : shouting.offset + shouting.length] == "!!!"
    assert ("VL101", "valued customer") not in found  # inside the placeholder's fallback
    unfilled = found[("VL703", "XXXX")]
    assert (unfilled.line, unfilled.column, unfilled.end_column) == (2, 1, 5)


def test_the_engine_drops_findings_that_lie_mostly_inside_a_placeholder(
    guide, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(engine, "mask", lambda text: text)  # the parser sees the raw placeholders
    text = "Your transaction XXXXXXX is on its way. PLEASE WAIT."
    assert [v.match for v in lint_text(text, guide=guide, select=("VL416",)).violations] == ["PLEASE WAIT"]


def test_outside_placeholders_keeps_mostly_outside_and_exempt_rows() -> None:
    text = "ab {{name}} cd"
    spans = find_placeholders(text)
    rows = [
        ["VL416", 3, 11, "all inside"],
        ["VL416", 5, 9, "inside"],
        ["VL416", 0, 5, "mostly outside"],
        ["VL416", 6, 14, "half inside"],
        ["VL416", 5, 5, "empty, inside"],
        ["VL703", 3, 11, "exempt"],
    ]
    kept = outside_placeholders(rows, spans, exempt={"VL703"})
    assert [row[3] for row in kept] == ["mostly outside", "exempt"]


def test_unfilled_only_in_drafts_not_in_library_records(tmp_path: Path, guide) -> None:  # type: ignore[no-untyped-def]
    reply = "Hi {{first_name}}, your transfer XXXXXXX is on its way."
    library = tmp_path / "macros.json"
    library.write_text(json.dumps({"Transfer sent": reply}), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(reply, encoding="utf-8")
    cache_dir = str(tmp_path / "cache")  # the cache keys on text, not on record ids: VL703 must not be cached
    for _ in range(2):
        report = lint_paths([library, draft], guide=guide, cache_dir=cache_dir)
        by_path = {
            Path(d.path).name: [v.rule for v in d.violations if v.category == "placeholder"] for d in report.documents
        }
        assert by_path == {"macros.json": [], "draft.txt": ["VL703", "VL703"]}


def test_a_structured_file_of_one_template_is_a_library_not_a_draft(tmp_path: Path, guide) -> None:  # type: ignore[no-untyped-def]
    # osTicket's templates/email/*.yaml: one template per file, so no record id, but not a draft.
    template = tmp_path / "assigned.alert.yaml"
    body = "Hi %{assignee.name.first}, ticket #%{ticket.number} is yours."
    template.write_text(f"subject: Assigned\nbody: {body}\n", encoding="utf-8")
    report = lint_paths([template], guide=guide)
    [document] = report.documents
    assert document.id is None
    assert [v.rule for v in document.violations if v.category == "placeholder"] == []


def test_unknown_placeholders_per_channel(tmp_path: Path) -> None:
    guide = load_guide_text(
        "version: 1\nplaceholders: {allowed: [first_name]}\n"
        "channels: {email: {}, chat: {placeholders: {allowed: [first_name, agent.name]}}}\n",
        base_dir=tmp_path,
    )
    text = "Hi {{first_name}}, this is {{agent.name}}."
    email = lint_text(text, guide=guide, channel="email", select=("VL702",))
    chat = lint_text(text, guide=guide, channel="chat", select=("VL702",))
    assert [v.match for v in email.violations] == ["{{agent.name}}"]
    assert list(chat.violations) == []


def test_a_bad_placeholders_section_is_a_guide_error(tmp_path: Path) -> None:
    from voicelint.guide.loader import GuideError

    with pytest.raises(GuideError, match=r"placeholders\.alowed"):
        load_guide_text("version: 1\nplaceholders: {alowed: [x]}\n", base_dir=tmp_path)


def test_placeholders_are_masked_in_long_documents_too(guide) -> None:  # type: ignore[no-untyped-def]
    paragraph = "Your transaction XXXXXXX is on its way, {{first_name}}. Thanks for waiting with us.\n\n"
    text = paragraph * 200  # over the analyser's piece size
    report = lint_text(text, guide=guide, select=("VL416", "VL703"))
    assert {v.rule for v in report.violations} == {"VL703"}
    assert len(report.violations) == 400
    assert all(text[v.offset : v.offset + v.length] in ("XXXXXXX", "{{first_name}}") for v in report.violations)


@pytest.mark.parametrize("code", ["VL701", "VL702", "VL703"])
def test_each_rule_explains_itself(code: str) -> None:
    from voicelint.cli import main

    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0, result.output
    assert "placeholder" in result.output.lower()


@pytest.mark.parametrize("unit", ["{%", "}}", "%}", "{{", "{{x ", "{a}}", "[AB ", "<AB ", "XXXX ", "${a"])
def test_hostile_placeholder_text_stays_linear(unit: str) -> None:
    import time

    from voicelint.rules.placeholder import MalformedPlaceholderRule
    from voicelint.settings import effective_setting

    guide = load_guide("support-default")
    rule = MalformedPlaceholderRule(guide, effective_setting(MalformedPlaceholderRule, guide), None)
    text = unit * (100_000 // len(unit))  # one line: quadratic work would take minutes
    started = time.perf_counter()
    found = find_placeholders(text)
    assert len(mask(text, found)) == len(text)
    list(rule.check_text(text, found, False, guide.default_channel))
    assert time.perf_counter() - started < 5
