"""The GitHub Action's install step: voicelint in its own virtual environment under ``$RUNNER_TEMP``.

A virtual environment keeps voicelint and its dependencies (spaCy, its model) out of the
interpreter the job's other steps use. Which voicelint: by default the action's own checkout
(``$GITHUB_ACTION_PATH``), so ``uses: ...@v0.1.0`` lints with the voicelint of that tag; the input
``version`` asks the package index instead (``0.2.0`` means ``voicelint==0.2.0``; a specifier such as
``>=0.2,<0.3`` or a whole requirement starting with ``voicelint`` is passed as it is).

Standard library only (it runs before anything is installed). Writes the output ``python``: the
environment's interpreter, which the lint step (action/run.py) runs voicelint with.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: A version number (``0.2.0``, ``1.0rc1``): installed exactly.
_VERSION = re.compile(r"\d[0-9A-Za-z.+!-]*")
#: A version specifier list (``>=0.2,<0.3``, ``~=0.2``).
_SPECIFIER = re.compile(r"(===?|!=|~=|<=?|>=?) *\d[^;\r\n]*")
#: A requirement naming voicelint itself, with optional extras and specifiers.
_REQUIREMENT = re.compile(r"voicelint(\[[\w, -]*\])?( *(===?|!=|~=|<=?|>=?)[^;\r\n]*)?", re.IGNORECASE)


class InputError(Exception):
    """The ``version`` input names nothing pip can install as voicelint."""


def requirement(version: str, action_path: str) -> str:
    """What ``pip install`` gets for the ``version`` input: the action's checkout, or a voicelint requirement."""
    version = version.strip()
    if not version:
        return action_path
    if version.lower() == "latest":
        return "voicelint"
    if _VERSION.fullmatch(version):
        return f"voicelint=={version}"
    if _SPECIFIER.fullmatch(version):
        return f"voicelint{version}"
    if _REQUIREMENT.fullmatch(version):
        return version
    raise InputError(
        f"input 'version': expected a version (0.2.0), a specifier (>=0.2,<0.3), 'latest' or empty "
        f"(the action's own checkout), got {version!r}"
    )


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    action_path = env.get("GITHUB_ACTION_PATH") or str(Path(__file__).resolve().parents[1])
    try:
        wanted = requirement(env.get("INPUT_VERSION", ""), action_path)
    except InputError as exc:
        print(f"::error title=voicelint action::{exc}", flush=True)
        return 2
    venv = Path(env.get("RUNNER_TEMP") or Path.cwd()) / "voicelint-venv"
    print(f"::group::Installing {wanted} into {venv}", flush=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", wanted],
    ]
    for command in steps:
        completed = subprocess.run(command, check=False)
        if completed.returncode != 0:
            print("::endgroup::", flush=True)
            print(
                f"::error title=voicelint action::installing voicelint failed: {' '.join(command)} exited "
                f"{completed.returncode} (see the log above)",
                flush=True,
            )
            return 2
    print("::endgroup::", flush=True)
    output = env.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as file:
            file.write(f"python={venv_python(venv)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
