"""Loading voicelint's own packaged YAML data quickly.

The shipped catalogues and lexicons are trusted, position-free data, so they are read with
libyaml's C safe loader when PyYAML has it (about 10x faster than the pure-Python loader; it
keeps ``voicelint check`` on one draft fast). User files (guides, libraries) are still composed
with the pure-Python safe loader, whose marks the error messages and offset maps rely on.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(text: str) -> Any:
    """``yaml.safe_load(text)``, with the C loader when available (safe: no object tags)."""
    return yaml.load(text, Loader=_LOADER)
