"""``VL001 unused-suppression``: a suppression that suppresses nothing (docs/reference.md section 9).

The engine (:mod:`voicelint.engine`, with :mod:`voicelint.suppressions`) reports it, because it is
known only once every finding of the document, the library rules' too, has been seen: the rule
class is here so that ``voicelint rules``, ``explain``, ``--select`` and the guide know it.
"""

from __future__ import annotations

from collections.abc import Iterable

from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.vocabulary import Severity

#: The code of the rule that reports unused suppressions; a directive never suppresses it.
UNUSED_CODE = "VL001"


@register
class UnusedSuppression(Rule):
    """A ``voicelint-disable`` comment or ``voicelint-ignore`` field that suppresses nothing.

    A suppression outlives the finding it was written for: the wording is fixed, the rule changes,
    the directive is left behind and would silently hide the next real finding. Like ruff's
    ``RUF100`` and ESLint's unused-directive report, voicelint reports each directive that
    suppressed no violation, naming the codes that suppressed nothing, and a directive that names
    something that is not a rule, code prefix or category (a typo suppresses nothing). Only what
    ran is judged: a run narrowed with ``--select`` or ``--ignore``, or a rule the guide turns off,
    never makes a directive for another rule "unused". A comment that suppresses nothing at all
    can be removed by ``voicelint fix`` (a safe fix). VL001 itself is never suppressed by a
    directive: turn it off with ``--ignore VL001`` or ``rules: {unused-suppression: off}``.
    """

    code = UNUSED_CODE
    name = "unused-suppression"
    category = "suppression"
    severity = Severity.INFO
    summary = "A voicelint-disable comment or voicelint-ignore field that suppresses nothing."
    needs = frozenset({"tokens"})
    english_only = False
    fix_applicability = "safe"
    bad_example = "<!-- voicelint-disable banned-phrase --> Thanks for your patience. (nothing banned after it)"
    good_example = "<!-- voicelint-disable banned-phrase --> We regret to inform you that the order was lost."

    def check(self, ctx: DocumentContext) -> Iterable[Finding]:
        return ()
