"""No suggestion may itself raise a finding: apply each literal suggestion, re-lint, compare.

A rewrite that trades one violation for another (a stock thank-you for an extra apology, a split
that leaves a fragment, a lower-cased acronym) teaches a team to ignore the linter. The replies
below are written for this test; each carries at least one violation whose rewrite is literal
text. Every such suggestion is applied on its own, and the fixed reply must not hold any finding
(rule and matched words) that the original did not.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from voicelint.api import lint_text
from voicelint.fixes import apply_suggestion
from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide
from voicelint.report import Violation, has_template_slot
from voicelint.rules import all_rules

REPLIES = [
    "Hi Sam, sorry for the delay. We apologize for the inconvenience. Your parcel left this morning.",
    "You should have checked the size guide before ordering, but I can swap the shoes for you today.",
    "You must have entered the wrong code, so I've sent you a new one.",
    "We can't ship your order until your payment arrives, and I'll keep an eye on it for you.",
    "Your parcel was lost in transit; I've sent a new one and it arrives on Friday.",
    "Please DO NOT REPLY to this email, write to me at the help centre instead.",
    "As I already said, your refund left our bank on Monday and should arrive this week.",
    "Simply restart the app and sign in again, and your saved cards will be back.",
    "Please log in to your account and open the orders page to see the new date.",
    "We have looked at your account and we have found the payment that failed last week, so we have "
    "refunded it to your card and you will see the money back in three to five working days.",
    "I checked your order this morning and the courier has it now; it should reach you on Thursday, "
    "and I will write again if anything changes before then.",
    "Per our policy we can refund the order once the item is back with us.",
]


#: The default guide of this repository, read from its file (the preset as it ships).
PRESET = Path(__file__).resolve().parents[2] / "styleguides" / "support-default.yaml"


def _every_rule_on() -> Guide:
    """The preset with every rule it ships off or as info turned on: a suggestion must not raise
    a finding of any rule a brand may turn on."""
    codes = ", ".join(f"{rule.code}: warning" for rule in all_rules() if rule.category not in ("structure",))
    return load_guide_text(f"version: 1\nextends: {PRESET}\nboilerplate: {{severity: warning}}\nrules: {{{codes}}}\n")


EVERY_RULE_ON = _every_rule_on()


def _violations(text: str) -> list[Violation]:
    report = lint_text(text, guide=EVERY_RULE_ON)
    return [v for d in report.documents for v in d.violations]


def _keys(text: str) -> Counter[tuple[str, str]]:
    """Findings as (rule, matched words); a finding about the whole reply (tone, grade) by rule alone."""
    return Counter((v.rule, "<reply>" if v.match.strip() == text.strip() else v.match) for v in _violations(text))


def _cases() -> list[tuple[str, int, str]]:
    """(reply, index of a violation, literal suggestion) for every literal suggestion of the replies."""
    cases = []
    for reply in REPLIES:
        for index, violation in enumerate(_violations(reply)):
            for suggestion in violation.suggestions:
                if not has_template_slot(suggestion):
                    cases.append((reply, index, suggestion))
    return cases


def test_the_replies_carry_literal_suggestions_of_several_rules() -> None:
    rules = {_violations(reply)[index].rule for reply, index, _ in _cases()}
    assert {"VL101", "VL102", "VL202", "VL411", "VL412", "VL413", "VL414", "VL415", "VL416"} <= rules


@pytest.mark.parametrize(("reply", "index", "suggestion"), _cases())
def test_applying_a_suggestion_raises_no_new_finding(reply: str, index: int, suggestion: str) -> None:
    before = _violations(reply)
    fixed = apply_suggestion(reply, before[index], suggestion)
    new = _keys(fixed) - _keys(reply)
    assert not new, f"{fixed!r} gained {sorted(new)}"
