"""VL604 inconsistent-signature: the rare sign-off or signature style, with counts and the usual one."""

from __future__ import annotations

import json
from pathlib import Path

from voicelint.api import lint_paths
from voicelint.rules.signature_mix import sign_off_form, signature_style
from voicelint.structure.signature import find_signature


def _findings(tmp_path: Path, records: dict[str, str]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    path = tmp_path / "macros.json"
    text = json.dumps(records, indent=1)
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], guide="support-default", select=("VL604",))
    assert not report.errors
    found = []
    for document in report.documents:
        for v in document.violations:
            assert text[v.offset : v.offset + v.length] == v.match
            found.append((str(document.id), v.match, v.message, v.suggestions))
    return found


def test_a_rare_sign_off_is_reported_with_counts_and_the_usual_one(tmp_path: Path) -> None:
    records = {f"r{i}": f"Your parcel number {i} left our warehouse today.\n\nBest,\nSam" for i in range(12)}
    records["odd"] = "Your parcel left our warehouse today.\n\nCheers,\nSam"
    [(record, match, message, suggestions)] = _findings(tmp_path, records)
    assert (record, match, suggestions) == ("odd", "Cheers", ("Best",))
    assert "'cheers', as 1 reply of 13 with a sign-off do; 12 close with 'best'" in message


def test_a_rare_signature_style_is_reported_not_each_person(tmp_path: Path) -> None:
    people = ["JS", "RR", "AK", "TM"]
    records = {f"r{i}": f"@user{i} Your refund is on its way to your card. ^{people[i % 4]}" for i in range(12)}
    records["odd"] = "@user99 Your refund is on its way to your card. - Sam"
    [(record, match, message, _)] = _findings(tmp_path, records)
    assert record == "odd" and match == "- Sam"
    assert "a dash and a first name, as 1 reply of 13 signed ones are; 12 sign with a caret and initials" in message


def test_two_common_styles_are_no_house_style(tmp_path: Path) -> None:
    records = {f"r{i}": f"Your refund {i} is on its way.\n\nBest,\nSam" for i in range(10)}
    records.update({f"s{i}": f"Your refund {i} is on its way.\n\nCheers,\nSam" for i in range(8)})
    assert _findings(tmp_path, records) == []


def test_a_small_library_is_not_judged(tmp_path: Path) -> None:
    records = {f"r{i}": f"Your refund {i} is on its way.\n\nBest,\nSam" for i in range(5)}
    records["odd"] = "Your refund is on its way.\n\nCheers,\nSam"
    assert _findings(tmp_path, records) == []


def test_styles_and_forms() -> None:
    text = "Thanks for waiting! ^JS"
    found = find_signature(text)
    assert found is not None
    assert signature_style(text, found)[0] == "tag^initials"
    other = "Thanks for waiting! –Jazz"
    found = find_signature(other)
    assert found is not None
    assert signature_style(other, found)[0] == "tag-name"
    assert sign_off_form("Best,") == sign_off_form("best!") == "best"
    assert sign_off_form("Kind  regards.") == "kind regards"
    assert sign_off_form("Thank you so much!") == sign_off_form("Thanks,") == "thanks"
    assert sign_off_form("Have a great day!") == sign_off_form("Take care") == ""  # wishes go with any sign-off
