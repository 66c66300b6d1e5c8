"""``scores.voice``: the published formula's properties, and that every report carries it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from voicelint.api import lint_text
from voicelint.cli import main
from voicelint.guide.model import Guide
from voicelint.report import DocumentResult, Violation
from voicelint.vocabulary import Severity
from voicelint.voice_score import FORMULA, with_voice_score


def violation(severity: Severity) -> Violation:
    return Violation("VL101", "banned-phrase", "banned", severity, "m", 1, 1, 1, 2, 0, 1, "x")


def document(severities: list[Severity], words: int | None) -> DocumentResult:
    scores = {} if words is None else {"readability": {"fk_grade": 5.0, "words": words, "sentences": 1}}
    return DocumentResult("a.txt", None, "email", 1, scores, tuple(violation(s) for s in severities))


def voice(severities: list[Severity], words: int | None = 40) -> float:
    score = with_voice_score(document(severities, words)).scores["voice"]
    assert isinstance(score, float)
    return score


severities = st.lists(st.sampled_from(list(Severity)), max_size=40)
lengths = st.none() | st.integers(min_value=0, max_value=20_000)


def test_a_clean_document_scores_100_whatever_its_length() -> None:
    assert {voice([], words) for words in (None, 0, 3, 50, 5000)} == {100.0}


def test_the_published_constants() -> None:
    """docs/reference.md section 9 states these numbers: a change here must change the docs."""
    assert voice([Severity.ERROR], 20) == 85.0
    assert voice([Severity.WARNING, Severity.INFO], 20) == 94.0
    assert voice([Severity.ERROR], 80) == 92.5  # 15 x sqrt(20 / 80)
    assert voice([Severity.ERROR] * 7, 10) == 0.0  # floored


@given(severities, lengths)
def test_the_score_is_between_0_and_100(found: list[Severity], words: int | None) -> None:
    assert 0.0 <= voice(found, words) <= 100.0


@given(severities, st.sampled_from(list(Severity)), lengths)
def test_another_violation_never_raises_the_score(found: list[Severity], extra: Severity, words: int | None) -> None:
    assert voice([*found, extra], words) <= voice(found, words)


@given(severities, st.integers(min_value=0, max_value=39), lengths)
def test_a_worse_violation_never_raises_the_score(found: list[Severity], index: int, words: int | None) -> None:
    if not found:
        return
    index %= len(found)
    worse = [*found[:index], Severity.ERROR, *found[index + 1 :]]
    assert voice(worse, words) <= voice(found, words)


@given(severities, st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_the_same_findings_in_a_longer_document_cost_no_more(found: list[Severity], a: int, b: int) -> None:
    short, long = sorted((a, b))
    assert voice(found, long) >= voice(found, short)


def test_one_slip_costs_less_in_a_long_email_than_in_a_short_reply_but_ten_cost_more() -> None:
    assert voice([Severity.WARNING], 400) > voice([Severity.WARNING], 30)
    assert voice([Severity.WARNING] * 10, 400) < voice([Severity.WARNING], 30)


def test_the_api_gives_every_document_a_voice_score(default_guide: Guide) -> None:
    report = lint_text("Per our policy we cannot refund this.", guide=default_guide)
    scores = report.documents[0].scores
    assert scores["voice"] == FORMULA.score(report.documents[0].violations, scores["readability"]["words"])
    assert scores["voice"] < 100


def run(args: list[str], cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [*args, "--no-color"], catch_exceptions=False)
    finally:
        os.chdir(old)


LIBRARY = """\
- id: bad
  body: Per our policy we cannot refund this. Please be advised that we apologize for any inconvenience.
- id: clean
  body: I've refunded the $12 to your card. It should show up by Friday.
"""


def test_json_has_a_voice_score_for_every_document_also_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "macros.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "draft.txt").write_text("Thanks for writing in.\n", encoding="utf-8")
    runs = [run(["check", ".", "--format", "json", "--cache-dir", "cache"], tmp_path) for _ in range(2)]
    reports = [json.loads(result.stdout) for result in runs]
    assert reports[0] == reports[1]  # the second run came from the cache
    assert all(isinstance(d["scores"]["voice"], float) for d in reports[0]["documents"])
    by_id = {d["id"]: d["scores"]["voice"] for d in reports[0]["documents"]}
    assert by_id["clean"] == 100.0 > by_id["bad"]


def test_min_score_fails_the_run_and_names_the_documents_below_it(tmp_path: Path) -> None:
    (tmp_path / "macros.yaml").write_text(LIBRARY, encoding="utf-8")
    low = json.loads(run(["check", "macros.yaml", "--format", "json", "--no-cache"], tmp_path).stdout)
    score = {d["id"]: d["scores"]["voice"] for d in low["documents"]}["bad"]
    failing = run(["check", "macros.yaml", "--no-cache", "--fail-on", "never", "--min-score", f"{score + 1}"], tmp_path)
    assert failing.exit_code == 1
    assert f"voice score below --min-score {score + 1:g}: macros.yaml [bad] {score:g}" in failing.stdout
    assert "1 document(s) below --min-score" in failing.stdout
    passing = run(["check", "macros.yaml", "--no-cache", "--fail-on", "never", "--min-score", f"{score}"], tmp_path)
    assert passing.exit_code == 0
    # Either gate fails the run: --fail-on with a score gate that passes.
    assert run(["check", "macros.yaml", "--no-cache", "--min-score", "0"], tmp_path).exit_code == 1
    data = json.loads(
        run(["check", "macros.yaml", "--no-cache", "--format", "json", "--min-score", "100"], tmp_path).stdout
    )
    assert data["summary"]["min_score"] == {"threshold": 100.0, "below": 1}


def test_min_score_is_a_number_from_0_to_100(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("Thanks for writing in.\n", encoding="utf-8")
    assert run(["check", "draft.txt", "--min-score", "101"], tmp_path).exit_code == 2


def test_baselined_violations_do_not_lower_the_score(tmp_path: Path) -> None:
    (tmp_path / "macros.yaml").write_text(LIBRARY, encoding="utf-8")
    run(["check", "macros.yaml", "--no-cache", "--write-baseline", "vl.json"], tmp_path)
    result = run(["check", "macros.yaml", "--no-cache", "--baseline", "vl.json", "--min-score", "100"], tmp_path)
    assert result.exit_code == 0, result.stdout
    data = json.loads(
        run(["check", "macros.yaml", "--no-cache", "--baseline", "vl.json", "--format", "json"], tmp_path).stdout
    )
    assert {d["scores"]["voice"] for d in data["documents"]} == {100.0}


def test_explain_voice_prints_the_formula_with_its_constants() -> None:
    from click.testing import CliRunner

    from voicelint.cli import main
    from voicelint.voice_score import VoiceFormula, explain_topic

    result = CliRunner().invoke(main, ["explain", "voice"])
    assert result.exit_code == 0
    assert "points = per violation: error 15, warning 5, info 1" in result.output
    assert "scale  = 1 up to 20 words, else (20 / words) ^ 0.5" in result.output
    # The text is made from the formula, so it cannot drift from what is computed.
    other = explain_topic(VoiceFormula(reference_words=30, length_exponent=0.25))
    assert "1 up to 30 words, else (30 / words) ^ 0.25" in other
