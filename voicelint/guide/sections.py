"""Guide sections owned by rules, and how the guide loader learns about rules.

The guide package knows the core of a guide (``version``, ``name``, ``extends``, ``voice``,
``channels``, ``library``, ``rules``); every other top-level section (``banned``, ``terms``,
``readability``, ``tone``, ``boilerplate``, ``max_chars``...) is declared by the rule that reads
it, with :func:`register_section`, in the rule's own module. The loader composes the schema from
what is registered, so adding a rule with guide data of its own touches one file.

The loader also needs the rules themselves (the ``rules:`` schema, rule names, options). It gets
them from a provider the rule registry installs on import (:func:`provide_rules`); when none is
installed yet, :func:`known_rules` imports :data:`RULES_PACKAGE` by name, which registers every
rule and its sections: plugin discovery, not a dependency of this package on any rule.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from voicelint.guide.schema import Spec

RULES_PACKAGE = "voicelint.rules"


@dataclass(frozen=True)
class GuideSection:
    """One top-level guide key and the rule(s) that read it."""

    key: str
    spec: Spec
    #: May also be set under ``channels.NAME`` (the channel's value wins, key by key for mappings).
    per_channel: bool = False
    #: A check of the merged value that the schema cannot express (e.g. that boilerplate families
    #: compile); raises ValueError whose message starts with the key (``boilerplate.extra[0]: ...``).
    check: Callable[[Any], None] | None = None


_SECTIONS: dict[str, GuideSection] = {}


def register_section(section: GuideSection) -> GuideSection:
    """Declare a guide section. A key belongs to one declaration: registering it twice is an error."""
    known = _SECTIONS.get(section.key)
    if known is not None and known != section:
        raise ValueError(f"guide section {section.key!r} is registered twice")
    _SECTIONS[section.key] = section
    return section


def registered_sections() -> dict[str, GuideSection]:
    """Every declared section (after :func:`known_rules` has loaded the rules)."""
    known_rules()
    return dict(_SECTIONS)


class RuleDescription(Protocol):
    """What the guide loader needs to know of a rule class."""

    code: ClassVar[str]
    name: ClassVar[str]
    options: ClassVar[Mapping[str, Spec]]
    severity_section: ClassVar[str | None]

    @classmethod
    def aliases(cls) -> tuple[str, ...]: ...


_provider: Callable[[], Sequence[type[RuleDescription]]] | None = None


def provide_rules(provider: Callable[[], Sequence[type[RuleDescription]]]) -> None:
    """Installed by the rule registry: a function returning every rule class."""
    global _provider
    _provider = provider


def known_rules() -> Sequence[type[RuleDescription]]:
    """Every rule class, loading the rule registry by name when it is not loaded yet."""
    if _provider is None:
        importlib.import_module(RULES_PACKAGE)
    assert _provider is not None, f"{RULES_PACKAGE} must call provide_rules() on import"
    return _provider()


def rule_named(key: str) -> type[RuleDescription] | None:
    """The rule a guide names by code, name or ``category.name`` (case-insensitive)."""
    wanted = key.strip().lower()
    for rule in known_rules():
        if wanted in (alias.lower() for alias in rule.aliases()):
            return rule
    return None
