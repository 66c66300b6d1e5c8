"""Built-in presets: every name offered is a guide that loads; the boilerplate catalogue is not one."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.boilerplate.catalogue import catalogue_from_yaml
from voicelint.cli import main
from voicelint.guide.loader import DEFAULT_PRESET, GuideError, load_guide, preset_names

SHIPPED = resources.files("voicelint.styleguides")
#: YAML shipped in styleguides/ that is data for the rules, not a guide.
CATALOGUES = {"boilerplate.yaml"}
#: Stock phrases mined from real replies, each joining a family of the catalogue.
MINED = {"boilerplate_mined.yaml"}


def test_the_default_preset_is_offered_and_the_catalogue_is_not() -> None:
    names = preset_names()
    assert DEFAULT_PRESET in names
    assert "boilerplate" not in names


@pytest.mark.parametrize("name", preset_names())
def test_every_offered_preset_loads(name: str) -> None:
    guide = load_guide(name)
    assert guide.channels


def test_every_shipped_yaml_is_a_preset_or_a_known_catalogue() -> None:
    """Nothing in styleguides/ drops out of the preset list unnoticed (a broken preset must fail above)."""
    yaml_files = {entry.name for entry in SHIPPED.iterdir() if entry.name.endswith((".yaml", ".yml"))}
    presets = {f"{name}.yaml" for name in preset_names()}
    assert yaml_files == presets | CATALOGUES | MINED
    assert not presets & (CATALOGUES | MINED)
    for name in CATALOGUES:
        assert catalogue_from_yaml(SHIPPED.joinpath(name).read_text(encoding="utf-8"), name).families


def test_every_mined_phrase_joins_a_family_the_catalogue_has() -> None:
    """A mined phrase naming a family that does not exist would be dropped without a word."""
    from voicelint.boilerplate.mined import mined_phrases

    catalogue = catalogue_from_yaml(SHIPPED.joinpath("boilerplate.yaml").read_text(encoding="utf-8"))
    pairs = mined_phrases()
    assert pairs
    assert {family for family, _ in pairs} <= set(catalogue.families)


def test_a_catalogue_name_is_an_unknown_preset() -> None:
    with pytest.raises(GuideError) as info:
        load_guide("boilerplate")
    [message] = [str(error) for error in info.value.errors]
    assert message.startswith("unknown preset 'boilerplate'; built-in presets: ")
    offered = message.removeprefix("unknown preset 'boilerplate'; built-in presets: ").split(" (")[0]
    assert offered.split(", ") == preset_names()


def test_check_with_guide_boilerplate_is_a_clear_usage_error(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Thanks for waiting, Sam. Your refund is on its way.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--guide", "boilerplate", "--no-cache", str(draft)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "unknown preset 'boilerplate'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", preset_names())
def test_check_with_every_offered_preset_runs(name: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Thanks for waiting, Sam. Your refund is on its way.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--guide", name, "--no-cache", str(draft)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "name", ["support-defaul" + "[" * 300, "a" * 900, "x\\x00y", "../support-default"],
    ids=["brackets", "long", "nul", "dotdot"],
)
def test_a_name_no_preset_can_have_is_an_unknown_preset(name: str) -> None:
    """Found by the fuzzer: a 300-character name raised OSError (name too long) out of the loader."""
    from voicelint.guide.loader import load_guide_text

    with pytest.raises(GuideError) as raised:
        load_guide_text(f'version: 1\nextends: "{name}"\n')
    assert any("unknown preset" in str(e) or "outside" in str(e) for e in raised.value.errors), raised.value.errors
