"""Property tests: for random records, every document character maps back to its file character."""

from __future__ import annotations

import csv
import io
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.document import Document
from voicelint.sources import InputError, ReadOptions, read_text

RAW = ReadOptions(clean_records=False)

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
prose_texts = st.text(alphabet=st.sampled_from(list("abc XYZ.,'\"\\\n\t&;<>/é’😊â€™ðŸ˜Š#-*`[]()")), max_size=80)
record_lists = st.lists(texts, min_size=1, max_size=6)


def _documents(path: str, text: str, options: ReadOptions = RAW) -> list[Document]:
    results = list(read_text(path, text, options))
    assert not [r for r in results if isinstance(r, InputError)], results
    return [r for r in results if isinstance(r, Document)]


def _assert_monotonic(doc: Document) -> None:
    offsets = [doc.file_offset(i) for i in range(len(doc.text) + 1)]
    assert offsets == sorted(offsets)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists, st.booleans())
def test_json_characters_map_to_themselves_or_their_escape(bodies, ascii_only):
    records = [{"id": f"r{i}", "channel": "chat", "body": body} for i, body in enumerate(bodies)]
    text = json.dumps(records, ensure_ascii=ascii_only, indent=2)
    documents = _documents("lib.json", text)
    assert [d.text for d in documents] == bodies
    assert [d.record_id for d in documents] == [f"r{i}" for i in range(len(bodies))]
    for doc in documents:
        _assert_monotonic(doc)
        for index, char in enumerate(doc.text):
            found = text[doc.file_offset(index)]
            escaped = char in '"\\' or ord(char) < 0x20
            if escaped or (ascii_only and (not char.isascii() or char == "\x7f")):
                assert found == "\\"
            else:
                assert found == char
            span = doc.locate(index, index + 1)
            assert json.loads('"' + text[span.start.offset : span.end.offset] + '"') == char


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists, st.sampled_from([None, '"', "'", "|", ">"]))
def test_yaml_characters_map_to_themselves_or_their_escape(bodies, style):
    records = [{"id": f"r{i}", "body": body} for i, body in enumerate(bodies)]
    text = yaml.safe_dump(records, allow_unicode=True, default_style=style, width=40)
    documents = _documents("lib.yaml", text)
    # The same values PyYAML itself reads (its dumper does not round-trip every line-break character).
    assert [d.text for d in documents] == [record["body"] for record in yaml.safe_load(text)]
    for doc in documents:
        for index, char in enumerate(doc.text):
            found = text[doc.file_offset(index)]
            if char.isspace() or not char.isprintable():
                # Folded/escaped whitespace lands on layout or on its escape sequence.
                assert found.isspace() or found == "\\" or found == char or not found.isprintable()
            else:
                assert found == char or found == "\\"


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists, st.sampled_from(["\n", "\r\n"]))
def test_csv_characters_map_to_themselves(bodies, line_end):
    # csv.writer leaves a lone "\r" unquoted, which every reader (csv's too) takes as a row end.
    bodies = [body.replace("\r\n", "\n").replace("\r", "") for body in bodies]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(["id", "text"])
    for i, body in enumerate(bodies):
        writer.writerow([f"r{i}", body])
    text = buffer.getvalue()
    documents = _documents("lib.csv", text)
    # The same rows the csv module reads back (its writer leaves a lone "\r" unquoted).
    expected = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert [(d.record_id, d.text) for d in documents] == [row for row in expected if row]
    for doc in documents:
        _assert_monotonic(doc)
        for index, char in enumerate(doc.text):
            assert text[doc.file_offset(index)] == char


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(prose_texts, min_size=1, max_size=5), st.sampled_from(["lib.json", "lib.csv", "lib.yaml"]))
def test_cleaned_text_maps_verbatim_characters_exactly(bodies, path):
    """With clean-up on, a character that came from one file character IS that character."""
    if path == "lib.json":
        text = json.dumps([{"body": body} for body in bodies])
    elif path == "lib.yaml":
        text = yaml.safe_dump([{"body": body} for body in bodies], allow_unicode=True)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["text"])
        writer.writerows([[body] for body in bodies if body] or [["x"]])
        text = buffer.getvalue()
    for doc in _documents(path, text, ReadOptions()):
        for index, char in enumerate(doc.text):
            start = doc.file_offset(index)
            end = doc.locate(index, index + 1).end.offset
            if char.isspace() or end - start != 1:
                continue  # masked markup, folding, or a character built from an escape/entity/repair
            assert text[start] == char
