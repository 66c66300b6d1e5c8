"""The precision gate: support-default ships a rule above ``info`` only when it was measured precise.

The figures live in ``voicelint/data/precision.yaml`` (hand-judged samples of real library findings,
benchmarks/precision); ``voicelint explain RULE`` states them. The preset is read from this
repository's ``styleguides/`` folder, the file that ships.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from voicelint.api import load_guide
from voicelint.explain import (
    MIN_JUDGED,
    PRECISION_GATE,
    explain_text,
    measured_precision,
    mostly_wrong,
    passes_gate,
    precision_line,
)
from voicelint.rules import all_rules, find_rule
from voicelint.settings import effective_setting
from voicelint.vocabulary import Severity

PRESET = Path(__file__).resolve().parents[2] / "styleguides" / "support-default.yaml"


def test_the_figures_name_real_rules_with_sane_values() -> None:
    codes = {rule.code for rule in all_rules()}
    figures = measured_precision()
    assert figures and set(figures) <= codes
    for entry in figures.values():
        assert entry["precision"] is None or 0.0 <= entry["precision"] <= 1.0
        # a rule with no judged finding since its cause was fixed has no figure, and says why
        assert int(entry["judged"]) >= (0 if entry["precision"] is None else 1) and entry["sample"]


@pytest.mark.parametrize("code", sorted(measured_precision()))
def test_a_rule_under_the_gate_ships_as_info_or_off(code: str) -> None:
    rule = find_rule(code)
    assert rule is not None
    setting = effective_setting(rule, load_guide(str(PRESET)))
    if passes_gate(code):
        assert setting.enabled and setting.severity >= rule.severity  # measured precise: not held back
    elif mostly_wrong(code):
        assert not setting.enabled  # wrong more often than right: noise even as info
    else:
        assert setting.enabled and setting.severity == Severity.INFO


def test_the_gate_needs_enough_findings_not_just_a_high_ratio() -> None:
    few = [c for c, e in measured_precision().items() if e["precision"] == 1.0 and int(e["judged"]) < MIN_JUDGED]
    assert few, "the data has a rule that was right on every one of a handful of findings"
    assert not any(passes_gate(code) for code in few)
    assert PRECISION_GATE == 0.9


def test_explain_states_the_measured_precision() -> None:
    text = explain_text("sentence-length", guide_path=str(PRESET))
    assert text is not None
    figure = measured_precision()["VL202"]["precision"]
    assert f"Measured precision on real support libraries: {figure:.2f}" in text
    assert "support-default ships it as info" in text
    assert "In this guide: info" in text


def test_a_banned_entry_measured_wrong_ships_as_info() -> None:
    """VL101 is gated per entry: "valued customer" was the customer's own words as often as not."""
    assert measured_precision()["VL101"]["gate"] == "entries"
    guide = load_guide(str(PRESET))
    severities = {entry.phrase: entry.severity for entry in guide.banned}
    assert severities["valued customer"] == Severity.INFO
    assert "applies per entry" in precision_line("VL101")
    assert severities["we regret to inform you"] is None  # measured right: the rule's own severity


def test_explain_of_an_unmeasured_rule_says_so() -> None:
    assert "not measured" in precision_line("VL999")
