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
    Range,
    Spec,
    Str,
    Switch,
)
from voicelint.vocabulary import SEVERITY_NAMES, TONE_DIMENSIONS

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")

SEVERITY = Choice(choices=SEVERITY_NAMES)
PHRASES = ListOf(Str(max_length=200), single_ok=True)


def _channel_name_ok(name: str) -> bool:
    return bool(_NAME.match(name))


READABILITY = Map(
    fields={
        "max_grade": Number(minimum=0, maximum=30),
        "max_sentence_words": Number(minimum=3, maximum=500, integer=True),
    }
)

TONE = Map(fields={name: Range(0, 100) for name in TONE_DIMENSIONS})

BOILERPLATE_FAMILY = Map(
    fields={
        "name": Str(max_length=60),
        "summary": Str(),
        "why": Str(max_length=2000),
        "rewrites": PHRASES,
        "phrases": PHRASES,
        "severity": SEVERITY,
        "enabled": Bool(),
        "examples": Map(fields={"match": PHRASES, "no_match": PHRASES}),
    },
    required=("name", "phrases"),
)

BOILERPLATE = Map(
    fields={
        "enabled": Bool(),
        "severity": SEVERITY,
        "allow": PHRASES,
        "families": Map(
            values=Map(fields={"enabled": Bool(), "severity": SEVERITY, "phrases": PHRASES}),
            name_pattern=_channel_name_ok,
        ),
        "extra": ListOf(BOILERPLATE_FAMILY),
    }
)

CHANNEL = Map(
    fields={
        "readability": READABILITY,
        "tone": TONE,
        "boilerplate": BOILERPLATE,
        "max_chars": Number(minimum=1, maximum=1_000_000, integer=True),
        "public": Bool(),
        "description": Str(),
    }
)


def _banned_entry_shape() -> AnyOf:
    entry = Map(
        fields={
            "phrase": Str(max_length=200),
            "suggest": PHRASES,
            "reason": Str(),
            "severity": SEVERITY,
        },
        required=("phrase",),
    )
    return AnyOf(scalar=Str(max_length=200), mapping=entry, expected="a phrase or a mapping with 'phrase'")


TERM = Map(
    fields={
        "use": Str(max_length=200),
        "avoid": PHRASES,
        "reason": Str(),
        "severity": SEVERITY,
    },
    required=("use", "avoid"),
)

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
    }
)


def _check_version(value: dict[str, Any], node: Node, key_path: str, ctx: Context) -> None:
    version = value.get("version")
    if version is not None and version != 1:
        ctx.error(node, "version", f"unsupported version {version!r}; this voicelint reads version 1")


def guide_spec(rules: Spec | None = None) -> Map:
    """The whole guide schema; ``rules`` is the registry-aware ``rules:`` schema (see the loader)."""
    return Map(
        fields=_guide_fields(rules or Map(values=RULE_SETTING)),
        required=("version",),
        check=_check_version,
    )


def _guide_fields(rules: Spec) -> dict[str, Spec]:
    return {
        "version": Number(minimum=1, maximum=1, integer=True),
        "name": Str(max_length=200),
        "extends": AnyOf(
            scalar=Str(max_length=1000),
            sequence=ListOf(Str(max_length=1000)),
            expected="a preset name, a relative path, or a list of them",
        ),
        "voice": Str(max_length=5000),
        "default_channel": Str(max_length=40),
        "channels": Map(values=CHANNEL, name_pattern=_channel_name_ok),
        "banned": ListOf(_banned_entry_shape()),
        "terms": ListOf(TERM),
        "readability": READABILITY,
        "tone": TONE,
        "boilerplate": BOILERPLATE,
        "max_chars": Number(minimum=1, maximum=1_000_000, integer=True),
        "rules": rules,
        "library": LIBRARY,
    }
