"""A bounded fuzz suite: random texts, libraries in every format (CRLF, CR, NBSP, escapes), mutated
guides and CLI runs. No traceback, exit status in {0, 1, 2}, JSON that parses, every location at its
text. `python -m benchmarks.fuzz --minutes N` runs the same checks for longer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import (
    check_cli,
    check_guide,
    check_library,
    check_text,
    fuzz_guides,
    fuzz_texts,
    library_formats,
    line_ends,
    render_library,
)


def bounded(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@bounded(60)
@given(fuzz_texts)
def test_any_text_lints_with_exact_locations(text: str) -> None:
    check_text(text)


@bounded(60)
@given(library_formats, st.lists(fuzz_texts, min_size=1, max_size=4), line_ends, st.booleans())
def test_any_library_is_read_with_locations_in_the_file(
    tmp_path_factory: Any, fmt: str, bodies: list[str], line_end: str, nbsp: bool
) -> None:
    folder = Path(tmp_path_factory.mktemp("lib"))
    check_library(folder, "lib." + fmt.split("-")[0], render_library(fmt, bodies, line_end, nbsp))


@bounded(300)
@given(fuzz_guides())
def test_any_guide_loads_or_is_refused_with_positions(text: str) -> None:
    check_guide(text)


@bounded(25)
@given(library_formats, st.lists(fuzz_texts, min_size=1, max_size=3), line_ends,
       st.sampled_from(["json", "text", "github"]))
def test_cli_exits_0_1_or_2_and_json_parses(
    tmp_path_factory: Any, fmt: str, bodies: list[str], line_end: str, output_format: str
) -> None:
    folder = Path(tmp_path_factory.mktemp("cli"))
    check_cli(folder, "lib." + fmt.split("-")[0], render_library(fmt, bodies, line_end, False), output_format)


def test_the_location_check_catches_a_shifted_span() -> None:
    """The checker itself: a span one character off is a wrong location."""
    import pytest

    from benchmarks.fuzz import WrongLocation, check_locations

    text = "Hi.\r\nPer our policy, no."
    good = {"offset": 5, "length": 14, "line": 2, "column": 1, "end_line": 2, "end_column": 15,
            "match": "Per our policy"}
    check_locations(text, [good], exact=True)
    with pytest.raises(WrongLocation):
        check_locations(text, [{**good, "offset": 6}], exact=True)
    with pytest.raises(WrongLocation):
        check_locations(text, [{**good, "line": 1}], exact=True)
