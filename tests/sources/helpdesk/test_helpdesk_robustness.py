"""Any JSON or CSV that a helpdesk detector recognises is read without an internal error, and
every document it gives maps into the file."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.document import Document
from voicelint.sources import InputError, read_text

KEYS = [
    "macros",
    "macro",
    "title",
    "active",
    "actions",
    "field",
    "value",
    "comment_value",
    "comment_value_html",
    "comment_mode_is_public",
    "content",
    "content_html",
    "type",
    "data",
    "name",
    "body",
    "body_text",
    "body_html",
    "arguments",
    "text",
    "chatText",
    "_results",
    "_embedded",
    "saved-replies",
    "keywords",
    "channel",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["comment_value", "comment_value_html", "false", "<p>Hi &amp; bye</p>", "macro", "channel:all"]),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, st.booleans())
def test_vendor_shaped_json_never_fails_inside_a_reader(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)
    for item in read_text("export.json", text):
        if isinstance(item, InputError):
            assert "internal error" not in item.message, item.message
            continue
        assert isinstance(item, Document)
        offsets = [item.file_offset(i) for i in range(len(item.text) + 1)]
        assert offsets == sorted(offsets)
        assert all(0 <= offset <= len(text) for offset in offsets)


cells = st.text(alphabet=st.sampled_from(list('ab,"\n<p>&;')), max_size=10)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["name,keywords,content,active", "Id,Name,Message,Channel", "NAME,MESSAGE,CHANNEL"]),
    st.lists(st.lists(cells, max_size=5), max_size=5),
)
def test_vendor_csv_never_fails_inside_a_reader(header, rows):
    lines = [header]
    for row in rows:
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in row))
    text = "\n".join(lines) + "\n"
    for item in read_text("export.csv", text):
        if isinstance(item, InputError):
            assert "internal error" not in item.message, item.message
            continue
        assert isinstance(item, Document)
        for index in range(len(item.text)):
            assert 0 <= item.file_offset(index) < len(text)
