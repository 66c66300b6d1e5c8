"""Where the third-party corpora are: the one home of that rule for every benchmark.

``$VOICELINT_CORPORA``, else the first ``shared/corpora`` beside the repository or beside one of
its ancestors (a git worktree sits a folder deeper than the main checkout). The corpora are read
at run time only; nothing of them is committed, and no test needs them.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def find_corpora() -> Path:
    if os.environ.get("VOICELINT_CORPORA"):
        return Path(os.environ["VOICELINT_CORPORA"])
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return ROOT.parent / "shared" / "corpora"


CORPORA = find_corpora()
