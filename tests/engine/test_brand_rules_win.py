"""One span is reported once: when the brand's own list (banned, terms) and a generic rule flag the
same words, only the brand's finding is reported; document-level findings are never dropped."""

from __future__ import annotations

from pathlib import Path

from voicelint.api import lint_text
from voicelint.guide.loader import load_guide_text


def test_per_our_policy_is_reported_by_the_banned_rule_only(default_guide: object) -> None:
    report = lint_text("Per our policy, refunds take ten days.", guide="support-default")
    on_policy = [v for v in report.violations if v.offset == 0]
    assert [v.rule for v in on_policy] == ["VL101"], [(v.rule, v.match) for v in report.violations]


def test_generic_finding_stays_when_the_brand_rule_is_off(tmp_path: Path) -> None:
    guide = load_guide_text("version: 1\nextends: support-default\nrules: {banned-phrase: off}\n", base_dir=tmp_path)
    report = lint_text("Per our policy, refunds take ten days.", guide=guide)
    assert any(v.rule == "VL501" and v.match.lower().startswith("per our policy") for v in report.violations)


def test_document_level_findings_are_not_shadowed(tmp_path: Path) -> None:
    guide = load_guide_text(
        "version: 1\nbanned: [unfortunately we cannot help you with that]\ntone: {negativity: [0, 5]}\n",
        base_dir=tmp_path,
    )
    report = lint_text("Unfortunately we cannot help you with that.", guide=guide)
    assert {v.rule for v in report.violations} >= {"VL101", "VL403"}, [(v.rule, v.match) for v in report.violations]
