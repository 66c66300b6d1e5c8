"""Guides are untrusted: every bad guide is a GuideError with a position, never an exception, a hang,
a read without end, a read outside the project or an echo of a file that is not a guide (issue 9).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from voicelint.guide.loader import EXTENDS_ROOT_ENV, MAX_GUIDE_DEPTH, GuideError, load_guide, load_guide_text
from voicelint.guide.schema import MAX_GUIDE_NODES

#: The ``deadline`` fixture (tests/conftest.py): ``with deadline(20):`` fails instead of hanging.
Deadline = Callable[[int], AbstractContextManager[None]]

SECRET = "sk-live-SECRET-7f3a9"
POSITION = re.compile(r"^<string>:\d+:\d+: ")


def text_errors(text: str, base_dir: Path | None = None) -> list[str]:
    with pytest.raises(GuideError) as info:
        load_guide_text(text, base_dir=base_dir)
    return [str(e) for e in info.value.errors]


def file_errors(path: Path | str) -> list[str]:
    with pytest.raises(GuideError) as info:
        load_guide(str(path))
    return [str(e) for e in info.value.errors]


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and SIGALRM are POSIX")


# -- 1. scalars PyYAML cannot construct, and nesting -------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("version: 1\nname: 2024-13-01\n", "<string>:2:7: name: cannot read '2024-13-01' as a date"),
        ("version: 1\nbanned: [2024-13-01]\n", "<string>:2:10: banned[0]: cannot read '2024-13-01' as a date"),
        ("version: 1\nchannels: {email: {max_chars: 0x_}}\n", "<string>:2:31: channels.email.max_chars: cannot read"),
        ("version: 1\nname: !!bool maybe\n", "<string>:2:7: name: cannot read 'maybe' as true or false"),
        ("version: 1\nname: !!float abc\n", "<string>:2:7: name: cannot read 'abc' as a number"),
        ("version: 1\nname: !!int ''\n", "<string>:2:7: name: cannot read '' as a whole number"),
        ("version: 1\nname: !!timestamp abc\n", "<string>:2:7: name: cannot read 'abc' as a date"),
        ("version: !!int abc\n", "<string>:1:10: version: cannot read 'abc' as a whole number"),
        ("version: 1\nmax_chars: " + "9" * 5000 + "\n", "<string>:2:12: max_chars: cannot read"),
        ("version: 1\ntone: {warmth: [!!int x, 3]}\n", "<string>:2:17: tone.warmth: cannot read 'x'"),
        ("version: 1\nrules: {sentence-length: !!bool maybe}\n", "<string>:2:26: rules.sentence-length: cannot"),
        ("version: 1\nrules: {grade-level: {min_words: !!int x}}\n", "<string>:2:34: rules.grade-level.min_words:"),
        ("version: 1\n2024-13-01: x\n", "<string>:2:1: cannot read '2024-13-01' as a date"),
        ("version: 1\nname: !foo bar\n", "<string>:2:7: name: unsupported YAML tag '!foo'"),
        ("version: 1\nname: !!binary \"\u00e9\"\n", "<string>:2:7: name: cannot read"),
        ("version: 1\nname: \"half \\ud83d an emoji\"\n", "<string>:2:7: name: contains a lone UTF-16 surrogate"),
        ("version: 1\nreadability: {max_grade: .nan}\n", "<string>:2:26: readability.max_grade: expected a number"),
        ("version: 1\nreadability: {max_grade: .inf}\n", "<string>:2:26: readability.max_grade: expected a number"),
    ],
)
def test_a_scalar_yaml_cannot_build_is_a_guide_error_at_its_position(text: str, where: str) -> None:
    messages = text_errors(text)
    assert any(m.startswith(where) for m in messages), messages


def test_a_plain_scalar_yaml_took_for_a_date_says_to_quote_it() -> None:
    [message] = text_errors("version: 1\nname: 2024-13-01\n")
    assert message == (
        "<string>:2:7: name: cannot read '2024-13-01' as a date (month must be in 1..12); quote it to make it a string"
    )


def test_an_escaped_surrogate_pair_is_one_character() -> None:
    assert load_guide_text('version: 1\nname: "Hi \\ud83d\\ude00"\n').name == "Hi \U0001f600"


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 1000 + "]" * 1000,
        "{a: " * 1000 + "1" + "}" * 1000,
        "\n" + "".join("  " * i + f"k{i}:\n" for i in range(1000)),
        "".join(f"&a{i} [" for i in range(1000)) + "]" * 1000,
    ],
    ids=["flow-lists", "flow-maps", "block-maps", "anchored"],
)
def test_nesting_a_thousand_levels_is_a_guide_error_not_a_recursion_error(nested: str, tmp_path: Path) -> None:
    [message] = text_errors("version: 1\nname: " + nested + "\n")
    assert POSITION.match(message), message
    assert f"nested more than {MAX_GUIDE_DEPTH} levels deep" in message
    path = tmp_path / "deep.yaml"
    path.write_text("version: 1\nname: " + nested + "\n", encoding="utf-8")
    [message] = file_errors(path)
    assert f"nested more than {MAX_GUIDE_DEPTH} levels deep" in message


def test_nesting_below_the_limit_is_validated_as_usual() -> None:
    depth = MAX_GUIDE_DEPTH - 2
    [message] = text_errors("version: 1\nname: " + "[" * depth + "]" * depth + "\n")
    assert message == "<string>:2:7: name: expected a non-empty string, got a list"


def test_a_guide_that_is_not_a_mapping_is_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "token.yaml"
    path.write_text(f"API_TOKEN={SECRET}\n", encoding="utf-8")
    [message] = file_errors(path)
    assert "not a voicelint guide" in message and SECRET not in message


# -- 2. reads that never end -------------------------------------------------------------------


@needs_posix
def test_a_fifo_is_never_opened_as_a_guide(tmp_path: Path, deadline: Deadline) -> None:
    fifo = tmp_path / "guide.yaml"
    os.mkfifo(fifo)
    guide = tmp_path / "brand.yaml"
    guide.write_text("version: 1\nextends: guide.yaml\n", encoding="utf-8")
    with deadline(20):
        [direct] = file_errors(fifo)
        [extended] = file_errors(guide)
    assert direct == f"{fifo}: not a regular file (a FIFO, socket or device); a style guide must be a file"
    assert extended.startswith(f"{guide}:2:10: extends: guide.yaml: not a regular file")


@needs_posix
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_never_read_as_a_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deadline: Deadline) -> None:
    """``extends: /dev/zero`` read until MemoryError (5 GB) before: devices are refused unopened."""
    monkeypatch.setenv(EXTENDS_ROOT_ENV, "/dev")
    guide = tmp_path / "brand.yaml"
    guide.write_text("version: 1\nextends: /dev/zero\n", encoding="utf-8")
    with deadline(20):
        [extended] = file_errors(guide)
        [direct] = file_errors("/dev/zero")
    assert "/dev/zero: not a regular file (a FIFO, socket or device)" in extended
    assert direct == "/dev/zero: not a regular file (a FIFO, socket or device); a style guide must be a file"


def test_a_guide_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import voicelint.guide.loader as loader

    monkeypatch.setattr(loader, "MAX_GUIDE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("version: 1\nname: " + "x" * 200 + "\n", encoding="utf-8")
    [message] = file_errors(path)
    assert message.endswith("bytes; at most 100 allowed")


# -- 3. extends stays inside the project and never quotes what is not a guide ----------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/project (the guide's folder) and tmp/outside/token.txt, a secret next to it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "token.txt").write_text(f"API_TOKEN={SECRET}\n", encoding="utf-8")
    (tmp_path / "outside" / "shared.yaml").write_text("version: 1\nname: Shared\n", encoding="utf-8")
    (tmp_path / "project" / "sub").mkdir(parents=True)
    return tmp_path / "project"


def guide_in(project: Path, text: str) -> Path:
    path = project / "voicelint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("target", ["../outside/token.txt", "../outside/shared.yaml", "sub/../../outside/token.txt"])
def test_extends_outside_the_guides_folder_is_refused(project: Path, target: str) -> None:
    path = guide_in(project, f"version: 1\nextends: {target}\n")
    [message] = file_errors(path)
    assert message.startswith(f"{path}:2:10: extends: '{target}' is outside the guide's folder")
    assert EXTENDS_ROOT_ENV in message and SECRET not in message


def test_extends_an_absolute_path_outside_is_refused(project: Path) -> None:
    secret = project.parent / "outside" / "token.txt"
    [message] = file_errors(guide_in(project, f"version: 1\nextends: [support-default, {secret}]\n"))
    assert "is outside the guide's folder" in message and SECRET not in message


@needs_posix
def test_a_symlink_inside_the_project_cannot_lead_outside(project: Path) -> None:
    (project / "sub" / "base.yaml").symlink_to(project.parent / "outside" / "shared.yaml")
    [message] = file_errors(guide_in(project, "version: 1\nextends: sub/base.yaml\n"))
    assert "'sub/base.yaml' is outside the guide's folder" in message


def test_extends_inside_the_project_and_presets_still_work(project: Path) -> None:
    (project / "sub" / "base.yaml").write_text("version: 1\nextends: ../tone.yaml\nname: Base\n", encoding="utf-8")
    (project / "tone.yaml").write_text("version: 1\ntone: {warmth: [10, 90]}\n", encoding="utf-8")
    guide = load_guide(str(guide_in(project, "version: 1\nextends: [support-default, sub/base.yaml]\n")))
    assert guide.name == "Base"
    assert guide.channel("email").tone["warmth"] == (10.0, 90.0)


def test_the_environment_variable_widens_where_extends_may_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = guide_in(project, "version: 1\nextends: ../outside/shared.yaml\n")
    monkeypatch.setenv(EXTENDS_ROOT_ENV, os.pathsep.join(["/nonexistent", str(project.parent / "outside")]))
    assert load_guide(str(path)).name == "Shared"


def test_load_guide_text_confines_extends_to_its_base_dir(project: Path) -> None:
    [message] = text_errors("version: 1\nextends: ../outside/shared.yaml\n", base_dir=project)
    assert message.startswith("<string>:2:10: extends: '../outside/shared.yaml' is outside the guide's folder")
    assert load_guide_text("version: 1\nextends: shared.yaml\n", base_dir=project.parent / "outside").name == "Shared"


@pytest.mark.parametrize(
    "content",
    [
        f"API_TOKEN={SECRET}\n",
        f"API_TOKEN: {SECRET}\n",
        f"version: '3'\nservices: {{app: {{environment: [TOKEN={SECRET}]}}}}\n",
        f"- {SECRET}\n",
        f"token: [{SECRET}\n",
    ],
    ids=["dotenv", "mapping", "compose-file", "list", "broken-yaml"],
)
def test_a_file_extends_reaches_that_is_not_a_guide_is_never_quoted(project: Path, content: str) -> None:
    (project / "secret.yml").write_text(content, encoding="utf-8")
    path = guide_in(project, "version: 1\nextends: secret.yml\n")
    [message] = file_errors(path)
    assert message.startswith(f"{path}:2:10: extends: ")
    assert message.endswith(
        "secret.yml: not a voicelint guide (a guide is a YAML mapping with 'version: 1'); its content is not shown"
    )
    assert "SECRET" not in message


@pytest.mark.parametrize(
    "content",
    [
        f"version: 1\nname: [{SECRET}]\n",
        f"version: 1\nchannels: {{email: {{max_chars: {SECRET}}}}}\n",
        f"version: 1\nrules: {{sentence-length: {SECRET}}}\n",
        f"version: 1\nreadability: {{max_grade: 1{SECRET.replace('-', '')}}}\n",
        f"version: 1\nname: *{SECRET}\n",
        f"version: 1\nname: !{SECRET} x\n",
        f"version: 1\ntone: {{warmth: [90, 10]}}\nvoice: [{SECRET}]\ndefault_channel: {{{SECRET}: 1}}\n",
        f"version: 1\nname: 2024-13-01\nbanned: [{{phrase: {SECRET}, severity: {SECRET}}}]\n",
        f"version: 1\nname: !!int {SECRET}\n",
    ],
)
def test_errors_in_an_extended_file_never_quote_its_values(project: Path, content: str) -> None:
    (project / "base.yaml").write_text(content, encoding="utf-8")
    messages = file_errors(guide_in(project, "version: 1\nextends: base.yaml\n"))
    assert messages and all(re.match(r"^\S*base\.yaml:\d+:\d+: ", m) for m in messages), messages
    assert not any("SECRET" in m for m in messages), messages


# -- 4. expansion through aliases and extends; merge keys ---------------------------------------


def test_aliases_cannot_expand_a_small_guide_into_a_huge_one() -> None:
    """A 19 KB guide whose aliases expand to 150,000 phrases loaded (slowly) before; now it is refused."""
    phrases = "[" + ", ".join(f"p{i}" for i in range(1000)) + "]"
    text = "version: 1\nterms:\n  - {use: x, avoid: &many " + phrases + "}\n" + "".join(
        f"  - {{use: x{i}, avoid: *many}}\n" for i in range(150)
    )
    assert len(text) < 20_000
    start = time.perf_counter()
    [message] = text_errors(text)
    assert time.perf_counter() - start < 10
    assert re.match(r"^<string>:\d+:\d+: terms\[\d+\]\.avoid: the guide expands to more than", message), message
    assert str(MAX_GUIDE_NODES) in message


def test_extending_the_same_guide_many_times_is_bounded() -> None:
    start = time.perf_counter()
    [message] = text_errors("version: 1\nextends: [" + ", ".join(["support-default"] * 2000) + "]\n")
    assert time.perf_counter() - start < 10
    assert re.match(r"^<string>:2:\d+: extends: the guide expands to more than", message), message
    assert load_guide_text("version: 1\nextends: [support-default, support-default]\n").banned


MERGED_CHANNELS = """\
version: 1
channels:
  email: &email
    max_chars: 2000
    public: false
    description: Replies by email
  chat:
    <<: *email
    max_chars: 500
  social:
    <<: [{max_chars: 280, public: true}, *email]
"""


def test_merge_keys_work_and_explicit_keys_win() -> None:
    guide = load_guide_text(MERGED_CHANNELS)
    assert guide.channel("chat").max_chars == 500
    assert guide.channel("chat").public is False
    assert guide.channel("social").max_chars == 280  # of the merged mappings the earlier wins
    assert guide.channel("social").public is True
    assert guide.data["channels"]["social"]["description"] == "Replies by email"


def test_merged_values_are_validated_at_their_own_position() -> None:
    messages = text_errors("version: 1\nchannels:\n  email: &e {max_chars: lots}\n  chat: {<<: *e}\n")
    expected = "expected a whole number >= 1 and <= 1e+06, got 'lots'"
    assert messages == [
        f"<string>:3:25: channels.email.max_chars: {expected}",
        f"<string>:3:25: channels.chat.max_chars: {expected}",  # where it was merged, at its own position
    ]
    messages = text_errors("version: 1\nbase: &b {max_grade: 8}\nreadability: {<<: *b, max_grade: 9}\n")
    assert messages == ["<string>:2:1: base: unknown key; did you mean 'banned'?"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nreadability: {<<: 3}\n", "<string>:2:19: readability: '<<' merges a mapping or a list of"),
        ("version: 1\nchannels: &a {<<: *a}\n", "<string>:2:11: channels: '<<' merges a mapping into itself"),
        ("version: 1\nreadability: {max_grade: 8, max_grade: 9}\n", "<string>:2:29: readability.max_grade: is given"),
    ],
)
def test_bad_merges_and_duplicate_keys_are_errors(text: str, message: str) -> None:
    assert any(m.startswith(message) for m in text_errors(text)), text_errors(text)


def test_a_merge_key_in_a_preset_style_file_is_read_like_a_library_would() -> None:
    text = "version: 1\nreadability:\n  <<: {max_grade: 7, max_sentence_words: 20}\n  max_grade: 6\n"
    guide = load_guide_text(text)
    assert guide.channel("email").readability.max_grade == 6
    assert guide.channel("email").readability.max_sentence_words == 20


def test_nothing_here_left_a_file_open(project: Path) -> None:
    """The bounded reader closes what it opens, also when it refuses the file."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    before = len(os.listdir("/proc/self/fd"))
    big = project / "big.yaml"
    big.write_bytes(b"version: 1\n" + b"#" * 3_000_000)
    for _ in range(20):
        file_errors(big)
    assert len(os.listdir("/proc/self/fd")) <= before
    assert stat.S_ISREG(os.stat(big).st_mode)
