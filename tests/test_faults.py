"""Faults while writing: a disk that fills up halfway, a permission refused, Ctrl-C in the middle of a write, and a
history database that is read-only or locked by another quizgen.

Every output command must then leave the previous file byte for byte and no temporary file beside it, and say
what went wrong in one line; the history must say so too and keep every answer it was given."""

from __future__ import annotations

import errno
import io
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
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
    """Answers line by line; before giving the answer to question `at`, another connection takes the write lock."""

    def __init__(self, text: str, path: Path, at: int, seconds: float):
        super().__init__(text)
        self.path, self.at, self.seconds, self.reads = path, at, seconds, 0
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
        return super().readline(*args)


def _quiz_with_lock(content_dir: Path, data: Path, seconds: float):
    from quizgen.bank.content import load_content
    from quizgen.study.quiz import run_quiz
    from quizgen.study.terminal import PlainUI

    with quizgen.study.history.History.open(data):
        pass  # create it, so the lock can be taken on an existing file
    stdin = LockingInput("a\nb\nc\n", data / quizgen.study.history.FILENAME, at=2, seconds=seconds)
    out = io.StringIO()
    try:
        return run_quiz(
            load_content(content_dir), n=3, seed=1, plain=True, data_dir=str(data), ui=PlainUI(stdin, out)
        ), out.getvalue()
    finally:
        stdin.released.set()  # the quiz is over: no need to hold the lock any longer
        stdin.thread.join()


def test_a_brief_lock_by_another_quizgen_loses_no_answer(content_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(quizgen.study.history, "BUSY_SECONDS", 5.0)
    data = tmp_path / "data"
    code, out = _quiz_with_lock(content_dir, data, seconds=0.3)
    assert code == 0 and "Score:" in out
    assert answers_in(data) == 3


def test_a_lock_held_too_long_keeps_the_later_answers_in_the_journal_until_the_next_quiz(
    content_dir, tmp_path, monkeypatch
):
    from quizgen.errors import QuizgenError
    from quizgen.study.journal import JOURNAL

    monkeypatch.setattr(quizgen.study.history, "BUSY_SECONDS", 0.2)
    data = tmp_path / "data"
    path, journal = data / quizgen.study.history.FILENAME, data / JOURNAL
    with pytest.raises(QuizgenError) as err:
        _quiz_with_lock(content_dir, data, seconds=1.5)
    # the quiz went on to the end; the error comes after the summary, naming the problem and where the answers are
    assert str(err.value) == (
        f"history {path} stayed locked by another quizgen for 0s (database is locked); try again; "
        f"2 answers kept in {journal}, to be added the next time quizgen can write the history"
    )
    assert answers_in(data) == 1  # the answer given before the lock
    assert journal.stat().st_mode & 0o777 == 0o600
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3  # two answers and the end of the session

    result = quiz(content_dir, data, "d\n", n=1)  # the next quiz adds them before its first question
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Added 2 answers kept in {journal} to the history.\n\nQuestion 1/1\n")
    assert answers_in(data) == 4
    assert not journal.exists()
    with sqlite3.connect(path) as db:
        sessions = db.execute("SELECT id, ended_by FROM sessions ORDER BY id").fetchall()
        per_session = db.execute("SELECT session_id, count(*) FROM answers GROUP BY session_id").fetchall()
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    # the locked session got its two answers and its end from the journal; the next quiz is session 2
    assert sessions == [(1, "done"), (2, "done")]
    assert per_session == [(1, 3), (2, 1)]
    assert cards == 3  # the journal's answers rescheduled their questions too
