"""``voicelint profile``: how every agent, channel or file of the input sounds, and whether they
sound alike (docs/reference.md section 12).

:func:`profile_report` lints the input (through :mod:`voicelint.pipeline`) and returns the
profile as a dict in the shared JSON schema; :mod:`.text` renders it for a terminal.
"""

from __future__ import annotations

from voicelint.profile.report import profile_report

__all__ = ["profile_report"]
