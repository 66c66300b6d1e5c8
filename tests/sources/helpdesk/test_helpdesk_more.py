"""Helpdesk exports read by content: Front, Gorgias, Zammad (JSON and CSV), Salesforce Quick Text CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

from voicelint.api import lint_paths
from voicelint.sources import csv_library, read_text
from voicelint.sources.registry import reader_for

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "helpdesk"


def test_front_message_templates(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("front_message_templates.json")
    assert errors == []
    assert [d.record_id for d in documents] == ["Refunds / Approved", "Out of stock"]
    approved, stock = documents
    assert approved.fields["subject"] == "Your refund"
    assert "<div>" not in approved.text and "\nBest,\n{{user.first_name}}\n" in approved.text
    assert stock.text == "Sorry, that item is out of stock. We’ll email you when it’s back."
    located_at(stock, "We’ll", "We\\u2019ll")
    for doc in documents:
        maps_to_file(doc)


def test_gorgias_macros(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("gorgias_macros.json")
    assert errors == []
    assert [(d.record_id, d.fields["field"], d.fields["public"]) for d in documents] == [
        ("Shipping - Where is my order", "body_text", "true"),
        ("Refund - HTML only#1", "body_html", "true"),
        ("Refund - HTML only#2", "body_text", "false"),
    ]
    assert documents[0].text == "Hi {{ticket.customer.firstname}},\n\nPer our policy, orders ship within 2 days."
    assert documents[1].text == "\nYour refund is on its way — thanks for waiting.\n"
    located_at(documents[1], "—", "&mdash;")
    for doc in documents:
        maps_to_file(doc)


def test_zammad_text_modules_json(read_helpdesk, maps_to_file):
    documents, errors = read_helpdesk("zammad_text_modules.json")
    assert errors == []
    # The inactive module is skipped.
    assert [d.record_id for d in documents] == ["Refund approved", "Password"]
    assert "Per our policy your refund is approved.\n" in documents[0].text
    assert "#{user.firstname}" in documents[0].text and "<br>" not in documents[0].text
    for doc in documents:
        maps_to_file(doc)


def test_zammad_text_modules_csv(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("zammad_text_modules.csv")
    assert errors == []
    assert [d.record_id for d in documents] == ["Refund approved", "Shipping, delays"]
    refund, shipping = documents
    assert refund.text == "\nHi #{ticket.customer.firstname},\n\nPer our policy your refund is approved.\n"
    assert shipping.text == '\nSorry for the wait & thanks for your "patience".\n\nWe will write again soon.'
    assert shipping.fields["keywords"] == "shipping"
    located_at(shipping, "&", "&amp;")
    located_at(shipping, '"patience', '""patience')
    for doc in documents:
        maps_to_file(doc, json_string=False)


def test_salesforce_quick_text_csv(read_helpdesk, maps_to_file, located_at):
    documents, errors = read_helpdesk("salesforce_quick_text.csv")
    assert errors == []
    assert [(d.record_id, d.channel) for d in documents] == [
        ("Refund approved", "email"),
        ("Chat greeting", "chat"),
        ("Phone note", None),
        ("Tweet reply", "social"),
    ]
    assert documents[0].fields["Channel"] == "Email;Live Agent"
    assert documents[0].fields["Category"] == "Billing"
    located_at(documents[3], '"please', '""please')
    for doc in documents:
        maps_to_file(doc, json_string=False)


def test_plain_csv_library_keeps_the_plain_reader():
    text = "id,text,channel\nr1,Hello there.,chat\n"
    assert reader_for("lib.csv", text) is csv_library.read_csv
    assert [d.record_id for d in read_text("lib.csv", text)] == ["r1"]
    # A header with "name" and "message" but no channel is not a Quick Text export.
    assert reader_for("lib.csv", "name,message\na,b\n") is csv_library.read_csv


def test_csv_row_without_the_text_column_is_an_error_for_that_row():
    text = "name,keywords,content,active\nA,k,Hello.,true\nB,k\nC,k,Bye.,true\n"
    results = list(read_text("modules.csv", text))
    assert [getattr(r, "record_id", None) for r in results] == ["A", None, "C"]
    error = results[1]
    assert error.line == 3 and "record 2 ('B')" in error.message and "'content' column is missing" in error.message


def test_findings_in_every_format_are_at_the_file_position(tmp_path):
    (tmp_path / "guide.yaml").write_text(
        "version: 1\nname: T\nextends: support-default\nbanned:\n  - phrase: per our policy\n", encoding="utf-8"
    )
    names = [
        "front_message_templates.json",
        "gorgias_macros.json",
        "zammad_text_modules.json",
        "zammad_text_modules.csv",
        "salesforce_quick_text.csv",
    ]
    for name in names:
        shutil.copy(DATA / name, tmp_path / name)
        report = lint_paths([tmp_path / name], guide=str(tmp_path / "guide.yaml"))
        with open(tmp_path / name, encoding="utf-8", newline="") as handle:
            text = handle.read()
        found = [v for d in report.documents for v in d.violations if v.name == "banned-phrase"]
        assert len(found) == 1, (name, found)
        violation = found[0]
        assert text[violation.offset : violation.offset + violation.length].lower() == "per our policy"
        line = text.count("\n", 0, violation.offset) + 1
        column = violation.offset - (text.rfind("\n", 0, violation.offset) + 1) + 1
        assert (violation.line, violation.column) == (line, column), name


def test_a_library_that_looks_like_a_vendor_keeps_its_channel():
    text = '[{"name": "A", "keywords": "k", "content": "Hello.", "channel": "chat"}]'
    assert [(d.record_id, d.channel) for d in read_text("kb.json", text)] == [("A", "chat")]
