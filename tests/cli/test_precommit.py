"""voicelint as a pre-commit hook: the real ``pre-commit try-repo`` against this repository.

The ``voicelint`` hook (language: python) makes pre-commit build a virtualenv and pip-install
voicelint with its dependencies from the package index, which tests must not need. So the
manifest is validated for both hooks, and ``try-repo`` runs the ``voicelint-system`` hook, which
is the same entry point run from the environment these tests run in.

pre-commit is in the ``test`` extra and runs as ``sys.executable -m pre_commit``, with this
environment's scripts folder first on PATH (so ``voicelint-system`` finds this environment's
``voicelint``, also when the virtualenv is not activated). Nothing is skipped: git and pre-commit
are needed, and a missing one fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from voicelint.sources import is_supported, supported_extensions

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
SCRIPTS = sysconfig.get_path("scripts")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_manifest_is_valid() -> None:
    completed = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _hooks() -> list[dict[str, str]]:
    hooks: list[dict[str, str]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hooks


def _expand_optional(alternative: str) -> set[str]:
    """``ya?ml`` -> {``yaml``, ``yml``}: the alternatives of a pattern written as plain letters and ``x?``."""
    mark = alternative.find("?")
    if mark == -1:
        return {alternative}
    head, tail = alternative[: mark - 1], alternative[mark + 1 :]
    return {head + alternative[mark - 1] + rest for rest in _expand_optional(tail)} | _expand_optional(head + tail)


NOT_SUPPORTED = (".py", ".rst", ".html", ".xml", ".toml", ".ini", ".png", ".pdf", ".docx", ".js", ".jsx", ".tsx",
                 ".lock", ".log", ".po", ".adoc", ".yaml.bak", ".md~", "")


@pytest.mark.parametrize("hook_id", [hook["id"] for hook in _hooks()])
def test_hook_files_pattern_is_exactly_the_registered_extensions(hook_id: str) -> None:
    [hook] = [hook for hook in _hooks() if hook["id"] == hook_id]
    pattern = re.compile(hook["files"])
    # The pattern's own alternatives are each a registered extension, and none is missing.
    shape = re.fullmatch(r"(?:\(\?i\))?\\\.\(([a-z?|]+)\)\$", hook["files"])
    assert shape, f"expected files: (?i)\\.(ext|ext|...)$, got {hook['files']!r}"
    listed = {"." + ext for alternative in shape.group(1).split("|") for ext in _expand_optional(alternative)}
    assert listed == set(supported_extensions())
    # And the compiled pattern agrees with the registry, in any case, on near misses too.
    candidates = set(NOT_SUPPORTED)
    for extension in supported_extensions():
        candidates |= {extension, extension.upper(), extension.title(), extension + "x", extension[:-1],
                       extension + ".bak", "." + extension[2:]}
    for extension in sorted(candidates):
        for name in (f"reply{extension}", f"support/macros{extension}"):
            assert bool(pattern.search(name)) == is_supported(name), name


def test_try_repo_runs_voicelint_on_staged_support_content(tmp_path: Path) -> None:
    project = tmp_path / "support-content"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "test")
    (project / "good.md").write_text("# Refunds\n\nI've refunded your order today.\n", encoding="utf-8")
    (project / "macros.json").write_text('{"Delay": "Per our policy, we cannot ship today."}\n', encoding="utf-8")
    (project / "script.py").write_text("print('per our policy')\n", encoding="utf-8")  # not support content
    # Every reader's extensions reach the hook (these were once left out of its pattern).
    (project / "notes.mdx").write_text("import X from 'y'\n\n# Notes\n\nPer our policy, no.\n", encoding="utf-8")
    (project / "macros.tsv").write_text("title\tbody\nLate\tPer our policy, we wait.\n", encoding="utf-8")
    (project / "chat.jsonl").write_text('{"id": "late", "body": "Per our policy, no."}\n', encoding="utf-8")
    (project / "OLD.TXT").write_text("Per our policy, no.\n", encoding="utf-8")
    git(project, "add", ".")
    path = os.pathsep.join([SCRIPTS, os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    completed = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(REPO), "voicelint-system", "--all-files", "--verbose"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output  # the hook failed because of the banned phrase
    assert "macros.json [Delay]" in output and "VL101 banned-phrase" in output
    for name in ("notes.mdx", "macros.tsv [Late]", "chat.jsonl [late]", "OLD.TXT"):
        assert name in output, name
    assert "script.py" not in output


def test_try_repo_fix_hook_applies_the_safe_fixes_and_fails_the_commit_to_show_them(tmp_path: Path) -> None:
    project = tmp_path / "support-content"
    project.mkdir()
    git(project, "init", "-q")
    (project / "voicelint.yaml").write_text("version: 1\nterms: [{use: sign in, avoid: [log in]}]\n", encoding="utf-8")
    library = '- id: reset\n  body: "Please log in, then open \\"Settings\\"."  # keep\n'
    (project / "macros.yaml").write_text(library, encoding="utf-8")
    git(project, "add", ".")
    path = os.pathsep.join([SCRIPTS, os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    completed = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(REPO), "voicelint-fix-system", "--all-files"],
        cwd=project, capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in output
    assert (project / "macros.yaml").read_text(encoding="utf-8") == library.replace("log in", "sign in")
