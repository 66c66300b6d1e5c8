"""Atomic replacement, shared by `voicelint fix` and `--write-baseline`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from voicelint.atomic_write import write_atomically


def test_an_existing_file_keeps_its_mode_and_a_new_one_gets_the_usual_mode(tmp_path: Path) -> None:
    existing = tmp_path / "macros.yaml"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    write_atomically(existing, b"new")
    assert existing.read_bytes() == b"new" and stat.S_IMODE(existing.stat().st_mode) == 0o640
    old_mask = os.umask(0o022)
    try:
        fresh = tmp_path / "baseline.json"
        write_atomically(fresh, b"{}\n")
    finally:
        os.umask(old_mask)
    # Not the 0600 of a temporary file: a committed baseline is readable like any file.
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "macros.yaml"]


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "macros.yaml"
    target.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["macros.yaml"]
