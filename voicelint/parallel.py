"""Worker processes for ``--jobs``: each holds its own pipeline and rules, and returns plain data.

:class:`Executor` owns the pool. Workers receive batches of ``(text, channel, record id)`` and
send back JSON-able analyses (see :class:`voicelint.analysis.Analyzer`); everything order-
dependent (library rules, locating findings in files, formatting) stays in the main process, so
the report is the same whatever ``--jobs`` is. Workers are forked where the platform allows it
(cheap start, shared imports) and are only started for inputs large enough to repay loading
spaCy in each of them.

Workers never outlive the process that started them. A CI cancel sends SIGTERM, then SIGKILL,
to the command alone; a worker left running would keep analysing for minutes and, worse, keep
the caller's stdout open, so a ``| tee`` or the CI step waits for it. So each worker, first thing:

- leaves the parent's stdin, stdout and stderr (its fds 0-2 point at ``/dev/null``); its results
  and errors, including a failure to start, travel back through the futures;
- asks Linux to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``; the kernel
  sends it when the *thread* that started the pool ends, so start and use an executor from one
  thread), and runs a watchdog thread that exits when ``os.getppid()`` changes: the portable
  fallback, within :data:`WATCHDOG_INTERVAL` seconds;
- takes SIGTERM's default action (the parent terminates it with SIGTERM) and ignores SIGINT,
  which Ctrl-C sends to the whole process group: the parent decides (see :mod:`voicelint.signals`).

When the parent is interrupted (SIGTERM, SIGINT, ``KeyboardInterrupt``, ``SystemExit``),
:meth:`Executor.close` terminates the workers instead of waiting for their tasks.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from voicelint import signals
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
#: Seconds between a worker's checks that its parent is still alive (the fallback where the
#: kernel cannot signal it: not Linux, or prctl unavailable).
WATCHDOG_INTERVAL = 0.5
#: Seconds :meth:`Executor.close` waits for terminated workers before killing them.
TERMINATE_GRACE = 2.0

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_worker_analyzer: Analyzer | None = None
_worker_start_error: BaseException | None = None


class WorkerStartError(RuntimeError):
    """A worker could not load its pipeline or rules (the cause is chained)."""


def _leave_parent_streams() -> None:
    """Point fds 0-2 at /dev/null: a worker must not hold the caller's pipes open."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
    finally:
        if devnull > 2:
            os.close(devnull)


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int, interval: float) -> None:
    while True:
        if os.getppid() != parent_pid:  # re-parented: the parent is gone
            os._exit(1)
        time.sleep(interval)


def die_with_parent(parent_pid: int, *, use_prctl: bool = True, interval: float = WATCHDOG_INTERVAL) -> None:
    """End this process when ``parent_pid`` dies: the kernel's parent-death signal where there is
    one, and a watchdog thread everywhere (also covering a parent that died before this ran)."""
    if use_prctl:
        _set_parent_death_signal()
    if os.getppid() != parent_pid:
        os._exit(1)
    watchdog = threading.Thread(
        target=_watch_parent, args=(parent_pid, interval), name="voicelint-parent-watchdog", daemon=True
    )
    watchdog.start()


def _init_worker(
    parent_pid: int, guide: Guide, codes: list[str], needs: frozenset[str], model: str | None
) -> None:
    global _worker_analyzer, _worker_start_error
    signals.reset_for_worker()
    die_with_parent(parent_pid)
    _leave_parent_streams()
    try:
        from voicelint.rules import all_rules

        by_code = {rule.code: rule for rule in all_rules()}
        _worker_analyzer = Analyzer(guide, [by_code[code] for code in codes], needs, model)
    except Exception as exc:  # reported by every task, since this worker's stderr goes nowhere
        _worker_start_error = exc


def _analyze_task(batch: Sequence[tuple[str, str, str | None]]) -> list[Analysis]:
    if _worker_start_error is not None:
        raise WorkerStartError(
            f"a worker process could not start: {type(_worker_start_error).__name__}: {_worker_start_error}"
        ) from _worker_start_error
    assert _worker_analyzer is not None, "worker not initialised"
    return _worker_analyzer.analyze(batch)


def start_pool(linter: Linter, jobs: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(
            os.getpid(), linter.guide, [cls.code for cls in linter.rule_classes], linter.needs, linter.model
        ),
    )


def terminate_pool(pool: ProcessPoolExecutor, grace: float = TERMINATE_GRACE) -> None:
    """Stop ``pool`` now: SIGTERM its workers (SIGKILL after ``grace`` seconds), drop queued tasks."""
    # ProcessPoolExecutor (before Python 3.14) has no public way to stop running tasks.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)
    pool.shutdown(wait=True, cancel_futures=True)


def analyze_in_pool(pool: Any, batch: Sequence[tuple[str, str, str | None]], jobs: int) -> list[Analysis]:
    """Analyses of ``batch`` by the pool's workers, in the order of ``batch``."""
    tasks = [batch[i : i + TASK_DOCS] for i in range(0, len(batch), TASK_DOCS)]
    # Not pool.map: on the way out of an interrupted run it cancels the queued futures, and
    # Python 3.11's pool then fails (InvalidStateError, a traceback from its manager thread) to
    # mark them broken when the workers are terminated. Queued tasks are dropped by shutdown.
    futures = [pool.submit(_analyze_task, task) for task in tasks]
    results: list[Analysis] = []
    for future in futures:
        results.extend(future.result())
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
        """Shut the workers down: after their tasks normally, at once while the process is being
        interrupted (a signal, ``KeyboardInterrupt`` or ``SystemExit`` on its way up)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if _interrupted():
            terminate_pool(pool)
        else:
            pool.shutdown(cancel_futures=True)

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _interrupted() -> bool:
    """Whether this process is stopping: a handled signal arrived, or an interrupt is propagating
    (``close`` is called from ``finally`` blocks and ``__exit__``, where ``sys.exc_info`` shows it)."""
    return signals.stopping() or isinstance(sys.exc_info()[1], KeyboardInterrupt | SystemExit)
