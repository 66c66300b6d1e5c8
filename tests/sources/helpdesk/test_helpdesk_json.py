"""Helpdesk JSON exports read by content: Zendesk, Freshdesk, Intercom, Help Scout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.api import lint_paths
from voicelint.sources import ReadOptions, read_text
from voicelint.sources.registry import reader_for

RAW = ReadOptions(clean_records=False)
DATA = Path(__file__).resolve().parent.parent.parent / "data" / "helpdesk"


def _ids(documents):
    return [d.record_id for d in documents]


def test_zendesk_macros_page(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("zendesk_macros.json")
    # 7 macros: one disabled (skipped), one without a comment (not a reply), one broken (error),
    # one with two reply actions (two documents).
    assert _ids(documents) == [
        "Billing::Refunds::Refund issued",
        "Billing::Refunds::Escalate to finance",
        "Shipping::Delayed order#1",
        "Shipping::Delayed order#2",
        "Account::Password reset",
    ]
    assert [e.message for e in errors] == [
        "Zendesk macro record 6 ('Broken::Comment is a number'): action 1 (comment_value) has value 42, expected text"
    ]
    assert errors[0].line == 65
    refund, escalate = documents[0], documents[1]
    assert refund.fields["folder"] == "Billing::Refunds"
    assert refund.fields["name"] == "Refund issued"
    assert refund.fields["public"] == "true" and escalate.fields["public"] == "false"
    assert refund.channel is None and escalate.channel is None
    assert "<p>" not in refund.text and "Per our policy, refunds take 5–7 days" in refund.text
    assert "\nThanks,\n{{current_user.first_name}}" in refund.text
    assert escalate.text == 'Finance, please check the refund for order {{ticket.id}}.\nThe "charge" looks doubled.'
    located_at(refund, "5–7", "5&ndash;7")
    located_at(refund, "We’ve", "We&#8217;ve")
    located_at(escalate, '"charge"', '\\"charge\\"')
    located_at(documents[3], "éxpedite", "\\u00e9xpedite")
    assert [d.line for d in documents] == [3, 21, 33, 33, 68]
    for doc in documents:
        maps_to_file(doc)


def test_zendesk_single_macro(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("zendesk_macro_single.json")
    assert errors == []
    assert [(d.record_id, d.text) for d in documents] == [("Greeting", "Hello there & welcome.")]
    located_at(documents[0], "&", "&amp;")
    maps_to_file(documents[0])


def test_zendesk_bare_list_and_disabled_macros():
    text = json.dumps(
        [
            {"title": "A", "active": False, "actions": [{"field": "comment_value", "value": "off"}]},
            {"title": "B", "actions": [{"field": "comment_value", "value": "on"}]},
            {"actions": [{"field": "comment_value", "value": "untitled"}]},
        ]
    )
    documents = list(read_text("macros.json", text))
    assert [(d.record_id, d.text) for d in documents] == [("B", "on"), ("#3", "untitled")]


def test_freshdesk_canned_responses(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("freshdesk_canned_responses.json")
    assert _ids(documents) == ["Refund approved", "Password reset", "Shipping times"]
    assert [e.message for e in errors] == [
        "Freshdesk canned response record 4 ('Empty draft'): has no text field (looked for: content_html, content)"
    ]
    refund, password, shipping = documents
    assert refund.text == "\nHi there,\n\nPer our policy your refund is approved — it's on its way.\n"
    assert refund.fields["field"] == "content_html" and password.fields["field"] == "content"
    assert password.text == "Use the “Forgot password” link on the sign-in page."
    assert "https" not in shipping.text and "Track yours here." in shipping.text
    located_at(refund, "—", "&mdash;")
    located_at(password, "“", "\\u201c")
    for doc in documents:
        maps_to_file(doc)


def test_intercom_macros_page(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("intercom_macros.json")
    assert _ids(documents) == ["Refund: approved", "Welcome (HTML only)"]
    assert [e.message for e in errors] == [
        "Intercom macro record 3 ('Broken body'): field 'body' is a list, expected text"
    ]
    refund, welcome = documents
    assert refund.fields["field"] == "body_text"
    assert refund.text == 'Hi {{first_name|fallback:"there"}},\n\nPer our policy the refund is approved.'
    assert welcome.text == "\nWelcome aboard! Reply here if you need anything…\n"
    located_at(welcome, "…", "&hellip;")
    for doc in documents:
        maps_to_file(doc)


def test_helpscout_saved_replies(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("helpscout_saved_replies.json")
    assert [(d.record_id, d.channel) for d in documents] == [
        ("Refund approved", None),
        ("Refund approved#chat", "chat"),
        ("Password reset", None),
        ("No text#chat", "chat"),
    ]
    assert [e.message for e in errors] == [
        "Help Scout saved reply record 3 ('No text'): has no text field (looked for: text)"
    ]
    assert documents[1].text == "Per our policy your refund is approved 😊"
    assert documents[2].text == "Use the Forgot password link."
    located_at(documents[1], "😊", "\\ud83d\\ude0a")
    for doc in documents:
        maps_to_file(doc)


def test_plain_json_library_keeps_the_plain_reader():
    text = json.dumps([{"id": "r1", "name": "Refund", "body": "<p>Per our policy</p>"}])
    from voicelint.sources import json_library

    assert reader_for("lib.json", text) is json_library.read_json
    documents = list(read_text("lib.json", text))
    assert [d.record_id for d in documents] == ["r1"]
    mapping = json.dumps({"Welcome": "Hello", "Refund": "Per our policy we refund."})
    assert reader_for("lib.json", mapping) is json_library.read_json


def test_detectors_never_raise_and_ignore_other_text():
    from voicelint.sources.helpdesk import freshdesk, helpscout, intercom, zendesk

    for detect in (zendesk.detect, freshdesk.detect, intercom.detect, helpscout.detect):
        for text in ("", "{", "not json", '"comment_value"', "[" * 10000, "\ud800"):
            assert detect(text) in (True, False)
        assert not detect("hello world")


def test_syntax_error_is_one_error_for_the_file():
    text = '{"macros": [{"title": "A", "actions": [{"field": "comment_value", "value": "x"}]'
    results = list(read_text("macros.json", text))
    assert len(results) == 1 and "JSON syntax error" in results[0].message


def _lint_file(tmp_path: Path, name: str):
    (tmp_path / "guide.yaml").write_text(
        "version: 1\nname: T\nextends: support-default\nbanned:\n  - phrase: per our policy\n", encoding="utf-8"
    )
    shutil.copy(DATA / name, tmp_path / name)
    report = lint_paths([tmp_path / name], guide=str(tmp_path / "guide.yaml"))
    text = (tmp_path / name).read_text(encoding="utf-8")
    found = [
        (d.id, v)
        for d in report.documents
        for v in d.violations
        if v.name == "banned-phrase" and v.match.lower() == "per our policy"
    ]
    return text, found


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_finding_in_html_in_json_string_is_at_the_file_position(tmp_path):
    text, found = _lint_file(tmp_path, "zendesk_macros.json")
    # The disabled macro's "Per our policy" is not linted; the HTML one is found where it is written.
    assert len(found) == 1
    record, violation = found[0]
    assert record == "Billing::Refunds::Refund issued"
    offset = text.index("<p>Per our policy") + len("<p>")
    assert (violation.line, violation.column) == _position(text, offset)
    assert violation.offset == offset and violation.length == len("Per our policy")


def test_findings_in_every_json_format_are_at_the_file_position(tmp_path):
    for name in ("freshdesk_canned_responses.json", "intercom_macros.json", "helpscout_saved_replies.json"):
        text, found = _lint_file(tmp_path, name)
        assert found, name
        for _, violation in found:
            assert text[violation.offset : violation.offset + violation.length].lower() == "per our policy"
            assert (violation.line, violation.column) == _position(text, violation.offset)


html_bodies = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<br/>",
                "<b>",
                "</b>",
                '<a href="x?a=1&amp;b=2">',
                "</a>",
                "<!-- note -->",
                "&amp;",
                "&lt;",
                "&#8217;",
                "&nbsp;",
                "&hellip;",
                "<ORDER NUMBER>",
                "a < b",
                "<div class='x'>",
                "</div>",
                "<script>var x = '<p>';</script>",
                "\n",
                "\\",
                '"',
                "é",
                "😊",
                "{{ticket.id}}",
            ]
        ),
        st.text(alphabet=st.sampled_from(list("abc XYZ.,'-")), min_size=1, max_size=12),
    ),
    max_size=12,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(html_bodies, min_size=1, max_size=4), st.booleans(), st.booleans())
def test_html_in_json_maps_every_character(maps_to_file, bodies, ascii_only, clean):
    macros = [
        {"title": f"F::m{i}", "actions": [{"field": "comment_value_html", "value": body}]}
        for i, body in enumerate(bodies)
    ]
    text = json.dumps({"macros": macros, "next_page": None}, ensure_ascii=ascii_only, indent=1)
    options = ReadOptions() if clean else RAW
    documents = list(read_text("export.json", text, options))
    assert [d.record_id for d in documents] == [f"F::m{i}" for i in range(len(bodies))]
    for doc, body in zip(documents, bodies, strict=True):
        if not clean:
            maps_to_file(doc)
            if "<" not in body and "&" not in body:
                assert doc.text == body
        for index in range(len(doc.text)):
            span = doc.locate(index, index + 1)
            assert span.start.offset < span.end.offset
