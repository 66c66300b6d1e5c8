"""Exclusions: ``--exclude GLOB``, the guide's ``files.exclude``, default skips, the pre-commit hook."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.guide.loader import GuideError, load_guide_text
from voicelint.pipeline import LintOptions, _discover
from voicelint.sources import discover
from voicelint.sources.exclusions import Exclusions, compile_glob, is_default_skipped

REPO = Path(__file__).resolve().parents[2]
BAD = "Per our policy we cannot refund this.\n"


def _tree(root: Path) -> Path:
    files = {
        "replies.md": BAD,
        "LICENSE.txt": BAD,
        "License.md": BAD,
        "CHANGELOG.md": BAD,
        "contributing.md": BAD,
        "package.json": '{"name": "x", "description": "Per our policy"}',
        "package-lock.json": "{}",
        "pnpm-lock.yaml": "lockfileVersion: 6\n",
        "macros/billing.yaml": "- id: a\n  body: Per our policy.\n",
        "macros/old/legacy.yaml": "- id: b\n  body: Per our policy.\n",
        "drafts/today.txt": BAD,
        ".github/ISSUE_TEMPLATE.md": BAD,
        "notes/.hidden.md": BAD,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _found(root: Path, *globs: str) -> list[str]:
    found = []
    for entry in discover([str(root)], globs=globs):
        assert isinstance(entry, str), entry
        found.append(Path(entry).relative_to(root).as_posix())
    return found


def test_default_skips_in_folder_walks(tmp_path: Path) -> None:
    assert _found(_tree(tmp_path)) == [
        "drafts/today.txt",
        "macros/billing.yaml",
        "macros/old/legacy.yaml",
        "replies.md",
    ]


@pytest.mark.parametrize(
    ("globs", "expected"),
    [
        (("*.yaml",), ["drafts/today.txt", "replies.md"]),  # the file name, at any depth
        (("macros/old/*",), ["drafts/today.txt", "macros/billing.yaml", "replies.md"]),
        (("**/legacy.yaml",), ["drafts/today.txt", "macros/billing.yaml", "replies.md"]),
        (("macros/**",), ["drafts/today.txt", "replies.md"]),
        (("drafts",), ["macros/billing.yaml", "macros/old/legacy.yaml", "replies.md"]),  # a folder
        (("drafts/", "old"), ["macros/billing.yaml", "replies.md"]),
        (("replies.MD",), ["drafts/today.txt", "macros/billing.yaml", "macros/old/legacy.yaml", "replies.md"]),
        (("macros/*.yaml",), ["drafts/today.txt", "macros/old/legacy.yaml", "replies.md"]),  # * stays in a folder
        (("dr?fts/[a-t]*.txt",), ["macros/billing.yaml", "macros/old/legacy.yaml", "replies.md"]),
    ],
)
def test_exclude_globs(tmp_path: Path, globs: tuple[str, ...], expected: list[str]) -> None:
    assert _found(_tree(tmp_path), *globs) == expected


def test_explicit_files_ignore_default_skips_but_not_user_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    license_file, replies = str(tmp_path / "LICENSE.txt"), str(tmp_path / "replies.md")
    assert list(discover([license_file, replies])) == [license_file, replies]
    assert list(discover([license_file, replies], globs=["LICENSE*"])) == [replies]
    assert list(discover(["-", license_file], globs=["*", "-"])) == ["-"]  # stdin is never excluded


def test_a_glob_skips_the_same_file_from_the_root_and_from_a_walk(tmp_path: Path) -> None:
    _tree(tmp_path)
    explicit = str(tmp_path / "drafts" / "today.txt")
    assert list(discover([explicit], globs=["drafts/*.txt"])) == []  # as pre-commit names it
    assert list(discover([explicit], globs=["*/drafts/*.txt"])) == []
    assert "drafts/today.txt" not in _found(tmp_path, "drafts/*.txt")
    assert Exclusions(["drafts/**"]).matches("support/drafts/a/b.md")
    assert not Exclusions(["drafts/*.md"]).matches("support/drafts/a/b.md")
    assert not Exclusions(["support/*.md"]).matches("support/drafts/b.md")


def test_glob_translation() -> None:
    assert compile_glob("**/*.md").fullmatch("a/b/c.md")
    assert compile_glob("**/*.md").fullmatch("c.md")
    assert not compile_glob("*.md").fullmatch("a/c.md")
    assert compile_glob("a/**").fullmatch("a/b/c")
    assert compile_glob("./a/").fullmatch("a")
    assert compile_glob("[!x]y").fullmatch("ay") and not compile_glob("[!x]y").fullmatch("xy")
    assert compile_glob("a+(b).md").fullmatch("a+(b).md")  # regex characters are literal
    assert compile_glob("[oops").fullmatch("[oops")
    assert Exclusions(["drafts/*.txt"]).matches("./drafts/x.txt")
    assert Exclusions(["drafts\\*.txt"]).matches("drafts/x.txt")
    assert not Exclusions(["", "  "])


@pytest.mark.parametrize(
    "name",
    ["LICENSE", "LICENSE.txt", "license.md", "LICENCE", "CHANGELOG.md", "changelog.txt", "CONTRIBUTING.md",
     "README.md", "readme.txt", "package.json", "package-lock.json", "yarn.lock", "poetry.lock", "Cargo.lock",
     "pnpm-lock.yaml",
     ".hidden.md"],
)
def test_default_skip_names(name: str) -> None:
    assert is_default_skipped(name)


@pytest.mark.parametrize("name", ["replies.md", "licensing-faq.md", "packages.json", "package.yaml", "lock.md"])
def test_not_default_skipped(name: str) -> None:
    assert not is_default_skipped(name)


def test_guide_files_exclude_and_its_validation(tmp_path: Path) -> None:
    _tree(tmp_path)
    guide = load_guide_text("version: 1\nfiles:\n  exclude: [drafts, '**/legacy.yaml']\n", base_dir=tmp_path)
    found = [e for e in _discover([str(tmp_path)], guide, LintOptions(exclude=("replies.md",)))]
    assert [Path(str(e)).relative_to(tmp_path).as_posix() for e in found] == ["macros/billing.yaml"]
    single = load_guide_text("version: 1\nfiles: {exclude: drafts}\n", base_dir=tmp_path)
    assert len(list(_discover([str(tmp_path)], single, LintOptions()))) == 3
    with pytest.raises(GuideError, match="files"):
        load_guide_text("version: 1\nfiles: {exclude: [{a: 1}]}\n", base_dir=tmp_path)
    with pytest.raises(GuideError, match="files"):
        load_guide_text("version: 1\nfiles: {include: [x]}\n", base_dir=tmp_path)


def test_cli_exclude(tmp_path: Path) -> None:
    _tree(tmp_path)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            main,
            ["check", ".", "--no-cache", "--format", "json", "--exclude", "drafts/**", "--exclude", "*.yaml"],
            catch_exceptions=False,
        )
        explicit = CliRunner().invoke(
            main, ["check", "--no-cache", "--exclude", "*.txt", "package.json", "drafts/today.txt"],
            catch_exceptions=False,
        )
    finally:
        os.chdir(old)
    report = json.loads(result.stdout)
    assert sorted({Path(doc["path"]).name for doc in report["documents"]}) == ["replies.md"]
    assert "today.txt" not in explicit.output
    assert "package.json" in explicit.output  # named explicitly: a default skip does not apply


def _hook_excludes() -> list[re.Pattern[str]]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return [re.compile(hook["exclude"]) for hook in hooks]


@pytest.mark.parametrize(
    "path",
    ["LICENSE.txt", "docs/license.md", "CHANGELOG.md", "a/CONTRIBUTING.md", "package.json", "web/package-lock.json",
     "pnpm-lock.yaml", ".github/template.md", "x/.hidden/reply.md", ".voicelint.yaml", "voicelint.yml",
     ".pre-commit-config.yaml", "node_modules/a/readme.md", "x/__pycache__/a.txt"],
)
def test_precommit_hook_excludes_what_walks_skip(path: str) -> None:
    for pattern in _hook_excludes():
        assert pattern.search(path), path


@pytest.mark.parametrize(
    "path", ["replies.md", "support/macros.json", "licensing/faq.md", "packages.json", "my.package.json.md"]
)
def test_precommit_hook_keeps_support_content(path: str) -> None:
    for pattern in _hook_excludes():
        assert not pattern.search(path), path
    assert not is_default_skipped(path.rsplit("/", 1)[-1])
