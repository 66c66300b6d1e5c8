"""The schema of a voicelint style guide (``version: 1``), as CONTRACT.md section 2 defines it.

Rule names and rule options in ``rules:`` are checked later against the rule registry (see
:mod:`voicelint.guide.loader`), because rules declare their own options.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import Node

from voicelint.guide.schema import (
    AnyOf,
    Bool,
    Choice,
    Context,
    ListOf,
    Map,
    Number,
    Spec,
    Str,
    Switch,
)
from voicelint.guide.sections import registered_sections
from voicelint.vocabulary import SEVERITY_NAMES

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")

SEVERITY = Choice(choices=SEVERITY_NAMES)
PHRASES = ListOf(Str(max_length=200), single_ok=True)


def name_ok(name: str) -> bool:
    return bool(_NAME.match(name))


class _AnyScalarSpec(Str):
    """Any scalar (option values are checked by the rule that declares them)."""

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        from yaml.nodes import ScalarNode

        if isinstance(node, ScalarNode):
            return ctx.scalar(node, key_path)
        return self._wrong(node, key_path, ctx)


_RULE_OPTION_VALUE = AnyOf(scalar=_AnyScalarSpec(expected="a value"), sequence=ListOf(_AnyScalarSpec()))

#: A rule's setting: ``off``/``on``, a severity, or a mapping of options (checked per rule later).
RULE_SETTING = AnyOf(
    scalar=Switch(choices=("off", "on", *SEVERITY_NAMES)),
    mapping=Map(values=_RULE_OPTION_VALUE),
    expected="off, on, a severity, or a mapping of options",
)

LIBRARY = Map(
    fields={
        "text_field": Str(max_length=100),
        "id_field": Str(max_length=100),
        "channel_field": Str(max_length=100),
        "markdown": Choice(choices=("auto", "collection", "document")),
        # Keep only the items whose field matches (``{role: agent}``; a list accepts any of its
        # values, ``"*"`` any value that is present); keys may be dotted paths or list positions.
        "where": Map(values=_RULE_OPTION_VALUE),
        # Who wrote an item: a field name or a list of them, looked up on the item, then its record.
        "agent_field": AnyOf(
            scalar=Str(max_length=100),
            sequence=ListOf(Str(max_length=100)),
            expected="a field name or a list of field names",
        ),
    }
)


def _check_version(value: dict[str, Any], node: Node, key_path: str, ctx: Context) -> None:
    version = value.get("version")
    if version is not None and version != 1:
        ctx.error(node, "version", f"unsupported version {version!r}; this voicelint reads version 1")


def guide_spec(rules: Spec | None = None) -> Map:
    """The whole guide schema: the core keys and every section the rules declare.

    ``rules`` is the registry-aware ``rules:`` schema (see the loader); sections come from
    :func:`voicelint.guide.sections.registered_sections`.
    """
    return Map(
        fields=_guide_fields(rules or Map(values=RULE_SETTING)),
        required=("version",),
        check=_check_version,
    )


def channel_spec() -> Map:
    """What ``channels.NAME`` may hold: the per-channel sections and the channel's own keys."""
    fields: dict[str, Spec] = {
        section.key: section.spec for section in registered_sections().values() if section.per_channel
    }
    fields.update({"public": Bool(), "description": Str()})
    return Map(fields=fields)


def _guide_fields(rules: Spec) -> dict[str, Spec]:
    fields: dict[str, Spec] = {
        "version": Number(minimum=1, maximum=1, integer=True),
        "name": Str(max_length=200),
        "extends": AnyOf(
            scalar=Str(max_length=1000),
            sequence=ListOf(Str(max_length=1000)),
            expected="a preset name, a relative path, or a list of them",
        ),
        "voice": Str(max_length=5000),
        "default_channel": Str(max_length=40),
        "channels": Map(values=channel_spec(), name_pattern=name_ok),
    }
    fields.update({key: section.spec for key, section in registered_sections().items()})
    fields.update({"rules": rules, "library": LIBRARY})
    return fields
