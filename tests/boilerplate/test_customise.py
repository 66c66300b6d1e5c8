"""Guide settings: families on/off, severity, extra families and phrases, and clear errors."""

from __future__ import annotations

import pytest

from voicelint.boilerplate import SETTINGS_KEYS, BoilerplateMatcher, customise_catalogue, load_catalogue

ACME = {
    "name": "acme-script",
    "summary": "Acme's old macro opener.",
    "why": "Every Acme ticket used to start with it.",
    "rewrites": ["Hi {name}, {answer}.", "{Answer first}."],
    "phrases": ["greetings from [the] acme (help desk|helpdesk)"],
}


def test_settings_keys_are_documented():
    assert set(SETTINGS_KEYS) == {"enabled", "severity", "allow", "families", "extra"}
    assert all(SETTINGS_KEYS.values())


def test_family_can_be_disabled_and_reseveritied(nlp):
    base = load_catalogue()
    custom = customise_catalogue(
        base, {"families": {"stock-sign-offs": {"enabled": False}, "dm-us": {"severity": "info"}}}
    )
    assert not custom.families["stock-sign-offs"].enabled
    assert custom.families["dm-us"].severity == "info"
    assert base.families["stock-sign-offs"].enabled, "the base catalogue is not changed"
    matches = BoilerplateMatcher(nlp, custom).find(nlp("Have a great day!"))
    assert matches == []


def test_disabling_boilerplate_disables_every_family():
    custom = customise_catalogue(load_catalogue(), {"enabled": False})
    assert not custom.enabled_families()


def test_extra_family_and_extra_phrases_match(nlp):
    custom = customise_catalogue(
        load_catalogue(),
        {"extra": [ACME], "families": {"dm-us": {"phrases": ["slide into our dms"]}}},
    )
    matcher = BoilerplateMatcher(nlp, custom)
    (match,) = matcher.find(nlp("Greetings from the Acme Help Desk! Your order shipped."))
    assert (match.family, match.text) == ("acme-script", "Greetings from the Acme Help Desk")
    assert {m.family for m in matcher.find(nlp("Slide into our DMs and we'll sort it."))} == {"dm-us"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"families": {"dm-uss": {"enabled": False}}}, "did you mean 'dm-us'"),
        ({"famlies": {}}, "did you mean 'families'"),
        ({"severity": "fatal"}, "severity"),
        ({"extra": [{**ACME, "phrases": ["thank (you"]}]}, "'thank (you'"),
        ({"extra": [{**ACME, "rewrites": ["only one"]}]}, "two human rewrites"),
        ({"extra": [{**ACME, "name": "dm-us"}]}, "already exists"),
        ({"families": {"dm-us": {"phrases": ["dm"]}}}, "'dm'"),
    ],
)
def test_bad_settings_raise_clear_errors(settings, message):
    with pytest.raises(ValueError, match=None) as info:
        customise_catalogue(load_catalogue(), settings)
    assert message in str(info.value)
