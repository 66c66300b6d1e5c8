"""VL602 voice-drift: a reply far from its library's tone is found, with the library's range."""

from __future__ import annotations

import json
from pathlib import Path

from voicelint.api import lint_paths
from voicelint.rules.drift import drifting, library_ranges, quartiles

CASUAL = [
    "Hi {name}! Thanks for reaching out. I've sent a fresh code to your inbox, it should land in a minute.",
    "Hey there, sorry about the wait! I've bumped your order up and it ships tomorrow morning.",
    "Hi! Good news, your refund went through today. You'll see it on your card in a couple of days.",
    "Thanks for the heads up! I've fixed the typo on your invoice and sent you the new copy.",
    "Hi {name}, I've changed the delivery address for you. The driver has the new one now.",
    "Hey! Your subscription is paused until March. Just reply here if you want it back sooner.",
]
FORMAL = (
    "Dear Sir or Madam, we hereby acknowledge receipt of your correspondence. Pursuant to the terms and "
    "conditions of the agreement, the organisation is unable to consider the reimbursement requested. "
    "Further correspondence regarding this matter will not be entertained."
)


def _library(tmp_path: Path, casual: int, formal: bool = True, extra: dict[str, str] | None = None) -> Path:
    records = {f"casual {i}": f"{CASUAL[i % len(CASUAL)]} (ref {i})" for i in range(casual)}
    if formal:
        records["formal"] = FORMAL
    records.update(extra or {})
    path = tmp_path / "macros.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return path


def _flagged(path: Path, **options: object) -> dict[str, str]:
    report = lint_paths([str(path)], guide="support-default", select=("VL602",), **options)
    assert not report.errors
    return {str(d.id): v.message for d in report.documents for v in d.violations if v.rule == "VL602"}


def test_the_off_voice_reply_is_flagged_with_the_dimension_and_the_library_range(tmp_path: Path) -> None:
    flagged = _flagged(_library(tmp_path, 24))
    assert list(flagged) == ["formal"]
    message = flagged["formal"]
    assert message.startswith("formality ")
    assert "where this library's email replies sit at" in message and "sounds more formal" in message
    assert "middle half of 25 replies" in message


def test_a_library_below_the_minimum_size_is_not_judged(tmp_path: Path) -> None:
    assert _flagged(_library(tmp_path, 10)) == {}


def test_a_library_of_one_voice_has_no_drift(tmp_path: Path) -> None:
    assert _flagged(_library(tmp_path, 30, formal=False)) == {}


def test_a_reply_in_another_language_takes_no_part(tmp_path: Path) -> None:
    german = {
        "de": "Sehr geehrte Damen und Herren, wir bestätigen hiermit den Eingang Ihres Schreibens und werden "
        "die Angelegenheit umgehend prüfen. Mit freundlichen Grüßen"
    }
    flagged = _flagged(_library(tmp_path, 24, extra=german))
    assert "de" not in flagged and "formal" in flagged


def test_quartiles_interpolate() -> None:
    assert quartiles([4.0, 1.0, 3.0, 2.0, 5.0]) == (2.0, 3.0, 4.0)


def test_a_skewed_library_keeps_its_typical_range() -> None:
    """Ten wild documents among a hundred do not move the quartiles much: the typical reply is not
    flagged, and the wild ones are (a mean and standard deviation would be dragged towards them)."""
    rows = [[40.0 + (i % 5), 50.0, 10.0, 10.0, 5.0, 50.0] for i in range(90)]
    rows += [[95.0, 50.0, 10.0, 10.0, 5.0, 50.0] for _ in range(10)]  # no spread elsewhere: not judged
    flat = [value for row in rows for value in row]
    ranges = library_ranges(flat)
    assert ranges[0][0] >= 40 and ranges[0][2] <= 45
    found = list(drifting(flat, ranges, spread=2.0, min_distance=20.0, min_range=2.0))
    assert [row for row, _, _ in found] == list(range(90, 100))
    assert {dimension for _, dimension, _ in found} == {0}


def test_a_dimension_everyone_scores_alike_is_not_judged() -> None:
    """Hedging at its floor for most of the library has no typical range to drift from: one hedge
    word is no other voice. Where the library does spread, the minimum distance still applies."""
    rows = [[50.0, 50.0, 10.0, 10.0, 0.0, 48.0 + (i % 5)] for i in range(40)]
    rows[7][4] = 60.0  # hedging, where the middle half spans 0 points
    rows[3][5] = 58.0  # personal 58 against 49-51: beyond 2 ranges, but under 20 points
    rows[9][5] = 80.0  # personal 80: out
    flat = [value for row in rows for value in row]
    ranges = library_ranges(flat)
    assert list(drifting(flat, ranges, spread=2.0, min_distance=20.0, min_range=2.0)) == [(9, 5, 80.0)]
    assert (7, 4, 60.0) in drifting(flat, ranges, spread=2.0, min_distance=20.0, min_range=0.0)
