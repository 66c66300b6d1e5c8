"""Stopping on request: SIGTERM and SIGINT end a command with one note and the shell's exit status.

A CI system cancels a step with SIGTERM (and SIGKILL a little later); a person presses Ctrl-C
(SIGINT). Either way the command line must stop promptly, terminate its worker processes, print
one line on stderr and exit with ``128 + signal`` (143 for SIGTERM, 130 for SIGINT), the status a
shell reports for a process killed by that signal, never 1 ("violations found") and never a
traceback.

:func:`install` makes both signals raise :class:`Interrupted` in the main thread. It is a
:class:`SystemExit`, so ``except Exception`` blocks let it pass, ``finally`` blocks and context
managers run (the worker pool is terminated by :class:`voicelint.parallel.Executor` on the way
out), click does not turn it into "Aborted!" and exit status 1, and Python exits with its code
without printing a traceback. A second signal while stopping exits at once: workers die with
their parent (see :mod:`voicelint.parallel`), so nothing is left behind either way.

Worker processes call :func:`reset_for_worker`: SIGTERM kills them (that is how the parent
terminates them) and SIGINT is ignored, since Ctrl-C reaches the whole process group and the
parent decides what happens.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

#: The signals :func:`install` handles, and the exit status each ends the command with.
HANDLED = (signal.SIGTERM, signal.SIGINT)
EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM

_stopping = threading.Event()


class Interrupted(SystemExit):
    """The process was asked to stop by ``signum``; exits with ``128 + signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def exit_status(signum: int) -> int:
    """The exit status of a command stopped by ``signum`` (as a shell reports a killed process)."""
    return 128 + signum


def stopping() -> bool:
    """Whether a handled signal arrived (cleanup should then be quick rather than thorough)."""
    return _stopping.is_set()


def _note(signum: int) -> None:
    message = f"voicelint: stopped by {signal.Signals(signum).name}\n"
    try:
        sys.stderr.write(message)
        sys.stderr.flush()
    except (RuntimeError, OSError, ValueError, AttributeError):
        # The signal interrupted a write to stderr (reentrant call), or stderr is closed.
        with contextlib.suppress(OSError):
            os.write(2, message.encode())


def _handle(signum: int, frame: FrameType | None) -> None:
    if _stopping.is_set():  # a second signal while stopping: stop now
        os._exit(exit_status(signum))
    _stopping.set()
    _note(signum)
    raise Interrupted(signum)


def install() -> Callable[[], None]:
    """Handle SIGTERM and SIGINT by raising :class:`Interrupted`; returns a function that restores
    the previous handlers. Outside the main thread (where Python cannot set handlers) nothing
    changes and the function returned does nothing."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, Any] = {}
    for signum in HANDLED:
        previous[signum] = signal.signal(signum, _handle)

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        _stopping.clear()

    return restore


def reset_for_worker() -> None:
    """In a worker process: SIGTERM kills it, SIGINT is left to the parent (a forked worker would
    otherwise inherit the parent's handlers and turn its own termination into a task error)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _stopping.clear()
