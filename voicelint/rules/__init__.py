"""The rule registry: every module in this package defines and registers rules.

Adding a rule is adding a module here; nothing else needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from voicelint.guide.sections import provide_rules
from voicelint.rules.base import DocumentContext, LibraryRule, Rule, register, registered_rules
from voicelint.vocabulary import CATEGORIES

__all__ = [
    "DocumentContext",
    "LibraryRule",
    "Rule",
    "all_rules",
    "find_rule",
    "register",
    "resolve_selectors",
]

_loaded = False


def _load_rule_modules() -> None:
    global _loaded
    if _loaded:
        return
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    _loaded = True


def all_rules() -> list[type[Rule]]:
    """Every registered rule class, ordered by code."""
    _load_rule_modules()
    return [registered_rules()[code] for code in sorted(registered_rules())]


# The guide loader learns about rules (and, through their modules, their guide sections) here.
provide_rules(all_rules)


def find_rule(key: str) -> type[Rule] | None:
    """The rule named by a code, name or ``category.name`` (case-insensitive)."""
    wanted = key.strip().lower()
    for rule in all_rules():
        if wanted in (alias.lower() for alias in rule.aliases()):
            return rule
    return None


class UnknownSelectorError(ValueError):
    """A ``--select``/``--ignore`` entry that names no rule, code prefix or category."""


def resolve_selectors(selectors: Iterable[str]) -> set[str]:
    """Rule codes named by selectors: codes, code prefixes (``VL1``), names, or categories."""
    codes: set[str] = set()
    rules = all_rules()
    for raw in selectors:
        selector = raw.strip()
        if not selector:
            continue
        lowered = selector.lower()
        if lowered in CATEGORIES:
            matched = {r.code for r in rules if r.category == lowered}
        else:
            rule = find_rule(selector)
            prefixed = {r.code for r in rules if r.code.lower().startswith(lowered)}
            matched = {rule.code} if rule is not None else prefixed
        if not matched and lowered not in CATEGORIES:
            known = ", ".join(sorted({r.name for r in rules}))
            raise UnknownSelectorError(
                f"{selector!r} is not a rule code, rule name or category (rules: {known}; "
                f"categories: {', '.join(CATEGORIES)})"
            )
        codes |= matched
    return codes
