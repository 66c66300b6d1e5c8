"""VL603 mixed-terminology: the less used way of writing a term, with counts and the usual way."""

from __future__ import annotations

import json
from pathlib import Path

from voicelint.api import lint_paths
from voicelint.placeholders import mask
from voicelint.rules.terminology_mix import occurrences, variant_sets


def _findings(tmp_path: Path, records: dict[str, str]) -> list[tuple[str, str, str, tuple[str, ...], list[str]]]:
    path = tmp_path / "macros.json"
    text = json.dumps(records, indent=1)
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], guide="support-default", select=("VL603",))
    assert not report.errors
    found = []
    for document in report.documents:
        for v in document.violations:
            assert text[v.offset : v.offset + v.length] == v.match
            found.append((str(document.id), v.match, v.message, v.suggestions, [f.applicability for f in v.fixes]))
    return found


def test_the_minority_spelling_is_reported_with_counts_and_a_safe_fix(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        {
            "a": "We emailed you the label.",
            "b": "Check your email for the code.",
            "c": "Your email address is updated.",
            "d": "Please E-mail us the photo.",
        },
    )
    assert len(found) == 1
    record, match, message, suggestions, fixes = found[0]
    assert (record, match, suggestions, fixes) == ("d", "E-mail", ("Email",), ["safe"])
    assert "'email' 3 times in 3 records and 'e-mail' 1 time in 1 record" in message


def test_inflections_keep_their_slot_and_wording_choices_are_unsafe(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        {
            "a": "Sign in with your new password.",
            "b": "Once you have signed in, open Settings.",
            "c": "Sign in again after the update.",
            "d": "I see you logged in from a new phone.",
        },
    )
    assert [(r, m, s, f) for r, m, _, s, f in found] == [("d", "logged in", ("signed in",), ["unsafe"])]


def test_no_clear_majority_no_finding(tmp_path: Path) -> None:
    """Three against two is no house style, and two uses are too few to call one usual."""
    close = {"a": "It was cancelled.", "b": "It was canceled.", "c": "We cancelled it.", "d": "We canceled it."}
    assert _findings(tmp_path, {**close, "e": "Cancelled again."}) == []
    assert _findings(tmp_path, {"a": "It was cancelled.", "b": "It was canceled.", "c": "We cancelled it."}) == []


def test_a_name_in_two_capitalisations(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        {
            "a": "Pay with PayPal at checkout.",
            "b": "Your PayPal refund is on its way.",
            "c": "Link your PayPal account first.",
            "d": "Your Paypal balance is fine.",
            "e": "Paypal is down. Apple and apple are not names written two ways.",
        },
    )
    # "Paypal" starting a sentence is no evidence; the other one is reported
    assert [(r, m, s) for r, m, _, s, _ in found] == [("d", "Paypal", ("PayPal",))]


def test_links_code_mentions_and_placeholders_do_not_count() -> None:
    text = "See https://example.com/e-mail/WiFi, run `wifi --on`, ask @e-mail, {{email}} or [EMAIL]; Wi-Fi works."
    found = [(key, way) for key, way, *_ in occurrences(mask(text))]  # placeholders masked, as rules see them
    assert found == [("Wi-Fi", "Wi-Fi")]


def test_a_capitalised_form_starting_a_sentence_counts_as_the_form_it_capitalises() -> None:
    found = occurrences("Wifi is down. E-mail us, or try WIFI again.")
    assert [way for _, way, *_ in found] == ["wifi", "e-mail", "WiFi"]


def test_a_set_form_with_an_inner_capital_is_not_counted_as_a_name_too() -> None:
    assert [key for key, *_ in occurrences("Join the WiFi, then open PayPal.")] == ["Wi-Fi", "case:paypal"]


def test_every_variant_set_has_parallel_ways() -> None:
    for variant_set in variant_sets():
        lengths = {len(way) for way in variant_set.ways}
        assert len(lengths) == 1, variant_set.name
