import os
import signal
import time

import pytest

from quizgen.bank import parallel
from quizgen.bank.parallel import can_fork, split

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork here (Windows, one core, or other threads)")


def span(start, stop):
    return list(range(start, stop))


@needs_fork
def test_two_halves_in_order_the_second_from_another_process():
    parent = os.getpid()
    halves = split(lambda a, b: (span(a, b), os.getpid()), 10, threshold=4)
    assert [h[0] for h in halves] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert halves[0][1] == parent and halves[1][1] != parent


def test_below_the_threshold_or_switched_off_nothing_is_forked(monkeypatch):
    parent = os.getpid()
    assert split(lambda a, b: (span(a, b), os.getpid()), 10, threshold=11) == [(span(0, 10), parent)]
    monkeypatch.setenv(parallel.JOBS_VAR, "1")
    assert not can_fork()
    assert split(lambda a, b: (span(a, b), os.getpid()), 10, threshold=1) == [(span(0, 10), parent)]


@needs_fork
def test_a_failing_child_means_the_parent_does_its_half():
    parent = os.getpid()

    def work(a, b):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return span(a, b)

    assert split(work, 6, threshold=1) == [[0, 1, 2], [3, 4, 5]]


@needs_fork
def test_a_child_whose_result_cannot_be_sent_means_the_parent_does_its_half():
    parent = os.getpid()
    assert split(lambda a, b: span(a, b) if os.getpid() == parent else (lambda: 0), 4, threshold=1) == [
        [0, 1],
        [2, 3],
    ]


@needs_fork
def test_a_failing_parent_stops_and_reaps_the_child():
    parent = os.getpid()

    def work(a, b):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return span(a, b)

    with pytest.raises(KeyboardInterrupt):
        split(work, 4, threshold=1)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind, not even a zombie


def open_fds():
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None


@needs_fork
def test_a_program_that_reaps_its_own_children_still_gets_both_halves():
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped by the system: waitpid finds none
    try:
        assert split(span, 6, threshold=1) == [[0, 1, 2], [3, 4, 5]]
    finally:
        signal.signal(signal.SIGCHLD, previous)


@needs_fork
def test_when_fork_fails_one_process_does_it_all_and_no_pipe_is_left_open(monkeypatch):
    def no_fork():
        raise BlockingIOError("Resource temporarily unavailable")

    before = open_fds()
    monkeypatch.setattr(os, "fork", no_fork)
    assert split(span, 6, threshold=1) == [span(0, 6)]
    assert open_fds() == before


@needs_fork
def test_interrupted_while_waiting_for_the_child_stops_and_reaps_it():
    parent = os.getpid()

    def work(a, b):
        if os.getpid() != parent:
            time.sleep(5)  # the child is still busy when the parent is interrupted
        return span(a, b)

    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            split(work, 4, threshold=1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 4  # not waiting for the child to finish
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # killed and reaped: not even a zombie
