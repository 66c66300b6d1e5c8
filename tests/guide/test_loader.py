"""Style-guide loading: validation errors with positions, extends, presets and discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicelint.guide.loader import GuideError, discover_guide, load_guide, preset_names
from voicelint.rules.length import Limit, channel_limit
from voicelint.vocabulary import Severity


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(GuideError) as info:
        load_guide(str(path))
    return [str(e) for e in info.value.errors]


def test_default_preset_is_shipped_and_valid() -> None:
    assert "support-default" in preset_names()
    guide = load_guide("support-default")
    assert {"email", "chat", "social"} <= set(guide.channels)
    assert channel_limit(guide, guide.channel("social")) == Limit(280, "twitter")
    assert guide.channel("social").public is True
    assert guide.banned and guide.terms


def test_yaml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nbanned:\n  - phrase: [unclosed\n")
    [message] = errors_of(path)
    assert message.startswith(f"{path}:") or message.startswith("guide.yaml:") or str(path) in message
    assert ":4:" in message or ":3:" in message
    assert "YAML syntax error" in message


def test_unknown_key_gets_did_you_mean_with_position(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nreadability:\n  max_grad: 8\n")
    [message] = errors_of(path)
    assert ":3:3: readability.max_grad: unknown key; did you mean 'max_grade'?" in message


def test_wrong_type_names_the_key_path(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nchannels:\n  social: {max_chars: lots}\n")
    [message] = errors_of(path)
    assert "channels.social.max_chars: expected a whole number" in message
    assert ":3:23:" in message


def test_impossible_range_is_reported_like_the_contract(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\ntone:\n  warmth: [80, 20]\n")
    [message] = errors_of(path)
    assert message.endswith(":3:11: tone.warmth: expected [min, max] with 0 <= min <= max <= 100, got [80, 20]")


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nnmae: x\ntone: {warmth: [0, 200]}\nterms: [{use: x}]\n")
    messages = errors_of(path)
    assert len(messages) == 3
    assert any("did you mean 'name'" in m for m in messages)
    assert any("terms[0].avoid: is required" in m for m in messages)


def test_unsafe_yaml_tag_is_an_error_not_executed(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", 'version: 1\nname: !!python/object/apply:os.system ["echo pwned"]\n')
    messages = errors_of(path)
    assert any("name" in m for m in messages)


def test_unknown_rule_and_rule_option_in_rules_section(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nrules:\n  sentence-lenght: off\n  grade-level: {min_wrds: 3}\n")
    messages = errors_of(path)
    assert any("rules.sentence-lenght: unknown key; did you mean 'sentence-length'?" in m for m in messages)
    assert any("rules.grade-level.min_wrds: unknown key; did you mean 'min_words'?" in m for m in messages)


def test_rules_section_accepts_names_codes_and_category_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "guide.yaml",
        "version: 1\nrules:\n  readability.sentence-length: off\n  VL101: warning\n  grade-level: {min_words: 5}\n",
    )
    guide = load_guide(str(path))
    assert guide.rule_setting("VL202").enabled is False
    assert guide.rule_setting("VL101").severity is Severity.WARNING
    assert guide.rule_setting("VL201").options == {"min_words": 5}


def test_extends_merges_lists_by_key_and_later_wins(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.yaml",
        "version: 1\nname: Base\nbanned:\n  - {phrase: per our policy, reason: old}\n"
        "readability: {max_grade: 8, max_sentence_words: 25}\n",
    )
    path = write(
        tmp_path,
        "brand.yaml",
        "version: 1\nextends: [support-default, base.yaml]\nname: Brand\n"
        "banned:\n  - {phrase: Per our policy, reason: new}\n  - phrase: circle back\n"
        "readability: {max_grade: 6}\n",
    )
    guide = load_guide(str(path))
    assert guide.name == "Brand"
    by_phrase = {b.phrase.lower(): b for b in guide.banned}
    assert by_phrase["per our policy"].reason == "new"
    assert "circle back" in by_phrase and "valued customer" in by_phrase  # from the preset
    assert guide.channel("email").readability.max_grade == 6
    assert guide.channel("email").readability.max_sentence_words == 25


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "version: 1\nextends: b.yaml\n")
    path = write(tmp_path, "b.yaml", "version: 1\nextends: a.yaml\n")
    assert any("cycle" in m for m in errors_of(path))


def test_unknown_preset_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\nextends: support-defualt\n")
    [message] = errors_of(path)
    assert "unknown preset 'support-defualt'" in message and "support-default" in message


def test_channel_overrides_merge_over_guide_wide_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "guide.yaml",
        "version: 1\ndefault_channel: chat\ntone: {warmth: [40, 100], formality: [0, 70]}\n"
        "channels:\n  chat: {tone: {formality: [0, 50]}}\n  email: {}\n",
    )
    guide = load_guide(str(path))
    assert guide.default_channel == "chat"
    assert guide.channel("chat").tone == {"warmth": (40.0, 100.0), "formality": (0.0, 50.0)}
    assert guide.channel("email").tone["formality"] == (0.0, 70.0)


def test_default_channel_must_be_defined(tmp_path: Path) -> None:
    path = write(tmp_path, "guide.yaml", "version: 1\ndefault_channel: phone\nchannels: {email: {}}\n")
    assert any("default_channel: 'phone' is not one of the guide's channels" in m for m in errors_of(path))


def test_missing_version_and_empty_file(tmp_path: Path) -> None:
    assert any("version: is required" in m for m in errors_of(write(tmp_path, "a.yaml", "name: x\n")))
    assert any("empty" in m for m in errors_of(write(tmp_path, "b.yaml", "")))


def test_discovery_order(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert discover_guide(nested) == "support-default"
    write(tmp_path, "pyproject.toml", '[tool.voicelint]\nguide = "guides/brand.yaml"\n')
    assert discover_guide(nested) == str(tmp_path / "guides/brand.yaml")
    write(tmp_path / "a", ".voicelint.yaml", "version: 1\n")
    assert discover_guide(nested) == str(tmp_path / "a" / ".voicelint.yaml")
    write(nested, "voicelint.yaml", "version: 1\n")
    assert discover_guide(nested) == str(nested / "voicelint.yaml")
