"""Plain text and Markdown: identity offsets, and Markdown masked down to its prose."""

from __future__ import annotations

from voicelint.sources import read_text
from voicelint.sources.markdown import mask_markdown


def test_plain_text_is_one_verbatim_document(read_fixture, expect_at):
    documents, errors = read_fixture("reply.txt")
    assert errors == []
    [doc] = documents
    assert doc.text == doc.source.text
    assert doc.record_id is None and doc.line == 1
    expect_at(doc, "Per our policy")
    expect_at(doc, "Ana")


def test_stdin_dash_is_plain_text():
    [doc] = list(read_text("-", "Per our policy, no.\n"))
    assert doc.source.path == "-"
    span = doc.locate(0, 14)
    assert (span.start.line, span.start.column, span.end.column) == (1, 1, 15)


def test_unknown_extension_is_plain_text():
    [doc] = list(read_text("notes.rst", "Thanks for waiting."))
    assert doc.text == "Thanks for waiting."


def test_empty_or_blank_plain_file_gives_nothing():
    assert list(read_text("empty.txt", "")) == []
    assert list(read_text("blank.md", "  \n\n")) == []


def test_markdown_keeps_prose_at_identical_offsets(read_fixture, expect_at):
    documents, errors = read_fixture("saved_replies.md")
    assert errors == []
    [doc] = documents
    assert len(doc.text) == len(doc.source.text)
    assert doc.text.count("\n") == doc.source.text.count("\n")
    for word in (
        "Refund delayed",
        "Thanks for waiting",
        "Please restart",
        "Settings",
        "refund guide",
        "reply here",
        "Kind regards",
    ):
        expect_at(doc, word)


def test_markdown_masks_what_is_not_prose(read_fixture):
    [doc], _ = read_fixture("saved_replies.md")
    for hidden in (
        "Saved replies",
        "support-team",
        "Sync now",
        "https://",
        "example.com",
        "curl",
        "indented code line",
        "internal note",
        "do not send",
        "<span",
        "[guide]",
    ):
        assert hidden not in doc.text, hidden
    lines = doc.text.split("\n")
    heading = next(line for line in lines if "Refund delayed" in line)
    assert "#" not in heading
    quote = next(line for line in lines if "Thanks for waiting" in line)
    assert ">" not in quote
    bullet = next(line for line in lines if "Please restart" in line)
    assert "-" not in bullet
    # The URL is masked but the sentence's full stop after it stays.
    visit = next(line for line in lines if "visit" in line)
    assert visit.rstrip().endswith(".")


def test_markdown_masking_keeps_placeholders_and_is_same_length():
    text = "Duplicate of #<ISSUE_NUMBER>; ask <PROJECT NAME>.\n1. Open `app`\n"
    masked = mask_markdown(text)
    assert len(masked) == len(text)
    assert "<ISSUE_NUMBER>" in masked and "<PROJECT NAME>" in masked
    assert masked.split("\n")[1].strip() == "Open"


def test_unclosed_fence_and_front_matter_do_not_swallow_or_crash():
    text = "---\nnot front matter\n\nHello there.\n```\ncode"
    masked = mask_markdown(text)
    assert "Hello there." in masked and "not front matter" in masked
    assert "code" not in masked.split("\n")[-1]


def test_markdown_scanner_is_linear_on_pathological_lines():
    # Many unmatched brackets/backticks/angles on one line: must finish (no catastrophic backtracking).
    text = ("[a](" * 20000) + ("`" * 3 + " x ") * 5000 + "<a " * 20000
    assert len(mask_markdown(text)) == len(text)
