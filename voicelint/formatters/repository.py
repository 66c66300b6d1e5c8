"""Where a linted file is in the repository: code scanning and merge-request widgets match findings
to the files of a commit by their path from the repository's root, whatever path voicelint was
given (``./support/x.md``, an absolute path, a run from a subfolder)."""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder or, in a worktree, a
    file), else ``start`` itself."""
    start = Path(os.path.abspath(start))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def repository_path(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators, or None for stdin or a file outside it."""
    if path == "-" or path.startswith("<"):
        return None
    try:
        relative = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive (Windows): not in the repository
        return None
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return relative.replace(os.sep, "/")
