"""YAML libraries: record shapes, ids and channels, and exact positions inside block scalars."""

from __future__ import annotations

from voicelint.sources import InputError, ReadOptions, read_text


def test_list_of_records_ids_channels_and_lines(read_fixture):
    documents, _ = read_fixture("premade.yaml")
    ids = [doc.record_id for doc in documents]
    assert ids == ["Refund delayed", "Folded reply", "quoted-double", "quoted-single", "Plain multi line"]
    assert [doc.channel for doc in documents] == ["email", "chat", None, None, None]
    source = documents[0].source.text.split("\n")
    for doc in documents:
        assert source[doc.line - 1].lstrip().startswith("- ")
    assert documents[0].fields["isenabled"] == "1"


def test_record_without_text_is_an_error_and_the_others_are_read(read_fixture):
    documents, errors = read_fixture("premade.yaml")
    [error] = errors
    assert "Broken record without text" in error.message
    assert "body, text, response, content, message, value" in error.message
    lines = documents[0].source.text.split("\n")
    assert lines[error.line - 1][error.column - 1 :].startswith("title: Broken record")
    assert str(error).startswith(f"{error.path}:{error.line}:{error.column}: ")


def test_literal_block_positions(read_fixture, expect_at):
    doc = read_fixture("premade.yaml")[0][0]
    assert "We are sorry your refund is late.\n  It should arrive" in doc.text
    expect_at(doc, "refund is late")
    expect_at(doc, "It should arrive within five days")
    assert "<br>" not in doc.text  # HTML masked


def test_folded_block_positions(read_fixture, expect_at):
    doc = read_fixture("premade.yaml")[0][1]
    assert doc.text.startswith("Thanks for reaching out. We have escalated your ticket to our billing team.\n")
    expect_at(doc, "escalated")
    expect_at(doc, "billing team")
    # A phrase across a folded line break spans from its first to its last character in the file.
    start = doc.text.index("We have escalated")
    span = doc.locate(start, start + len("We have escalated"))
    assert span.end.line == span.start.line + 1
    assert doc.source.text[span.end.offset - len("escalated") : span.end.offset] == "escalated"


def test_double_and_single_quoted_escapes(read_fixture, expect_at):
    documents = read_fixture("premade.yaml")[0]
    double, single = documents[2], documents[3]
    assert double.text == 'Line one\nWe’re "happy" to help, said the café team.'
    expect_at(double, "happy")
    expect_at(double, "said the caf")
    # An escaped character maps to its escape sequence.
    index = double.text.index("é")
    span = double.locate(index, index + 1)
    assert double.source.text[span.start.offset : span.end.offset] == "\\u00e9"
    start = double.text.index("café")
    span = double.locate(start, start + 4)
    assert double.source.text[span.start.offset : span.end.offset] == "caf\\u00e9"
    assert single.text == "It's fixed now, thanks for   your patience."
    expect_at(single, "fixed now")
    index = single.text.index("'")
    assert single.source.text[single.file_offset(index)] == "'"


def test_plain_multiline_scalar(read_fixture, expect_at):
    doc = read_fixture("premade.yaml")[0][4]
    assert doc.text == "Your order has shipped today."
    expect_at(doc, "has shipped today")


def test_single_record_file(read_fixture, expect_at):
    [doc], errors = read_fixture("email_template.yaml")
    assert errors == []
    assert doc.record_id is None
    assert doc.fields["subject"].startswith("Support Ticket Opened")
    assert "<strong>" not in doc.text and "Dear %{recipient.name.first}," in doc.text
    expect_at(doc, "A representative will follow-up")
    expect_at(doc, "view this ticket's progress")


def test_mapping_of_title_to_record(read_fixture, expect_at):
    documents, errors = read_fixture("knowledgebase.yaml")
    assert errors == []
    assert [doc.record_id for doc in documents] == ["Canned Response", "canned_attachments"]
    assert documents[1].line == 6
    expect_at(documents[0], "be included in a ticket response")


def test_mapping_of_title_to_body_and_wrapper_key():
    text = "Refund (chat): Your refund is on its way.\nDelay: 'Sorry for the wait.'\n"
    documents = list(read_text("lib.yaml", text))
    assert [(d.record_id, d.text, d.line) for d in documents] == [
        ("Refund (chat)", "Your refund is on its way.", 1),
        ("Delay", "Sorry for the wait.", 2),
    ]
    wrapped = "macros:\n  - id: a\n    body: First.\n  - Second reply.\n"
    documents = list(read_text("lib.yml", wrapped))
    assert [(d.record_id, d.text) for d in documents] == [("a", "First."), ("#2", "Second reply.")]


def test_option_names_the_text_field():
    text = "- id: x\n  body: not this\n  reply: Use this one.\n"
    [doc] = list(read_text("lib.yaml", text, ReadOptions(text_fields=("reply",))))
    assert doc.text == "Use this one."
    assert doc.fields["body"] == "not this"


def test_syntax_error_names_line_and_column():
    [error] = list(read_text("broken.yaml", "- title: a\n  body: [unclosed\n- title: b\n"))
    assert isinstance(error, InputError)
    assert error.message.startswith("YAML syntax error")
    assert error.line is not None and error.line >= 2 and error.column is not None


def test_unsafe_tag_is_an_error_and_never_executed():
    text = "- body: !!python/object/apply:os.system ['echo pwned']\n"
    [error] = list(read_text("evil.yaml", text))
    assert isinstance(error, InputError)
    assert "python/object/apply" in error.message
    assert (error.line, error.column) == (1, 9)


def test_aliases_are_not_expanded_exponentially():
    # A "billion laughs" document composes to shared nodes; reading it must stay cheap.
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    lines.append("body: done")
    results = list(read_text("laughs.yaml", "\n".join(lines) + "\n"))
    assert len(results) <= 20


def test_merge_keys_supply_fields():
    text = "defaults: &d {channel: chat}\nreplies:\n  - <<: *d\n    body: Merged.\n"
    documents = [d for d in read_text("m.yaml", text) if not isinstance(d, InputError)]
    assert [(d.text, d.channel) for d in documents if d.text == "Merged."] == [("Merged.", "chat")]


def test_empty_yaml_gives_nothing():
    assert list(read_text("empty.yaml", "")) == []
    assert list(read_text("comments.yaml", "# only a comment\n")) == []
