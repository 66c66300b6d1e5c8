"""Property tests over generated libraries: ``fix`` changes exactly the fixed spans, nothing else.

Each example writes a library (YAML with mixed scalar styles, comments, CRLF and a BOM; JSON with
escapes, ``\\u`` sequences and HTML bodies; CSV with quoted fields holding quotes, commas and line
breaks) whose records say "support desk", under a tiny guide that prefers "help desk". The oracle is
independent of voicelint's readers: every literal "support desk" of the file (ids and comments never
hold one) becomes "help desk", so the expected bytes are the original bytes with that replacement,
and the standard parser (``yaml.safe_load``, ``json.loads``, ``csv``) must read the fixed file as
it reads the expected one. A second fix run must change nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.atomic_write import write_atomically
from voicelint.fix.files import load, to_bytes
from voicelint.fix.run import fix_paths
from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions

GUIDE = load_guide_text("version: 1\nterms: [{use: help desk, avoid: [support desk]}]\n")
#: Only the preferred-term rule: its fixes are the safe ones, and the runs stay quick.
OPTIONS = LintOptions(select=("VL102",))
SETTINGS = settings(
    max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Words around the term: quotes, backslashes, commas, colons, hashes, tabs and non-ASCII text.
WORDS = ["please", "the", "orders", "café", "it's", '"quoted"', "a,b", "x: y", "#tag", "back\\slash",
         "😀", "100%", "tab\there", "Ünïcode", "'single'", "today."]
words = st.lists(st.sampled_from(WORDS), max_size=4)


@st.composite
def bodies(draw: st.DrawFn, breaks: bool = True) -> str:
    """A reply with one or two "support desk" between random words (and line breaks, when allowed)."""
    separator = st.sampled_from([" ", "\n"]) if breaks else st.just(" ")
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        parts.extend(draw(words))
        parts.append("Support desk" if not parts else "support desk")
        parts.extend(draw(words))
    text = parts[0]
    for part in parts[1:]:
        text += draw(separator) + part
    return text


def _expected(raw: str) -> str:
    return raw.replace("support desk", "help desk").replace("Support desk", "Help desk")


def _run_fix(path: Path, guide: Guide = GUIDE) -> int:
    """One ``voicelint fix`` of the file, as the command writes it; the number of fixes applied."""
    run = fix_paths([str(path)], guide, OPTIONS)
    for state in run.files.values():
        if state.changed:
            write_atomically(state.path, to_bytes(state.loaded, state.text))
    assert not [r for r in run.results if not hasattr(r, "violations")], run.results
    return run.applied


def _check(path: Path, data: bytes, parse: Any) -> None:
    path.write_bytes(data)
    original = data.decode("utf-8")
    applied = _run_fix(path)
    fixed = path.read_bytes()
    expected = _expected(original).encode("utf-8")
    assert fixed == expected
    assert applied == original.count("support desk") + original.count("Support desk")
    loaded = load(str(path))
    assert not isinstance(loaded, Exception)
    assert parse(fixed.decode("utf-8-sig")) == parse(expected.decode("utf-8-sig"))
    assert _run_fix(path) == 0
    assert path.read_bytes() == fixed


class _Styled(str):
    style: str | None = None


def _styled(value: str, style: str | None) -> _Styled:
    text = _Styled(value)
    text.style = style
    return text


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Styled, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=value.style)
)


@SETTINGS
@given(
    records=st.lists(st.tuples(bodies(), st.sampled_from([None, "'", '"', "|", ">"])), min_size=1, max_size=3),
    crlf=st.booleans(), bom=st.booleans(), ascii_only=st.booleans(), wrapped=st.booleans(),
)
def test_yaml_libraries(tmp_path: Path, records: list[tuple[str, str | None]], crlf: bool, bom: bool,
                        ascii_only: bool, wrapped: bool) -> None:
    items = [{"id": f"r{k}", "body": _styled(body, style), "n": k} for k, (body, style) in enumerate(records)]
    data: Any = {"macros": items} if wrapped else items
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=not ascii_only, width=10**6)
    lines = text.split("\n")
    text = "\n".join(
        f"# note {k}\n{line}" if line.lstrip().startswith("- id") else line for k, line in enumerate(lines)
    )
    text = "# Macros  (comments stay)\n" + text
    if crlf:
        text = text.replace("\n", "\r\n")
    _check(tmp_path / "lib.yaml", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"), yaml.safe_load)


@SETTINGS
@given(
    records=st.lists(bodies(), min_size=1, max_size=3), ascii_only=st.booleans(),
    indent=st.sampled_from([None, 2]), escaped=st.integers(0, 3),
)
def test_json_libraries(tmp_path: Path, records: list[str], ascii_only: bool, indent: int | None,
                        escaped: int) -> None:
    text = json.dumps([{"id": f"r{k}", "body": body, "n": k} for k, body in enumerate(records)],
                      ensure_ascii=ascii_only, indent=indent)
    # One occurrence written with an escape inside it: never literal, so never fixed (the oracle agrees).
    at = -1
    for _ in range(escaped + 1):
        at = text.find("support desk", at + 1)
    if at >= 0 and escaped:
        text = text[:at] + "support\\u0020desk" + text[at + len("support desk"):]
    _check(tmp_path / "lib.json", text.encode("utf-8"), json.loads)


@SETTINGS
@given(records=st.lists(bodies(breaks=False), min_size=1, max_size=3), breaks=st.lists(st.booleans(), max_size=3))
def test_html_bodies_in_helpdesk_json(tmp_path: Path, records: list[str], breaks: list[bool]) -> None:
    macros = []
    for k, body in enumerate(records):
        html = body.replace("&", "&amp;").replace('"quoted"', "&quot;quoted&quot;")
        if k < len(breaks) and breaks[k]:
            html = "<p>" + html.replace(" support desk", "</p><p>support desk<br>") + "</p>"
        macros.append({"id": k, "title": f"Macro {k}", "active": True,
                       "actions": [{"field": "comment_value_html", "value": f"<div>{html}</div>"}]})
    _check(tmp_path / "macros.json", json.dumps({"macros": macros}).encode("utf-8"), json.loads)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@SETTINGS
@given(
    records=st.lists(bodies(), min_size=1, max_size=3),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), terminator=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_libraries(tmp_path: Path, records: list[str], quoting: int, terminator: str) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=quoting, lineterminator=terminator)
    writer.writerow(["id", "body", "channel"])
    for k, body in enumerate(records):
        writer.writerow([f"r{k}", body, "email"])
    _check(tmp_path / "lib.csv", out.getvalue().encode("utf-8"), _csv_rows)


# A replacement with both quotes: escaped as JSON (\\"), YAML double (\\") and single (''), CSV ("").
SPECIAL = "sign \"in\" 'now'"
SPECIAL_GUIDE = load_guide_text("version: 1\nterms: [{use: " + json.dumps(SPECIAL) + ", avoid: [support desk]}]\n")


def _special(value: str) -> str:
    return value.replace("support desk", SPECIAL).replace("Support desk", SPECIAL[0].upper() + SPECIAL[1:])


def _check_special(path: Path, data: bytes, parse: Any, fixed_value: Any) -> None:
    """The fixed file parses as the original with every body's term replaced, and between the
    replaced spans every character of the file is where it was."""
    path.write_bytes(data)
    original = data.decode("utf-8-sig")
    assert _run_fix(path, SPECIAL_GUIDE) == len(re.findall("[Ss]upport desk", original)) > 0
    fixed = path.read_bytes().decode("utf-8-sig")
    pieces = re.split("[Ss]upport desk", original)
    spans = re.fullmatch("(.+?)".join(re.escape(piece) for piece in pieces), fixed, re.DOTALL)
    assert spans is not None, (original, fixed)
    assert parse(fixed) == fixed_value(parse(original))
    assert _run_fix(path, SPECIAL_GUIDE) == 0


def _bodies_fixed(tree: Any) -> Any:
    if isinstance(tree, list):
        return [_bodies_fixed(item) for item in tree]
    if isinstance(tree, dict):
        return {key: _special(value) if key == "body" else _bodies_fixed(value) for key, value in tree.items()}
    return tree


@SETTINGS
@given(
    records=st.lists(st.tuples(bodies(), st.sampled_from([None, "'", '"', "|", ">"])), min_size=1, max_size=3),
    crlf=st.booleans(),
)
def test_a_replacement_with_quotes_is_escaped_for_each_yaml_style(
    tmp_path: Path, records: list[tuple[str, str | None]], crlf: bool
) -> None:
    items = [{"id": f"r{k}", "body": _styled(body, style)} for k, (body, style) in enumerate(records)]
    text = yaml.dump(items, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)
    if crlf:
        text = text.replace("\n", "\r\n")
    _check_special(tmp_path / "lib.yaml", text.encode("utf-8"), yaml.safe_load, _bodies_fixed)


@SETTINGS
@given(records=st.lists(bodies(), min_size=1, max_size=3), ascii_only=st.booleans())
def test_a_replacement_with_quotes_is_escaped_in_json(tmp_path: Path, records: list[str], ascii_only: bool) -> None:
    text = json.dumps([{"id": k, "body": body} for k, body in enumerate(records)], ensure_ascii=ascii_only)
    _check_special(tmp_path / "lib.json", text.encode("utf-8"), json.loads, _bodies_fixed)


@SETTINGS
@given(records=st.lists(bodies(), min_size=1, max_size=3), terminator=st.sampled_from(["\n", "\r\n"]))
def test_a_replacement_with_quotes_is_escaped_in_quoted_csv_fields(
    tmp_path: Path, records: list[str], terminator: str
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=terminator)
    writer.writerow(["id", "body"])
    writer.writerows([f"r{k}", body] for k, body in enumerate(records))
    _check_special(tmp_path / "lib.csv", out.getvalue().encode("utf-8"), _csv_rows, _bodies_fixed)
