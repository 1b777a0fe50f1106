"""Faults while writing: a disk that fills up halfway, a permission refused, Ctrl-C in the middle of a write, and a
history database that is read-only or locked by another quizgen.

Every output command must then leave the previous file byte for byte and no temporary file beside it, and say
what went wrong in one line; the history must say so too and keep every answer it was given."""

from __future__ import annotations

import errno
import io
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from output_commands import OUTPUTS, WITH_SHEETS, ids, some

import quizgen.study.history
import quizgen.util.atomic
from quizgen.cli import main

PREVIOUS = b"the previous output, which must survive\n"

WRITERS = [*OUTPUTS, WITH_SHEETS]
"""Every command that writes a file; a full disk or Ctrl-C in the PDF with sheets must leave neither file behind."""
WRITER_IDS = ids(WRITERS)


class FailingStream:
    """Wraps the temp file atomic_open writes to: the write that crosses `limit` bytes writes part, then raises."""

    def __init__(self, stream, limit: int, error: BaseException):
        self._stream, self._left, self._error = stream, limit, error

    def write(self, data) -> int:
        if len(data) > self._left:
            self._stream.write(bytes(data[: self._left]))
            self._stream.flush()
            raise self._error
        self._left -= len(data)
        return self._stream.write(data)

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._stream.__exit__(*exc)


def fail_writes(monkeypatch, error: BaseException, limit: int = 64) -> None:
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FailingStream(real(fd, *args, **kwargs), limit, error)

    monkeypatch.setattr(quizgen.util.atomic.os, "fdopen", fdopen)


def run(content_dir: Path, argv: list[str], out: Path):
    return CliRunner().invoke(main, ["--content", str(content_dir), *argv, "-o", str(out)])


def previous_output(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    target.write_bytes(PREVIOUS)
    return target


def assert_untouched(target: Path) -> None:
    assert target.read_bytes() == PREVIOUS
    assert os.listdir(target.parent) == [target.name]  # no temp file left behind


def test_every_output_format_is_listed():
    """Each format of `export` and `print`, and `anki`, is in the shared list, so this suite and test_output_targets
    run it (this suite's own list once lacked xlsx and md)."""
    from quizgen.commands.outputs import PRINT_FORMATS
    from quizgen.outputs.exporters import EXPORTERS

    listed = {(argv[0], argv[argv.index("--format") + 1] if "--format" in argv else None) for argv, _ in OUTPUTS}
    expected = {("export", f) for f in EXPORTERS} | {("print", f) for f in PRINT_FORMATS} | {("anki", None)}
    assert listed == expected


@pytest.mark.parametrize(("argv", "name"), WRITERS, ids=WRITER_IDS)
def test_disk_full_halfway_keeps_the_previous_file(content_dir, tmp_path, monkeypatch, argv, name):
    target = previous_output(tmp_path, name)
    fail_writes(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = run(content_dir, argv, target)
    assert result.exit_code == 1, result.output
    assert result.output.endswith(f"error: cannot write {target}: No space left on device\n"), result.output
    assert_untouched(target)


@pytest.mark.parametrize(("argv", "name"), WRITERS, ids=WRITER_IDS)
def test_ctrl_c_halfway_keeps_the_previous_file(content_dir, tmp_path, monkeypatch, argv, name):
    target = previous_output(tmp_path, name)
    fail_writes(monkeypatch, KeyboardInterrupt())
    result = run(content_dir, argv, target)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert_untouched(target)


REFUSED = [*some("bank.json", "deck.apkg"), WITH_SHEETS]


@pytest.mark.parametrize("where", ["temp file", "replace"])
@pytest.mark.parametrize(("argv", "name"), REFUSED, ids=ids(REFUSED))
def test_permission_denied_keeps_the_previous_file(content_dir, tmp_path, monkeypatch, argv, name, where):
    """Injected, since root (as in CI containers) may write anywhere; test_atomic covers a real read-only folder."""
    target = previous_output(tmp_path, name)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    if where == "temp file":
        monkeypatch.setattr(quizgen.util.atomic, "_new_temp", denied)
    else:
        monkeypatch.setattr(quizgen.util.atomic.os, "replace", denied)
    result = run(content_dir, argv, target)
    assert result.exit_code == 1, result.output
    assert result.output.endswith(f"error: cannot write {target}: Permission denied\n"), result.output
    assert_untouched(target)


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


LIMITED = some("bank.json", "deck.apkg")


@pytest.mark.parametrize(("argv", "name"), LIMITED, ids=ids(LIMITED))
def test_a_real_file_size_limit_in_a_subprocess(content_dir, tmp_path, argv, name):
    """The kernel refuses the write past 4 KiB (RLIMIT_FSIZE): the same as a disk filling up, in a real process."""
    target = previous_output(tmp_path, name)
    env = {**os.environ, "QUIZGEN_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run(
        [sys.executable, "-m", "quizgen", "--content", str(content_dir), *argv, "-o", str(target)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_limit_file_size,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    # The .apkg's collection is built in a temporary file beside it first, where SQLite words the same refusal as
    # a full disk.
    reason = "No space left on device (building the Anki collection: " if argv == ["anki"] else "File too large\n"
    assert f"error: cannot write {target}: {reason}" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert_untouched(target)
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name], "a temporary file was left behind"


# --- the answer history --------------------------------------------------------------------------------------


def quiz(content_dir: Path, data: Path, answers: str, n: int = 3):
    return CliRunner().invoke(
        main,
        ["--content", str(content_dir), "quiz", "--plain", "-n", str(n), "--seed", "1", "--data-dir", str(data)],
        input=answers,
    )


def answers_in(data: Path) -> int:
    db = sqlite3.connect(data / quizgen.study.history.FILENAME)
    try:
        return db.execute("SELECT count(*) FROM answers").fetchone()[0]
    finally:
        db.close()


def test_read_only_history_stops_before_the_first_question_and_keeps_its_answers(content_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    assert quiz(content_dir, data, "a\nb\nc\n").exit_code == 0
    before = (data / quizgen.study.history.FILENAME).read_bytes()
    real = sqlite3.connect

    def read_only(path, *args, **kwargs):  # what a read-only file gives, even to root
        return real(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(quizgen.study.history.sqlite3, "connect", read_only)
    result = quiz(content_dir, data, "a\nb\nc\n")
    path = data / quizgen.study.history.FILENAME
    assert result.exit_code == 1
    assert "Question 1/" not in result.output  # no answer is asked for that could not be kept
    assert result.output.endswith(
        f"error: history {path} is read-only (attempt to write a readonly database); "
        "quizgen needs to write to it and its folder\n"
    ), result.output
    monkeypatch.undo()
    assert answers_in(data) == 3
    assert path.read_bytes() == before


def _hold_write_lock(path: Path, seconds: float, taken: threading.Event, released: threading.Event) -> None:
    """Hold the history's write lock for `seconds`, or until `released` is set."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")
    taken.set()
    released.wait(seconds)
    db.execute("COMMIT")
    db.close()


class LockingInput(io.StringIO):
    """Answers line by line; before giving the answer to question `at`, another connection takes the write lock, and
    before the answer to question `release_at` (if any) lets it go. `stop_at`: Ctrl-C instead of that answer."""

    def __init__(self, text: str, path: Path, at: int, seconds: float, release_at: int = 0, stop_at: int = 0):
        super().__init__(text)
        self.path, self.at, self.seconds, self.reads = path, at, seconds, 0
        self.release_at, self.stop_at = release_at, stop_at
        self.thread: threading.Thread | None = None
        self.released = threading.Event()

    def readline(self, *args) -> str:
        self.reads += 1
        if self.reads == self.at:
            taken = threading.Event()
            self.thread = threading.Thread(
                target=_hold_write_lock, args=(self.path, self.seconds, taken, self.released)
            )
            self.thread.start()
            taken.wait()
        if self.reads == self.release_at and self.thread is not None:
            self.released.set()
            self.thread.join()
        if self.reads == self.stop_at:
            raise KeyboardInterrupt
        return super().readline(*args)


def _quiz_with_lock(content_dir: Path, data: Path, seconds: float, answers: str = "a\nb\nc\n", **when):
    from quizgen.bank.content import load_content
    from quizgen.study.quiz import run_quiz
    from quizgen.study.terminal import PlainUI

    with quizgen.study.history.History.open(data):
        pass  # create it, so the lock can be taken on an existing file
    stdin = LockingInput(answers, data / quizgen.study.history.FILENAME, at=2, seconds=seconds, **when)
    out = io.StringIO()
    n = answers.count("\n")
    try:
        return run_quiz(
            load_content(content_dir), n=n, seed=1, plain=True, data_dir=str(data), ui=PlainUI(stdin, out)
        ), out.getvalue()
    finally:
        stdin.released.set()  # the quiz is over: no need to hold the lock any longer
        stdin.thread.join()


@pytest.fixture
def quick_lock(monkeypatch):
    """Short waits for another quizgen's lock, as BUSY_NOTICE and BUSY_RETRY are, scaled down for a test."""
    monkeypatch.setattr(quizgen.study.history, "BUSY_NOTICE", 0.2)
    monkeypatch.setattr(quizgen.study.history, "BUSY_RETRY", 0.05)


def test_a_brief_lock_by_another_quizgen_loses_no_answer(content_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    code, out = _quiz_with_lock(content_dir, data, seconds=0.3)  # shorter than BUSY_NOTICE: waited out, unseen
    assert code == 0 and "Score:" in out and "busy" not in out
    assert answers_in(data) == 3


def test_a_lock_says_so_keeps_the_answers_and_the_quiz_writes_the_history_again_once_it_is_gone(
    content_dir, tmp_path, quick_lock
):
    """The walkthrough's lock: taken before answer 2, gone before answer 4. It froze the quiz silently for 10 s, sent
    answer 4 to the journal too, and ended in an error and exit 1."""
    from quizgen.study.journal import BUSY, JOURNAL

    data = tmp_path / "data"
    started = time.monotonic()
    code, out = _quiz_with_lock(content_dir, data, seconds=30, answers="a\nb\nc\nd\n", release_at=4)
    assert time.monotonic() - started < 5  # no 10-second freeze
    assert code == 0 and out.count(BUSY) == 1 and "error" not in out
    assert out.index(BUSY) < out.index("Question 3/4")  # told at the first answer that waited, before the next one
    assert answers_in(data) == 4  # answers 2 and 3 from the journal, then 4, once the lock was gone
    assert not (data / JOURNAL).exists()
    with sqlite3.connect(data / quizgen.study.history.FILENAME) as db:
        assert db.execute("SELECT id, ended_by FROM sessions").fetchall() == [(1, "done")]
        assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == 4


def test_ctrl_c_while_the_history_stays_locked_exits_130_and_stats_counts_the_kept_answers(
    content_dir, tmp_path, quick_lock
):
    from quizgen.study.journal import BUSY, JOURNAL

    data = tmp_path / "data"
    path, journal = data / quizgen.study.history.FILENAME, data / JOURNAL
    code, out = _quiz_with_lock(content_dir, data, seconds=30, answers="a\nb\nc\nd\n", stop_at=4)
    assert code == 130  # Ctrl-C, as documented; not an error
    assert out.count(BUSY) == 1
    assert out.rstrip().endswith(f"History still busy: 2 answers kept in {journal}, added by the next quiz or review.")
    assert answers_in(data) == 1  # the answer given before the lock; the two others wait in the journal
    assert journal.stat().st_mode & 0o777 == 0o600
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3  # two answers and the end of the session

    result = CliRunner().invoke(main, ["--content", str(content_dir), "stats", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert f"2 answers waiting in {journal}: the next quiz or review adds them." in result.output.splitlines()
    stats = CliRunner().invoke(main, ["--content", str(content_dir), "stats", "--json", "--data-dir", str(data)])
    assert json.loads(stats.output)["waiting"] == 2

    result = quiz(content_dir, data, "d\n", n=1)  # the next quiz adds them before its first question
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Added 2 answers kept in {journal} to the history.\n\nQuestion 1/1\n")
    assert answers_in(data) == 4  # nothing answered was lost
    assert not journal.exists()
    with sqlite3.connect(path) as db:
        sessions = db.execute("SELECT id, ended_by FROM sessions ORDER BY id").fetchall()
        per_session = db.execute("SELECT session_id, count(*) FROM answers GROUP BY session_id").fetchall()
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    # the locked session got its two answers and its end from the journal; the next quiz is session 2
    assert sessions == [(1, "interrupt"), (2, "done")]
    assert per_session == [(1, 3), (2, 1)]
    assert cards == 3  # the journal's answers rescheduled their questions too (the next quiz asked the first again)
