"""``voicelint explain``: a rule's documentation (why, options, bad and good example) or a topic.

Strings from the guide (its name, voice and channel names) are shown through
:mod:`voicelint.display`: a guide arriving in a pull request cannot drive the terminal or start a
line of a CI log of its own.
"""

from __future__ import annotations

import re

from voicelint.display import for_terminal, not_a_command
from voicelint.guide.model import Guide
from voicelint.rules import all_rules, find_rule
from voicelint.rules.base import Rule, registered_topics

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _voice(voice: str) -> str:
    """The guide's voice, indented by 2, each of its lines (a ``|`` block has several) escaped."""
    return "\n".join(not_a_command(f"  {for_terminal(line)}") for line in _LINE_BREAK.split(voice.strip()))


def known_topics() -> list[str]:
    all_rules()  # rule modules register their topics on import
    return [r.name for r in all_rules()] + sorted(registered_topics())


def _rule_text(rule: type[Rule]) -> str:
    lines = [
        f"{rule.code} {rule.name}",
        f"category: {rule.category}   default severity: {rule.severity}",
        f"also named: {', '.join(a for a in rule.aliases() if a not in (rule.code, rule.name))}",
        "",
        rule.documentation(),
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
