"""Worker processes for ``--jobs``: each holds its own pipeline and rules, and returns plain data.

:class:`Executor` owns the pool. Workers receive batches of ``(text, channel, record id)`` and
send back JSON-able analyses (see :class:`voicelint.analysis.Analyzer`); everything order-
dependent (library rules, locating findings in files, formatting) stays in the main process, so
the report is the same whatever ``--jobs`` is. Workers are forked where the platform allows it
(cheap start, shared imports) and are only started for inputs large enough to repay loading
spaCy in each of them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from voicelint.analysis import Analysis, Analyzer

if TYPE_CHECKING:
    from voicelint.engine import Linter
    from voicelint.guide.model import Guide

#: Worker processes start only for at least this many documents to analyse (a process costs
#: about two seconds of spaCy loading, worth it only for a large input).
PARALLEL_MIN_DOCS = 400
#: Documents per task sent to a worker: large enough to amortise the round trip, small enough
#: to keep every worker busy until the end of a window.
TASK_DOCS = 32

_worker_analyzer: Analyzer | None = None


def _init_worker(guide: Guide, codes: list[str], needs: frozenset[str], model: str | None) -> None:
    global _worker_analyzer
    from voicelint.rules import all_rules

    by_code = {rule.code: rule for rule in all_rules()}
    _worker_analyzer = Analyzer(guide, [by_code[code] for code in codes], needs, model)


def _analyze_task(batch: Sequence[tuple[str, str, str | None]]) -> list[Analysis]:
    assert _worker_analyzer is not None, "worker not initialised"
    return _worker_analyzer.analyze(batch)


def start_pool(linter: Linter, jobs: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(linter.guide, [cls.code for cls in linter.rule_classes], linter.needs, linter.model),
    )


def analyze_in_pool(pool: Any, batch: Sequence[tuple[str, str, str | None]], jobs: int) -> list[Analysis]:
    """Analyses of ``batch`` by the pool's workers, in the order of ``batch``."""
    tasks = [batch[i : i + TASK_DOCS] for i in range(0, len(batch), TASK_DOCS)]
    results: list[Analysis] = []
    for analyses in pool.map(_analyze_task, tasks):
        results.extend(analyses)
    return results


class Executor:
    """Runs analyses in this process, or in worker processes once an input is large enough.

    One executor can serve several ``lint`` calls (one per file), so workers start at most once.
    """

    def __init__(self, linter: Linter, jobs: int) -> None:
        self.linter = linter
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def analyze(self, batch: list[tuple[str, str, str | None]]) -> list[Analysis]:
        if not batch:
            return []
        if self._pool is None and self.jobs > 1 and len(batch) >= PARALLEL_MIN_DOCS:
            self._pool = start_pool(self.linter, self.jobs)
        if self._pool is None:
            return self.linter.analyzer.analyze(batch)
        return analyze_in_pool(self._pool, batch, self.jobs)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
