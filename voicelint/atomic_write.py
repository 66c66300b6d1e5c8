"""Replacing a file atomically: a reader (or an interrupted run) never sees half of it.

``voicelint fix`` rewrites libraries in place and ``--write-baseline`` rewrites the baseline; both
write a temporary file in the same folder, flush it to disk, give it the file's mode and rename
it over the file, so the old or the new content is there, never a mix.
"""

from __future__ import annotations

import os
import stat
import tempfile


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` (the target of a symbolic link, not the link) with ``data``.

    An existing file keeps its mode; a new one gets the mode a plain ``open`` would give it.
    Raises ``OSError``; the temporary file is removed then.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
