"""Run part of a pure computation in a forked child, on another core, and collect its result.

Grading many scanned pages is CPU-bound Python, so threads cannot share it out; a forked child starts with
everything already loaded (copy-on-write) and sends back only its pickled result. (Question generation used it too
until issue 15's must-have 8 measured that it cost more CPU and memory than it saved there.) Where fork is missing
(Windows), unsafe (other threads are running) or pointless (one core), nothing is forked and the caller does the
work itself; a child that fails for any reason also just means the caller does that part itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

JOBS_VAR = "QUIZGEN_JOBS"
"""`QUIZGEN_JOBS=1` keeps everything in one process."""


def can_fork() -> bool:
    if not hasattr(os, "fork") or sys.platform == "win32" or threading.active_count() > 1:
        return False
    if os.environ.get(JOBS_VAR, "").strip() == "1":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores > 1


class Child(Generic[T]):
    """`work()` running in a forked child; `result()` waits for it: its return value, or None if it failed."""

    def __init__(self, work: Callable[[], T]):
        read, write = os.pipe()
        # Ctrl-C between the fork and the child's own handling would run the parent's code (error messages,
        # flushing its output) in the child: signals wait until each side is ready for them.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            self.pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(read)
            os.close(write)
            raise
        if self.pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # interrupted, it just ends; the parent copes
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                os.close(read)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._read = read
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C that came meanwhile is raised here
        except BaseException:
            self.cancel()
            raise

    def result(self) -> T | None:
        with os.fdopen(self._read, "rb") as stream:
            data = stream.read()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # the program reaps its children itself (SIGCHLD): the data has to tell
            status = 0
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)  # data cut short does not load
        except Exception:
            return None

    def cancel(self) -> None:
        """Stop the child (the parent failed or was interrupted) and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(self._read)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def split(work: Callable[[int, int], T], count: int, threshold: int) -> list[T]:
    """`work(start, stop)` over range(count) in two halves, the second in a forked child when count reaches
    `threshold` and forking is possible; the results in order."""
    if count < threshold or not can_fork():
        return [work(0, count)]
    half = count // 2
    try:
        child = Child(lambda: work(half, count))
    except OSError:  # no fork today (process limits, memory): one process does it all
        return [work(0, count)]
    try:
        first = work(0, half)
        second = child.result()
    except BaseException:
        child.cancel()
        raise
    return [first, second if second is not None else work(half, count)]
