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
        ({"families": {"apolgy": "warning"}}, "did you mean 'apology'"),
        ({"families": {"apology": "warn"}}, "did you mean 'warning'"),
    ],
)
def test_bad_settings_raise_clear_errors(settings, message):
    with pytest.raises(ValueError, match=None) as info:
        customise_catalogue(load_catalogue(), settings)
    assert message in str(info.value)


def test_short_forms_and_groups_set_every_family_of_the_group():
    base = load_catalogue()
    custom = customise_catalogue(base, {"families": {"apology": "warning", "closer": "off", "stock-sympathy": "error"}})
    for name in base.groups["apology"]:
        expected = "error" if name == "stock-sympathy" else "warning"
        assert custom.families[name].severity == expected, name
    assert not any(custom.families[name].enabled for name in base.groups["closer"])
    assert custom.families["stock-opener"].severity == "info", "families outside the groups keep their own"


def test_groups_name_existing_families_and_cover_the_families_the_issue_names():
    groups = load_catalogue().groups
    assert {"apology", "opener", "thank-you", "closer"} <= set(groups)
    assert "stock-sympathy" in groups["apology"] and "stock-opener" in groups["opener"]


def test_guide_with_unknown_family_or_group_names_the_file_and_line():
    from voicelint.guide.loader import GuideError, load_guide_text

    text = "version: 1\nboilerplate:\n  families:\n    apology: info\n    apolgy: warning\n"
    with pytest.raises(GuideError) as info:
        load_guide_text(text, display_path="brand.yaml")
    assert "brand.yaml:5:5" in str(info.value) and "did you mean 'apology'" in str(info.value)
    guide_text = "version: 1\nboilerplate:\n  families: {apology: warning, opener: 'off', stock-opener: info}\n"
    assert load_guide_text(guide_text, display_path="ok.yaml") is not None
