"""Cancelling ``voicelint check --jobs 2`` as CI does leaves no process behind and no pipe open.

Real processes: a library large enough to start worker processes is linted by ``python -m
voicelint check``, and the command is sent SIGTERM, SIGINT or SIGKILL while its workers run.
Workers are found through /proc (Linux). Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint import parallel
from voicelint.cli import main

REPO = Path(__file__).resolve().parents[2]
#: The processes import this checkout, whatever is installed.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds workers through /proc")

#: More records than parallel.PARALLEL_MIN_DOCS, so `--jobs 2` starts two workers; a whole run
#: takes about 20 s on the 2-core development machine, far longer than any test waits.
RECORDS = 600
#: How long workers may take to die once their parent is gone or stopped.
DEATH_BOUND = 20.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def fd_target(pid: int, fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None


@pytest.fixture()
def big_library(tmp_path: Path) -> Path:
    assert RECORDS > parallel.PARALLEL_MIN_DOCS
    records = {
        f"Macro {i}": f"Hi there, thanks for writing in about order {i}. Per our policy we cannot refund this."
        for i in range(RECORDS)
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.fixture()
def check_run(big_library: Path) -> Iterator[tuple[subprocess.Popen[bytes], list[int]]]:
    """``voicelint check BIG --jobs 2`` with both workers started; whatever survives is killed after."""
    process = subprocess.Popen(
        [sys.executable, "-m", "voicelint", "check", str(big_library), "--jobs", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=big_library.parent,
        env=ENV,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the run did not start two workers"
        # Give the workers a moment into their start-up (loading the pipeline, then analysing).
        settle = time.monotonic() + 5
        while time.monotonic() < settle and not all(fd_target(w, 1) == os.devnull for w in workers):
            time.sleep(0.05)
        time.sleep(0.5)
        assert process.poll() is None, "the run ended before it could be interrupted"
        yield process, workers
    finally:
        for pid in [process.pid, *workers]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def wait_until_dead(pids: list[int], bound: float = DEATH_BOUND) -> tuple[list[int], float]:
    start = time.monotonic()
    while time.monotonic() - start < bound:
        survivors = [pid for pid in pids if alive(pid)]
        if not survivors:
            return [], time.monotonic() - start
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)], time.monotonic() - start


def test_workers_do_not_hold_the_callers_stdout(check_run: tuple[subprocess.Popen[bytes], list[int]]) -> None:
    process, workers = check_run
    for worker in workers:
        assert fd_target(worker, 1) == os.devnull
        assert fd_target(worker, 2) == os.devnull
    assert fd_target(process.pid, 1) != os.devnull


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_stop_the_run_and_its_workers(
    check_run: tuple[subprocess.Popen[bytes], list[int]], signum: int, status: int
) -> None:
    process, workers = check_run
    process.send_signal(signum)
    _out, err = process.communicate(timeout=DEATH_BOUND)
    assert process.returncode == status
    assert err.decode() == f"voicelint: stopped by {signal.Signals(signum).name}\n"  # one line, no traceback
    survivors, _ = wait_until_dead(workers)
    assert survivors == []


def test_sigkill_to_the_run_kills_its_workers_and_closes_the_pipe(
    check_run: tuple[subprocess.Popen[bytes], list[int]],
) -> None:
    """What a CI cancel sends after its grace period: nothing can run in the parent, so the workers
    must go by themselves, and the reader of the run's stdout (a `| tee`) must see its end."""
    process, workers = check_run
    process.kill()
    process.communicate(timeout=DEATH_BOUND)  # EOF on stdout and stderr: no worker holds them
    survivors, _ = wait_until_dead(workers)
    assert survivors == []


def test_the_watchdog_alone_ends_a_worker_whose_parent_died(tmp_path: Path) -> None:
    """The portable fallback (no prctl): a process that calls die_with_parent exits when its parent
    is killed. It shares the test's pipe through its parent, so EOF means it is gone."""
    grandchild = (
        "import os, time\n"
        "from voicelint.parallel import die_with_parent\n"
        "die_with_parent(os.getppid(), use_prctl=False, interval=0.1)\n"
        "print('ready', flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {grandchild!r}])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True, env=ENV)
    assert process.stdout is not None
    worker = None
    try:
        worker = int(process.stdout.readline())
        assert process.stdout.readline().strip() == "ready"
        process.kill()
        process.wait(10)
        survivors, _ = wait_until_dead([worker], bound=10)
        assert survivors == []
        assert process.stdout.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        if worker is not None and alive(worker):
            os.kill(worker, signal.SIGKILL)
        process.stdout.close()


def test_a_worker_that_cannot_start_reports_why_through_its_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers write nowhere, so a start-up failure must come back as the tasks' error, not as a
    bare 'process pool broken' (the pool is forked: the patched class is what the workers see)."""
    from voicelint.api import load_guide
    from voicelint.engine import Linter

    if "fork" not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip("needs forked workers to see the patch")

    def broken_analyzer(*args: object, **kwargs: object) -> None:
        raise OSError("model files unreadable")

    linter = Linter(load_guide("support-default"))
    monkeypatch.setattr(parallel, "Analyzer", broken_analyzer)
    pool = parallel.start_pool(linter, 1)
    try:
        with pytest.raises(parallel.WorkerStartError, match="OSError: model files unreadable"):
            parallel.analyze_in_pool(pool, [("Hello.", "email", None)], 1)
    finally:
        pool.shutdown(cancel_futures=True)


def test_the_command_line_restores_the_signal_handlers_it_installs() -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0
    assert {signum: signal.getsignal(signum) for signum in before} == before
