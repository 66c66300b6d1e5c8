"""The guide's ``files: {exclude: [...]}`` section, seen by the guide loader.

The loader learns sections by loading this package; the section itself (and what it means) lives
with file discovery in :mod:`voicelint.sources.exclusions`. This module defines no rule.
"""

from __future__ import annotations

from voicelint.sources.exclusions import FILES

__all__ = ["FILES"]
