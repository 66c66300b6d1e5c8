"""``voicelint explain``: a rule's documentation (why, options, bad and good example) or a topic.

Strings from the guide (its name, voice and channel names) are shown through
:mod:`voicelint.display`: a guide arriving in a pull request cannot drive the terminal or start a
line of a CI log of its own.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache
from typing import Any

from voicelint.display import for_terminal, not_a_command
from voicelint.guide.model import Guide
from voicelint.rules import all_rules, find_rule
from voicelint.rules.base import Rule, register_topic, registered_topics
from voicelint.voice_score import explain_topic as _voice_topic

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

register_topic("voice", _voice_topic)


def _voice(voice: str) -> str:
    """The guide's voice, indented by 2, each of its lines (a ``|`` block has several) escaped."""
    return "\n".join(not_a_command(f"  {for_terminal(line)}") for line in _LINE_BREAK.split(voice.strip()))


def known_topics() -> list[str]:
    all_rules()  # rule modules register their topics on import
    return [r.name for r in all_rules()] + sorted(registered_topics())


#: A rule must measure at least this precise on real libraries to ship above ``info`` in support-default.
PRECISION_GATE = 0.9
#: Fewer judged findings than this are not evidence of the gate (2 of 2 correct proves little).
MIN_JUDGED = 10
#: A rule measured under this (on at least MIN_JUDGED findings) is wrong more often than right.
OFF_BELOW = 0.5


@lru_cache(maxsize=1)
def measured_precision() -> dict[str, dict[str, Any]]:
    """Rule code -> {precision, judged, sample}, from the packaged ``data/precision.yaml``."""
    from voicelint.fast_yaml import load_data

    text = (importlib.resources.files("voicelint") / "data" / "precision.yaml").read_text(encoding="utf-8")
    data = load_data(text) or {}
    return {str(code): dict(entry) for code, entry in (data.get("rules") or {}).items()}


def precision_line(code: str) -> str:
    """What ``explain`` says of a rule's measured precision (why a rule may ship as ``info``)."""
    entry = measured_precision().get(code)
    if entry is None:
        return "Measured precision on real support libraries: not measured (no finding in the judged samples)."
    value = entry.get("precision")
    figure = "undefined (every judged finding was debatable)" if value is None else f"{value:.2f}"
    measured = (
        f"Measured precision on real support libraries: {figure} ({entry.get('judged')} hand-judged findings, "
        f"{entry.get('sample')}; benchmarks/precision)."
    )
    if entry.get("gate") == "entries":
        return (
            f"{measured} Its findings come from the guide's own list, so the {PRECISION_GATE:g} gate applies per "
            "entry: an entry measured under it ships as info in support-default."
        )
    if passes_gate(code):
        return f"{measured} At or above the {PRECISION_GATE:g} gate."
    if mostly_wrong(code):
        return (
            f"{measured} Judged wrong more often than right: support-default ships it off (turn it on in a "
            "guide, with the ranges or limits your brand chose)."
        )
    return f"{measured} Not shown to reach {PRECISION_GATE:g}: support-default ships it as info."


def mostly_wrong(code: str) -> bool:
    """Whether the rule was judged wrong more often than right (under :data:`OFF_BELOW` on at least
    :data:`MIN_JUDGED` findings): such a rule is noise even as info, so the preset turns it off."""
    entry = measured_precision().get(code)
    if entry is None or entry.get("gate") == "entries":
        return False
    value = entry.get("precision")
    return value is not None and value < OFF_BELOW and int(entry.get("judged") or 0) >= MIN_JUDGED


def passes_gate(code: str) -> bool:
    """Whether the rule measured at least :data:`PRECISION_GATE` on at least :data:`MIN_JUDGED` findings
    (a rule never measured is not held back: there is no evidence either way; a rule gated per
    entry of the guide's own list is held back entry by entry, in the guide)."""
    entry = measured_precision().get(code)
    if entry is None or entry.get("gate") == "entries":
        return True  # never measured, or gated per entry of the guide's own list (banned phrases)
    value = entry.get("precision")
    return value is not None and value >= PRECISION_GATE and int(entry.get("judged") or 0) >= MIN_JUDGED


def _rule_text(rule: type[Rule]) -> str:
    lines = [
        f"{rule.code} {rule.name}",
        f"category: {rule.category}   default severity: {rule.severity}",
        f"also named: {', '.join(a for a in rule.aliases() if a not in (rule.code, rule.name))}",
        "",
        rule.documentation(),
        "",
        precision_line(rule.code),
    ]
    if rule.options:
        lines += ["", "Options (under `rules:` in the guide):"]
        for name, spec in rule.options.items():
            default = rule.defaults.get(name)
            lines.append(f"  {name}: {spec.expected}" + (f" (default {default})" if default is not None else ""))
    if rule.bad_example:
        lines += ["", "Bad:", f"  {rule.bad_example}"]
    if rule.good_example:
        lines += ["", "Good:", f"  {rule.good_example}"]
    return "\n".join(lines)


def rule_text(key: str) -> str | None:
    """A rule's own explanation, without any guide's state or voice (what ``--format sarif`` puts in
    each rule's help, the same in every run), or None for an unknown rule."""
    rule = find_rule(key)
    return None if rule is None else _rule_text(rule)


def rule_documentation(key: str) -> str | None:
    """A rule's documentation (its docstring), or None for an unknown rule."""
    rule = find_rule(key)
    return None if rule is None else rule.documentation()


def explain_text(key: str, guide_path: str | None = None) -> str | None:
    """The explanation of a rule or topic, or None when nothing has that name."""
    rule = find_rule(key)
    if rule is not None:
        text = _rule_text(rule)
    else:
        topic = registered_topics().get(key.strip().lower())
        if topic is None:
            return None
        text = topic()
    guide = _guide_for_explain(guide_path)
    if guide is not None:
        if guide.voice:
            text += f"\n\nYour guide's voice ({for_terminal(guide.name)}):\n{_voice(guide.voice)}"
        if rule is not None:
            text += "\n\n" + guide_state(rule, guide)
    return text


def guide_state(rule: type[Rule], guide: Guide) -> str:
    """What ``rule`` does in ``guide``: off, or its severity and where it came from, per channel."""
    from voicelint.settings import effective_setting

    default = effective_setting(rule, guide)
    if not default.enabled:
        return "In this guide: off"
    lines = [f"In this guide: {default.severity} (from {default.severity_source})"]
    for channel in guide.channels:
        setting = effective_setting(rule, guide, channel)
        if setting.severity != default.severity:
            lines.append(f"  on channel {for_terminal(channel)}: {setting.severity} (from {setting.severity_source})")
    return "\n".join(lines)


def _guide_for_explain(guide_path: str | None) -> Guide | None:
    """The named guide, else the discovered one (a broken discovered guide is ignored here)."""
    from voicelint.guide.loader import GuideError, discover_guide, load_guide

    if guide_path is not None:
        return load_guide(guide_path)
    try:
        return load_guide(discover_guide())
    except GuideError:
        return None
