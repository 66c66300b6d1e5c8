"""Packaging and code health: the wheel's package list is complete; ruff and mypy are clean.

ruff and mypy are in the ``test`` extra and run as ``sys.executable -m ...``: the versions of this
environment, never skipped (a missing tool is a failure, not a silent pass).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "voicelint").rglob("__init__.py")
        if "data" not in path.parts
    }
    found.add("voicelint.styleguides")
    assert found == listed


def test_every_data_file_of_the_package_ships_in_the_wheel() -> None:
    """A data file no package-data pattern names works from a checkout and is missing once installed."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["voicelint"]
    package = REPO / "voicelint"
    data = [
        path.relative_to(package)
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "the package has data files (lexicons, weights)"
    # setuptools globs: "**/" spans zero or more folders.
    globs = [*patterns, *(pattern.removeprefix("**/") for pattern in patterns)]
    unshipped = [str(path) for path in data if not any(fnmatch(path.as_posix(), glob) for glob in globs)]
    assert unshipped == []


def test_help_does_not_import_spacy() -> None:
    code = "import sys; from voicelint.cli import main; import voicelint.rules as r; r.all_rules(); " \
        "print('spacy' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


def test_ruff_is_clean() -> None:
    completed = subprocess.run([sys.executable, "-m", "ruff", "check", "voicelint", "tests", "benchmarks"], cwd=REPO,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_is_clean() -> None:
    completed = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
