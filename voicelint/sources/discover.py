"""Which files a run lints: explicit files as given, folders walked in a stable order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence

from voicelint.sources.base import InputError
from voicelint.sources.exclusions import Exclusions, is_default_skipped
from voicelint.sources.reading import NOT_A_FILE
from voicelint.sources.registry import is_supported

#: Folders never walked into (besides hidden ones).
SKIPPED_FOLDERS = frozenset({".voicelint_cache", "node_modules", ".git", "__pycache__"})
#: Configuration files that sit next to libraries but are not libraries.
SKIPPED_FILES = frozenset({"voicelint.yaml", ".voicelint.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"})


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def discover(
    paths: Sequence[str],
    exclude: Sequence[str] = (),
    *,
    follow_symlinks: bool = False,
    globs: Sequence[str] = (),
) -> Iterator[str | InputError]:
    """Files to read, in order: each explicit file as is, each folder's supported files sorted.

    Walking skips hidden files and folders, caches, ``node_modules``, configuration files, the
    default skips of :mod:`voicelint.sources.exclusions` (``LICENSE*``, ``package.json``, lock
    files...) and everything in ``exclude`` (the engine passes the style guide, so it is not read
    as a library). ``globs`` (``--exclude`` and the guide's ``files.exclude``) are matched against
    the path relative to the walked folder and the file name; they skip explicit files too, which
    the default skips never do.
    It reads regular files only: FIFOs, sockets and devices in a folder are skipped silently (a
    FIFO would block the run). Symbolic links met while walking are skipped, files and folders
    alike, unless ``follow_symlinks`` (then each folder is walked once, so a link loop ends).
    A path given explicitly may be a symlink; given explicitly, anything but a file, a folder or
    ``-`` (stdin) is an input error naming it.
    """
    excluded = {_key(path) for path in exclude}
    user = Exclusions(globs)
    walked: set[str] = set()
    for path in paths:
        if path == "-":
            yield path
            continue
        try:
            mode = os.stat(path).st_mode  # an explicit symlink is followed
        except (FileNotFoundError, NotADirectoryError):
            yield InputError(path, "no such file or folder")
            continue
        except OSError as error:
            yield InputError(path, f"cannot read: {error.strerror or error}")
            continue
        if stat.S_ISREG(mode):
            if not user.matches(path):
                yield path
        elif stat.S_ISDIR(mode):
            yield from _walk(path, excluded, follow_symlinks, walked, user, "")
        else:
            yield InputError(path, NOT_A_FILE)


def _walk(
    folder: str, excluded: set[str], follow_symlinks: bool, walked: set[str], user: Exclusions, relative: str
) -> Iterator[str | InputError]:
    """Depth-first, names sorted with files and folders interleaved (``a/x.md`` before ``b.md``)."""
    real = _key(folder)
    if real in walked:  # reached again through a symlink (only when following them)
        return
    walked.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield InputError(folder, f"cannot read folder: {error.strerror or error}")
        return
    for entry in entries:
        name = entry.name
        path = os.path.join(folder, name)
        inside = relative + name
        if name.startswith(".") or _key(path) in excluded or user.matches(inside):
            continue
        try:
            if entry.is_symlink() and not follow_symlinks:
                continue
            is_folder = entry.is_dir()
            is_file = not is_folder and entry.is_file()  # a FIFO, socket or device is neither
        except OSError:
            continue
        if is_folder:
            if name not in SKIPPED_FOLDERS:
                yield from _walk(path, excluded, follow_symlinks, walked, user, inside + "/")
        elif is_file and name not in SKIPPED_FILES and not is_default_skipped(name) and is_supported(name):
            yield path
