"""Every third-party module the code, the tests and the benchmarks import is a declared dependency.

The README's test command is ``pip install -e '.[test]' && python -m pytest`` on a fresh machine,
so a module that is only installed here by accident (or only arrives through another package's
dependencies) would stop a clone at collection. Imports are found with ``ast`` (also those inside
functions), mapped to distributions with ``importlib.metadata.packages_distributions()``, and
compared with ``pyproject.toml``: the package may use ``dependencies``; the tests also the
``test`` extra; the benchmarks also the ``bench`` extra. Tools the tests run as
``sys.executable -m NAME`` count as imports of the tests.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = CONFIG["project"]
#: A module run in a subprocess as ``[sys.executable, "-m", NAME, ...]`` (NAME quoted).
_RUN_MODULE = re.compile(r"""sys\.executable\s*,\s*["']-m["']\s*,\s*["']([A-Za-z_][\w.]*)["']""")


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (``PyYAML`` == ``pyyaml``, ``pre_commit`` == ``pre-commit``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        assert match, f"cannot read the requirement {requirement!r} in pyproject.toml"
        names.add(_normalise(match.group(1)))
    return names


CORE = _requirement_names(PROJECT["dependencies"])
EXTRAS = {name: _requirement_names(reqs) for name, reqs in PROJECT["optional-dependencies"].items()}


def _first_party() -> set[str]:
    """Top-level names that belong to this repository (packages and modules at its root and in tests/)."""
    names = {"voicelint", "benchmarks", "tests"}
    for folder in (REPO, REPO / "tests"):
        names.update(path.stem for path in folder.glob("*.py"))
        names.update(path.parent.name for path in folder.glob("*/__init__.py"))
    return names


def _imported_modules(root: Path) -> dict[str, set[str]]:
    """Top-level module name -> the files (relative to the repository) that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        names: set[str] = set()
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
        names.update(module.partition(".")[0] for module in _RUN_MODULE.findall(source))
        for name in names:
            found.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return found


#: Import names of optional (benchmark-only) packages whose distribution is named otherwise, for a
#: machine where they are not installed (a clean CI runs the test extra only).
DISTRIBUTION_OF = {"lingua": "lingua-language-detector"}


def _undeclared(root: Path, allowed: set[str]) -> list[str]:
    distributions = metadata.packages_distributions()
    first_party = _first_party()
    problems = []
    for module, files in sorted(_imported_modules(root).items()):
        if module in sys.stdlib_module_names or module in first_party:
            continue
        provided_by = {_normalise(d) for d in distributions.get(module, [])}
        if not provided_by:
            # Not installed here (an optional import such as proselint): its name must be declared,
            # under the distribution name where that differs from the import name.
            provided_by = {_normalise(DISTRIBUTION_OF.get(module, module))}
        if not provided_by & allowed:
            problems.append(
                f"{module} (distribution {', '.join(sorted(provided_by))}) imported by {', '.join(sorted(files))}"
            )
    return problems


def test_the_dependency_lists_are_read() -> None:
    assert {"spacy", "textstat", "pyyaml", "click", "rich"} <= CORE
    assert {"pytest", "hypothesis", "ruff", "mypy", "pre-commit"} <= EXTRAS["test"]


def test_the_scan_finds_imports_inside_functions_and_modules_run_with_dash_m() -> None:
    found = _imported_modules(REPO / "tests")
    assert "hypothesis" in found  # a top-level import
    assert "spacy" in found  # imported inside test functions
    assert {"ruff", "mypy", "pre_commit"} <= found.keys()  # run as sys.executable -m NAME


@pytest.mark.parametrize(
    ("folder", "extras"),
    [("voicelint", ()), ("tests", ("test",)), ("benchmarks", ("test", "bench"))],
)
def test_every_third_party_import_is_declared(folder: str, extras: tuple[str, ...]) -> None:
    allowed = CORE.union(*(EXTRAS[name] for name in extras))
    problems = _undeclared(REPO / folder, allowed)
    where = "dependencies" + "".join(f" or the {name!r} extra" for name in extras)
    assert not problems, f"not declared in pyproject.toml {where}:\n" + "\n".join(problems)
