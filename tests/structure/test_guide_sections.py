"""The signature, structure and length sections of a guide: accepted values, defaults, and errors with places."""

from __future__ import annotations

import pytest

from voicelint.guide.loader import GuideError, load_guide_text
from voicelint.rules.length import Limit, channel_limit


def _errors(text: str) -> list[str]:
    with pytest.raises(GuideError) as info:
        load_guide_text(text, display_path="guide.yaml")
    return [str(e) for e in info.value.errors]


def test_sections_are_read_per_channel_over_the_guide_wide_value() -> None:
    guide = load_guide_text(
        "version: 1\n"
        "structure: {greeting: required}\n"
        "signature: {required: false}\n"
        "channels:\n"
        "  email: {}\n"
        "  social: {signature: {required: true, style: initials}, structure: {next_step: required}}\n",
        display_path="guide.yaml",
    )
    social = guide.channel("social")
    assert social.section("signature") == {"required": True, "style": "initials"}
    assert social.section("structure") == {"greeting": "required", "next_step": "required"}
    assert guide.channel("email").section("structure") == {"greeting": "required"}


def test_an_unknown_signature_style_names_the_place_and_a_close_value() -> None:
    errors = _errors("version: 1\nchannels:\n  social: {signature: {required: true, style: initals}}\n")
    assert errors == [
        "guide.yaml:3:47: channels.social.signature.style: expected one of initials, name, any, got 'initals'; "
        "did you mean 'initials'?"
    ]


def test_an_unknown_structure_value_names_the_place_and_a_close_value() -> None:
    errors = _errors("version: 1\nstructure:\n  greeting: requried\n")
    assert errors == [
        "guide.yaml:3:13: structure.greeting: expected one of required, optional, forbidden, got 'requried'; "
        "did you mean 'required'?"
    ]


def test_an_unknown_structure_part_is_an_unknown_key() -> None:
    errors = _errors("version: 1\nstructure: {sign-off: required}\n")
    assert len(errors) == 1 and "structure.sign-off: unknown key; did you mean 'sign_off'?" in errors[0]


def test_an_unknown_count_is_an_error() -> None:
    errors = _errors("version: 1\nlength: {max: 280, count: twiter}\n")
    assert len(errors) == 1 and "length.count: expected one of twitter, chars" in errors[0]
    assert "did you mean 'twitter'?" in errors[0]


def test_max_chars_is_the_short_form_of_length_with_chars() -> None:
    short = load_guide_text("version: 1\nchannels: {social: {max_chars: 280}}\n", display_path="g.yaml")
    long = load_guide_text("version: 1\nchannels: {social: {length: {max: 280}}}\n", display_path="g.yaml")
    assert channel_limit(short, short.channel("social")) == Limit(280, "chars")
    assert channel_limit(long, long.channel("social")) == Limit(280, "chars")


def test_a_guide_extending_the_preset_keeps_twitter_counting_with_its_own_max_chars() -> None:
    guide = load_guide_text(
        "version: 1\nextends: support-default\nchannels: {social: {max_chars: 200}}\n", display_path="g.yaml"
    )
    assert channel_limit(guide, guide.channel("social")) == Limit(200, "twitter")


def test_the_default_preset_counts_social_as_twitter_and_keeps_chat_and_email_private() -> None:
    guide = load_guide_text("version: 1\nextends: support-default\n", display_path="g.yaml")
    assert channel_limit(guide, guide.channel("social")) == Limit(280, "twitter")
    assert channel_limit(guide, guide.channel("email")) is None
    assert guide.channel("social").public and not guide.channel("chat").public and not guide.channel("email").public
    assert guide.channel("social").section("signature") == {"required": False, "style": "any"}
