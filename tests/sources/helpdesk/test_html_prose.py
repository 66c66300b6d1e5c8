"""HTML bodies as prose: what a reader sees, and where every character came from."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.sources import ReadOptions, read_text
from voicelint.sources.html import html_to_prose, looks_like_html


def prose(value: str) -> str:
    return html_to_prose(value, None, None, 0)[0]


def test_tags_comments_and_entities():
    value = '<p class="x">Hi&nbsp;there,</p><!-- internal --><p>It&#8217;s <b>done</b> &amp; paid.<br/>Bye</p>'
    assert prose(value) == "\nHi\xa0there,\n\nIt’s done & paid.\nBye\n"


def test_script_style_and_placeholders():
    assert prose("<style>p{color:red}</style>Hello<script>alert('<p>')</script>!") == "Hello!"
    # A "<" that opens no tag, and ALL-CAPS pseudo tags, are text (placeholders stay visible).
    assert (
        prose("If a < b, quote <ORDER NUMBER> and <FIRST_NAME>.") == "If a < b, quote <ORDER NUMBER> and <FIRST_NAME>."
    )
    assert prose('<a href="https://x.example/?a=1&amp;b=2" title="a > b">here</a>') == "here"


def test_maps_into_the_value_and_through_a_json_string():
    value = "<p>Caf&eacute; &mdash; ok</p>"
    text, offsets, ends = html_to_prose(value, None, None, 100)
    assert text == "\nCafé — ok\n"
    assert offsets[0] == 100 and ends[0] == 103  # "\n" from "<p>"
    e = text.index("é")
    assert (offsets[e], ends[e]) == (100 + value.index("&eacute;"), 100 + value.index("&eacute;") + len("&eacute;"))
    assert len(offsets) == len(text) + 1 and len(ends) == len(text)


def test_looks_like_html():
    assert looks_like_html("<p>x</p>") and looks_like_html("Tom &amp; Jerry")
    assert not looks_like_html("Quote <ORDER NUMBER>, a < b & c.")


def test_no_quadratic_or_catastrophic_input():
    for value in ("<a " * 20000, '<a href="' * 20000, "<!--" * 20000, "<" + "b" * 100000 + '"', "&amp" * 30000):
        started = time.perf_counter()
        prose(value)
        assert time.perf_counter() - started < 2


class _Reference(HTMLParser):
    """The text a browser shows, as the standard library's parser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


fragments = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<br />",
                "<em>",
                "</em>",
                '<a href="https://x.example/?a=1&amp;b=2">',
                "</a>",
                "<!-- note -->",
                "&amp;",
                "&lt;",
                "&#8217;",
                "&eacute;",
                "<div class='x'>",
                "</div>",
                "<style>p {}</style>",
                "<ul><li>",
                "</li></ul>",
            ]
        ),
        st.text(alphabet=st.sampled_from(list("abc XYZ.,'-é")), min_size=1, max_size=10),
    ),
    max_size=15,
).map("".join)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments)
def test_same_words_as_the_standard_library_parser(value):
    reference = _Reference()
    reference.feed(value)
    reference.close()
    expected = "".join(reference.parts)
    assert re.sub(r"\s+", "", prose(value)) == re.sub(r"\s+", "", expected)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments, st.integers(min_value=0, max_value=50))
def test_maps_are_monotonic_and_inside_the_value(value, base):
    text, offsets, ends = html_to_prose(value, None, None, base)
    assert list(offsets) == sorted(offsets)
    assert offsets[-1] == base + len(value)
    for index in range(len(text)):
        assert base <= offsets[index] < ends[index] <= base + len(value)


def test_a_named_text_field_reads_the_file_as_a_plain_library():
    text = json.dumps(
        {"macros": [{"title": "A", "note": "Hi.", "actions": [{"field": "comment_value", "value": "x"}]}]}
    )
    default = list(read_text("macros.json", text))
    assert [(d.record_id, d.text) for d in default] == [("A", "x")]
    named = list(read_text("macros.json", text, ReadOptions(text_fields=("note",))))
    assert [(d.record_id, d.text) for d in named] == [("A", "Hi.")]
