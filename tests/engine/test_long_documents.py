"""Long documents are analysed in pieces (voicelint.analysis): findings still point at exactly the
right characters, document-level results still describe the whole document, and no Doc is ever
longer than a piece. Behaviour only; timings are in benchmarks/long_document.py."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voicelint import analysis
from voicelint.analysis import PIECE_CHARS, Analyzer, _chunks
from voicelint.api import LintOptions, lint_paths, lint_text, linter_for
from voicelint.document import SourceFile
from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide
from voicelint.rules import all_rules

PHRASE = "per our policy"

_OPENERS = [
    "Thanks for getting in touch about your {item}.",
    "Sorry to hear your {item} hasn't arrived yet.",
    "I've had a look at order #{num} for you.",
    "Great question about your {item}!",
]
_BODIES = [
    "I've refunded the ${num} delivery fee to your card; it should show up by Friday.",
    "Your {item} left our warehouse this morning and should reach you within {small} business days.",
    "You can sign in to your account and open Settings to change the delivery address.",
    "Please log in to the website and choose Orders, then Track.",
    "I think the courier may have left it with a neighbour, but it seems the scan is missing.",
    "We apologize for any inconvenience this may have caused.",
    "The tracking number is JD{num}GB, and the courier updates it every few hours.",
    "Unfortunately we can't ship your {item} until we receive the payment.",
]
_ITEMS = ["order", "parcel", "refund", "subscription", "invoice"]


def _reply(rng: random.Random) -> str:
    def fill(template: str) -> str:
        return template.format(item=rng.choice(_ITEMS), num=rng.randrange(100, 99_999), small=rng.randrange(2, 9))

    body = " ".join([fill(rng.choice(_OPENERS)), *(fill(rng.choice(_BODIES)) for _ in range(rng.randrange(1, 5)))])
    return f"Hi {rng.choice(['Sam', 'Priya', 'Tom', 'Ana'])},\n\n{body}\n\nBest, {rng.choice(['Jo', 'Mel', 'Ravi'])}"


def thread(chars: int, seed: int = 1) -> str:
    """A support thread of about ``chars`` characters: replies separated by blank lines."""
    rng = random.Random(seed)
    replies: list[str] = []
    while sum(len(r) + 2 for r in replies) < chars:
        replies.append(_reply(rng))
    return "\n\n".join(replies) + "\n"


@pytest.fixture(scope="module")
def guide() -> Guide:
    """support-default with every rule on: the preset ships imprecise rules off (the precision
    gate), and long documents must give every rule's results."""
    codes = ", ".join(f"{rule.code}: warning" for rule in all_rules() if rule.category != "structure")
    return load_guide_text(f"version: 1\nextends: support-default\nrules: {{{codes}}}\n")


@pytest.fixture
def analyzer(guide: Guide) -> Analyzer:
    """The analyzer ``lint_text`` uses for the default options (so a wrapped ``nlp.pipe`` sees its calls)."""
    found: Analyzer = linter_for(guide, LintOptions()).analyzer
    return found


@pytest.fixture
def pipe_inputs(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text ``nlp.pipe`` is given while the test runs (rules and matchers, which parse their
    phrases once, are built before)."""
    analyzer.analyze([("Warm-up: we apologize for any inconvenience, per our policy.", "email", None)])
    seen: list[str] = []
    nlp = analyzer.nlp
    original = nlp.pipe

    def recording(texts: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        def record() -> Iterator[Any]:
            for item in texts:
                seen.append(item[0] if isinstance(item, tuple) else item)
                yield item

        return original(record(), *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", recording)
    return seen


def _place(text: str, at: int, phrase: str) -> str:
    """``text`` with ``phrase`` (a sentence of its own) inserted at the word boundary nearest ``at``."""
    cut = text.rfind(" ", 0, at) + 1
    return f"{text[:cut]}Sadly, {phrase} this is final. {text[cut:]}"


def test_findings_keep_their_exact_place_in_every_piece(guide: Guide, pipe_inputs: list[str]) -> None:
    text = thread(3 * PIECE_CHARS + 4_000, seed=2)
    text = _place(text, 40, PHRASE.upper())  # in the first piece
    text = _place(text, len(text) // 2, PHRASE.title())  # mid-document
    # Across the end of the second piece's window, where a cut at the size limit would fall.
    second_window_end = len(_chunks(text, PIECE_CHARS)[0]) + PIECE_CHARS
    text = _place(text, second_window_end - 8, PHRASE)
    assert text.index(PHRASE) < second_window_end < text.index(PHRASE) + len(PHRASE)
    text = text + f"Sadly, {PHRASE}"  # the very end, no final newline

    report = lint_text(text, guide=guide)

    assert not report.errors
    source = SourceFile("-", text)
    expected = []
    start = text.lower().find(PHRASE)
    while start != -1:
        expected.append((start, source.position(start), source.position(start + len(PHRASE))))
        start = text.lower().find(PHRASE, start + 1)
    assert len(expected) == 4
    found = [v for v in report.violations if v.rule == "VL101"]
    assert [(v.offset, v.length, v.line, v.column, v.end_line, v.end_column) for v in found] == [
        (offset, len(PHRASE), begin.line, begin.column, end.line, end.column) for offset, begin, end in expected
    ]
    assert [v.match for v in found] == [text[offset : offset + len(PHRASE)] for offset, _, _ in expected]
    # The document really was analysed in pieces, none longer than the limit, together the text.
    assert len(pipe_inputs) >= 4
    assert max(len(piece) for piece in pipe_inputs) <= PIECE_CHARS
    assert "".join(pipe_inputs) == text


def test_no_doc_is_longer_than_a_piece_on_a_megabyte_path(
    analyzer: Analyzer, pipe_inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size limit holds for any text, also one with no line break or no whitespace at all."""
    monkeypatch.setattr(analysis, "PIECE_CHARS", 1_500)
    flat = thread(6_000, seed=3).replace("\n", " ")
    blob = "x" * 4_000 + " tail"
    results = analyzer.analyze([(flat, "email", None), (blob, "email", None)])
    assert not any("failures" in r for r in results)
    assert max(len(piece) for piece in pipe_inputs) <= 1_500
    assert "".join(pipe_inputs) == flat + blob


def test_cuts_prefer_blank_lines_then_line_breaks_then_sentences_and_never_split_words() -> None:
    text = thread(20_000, seed=4)
    pieces = _chunks(text, 2_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 2_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1]), "every reply ends in a blank line"

    lines = "\n".join(line for line in text.splitlines() if line)  # no blank line at all
    assert all(p.endswith("\n") for p in _chunks(lines, 2_000)[:-1])

    flat = lines.replace("\n", " ")
    for piece in _chunks(flat, 2_000)[:-1]:
        assert piece.endswith((". ", "! ", "? ")), piece[-30:]

    words = " ".join(["refund"] * 1_000)
    assert all(p.endswith(" ") for p in _chunks(words, 2_000)[:-1])
    assert _chunks("short text", 2_000) == ["short text"]


def _analyses(analyzer: Analyzer, text: str, channel: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The analysis of ``text`` as one Doc, and in pieces of 2,500 characters."""
    monkeypatch.setattr(analysis, "PIECE_CHARS", 10**7)
    whole = analyzer.analyze([(text, channel, None)])[0]
    monkeypatch.setattr(analysis, "PIECE_CHARS", 2_500)
    pieces = analyzer.analyze([(text, channel, None)])[0]
    return whole, pieces


@pytest.mark.parametrize("channel", ["email", "chat", "social"])
def test_pieces_give_the_whole_text_analysis(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, channel: str
) -> None:
    """On a medium document that can also be parsed whole, the pieces give the same findings and
    observations, and the same scores within the documented tolerance (the tagger and sentence
    splitter see less context at a piece boundary; here pieces end at blank lines)."""
    text = thread(24_000, seed=5)
    whole, pieces = _analyses(analyzer, text, channel, monkeypatch)

    assert "failures" not in whole and "failures" not in pieces
    assert Counter(json.dumps(r) for r in pieces["findings"]) == Counter(json.dumps(r) for r in whole["findings"])
    # VL602 observes the whole-document tone, added up from the pieces: the scores' tolerance
    drift_whole, drift_pieces = whole["observations"].pop("VL602", []), pieces["observations"].pop("VL602", [])
    assert [o[:3] for o in drift_pieces] == [o[:3] for o in drift_whole]
    for got, want in zip(drift_pieces, drift_whole, strict=True):
        assert got[3] == pytest.approx(want[3], abs=1.0)
    assert pieces["observations"] == whole["observations"]
    assert pieces["observations"]["VL601"], "the reused-sentence rule observed the long document"

    assert pieces["scores"].keys() == whole["scores"].keys()
    assert pieces["scores"]["readability"]["words"] == whole["scores"]["readability"]["words"]
    assert abs(pieces["scores"]["readability"]["sentences"] - whole["scores"]["readability"]["sentences"]) <= 2
    assert pieces["scores"]["readability"]["fk_grade"] == pytest.approx(whole["scores"]["readability"]["fk_grade"],
                                                                         abs=0.2)
    for dimension, score in whole["scores"]["tone"].items():
        assert pieces["scores"]["tone"][dimension] == pytest.approx(score, abs=1.0), dimension
    assert pieces["scores"]["scriptedness"] == pytest.approx(whole["scores"]["scriptedness"], abs=0.5)


def test_document_level_findings_cover_the_whole_long_document(guide: Guide) -> None:
    text = thread(PIECE_CHARS + 3_000, seed=6)
    report = lint_text(text, guide=guide, channel="social")
    by_rule = {v.rule: v for v in report.violations}

    too_long = by_rule["VL301"]  # max_chars: the whole text, counted whole
    assert (too_long.offset, too_long.length) == (0, len(text.strip()))
    assert f"{len(text.strip())} characters" in too_long.message
    hedging = by_rule["VL405"]  # a tone range ("I think ... it seems" recurs): spans the whole document too
    assert (hedging.offset, hedging.length) == (0, len(text.strip()))
    assert report.documents[0].scores["readability"]["words"] > 2_000


def test_apologies_are_counted_over_the_whole_document(guide: Guide) -> None:
    """Over-apology numbers every apology of the document, whichever piece it is in."""
    filler = thread(PIECE_CHARS, seed=7).replace("We apologize for", "Thanks for your patience with")
    filler = filler.replace("Sorry to hear", "I see")
    apology = "I'm sorry about the wait."
    text = f"{apology}\n\n{filler}\n{apology}\n\n{filler}\n{apology}\n"
    report = lint_text(text, guide=guide)
    over = [v for v in report.violations if v.rule == "VL413"]
    assert len(over) == 1, "a long reply may apologise twice; the third is flagged"
    assert over[0].offset == text.rindex(apology)  # the extra apology is its own sentence: all of it
    assert "apology number 3" in over[0].message


def test_reused_sentences_in_long_library_records_are_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reused-sentence rule sees sentences of every piece of a long record, at their file place."""
    shared = "Your refund has been approved and will reach your card within five business days."
    long_record = f"{thread(PIECE_CHARS + 6_000, seed=8)}\nThanks again. {shared}\n"
    records = {"long": long_record, "b": f"Hello. {shared}", "c": f"Hi there. {shared} Thanks!"}
    path = tmp_path / "macros.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")

    report = lint_paths([path], guide="support-default")

    assert not report.errors
    reused = [v for d in report.documents for v in d.violations if v.rule == "VL601"]
    first = next(v for v in reused if v.match.startswith(shared))
    start = path.read_text(encoding="utf-8").index(shared)  # first occurrence: the long record's last piece
    position = SourceFile(str(path), path.read_text(encoding="utf-8")).position(start)
    assert (first.offset, first.line, first.column) == (start, position.line, position.column)
    assert "3 records: long, b, c" in first.message
    monkeypatch.setattr(analysis, "PIECE_CHARS", 10**7)  # the long record as one Doc: the same findings
    assert [v for d in lint_paths([path], guide="support-default").documents for v in d.violations
            if v.rule == "VL601"] == reused


def test_a_rule_that_fails_on_one_piece_loses_only_its_own_results(
    guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicelint.rules import find_rule

    rule = find_rule("preferred-term")
    assert rule is not None
    original = rule.check
    calls = Counter[str]()

    def explode_on_second_piece(self: Any, ctx: Any) -> Any:
        calls["check"] += 1
        if calls["check"] == 2:
            raise RuntimeError("boom")
        return original(self, ctx)

    monkeypatch.setattr(rule, "check", explode_on_second_piece)
    text = thread(3 * PIECE_CHARS, seed=9) + f"Sadly, {PHRASE}.\n"
    report = lint_text(text, guide=guide)

    assert [e.message.split(":")[0] for e in report.errors] == ["internal error in VL102 on -"]
    assert "RuntimeError: boom" in report.errors[0].message
    assert not any(v.rule == "VL102" for v in report.violations), "all or nothing, as for a short document"
    assert calls["check"] == 2, "not run again on the pieces after"
    assert any(v.rule == "VL101" for v in report.violations)
    assert report.documents[0].scores["tone"]


def test_a_failing_tone_analysis_fails_the_tone_results_only(guide: Guide, monkeypatch: pytest.MonkeyPatch) -> None:
    from voicelint.tone import features

    def broken(doc: Any) -> Any:
        raise ValueError("no tone today")

    monkeypatch.setattr(features, "extract", broken)
    text = thread(2 * PIECE_CHARS, seed=10) + f"Sadly, {PHRASE}.\n"
    report = lint_text(text, guide=guide, channel="chat")

    failed = {e.message.split(" on ")[0].removeprefix("internal error in ") for e in report.errors}
    assert "scores.tone" in failed
    assert {"VL401", "VL402", "VL403", "VL404", "VL405", "VL406"} <= failed
    assert all("ValueError: no tone today" in e.message for e in report.errors)
    scores = report.documents[0].scores
    assert "tone" not in scores and "readability" in scores and "scriptedness" in scores
    assert any(v.rule == "VL101" for v in report.violations)
