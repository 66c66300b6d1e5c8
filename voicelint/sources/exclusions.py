"""Which files a run leaves out: ``--exclude GLOB``, the guide's ``files.exclude`` and default skips.

Decisions (CONTRACT section 10):

- A glob is matched against the path relative to the walked folder (``/`` separators) and
  against every trailing part of it down to the file name alone, so ``LICENSE*`` and
  ``drafts/*.md`` both work, also for ``support/drafts/a.md`` (pre-commit names files from the
  repository root, a walk from the folder given: the same glob must skip the same file);
  ``**`` matches any number of folders (``**/old/*.md``, ``archive/**``), ``*`` and ``?`` never
  cross a ``/``.
  User globs are case-sensitive, like ``.gitignore``. A folder whose relative path or name
  matches (``drafts``, ``drafts/``) is not walked at all.
- The guide's ``files: {exclude: [...]}`` works exactly like ``--exclude``; both lists apply.
- Default skips apply to folder walks only, case-insensitively on the file name: ``LICENSE*``,
  ``LICENCE*``, ``CHANGELOG*``, ``CONTRIBUTING*``, ``README*``, ``package.json``, ``package-lock.json``, lock
  files (``*.lock`` such as ``yarn.lock``, ``poetry.lock``, ``Cargo.lock``; ``pnpm-lock.yaml``),
  and hidden files and folders (walks always skipped those).
- A file named explicitly is linted even when a default skip matches it (you asked for it), but
  an explicit ``--exclude``/``files.exclude`` match skips it too: pre-commit names every file
  explicitly, so this is how a project's exclusions reach a pre-commit run. For an explicit file
  the relative path is the path as given (``./`` removed). ``-`` (stdin) is never excluded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from voicelint.guide.schema import ListOf, Map, Str
from voicelint.guide.sections import GuideSection, register_section

#: File names a folder walk skips by default (case-insensitive globs on the name).
DEFAULT_SKIPS: tuple[str, ...] = (
    "LICENSE*",
    "LICENCE*",
    "CHANGELOG*",
    "CONTRIBUTING*",
    # A folder's README describes the folder to its maintainers; it is not a reply (in a folder of
    # saved replies, READMEs gave about half the wrong findings of a hand-judged sample).
    "README*",
    "package.json",
    "package-lock.json",
    "*.lock",
    "pnpm-lock.yaml",
)

#: The guide section ``files: {exclude: [GLOB, ...]}``.
FILES = register_section(
    GuideSection(
        "files",
        Map(fields={"exclude": ListOf(Str(max_length=500), single_ok=True)}),
    )
)


def _translate(pattern: str) -> str:
    """A glob as a regular expression (``**`` any folders, ``*``/``?`` within one name)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            if pattern.startswith("**", i):
                i += 2
                if pattern.startswith("/", i):  # "**/" : zero or more whole folders
                    i += 1
                    out.append("(?:[^/]*/)*")
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern.startswith(("[!", "[^"), i) else i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_glob(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The compiled glob (a trailing ``/`` is dropped: it names a folder, matched the same way)."""
    pattern = pattern.replace("\\", "/").strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or pattern
    return re.compile(_translate(pattern), re.IGNORECASE if ignore_case else 0)


def normalise(path: str) -> str:
    """A path with ``/`` separators and no leading ``./``."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


class Exclusions:
    """The globs of one run; ``matches`` says whether a file or folder is left out."""

    def __init__(self, globs: Iterable[str] = ()) -> None:
        self.globs: tuple[str, ...] = tuple(glob for glob in globs if glob and glob.strip())
        self._patterns = [compile_glob(glob) for glob in self.globs]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def matches(self, relative: str) -> bool:
        """Whether a user glob matches this relative path or a trailing part of it (the name too)."""
        if not self._patterns:
            return False
        parts = normalise(relative).split("/")
        tails = ["/".join(parts[k:]) for k in range(len(parts)) if parts[k]]
        return any(p.fullmatch(tail) for p in self._patterns for tail in tails)


def is_default_skipped(name: str) -> bool:
    """Whether a folder walk skips a file of this name by default (hidden files included)."""
    return name.startswith(".") or any(compile_glob(glob, ignore_case=True).fullmatch(name) for glob in DEFAULT_SKIPS)


def guide_excludes(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The ``files.exclude`` globs of a guide's data (an empty tuple when it sets none)."""
    files = data.get("files")
    if not isinstance(files, Mapping):
        return ()
    value = files.get("exclude") or ()
    return (value,) if isinstance(value, str) else tuple(str(glob) for glob in value)
