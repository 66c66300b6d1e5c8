"""Which files a run lints: explicit files as given, folders walked in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from voicelint.sources.base import InputError
from voicelint.sources.registry import is_supported

#: Folders never walked into (besides hidden ones).
SKIPPED_FOLDERS = frozenset({".voicelint_cache", "node_modules", ".git", "__pycache__"})
#: Configuration files that sit next to libraries but are not libraries.
SKIPPED_FILES = frozenset({"voicelint.yaml", ".voicelint.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"})


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def discover(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[str | InputError]:
    """Files to read, in order: each explicit file as is, each folder's supported files sorted.

    Walking skips hidden files and folders, caches, ``node_modules``, configuration files and
    everything in ``exclude`` (the engine passes the style guide, so it is not read as a library).
    """
    excluded = {_key(path) for path in exclude}
    for path in paths:
        if path == "-" or os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, excluded)
        elif os.path.exists(path):
            yield path  # a pipe or device given explicitly: let the reader try
        else:
            yield InputError(path, "no such file or folder")


def _walk(folder: str, excluded: set[str]) -> Iterator[str | InputError]:
    """Depth-first, names sorted with files and folders interleaved (``a/x.md`` before ``b.md``)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield InputError(folder, f"cannot read folder: {error.strerror or error}")
        return
    for entry in entries:
        name = entry.name
        path = os.path.join(folder, name)
        if name.startswith(".") or _key(path) in excluded:
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder:
            if name not in SKIPPED_FOLDERS and not entry.is_symlink():
                yield from _walk(path, excluded)
        elif name not in SKIPPED_FILES and is_supported(name):
            yield path
