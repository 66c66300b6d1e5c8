"""Fuzzing voicelint as an outsider would: random texts, libraries in every format, guides, CLI runs.

The strategies and the checks live here so that the test suite (``tests/fuzz``, a few hundred
inputs, bounded to stay fast) and a long run share them::

    python -m benchmarks.fuzz --minutes 10          # as many inputs as fit, every target in turn
    python -m benchmarks.fuzz --minutes 2 --target guides

Each input must give: no exception escaping the API (input problems are ``errors``, never raised),
a guide either loaded or refused with ``GuideError`` messages that carry ``file:line:col``, a CLI
exit status in {0, 1, 2} with no traceback and, for ``--format json``, stdout that parses; and
every reported location must point at its text (line and column agree with the offset, the span
lies in the file, and the file's characters there are the match, up to YAML/JSON/CSV quoting and
folding). A run prints inputs tried, crashes, hangs (inputs over ``--hang-seconds``) and wrong
locations per target.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# -- strategies ------------------------------------------------------------------------------

#: Characters that broke readers or the engine before: surrogates, NBSP, NEL, LS/PS, bidi
#: controls, escapes, CR, emoji, quotes, HTML and placeholder syntax.
AWKWARD = list(
    "\ud83d\ude00\u00a0\u0085\u2028\u2029\u202e\u200b\ufeff\r\n\t\x1b\x07\\\"'&<>{}[]%#:,|-!?😀 ’é"
)
WORDS = [
    "per our policy", "log in", "unfortunately", "we apologize for any inconvenience", "please",
    "refund", "order", "Hi Sam,", "thanks!", "I can't", "XXXXXXX", "{{ticket.id}}", "[ORDER NUMBER]",
    "<b>bold</b>", "&amp;", "https://example.com/x?a=b", "@AcmeHelp", "^JS", "!!!", '""""', "😀😀😀",
]

fuzz_chars = st.characters(exclude_categories=["Cc"]) | st.sampled_from(AWKWARD)
fuzz_texts = st.lists(st.sampled_from(WORDS) | st.text(fuzz_chars, max_size=12), max_size=14).map(" ".join)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])
library_formats = st.sampled_from(["yaml-plain", "yaml-quoted", "yaml-block", "json", "json-ascii", "csv", "tsv",
                                   "jsonl"])


def _clean_for(fmt: str, body: str) -> str:
    """What a format can carry at all (YAML and CSV cannot hold lone surrogates or NUL as text)."""
    if fmt.startswith("json"):
        return body
    return body.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def render_library(fmt: str, bodies: list[str], line_end: str, nbsp_continuations: bool) -> str:
    """A library file of ``bodies`` in format ``fmt`` with the given line ending."""
    records = [{"id": f"r{i}", "body": _clean_for(fmt, b)} for i, b in enumerate(bodies)]
    if fmt == "json":
        text = json.dumps(records, indent=2)
    elif fmt == "json-ascii":
        text = json.dumps(records, indent=2, ensure_ascii=True)
    elif fmt == "jsonl":
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(["id", "body"])
        writer.writerows([[r["id"], r["body"].replace("\r", "")] for r in records])
        text = buffer.getvalue()
    else:
        style = {"yaml-plain": None, "yaml-quoted": '"', "yaml-block": "|"}[fmt]
        text = yaml.safe_dump(records, allow_unicode=True, default_style=style, width=30)
        if nbsp_continuations:
            text = re.sub(r"\n(\s+)(?=\S)", lambda m: "\n" + m.group(1) + "\u00a0", text)
    return text.replace("\n", line_end) if line_end != "\n" else text


GUIDE_BASE = """version: 1
name: Fuzz
extends: support-default
default_channel: email
channels:
  chat: {readability: {max_grade: 6}, tone: {formality: [0, 50]}}
  social: {max_chars: 280, public: true}
banned:
  - phrase: per our policy
    suggest: [because]
    reason: Sounds bureaucratic.
terms:
  - use: sign in
    avoid: [log in, login]
readability: {max_grade: 8, max_sentence_words: 25}
tone: {warmth: [40, 100]}
boilerplate: {enabled: true, allow: [thanks for reaching out]}
rules: {readability.sentence-length: warning}
"""
GUIDE_INSERTS = [
    "2024-13-01", "0x_", "!!bool maybe", "!!float abc", "!!python/object:os.system x", "&a", "*a", "<<: *a",
    "[" * 300, "{" * 300, "- " * 50, "\t", "\x00", "\ud800", ": :", "? x", "%YAML 1.1\n---\n", "'", '"', "|", ">-",
    "\u00a0", "\r", "~", "null", "1e999", "-.inf", "!!binary AAAA", "extends: /dev/zero", "extends: ../x.yaml",
]


@st.composite
def fuzz_guides(draw: st.DrawFn) -> str:
    """A valid guide mutated a few times: inserted tokens, deleted ranges, duplicated lines."""
    text = GUIDE_BASE
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            token = draw(st.sampled_from(GUIDE_INSERTS) | st.text(fuzz_chars, max_size=5))
            text = text[:position] + token + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        else:
            line_start = text.rfind("\n", 0, position) + 1
            line_end = text.find("\n", position)
            line = text[line_start : line_end if line_end != -1 else len(text)]
            text = text[:line_start] + line + "\n" + text[line_start:]
    return text


# -- checks ----------------------------------------------------------------------------------


class WrongLocation(AssertionError):
    """A violation whose line, column, offset or length does not point at its text."""


_BREAKS = re.compile(r"\r\n|\r|\n")


def _ascii_alnum(text: str) -> str:
    return "".join(c for c in text if c.isascii() and c.isalnum())


def _is_subsequence(needle: str, haystack: str) -> bool:
    characters = iter(haystack)
    return all(c in characters for c in needle)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start, line = 0, 1
    for match in _BREAKS.finditer(text, 0, offset):
        if match.end() > offset:
            break
        line += 1
        line_start = match.end()
    return line, offset - line_start + 1


def check_locations(file_text: str, violations: list[dict[str, Any]], exact: bool) -> None:
    """Every violation points into ``file_text`` at its match (exactly, or up to quoting and folding)."""
    for v in violations:
        start, end = v["offset"], v["offset"] + v["length"]
        if not 0 <= start <= end <= len(file_text):
            raise WrongLocation(f"span {start}:{end} outside a file of {len(file_text)} characters: {v}")
        if (v["line"], v["column"]) != _line_column(file_text, start):
            raise WrongLocation(f"line/column {v['line']}:{v['column']} != offset {start}: {v}")
        if (v["end_line"], v["end_column"]) != _line_column(file_text, end):
            raise WrongLocation(f"end line/column {v['end_line']}:{v['end_column']} != offset {end}: {v}")
        found = file_text[start:end]
        if exact:
            if found != v["match"]:
                raise WrongLocation(f"file has {found!r} where the match is {v['match']!r}")
        elif not _is_subsequence(_ascii_alnum(v["match"]), _ascii_alnum(found)):
            # Library text is cleaned (quoting, escapes, folding, HTML and URLs blanked, mojibake
            # repaired), so the file may hold more than the match: but every ASCII letter and digit
            # of the match must be there, in order. A span shifted into indentation fails this.
            raise WrongLocation(f"file has {found!r} where the match is {v['match']!r}")


def check_text(text: str) -> None:
    """Lint one text through the API: no exception, every location exact."""
    from voicelint.api import lint_text

    report = lint_text(text, guide="support-default")
    for document in report.to_dict()["documents"]:
        check_locations(text, document["violations"], exact=True)


def check_library(folder: Path, name: str, file_text: str) -> None:
    """Lint one library file: no exception, errors instead of crashes, every location in the file."""
    from voicelint.api import lint_paths

    path = folder / name
    path.write_bytes(file_text.encode("utf-8", "surrogatepass"))
    report = lint_paths([path], guide="support-default").to_dict()
    for error in report["errors"]:
        assert error["path"] == str(path), error
    for document in report["documents"]:
        check_locations(file_text, document["violations"], exact=False)


_ERROR_PREFIX = re.compile(r"^(<string>|[^:]+)(:\d+:\d+)?: ")


def check_guide(text: str) -> None:
    """A mutated guide loads, or is refused with positioned GuideError messages, never anything else."""
    from voicelint.guide.loader import GuideError, load_guide_text

    try:
        load_guide_text(text, "<string>", base_dir=Path(tempfile.gettempdir()))
    except GuideError as exc:
        for message in exc.errors:
            assert _ERROR_PREFIX.match(str(message)), f"unpositioned guide error: {message!r}"


def check_cli(folder: Path, name: str, file_text: str, output_format: str) -> None:
    """The CLI on one file: exit status 0/1/2, no traceback, JSON that always parses."""
    from click.testing import CliRunner

    from voicelint.cli import main

    (folder / name).write_bytes(file_text.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["check", str(folder / name), "--format", output_format, "--no-cache",
                                       "--jobs", "1"])
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.stderr
    if output_format == "json":
        json.loads(result.stdout)


# -- a long run ------------------------------------------------------------------------------


@dataclass
class Tally:
    inputs: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: int = 0
    wrong_locations: list[str] = field(default_factory=list)


class _Hang(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _runner(tally: Tally, hang_seconds: float) -> Callable[[Callable[[], None]], None]:
    def run(check: Callable[[], None]) -> None:
        tally.inputs += 1
        try:
            with _time_limit(hang_seconds):
                check()
        except _Hang:
            tally.hangs += 1
        except WrongLocation as exc:
            tally.wrong_locations.append(str(exc)[:300])
        except Exception as exc:  # every other failure is a crash to report
            where = traceback.extract_tb(exc.__traceback__)[-1]
            detail = str(exc).strip().splitlines()[-1:] or [""]
            place = f"{Path(where.filename).name}:{where.lineno}"
            tally.crashes.append(f"{type(exc).__name__} at {place}: {detail[0][:240]}")

    return run


def targets(folder: Path) -> dict[str, Any]:
    """Each fuzz target as a hypothesis-decorated function of its inputs (for the long run)."""
    return {
        "texts": (st.tuples(fuzz_texts), lambda text: check_text(text)),
        "libraries": (
            st.tuples(library_formats, st.lists(fuzz_texts, min_size=1, max_size=5), line_ends, st.booleans()),
            lambda fmt, bodies, end, nbsp: check_library(
                folder, "lib." + fmt.split("-")[0], render_library(fmt, bodies, end, nbsp)
            ),
        ),
        "guides": (st.tuples(fuzz_guides()), lambda text: check_guide(text)),
        "cli": (
            st.tuples(library_formats, st.lists(fuzz_texts, min_size=1, max_size=3), line_ends,
                      st.sampled_from(["json", "text", "github"])),
            lambda fmt, bodies, end, out: check_cli(
                folder, "lib." + fmt.split("-")[0], render_library(fmt, bodies, end, False), out
            ),
        ),
    }


def _fuzz_batch(
    strategy: Any, check: Callable[..., None], run: Callable[[Callable[[], None]], None], deadline: float
) -> None:
    """Up to 50 inputs of one target, each checked by ``run`` (which tallies the outcome)."""

    @settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def batch(values: tuple[Any, ...]) -> None:
        if time.monotonic() < deadline:
            run(lambda: check(*values))

    batch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="total time, shared by the targets")
    parser.add_argument("--target", choices=["texts", "libraries", "guides", "cli", "all"], default="all")
    parser.add_argument("--hang-seconds", type=float, default=30.0, help="an input slower than this is a hang")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chosen = targets(folder) if args.target == "all" else {args.target: targets(folder)[args.target]}
        budget = args.minutes * 60 / len(chosen)
        for name, (strategy, check) in chosen.items():
            tally = Tally()
            run = _runner(tally, args.hang_seconds)
            deadline = time.monotonic() + budget
            while time.monotonic() < deadline:
                _fuzz_batch(strategy, check, run, deadline)
            print(f"{name}: {tally.inputs} inputs, {len(tally.crashes)} crashes, {tally.hangs} hangs, "
                  f"{len(tally.wrong_locations)} wrong locations")
            for problem in (tally.crashes + tally.wrong_locations)[:5]:
                print(f"  {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
