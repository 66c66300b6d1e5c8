"""``voicelint explain``: a rule's documentation (why, options, bad and good example) or a topic."""

from __future__ import annotations

from voicelint.rules import all_rules, find_rule
from voicelint.rules.base import Rule, registered_topics


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
            text += f"\n\nYour guide's voice ({guide.name}):\n  {guide.voice.strip()}"
        if rule is not None:
            setting = guide.rule_setting(rule.code)
            state = "off" if setting.enabled is False else str(setting.severity or rule.severity)
            text += f"\n\nIn this guide: {state}"
    return text


def _guide_for_explain(guide_path: str | None):
    """The named guide, else the discovered one (a broken discovered guide is ignored here)."""
    from voicelint.guide.loader import GuideError, discover_guide, load_guide

    if guide_path is not None:
        return load_guide(guide_path)
    try:
        return load_guide(discover_guide())
    except GuideError:
        return None
