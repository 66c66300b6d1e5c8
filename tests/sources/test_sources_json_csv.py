"""JSON and CSV libraries: escapes, quoted fields, mojibake and entities land on the right spot."""

from __future__ import annotations

from voicelint.sources import InputError, ReadOptions, read_text
from voicelint.sources.json_library import MAX_DEPTH


def test_json_mapping_of_title_to_body(read_fixture, expect_at):
    documents, errors = read_fixture("macros.json")
    assert errors == []
    assert [d.record_id for d in documents] == ["Apologize (ver 1)", "No hotline", "Thanks (chat)"]
    assert [d.line for d in documents] == [2, 3, 4]
    hotline = documents[1]
    assert hotline.text == (
        'Unfortunately, we\'re unable to offer phone support.\nHowever, the café team is here "24/7" 😊 for you.'
    )
    expect_at(hotline, "unable to offer phone support")
    expect_at(hotline, "However, the caf")
    expect_at(hotline, "24/7")
    expect_at(hotline, "for you")


def test_json_escapes_map_to_their_escape_sequences(read_fixture):
    hotline = read_fixture("macros.json")[0][1]
    source = hotline.source.text
    for char, escape in (("'", "\\u0027"), ("é", "\\u00e9"), ("😊", "\\ud83d\\ude0a"), ("\n", "\\n")):
        index = hotline.text.index(char)
        offset = hotline.file_offset(index)
        assert source[offset : offset + len(escape)] == escape
    # Spans that start or end on an escaped character cover the whole escape sequence.
    for word, raw in (("we're", "we\\u0027re"), ("café", "caf\\u00e9"), ("😊", "\\ud83d\\ude0a")):
        start = hotline.text.index(word)
        span = hotline.locate(start, start + len(word))
        assert source[span.start.offset : span.end.offset] == raw


def test_json_wrapper_with_list_of_records(read_fixture, expect_at):
    documents, errors = read_fixture("wrapped.json")
    assert [(d.record_id, d.channel) for d in documents] == [("refund-1", "email"), ("Greeting", None)]
    assert documents[0].text == "Your refund was sent today.\tIt takes 3 days."
    expect_at(documents[0], "It takes 3 days")
    assert documents[1].text.startswith("Hello there & welcome")
    expect_at(documents[1], "& welcome", "&amp; welcome")
    [error] = errors
    assert "no-text" in error.message and "looked for" in error.message
    line = documents[0].source.text.split("\n")[error.line - 1]
    assert line[error.column - 1 :].startswith('{"id": "no-text"')


def test_json_syntax_error_has_line_and_column():
    [error] = list(read_text("bad.json", '{\n  "a": "fine",\n  "b" "missing colon"\n}\n'))
    assert isinstance(error, InputError)
    assert (error.line, error.column) == (3, 7)
    assert "':'" in error.message
    [error] = list(read_text("bad.json", '["unterminated\n'))
    assert isinstance(error, InputError) and error.line == 1


def test_json_deep_nesting_is_a_clear_error():
    [error] = list(read_text("deep.json", "[" * 100_000 + "]" * 100_000))
    assert isinstance(error, InputError)
    assert f"more than {MAX_DEPTH} levels" in error.message


def test_json_lines_one_record_per_line():
    text = '{"text": "First reply."}\nnot json\n{"id": "x", "text": "Third."}\n'
    results = list(read_text("replies.jsonl", text))
    assert [r.record_id for r in results if not isinstance(r, InputError)] == ["#1", "x"]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert error.line == 2


def test_a_json_lines_value_never_runs_on_into_the_next_line():
    """Each line is parsed in place (no copy of the text before it): a value left open at the end
    of its line is an error for that line, whitespace, strings and separators do not cross it."""
    text = (
        '{"text": "Open object",\n'
        '"text": "continued"}\n'
        '{"text": "Open string\r\n'
        '"}\n'
        '[1,\n'
        '{"id": "ok", "text": "Last reply."}'
    )
    results = list(read_text("replies.jsonl", text))
    errors = [r for r in results if isinstance(r, InputError)]
    assert [e.line for e in errors] == [1, 2, 3, 4, 5]
    assert [r.record_id for r in results if not isinstance(r, InputError)] == ["ok"]


def test_csv_rows_ids_channels_and_lines(read_fixture):
    documents, errors = read_fixture("replies.csv")
    assert errors == []
    assert [d.record_id for d in documents] == ["#1", "#2", "#3"]
    assert [d.channel for d in documents] == ["social", None, "chat"]
    assert [d.line for d in documents] == [2, 4, 5]
    assert documents[0].fields["author_id"] == "AcmeSupport"
    assert "text" not in documents[0].fields


def test_csv_quoted_field_with_newline_and_doubled_quotes(read_fixture, expect_at):
    doc = read_fixture("replies.csv")[0][0]
    assert doc.text == '@1001 Sorry about that, we\'re on it.\r\nDM us your order "number" please.'
    expect_at(doc, "we're on it")
    expect_at(doc, "DM us your order")
    expect_at(doc, "please")
    index = doc.text.index('"number"')
    assert doc.source.text[doc.file_offset(index)] == '"'
    span = doc.locate(doc.text.index("number"), doc.text.index("number") + 6)
    assert doc.source.text[span.start.offset : span.end.offset] == "number"
    assert span.start.line == 3


def test_csv_mojibake_and_entities_are_repaired_and_located(read_fixture, expect_at):
    doc = read_fixture("replies.csv")[0][1]
    assert doc.text == "@1002 Don’t worry 😊 check Settings > General."
    expect_at(doc, "Don’t", "Donâ€™t")
    expect_at(doc, "Settings >", "Settings &gt;")
    expect_at(doc, "worry 😊", "worry ðŸ˜Š")
    # The BOM is not part of the text: the header starts at column 1.
    assert doc.source.text.startswith("tweet_id")


def test_cleaning_can_be_switched_off(read_fixture):
    raw = list(read_text("r.csv", "text\nDonâ€™t &amp; <br> stop\n", ReadOptions(clean_records=False)))
    assert raw[0].text == "Donâ€™t &amp; <br> stop"


def test_tsv_library(read_fixture, expect_at):
    documents, errors = read_fixture("replies.tsv")
    assert errors == []
    assert [(d.record_id, d.text) for d in documents] == [("t-1", "We sent a new link."), ("t-2", 'Quoted "tab" row')]
    expect_at(documents[1], "row")


def test_csv_without_text_column_is_one_error():
    [error] = list(read_text("x.csv", "a,b\n1,2\n3,4\n"))
    assert isinstance(error, InputError)
    assert (error.line, error.column) == (1, 1)
    assert "looked for: body, text" in error.message and "found: a, b" in error.message


def test_csv_unterminated_quote_keeps_earlier_rows():
    results = list(read_text("x.csv", 'id,text\n1,Fine row.\n2,"never closed\n3,more\n'))
    assert [r.text for r in results if not isinstance(r, InputError)] == ["Fine row."]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert (error.line, error.column) == (3, 3) and "unterminated" in error.message


def test_csv_short_row_is_an_error_for_that_row_only():
    results = list(read_text("x.csv", "id,channel,text\n1,chat,Hello.\n2\n3,email,Bye.\n"))
    assert [r.record_id for r in results if not isinstance(r, InputError)] == ["1", "3"]
    [error] = [r for r in results if isinstance(r, InputError)]
    assert error.line == 3
