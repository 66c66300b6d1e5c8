"""``voicelint calibrate``: what it learns from approved replies, and the guide it writes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from conftest import approved_replies, write_library

from voicelint.api import LintOptions, load_guide
from voicelint.cli import main
from voicelint.pipeline import iter_results
from voicelint.report import DocumentResult
from voicelint.vocabulary import TONE_DIMENSIONS

TONE_RANGE_CODES = {"VL401", "VL402", "VL403", "VL404", "VL405", "VL406"}


def run(args: list[str], cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["calibrate", "--no-cache", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def learned_guide(library: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "learned.yaml"
    result = run([*extra, "--out", str(out), str(library)], tmp_path)
    assert result.exit_code == 0, result.output
    return out


def results(library: Path, guide_path: Path) -> list[DocumentResult]:
    guide = load_guide(str(guide_path))
    found = list(iter_results([str(library)], guide, LintOptions()))
    assert all(isinstance(r, DocumentResult) for r in found)
    return [r for r in found if isinstance(r, DocumentResult)]


def test_learned_ranges_contain_every_approved_reply_and_the_guide_flags_none_of_them(
    approved: Path, tmp_path: Path
) -> None:
    out = learned_guide(approved, tmp_path)
    guide = load_guide(str(out))
    ranges = guide.channel("social").tone
    assert set(ranges) == set(TONE_DIMENSIONS)
    checked = results(approved, out)
    assert len(checked) == 40
    for result in checked:
        for name, score in result.scores["tone"].items():
            low, high = ranges[name]
            assert low <= score <= high, (name, score, ranges[name])
        assert not {v.rule for v in result.violations} & TONE_RANGE_CODES


def test_the_learned_ranges_are_narrower_than_the_preset_and_turn_the_range_rules_on(
    approved: Path, tmp_path: Path
) -> None:
    guide = load_guide(str(learned_guide(approved, tmp_path)))
    preset = load_guide("support-default")
    learned, generic = guide.channel("social").tone, preset.channel("social").tone
    assert sum(h - lo for lo, h in learned.values()) < sum(h - lo for lo, h in generic.values())
    for code in TONE_RANGE_CODES:
        assert guide.rule_setting(code).enabled is True
        assert str(guide.rule_setting(code).severity) == "warning"
    # An off-voice reply of the same length is flagged on a tone dimension.
    cold = tmp_path / "cold.txt"
    cold.write_text(
        "@99 Pursuant to the terms of service, the account cannot be reinstated. The matter is closed. "
        "No further correspondence will be entertained regarding this decision.",
        encoding="utf-8",
    )
    [result] = results(cold, tmp_path / "learned.yaml")
    assert {v.rule for v in result.violations} & TONE_RANGE_CODES


def test_the_guide_extends_the_preset_validates_and_says_what_each_value_was_learned_from(
    approved: Path, tmp_path: Path
) -> None:
    out = learned_guide(approved, tmp_path)
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["extends"] == "support-default"
    assert data["default_channel"] == "social"
    guide = load_guide(str(out))
    assert any(entry.phrase == "per our policy" for entry in guide.banned)  # inherited from the preset
    lines = text.splitlines()
    for name in TONE_DIMENSIONS:
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}: ["))
        assert re.search(rf"# 2\.5-97\.5th percentile of {name} .* over 40 approved social replies", lines[at - 1])
    at = next(i for i, line in enumerate(lines) if "max_sentence_words:" in line)
    assert "longest sentence" in lines[at - 1]


def test_terms_are_learned_from_a_consistent_majority_only(tmp_path: Path) -> None:
    replies = approved_replies()
    # The bodies say "log in" (8 of 40 replies); two replies say "sign in" -> 8 of 10: a choice.
    replies[1] += " You can also sign in with Apple."
    replies[2] += " Sign in again afterwards."
    # "cancelled" and "canceled" three times each: no consistent choice, nothing learned.
    for i in range(3):
        replies[10 + i] += " The old order was cancelled."
        replies[20 + i] += " The old order was canceled."
    out = learned_guide(write_library(tmp_path / "approved.json", replies), tmp_path)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    entries = {entry["use"]: entry["avoid"] for entry in data["terms"]}
    assert "sign in" in entries["log in"]
    assert entries["sign in"] == []  # the preset's opposite choice is switched off
    assert not {"cancelled", "canceled"} & set(entries)
    guide = load_guide(str(out))
    assert any(t.use == "log in" and "sign in" in t.avoid for t in guide.terms)


def test_a_signature_is_required_only_when_nearly_every_reply_is_signed(tmp_path: Path) -> None:
    signed = yaml.safe_load(
        learned_guide(write_library(tmp_path / "all.json", approved_replies()), tmp_path).read_text(encoding="utf-8")
    )
    assert signed["channels"]["social"]["signature"] == {"required": True, "style": "initials"}
    # Two in three signed: common, not near-universal.
    some = tmp_path / "some"
    some.mkdir()
    library = write_library(some / "some.json", approved_replies(45, signed_every=3))
    partly = yaml.safe_load(learned_guide(library, some).read_text(encoding="utf-8"))
    assert "signature" not in partly["channels"]["social"]
    assert "signature not required: 15 of 45" in (some / "learned.yaml").read_text(encoding="utf-8")


def test_a_greeting_every_reply_uses_is_required(approved: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(learned_guide(approved, tmp_path).read_text(encoding="utf-8"))
    assert data["channels"]["social"]["structure"]["greeting"] == "required"


def test_a_greeting_is_forbidden_only_when_many_replies_never_greet(tmp_path: Path) -> None:
    ungreeted = [reply.replace(" Hi there!", "") for reply in approved_replies(120)]
    (tmp_path / "few").mkdir()
    few = learned_guide(write_library(tmp_path / "few" / "a.json", ungreeted[:40]), tmp_path / "few")
    assert "greeting" not in (
        yaml.safe_load(few.read_text(encoding="utf-8"))["channels"]["social"].get("structure") or {}
    )
    assert "greeting optional: none of 40 replies greet" in few.read_text(encoding="utf-8")
    many = learned_guide(write_library(tmp_path / "many.json", ungreeted), tmp_path)
    assert (
        yaml.safe_load(many.read_text(encoding="utf-8"))["channels"]["social"]["structure"]["greeting"] == "forbidden"
    )


def test_too_few_replies_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    library = write_library(tmp_path / "few.json", approved_replies(12))
    result = run(["--out", "learned.yaml", str(library)], tmp_path)
    assert result.exit_code == 2
    assert "too few approved replies" in result.stderr
    assert "at least 30" in result.stderr and "12 on social" in result.stderr
    assert not (tmp_path / "learned.yaml").exists()


def test_the_guide_is_printed_without_out_and_written_with_it(approved: Path, tmp_path: Path) -> None:
    printed = run([str(approved)], tmp_path)
    assert printed.exit_code == 0
    assert yaml.safe_load(printed.stdout)["extends"] == "support-default"
    assert not list(tmp_path.glob("*.yaml"))
    out = learned_guide(approved, tmp_path)
    assert out.read_text(encoding="utf-8") == printed.stdout


def test_extends_names_another_base_and_a_guide_file_is_written_relative(approved: Path, tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    base = tmp_path / "guides" / "base.yaml"
    base.write_text("version: 1\nextends: support-default\nbanned: [synergy]\n", encoding="utf-8")
    result = run(["--extends", "guides/base.yaml", "--out", "guides/learned.yaml", str(approved)], tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "guides" / "learned.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["extends"] == "base.yaml"
    guide = load_guide(str(tmp_path / "guides" / "learned.yaml"))
    assert any(entry.phrase == "synergy" for entry in guide.banned)
    # A base the written guide could not extend (outside its folder) is refused, and nothing is written.
    (tmp_path / "out").mkdir()
    refused = run(["--extends", "guides/base.yaml", "--out", "out/learned.yaml", str(approved)], tmp_path)
    assert refused.exit_code == 2
    assert "outside the guide's folder" in refused.stderr
    assert not (tmp_path / "out" / "learned.yaml").exists()


def test_replies_in_another_language_are_skipped_and_counted(tmp_path: Path) -> None:
    german = [
        "Vielen Dank für Ihre Nachricht. Wir haben Ihre Bestellung geprüft und die Erstattung ist unterwegs.",
        "Bitte melden Sie sich in der App an und öffnen Sie die Einstellungen, dann sehen Sie die Rechnung.",
    ]
    library = write_library(tmp_path / "mixed.json", approved_replies() + german)
    result = run([str(library)], tmp_path)
    assert result.exit_code == 0, result.output
    assert "skipped 2 replies in another language" in result.stderr
    assert "from approved replies: social 40." in result.stdout


def test_the_json_report_of_the_learned_guide_names_the_learned_range(approved: Path, tmp_path: Path) -> None:
    """End to end: `check --guide learned.yaml` reads the file calibrate wrote."""
    out = learned_guide(approved, tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("@5 Hi there! Thanks for reaching out! The refund is on its way. ^JS\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "--guide", str(out), str(draft)])
    report = json.loads(result.stdout)
    assert report["documents"][0]["channel"] == "social"


def test_the_margin_widens_the_ranges(approved: Path, tmp_path: Path) -> None:
    (tmp_path / "narrow").mkdir()
    (tmp_path / "wide").mkdir()
    narrow = learned_guide(approved, tmp_path / "narrow", "--margin", "0").read_text(encoding="utf-8")
    wide = learned_guide(approved, tmp_path / "wide", "--margin", "20").read_text(encoding="utf-8")
    assert "widened by 0" in narrow and "widened by 20" in wide
    narrow_ranges = yaml.safe_load(narrow)["channels"]["social"]["tone"]
    wide_ranges = yaml.safe_load(wide)["channels"]["social"]["tone"]
    for name in TONE_DIMENSIONS:
        (low, high), (wide_low, wide_high) = narrow_ranges[name], wide_ranges[name]
        assert wide_low <= low and wide_high >= high, name
    width = sum(high - low for low, high in narrow_ranges.values())
    assert sum(high - low for low, high in wide_ranges.values()) >= width + 60
