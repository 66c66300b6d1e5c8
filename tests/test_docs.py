"""The documentation is true: its guides load, its commands run, its links stay inside the repository.

- Every ```yaml block of README.md and docs/*.md is checked. A block with ``version: 1`` is a whole
  guide and must load. Any other block needs a marker on the line before its fence, an HTML
  comment (invisible when rendered) that says what it is:

  ``<!-- docs-test: fragment -->``          part of a guide: loads once ``version: 1`` is added;
  ``<!-- docs-test: planned -->``           part of a guide for a planned feature: still rejected
                                            (when it loads, the feature is there: update the doc);
  ``<!-- docs-test: pre-commit-config -->`` a .pre-commit-config.yaml: pre-commit validates it;
  ``<!-- docs-test: github-workflow -->``   a GitHub Actions workflow: it must have jobs (the
                                            workflow schema and action.yml's inputs are checked
                                            in tests/action/test_workflows.py).

  An unmarked block fails the test, so nothing is skipped silently. Relative ``extends`` resolve
  against the folder of the Markdown file.
- Every ``voicelint ...`` command in the ```bash blocks of README.md runs in-process (click's
  runner) from the repository root, following ``cd`` lines, with ``- <FILE`` and ``echo ... |``
  given as stdin, and exits 0 or 1: never 2, never a traceback. Other commands (``pip``,
  ``python -m pytest``) are listed in NOT_RUN, each with the reason; an unknown one fails.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.guide.loader import GuideError, load_guide_text

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MARKER = re.compile(r"^<!--\s*docs-test:\s*([a-z-]+)\s*-->\s*$")
KINDS = ("fragment", "planned", "pre-commit-config", "github-workflow")
#: Commands shown in README's bash blocks that the tests do not run, and why.
NOT_RUN = {
    "pip": "installs packages (the test environment is already installed)",
    "python -m pytest": "is this test suite",
}


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    marker: str | None

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


def _blocks(doc: Path) -> list[Block]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        opening = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", lines[index])
        if not opening:
            index += 1
            continue
        fence, language = opening.group(2), opening.group(3).lower()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        previous = next((lines[k] for k in range(index - 1, -1, -1) if lines[k].strip()), "")
        marker = MARKER.match(previous.strip())
        blocks.append(Block(doc, index + 1, language, "\n".join(lines[index + 1 : end]) + "\n",
                            marker.group(1) if marker else None))
        index = end + 1
    return blocks


ALL_BLOCKS = [block for doc in DOCS for block in _blocks(doc)]
YAML_BLOCKS = [block for block in ALL_BLOCKS if block.language in ("yaml", "yml")]


def _is_whole_guide(block: Block) -> bool:
    return re.search(r"^version:\s*1\s*(#.*)?$", block.text, re.MULTILINE) is not None


def test_the_docs_have_yaml_blocks_of_every_kind() -> None:
    assert any(_is_whole_guide(block) for block in YAML_BLOCKS)
    # "planned" blocks come and go with what is planned (none once every planned key exists)
    assert {block.marker for block in YAML_BLOCKS} >= set(KINDS) - {"planned"}


def test_every_marker_is_known_and_on_a_yaml_block() -> None:
    for block in ALL_BLOCKS:
        if block.marker is not None:
            assert block.marker in KINDS, f"{block.where}: unknown docs-test marker {block.marker!r}"
            assert block.language in ("yaml", "yml"), f"{block.where}: docs-test marker on a {block.language} block"


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda block: block.where)
def test_yaml_block(block: Block, tmp_path: Path) -> None:
    if _is_whole_guide(block):
        assert block.marker is None, f"{block.where}: a whole guide needs no marker"
        load_guide_text(block.text, block.where, base_dir=block.doc.parent)
    elif block.marker == "fragment":
        load_guide_text("version: 1\n" + block.text, block.where, base_dir=block.doc.parent)
    elif block.marker == "planned":
        with pytest.raises(GuideError):
            load_guide_text("version: 1\n" + block.text, block.where, base_dir=block.doc.parent)
    elif block.marker == "pre-commit-config":
        config = tmp_path / ".pre-commit-config.yaml"
        config.write_text(block.text, encoding="utf-8")
        completed = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                                   capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    elif block.marker == "github-workflow":
        workflow = yaml.safe_load(block.text)
        assert isinstance(workflow, dict) and workflow.get("jobs"), f"{block.where}: a workflow without jobs"
    else:
        pytest.fail(f"{block.where}: a yaml block without `version: 1` needs a marker, one of "
                    f"{', '.join(f'<!-- docs-test: {kind} -->' for kind in KINDS)}")


# --- commands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    where: str
    cwd: Path
    args: tuple[str, ...]
    stdin: str | None = None
    stdin_file: str | None = None
    #: Why the line cannot be run as documented (reported by the test, not at collection).
    problem: str | None = None
    #: The voicelint commands before this one in the same block, which it may build on (a
    #: baseline written, then read); the test runs them first.
    earlier: tuple[Command, ...] = ()

    def __str__(self) -> str:
        shown = shlex.join(self.args) if not self.problem else "?"
        return f"{self.where}: (cd {self.cwd.relative_to(REPO)}) voicelint {shown}"


def _segments(tokens: list[str]) -> list[list[str]]:
    """Split a command line's tokens at ``&&``, ``||``, ``;`` and ``|`` (kept as their own items)."""
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token in ("&&", "||", ";", "|"):
            segments.append([token])
            segments.append([])
        else:
            segments[-1].append(token)
    return [segment for segment in segments if segment]


def _voicelint(
    where: str, cwd: Path, tokens: list[str], stdin: str | None, earlier: tuple[Command, ...] = ()
) -> Command:
    args: list[str] = []
    stdin_file = None
    rest = iter(tokens)
    for token in rest:
        if token.startswith("<"):
            stdin_file = token[1:] or next(rest, "")
        else:
            args.append(token)
    return Command(where, cwd, tuple(args), stdin, stdin_file, earlier=earlier)


def _readme_commands() -> list[Command]:
    commands = []
    for block in _blocks(REPO / "README.md"):
        if block.language not in ("bash", "sh", "shell", "console"):
            continue
        cwd = REPO
        in_block: list[Command] = []
        for offset, line in enumerate(block.text.splitlines(), start=1):
            where = f"README.md:{block.line + offset}"
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            segments = _segments(list(lexer))
            stdin = None
            for index, segment in enumerate(segments):
                if segment[0] in ("&&", "||", ";", "|"):
                    continue
                piped = index + 1 < len(segments) and segments[index + 1] == ["|"]
                if segment[0] == "cd" and len(segment) == 2 and (cwd / segment[1]).is_dir():
                    cwd = (cwd / segment[1]).resolve()
                elif segment[0] == "echo" and piped:
                    stdin = " ".join(segment[1:]) + "\n"
                elif segment[0] == "voicelint":
                    command = _voicelint(where, cwd, segment[1:], stdin, tuple(in_block))
                    commands.append(command)
                    in_block.append(command)
                    stdin = None
                elif not any(" ".join(segment).startswith(prefix) for prefix in NOT_RUN):
                    problem = (f"the test does not know how to run {' '.join(segment)!r} (a missing folder? "
                               "another command?): make it a voicelint command, or add it to NOT_RUN with the reason")
                    commands.append(Command(where, cwd, (), problem=problem))
    return commands


README_COMMANDS = _readme_commands()


def test_the_readme_shows_the_main_commands() -> None:
    shown = {command.args[0] for command in README_COMMANDS if command.args}
    assert {"check", "rules", "explain"} <= shown
    assert any(command.stdin is not None for command in README_COMMANDS)
    assert any(command.stdin_file is not None for command in README_COMMANDS)
    assert any(command.cwd != REPO for command in README_COMMANDS)


def _run(command: Command, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``command`` run in-process from its folder inside ``repo`` (a copy of the repository's examples)."""
    assert command.problem is None, f"{command.where}: {command.problem}"
    assert REPO in (command.cwd, *command.cwd.parents)
    cwd = repo / command.cwd.relative_to(REPO)
    stdin = command.stdin
    if command.stdin_file is not None:
        stdin_path = cwd / command.stdin_file
        assert stdin_path.is_file(), f"{command}: no file {command.stdin_file} to read stdin from"
        stdin = stdin_path.read_text(encoding="utf-8")
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, list(command.args), input=stdin, env={"VOICELINT_CACHE_DIR": str(cache)})
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{command}\n{output}"
    assert result.exit_code in (0, 1), f"{command} exited {result.exit_code}:\n{output}"
    assert "Traceback" not in output, f"{command}\n{output}"
    return result


@pytest.mark.parametrize("command", README_COMMANDS, ids=str)
def test_readme_command_runs(command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Commands may write (a baseline, `fix` in place): they run in a copy of the examples, after
    # the commands before them in their block, as a reader following the README would.
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "examples", repo / "examples")
    for earlier in command.earlier:
        _run(earlier, repo, tmp_path / "cache", monkeypatch)
    result = _run(command, repo, tmp_path / "cache", monkeypatch)
    args = list(command.args)
    output = next((args[i + 1] for i, arg in enumerate(args[:-1]) if arg in ("-o", "--output", "--out")), None)
    if output is not None:
        written = repo / command.cwd.relative_to(REPO) / output
        assert written.is_file() and written.stat().st_size, f"{command} wrote nothing to {output}"
    else:
        assert result.stdout.strip() or result.stderr.strip(), f"{command} printed nothing"


# --- links ------------------------------------------------------------------------------------

_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(REPO)))
def test_links_stay_inside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    prose = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", text, flags=re.MULTILINE | re.DOTALL)
    for target in _LINK.findall(prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a web address or an anchor in the same file
        path = (doc.parent / target.split("#")[0]).resolve()
        assert REPO in path.parents or path == REPO, f"{doc.name}: link {target} leaves the repository"
        assert path.exists(), f"{doc.name}: link {target} points at nothing"


def test_the_readme_does_not_point_outside_the_repository() -> None:
    assert "../shared" not in (REPO / "README.md").read_text(encoding="utf-8")
