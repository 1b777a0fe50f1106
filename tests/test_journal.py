"""The answer journal: answers the history refused are kept beside it and applied, once, by the next session."""

import io
import json
import sqlite3
from datetime import UTC, datetime

import pytest
from test_session import QUESTIONS, Clock

from quizgen.study import journal
from quizgen.study.history import FILENAME, History, HistoryError, record
from quizgen.study.session import run_session
from quizgen.study.terminal import PlainUI

AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def rows(folder, sql):
    with sqlite3.connect(folder / FILENAME) as db:
        return db.execute(sql).fetchall()


def session_failing_after(folder, good: int, answers: str = "a\nb\nc\n"):
    """A session over QUESTIONS[:3] whose history refuses every answer after the first `good`; what it told the
    learner and the error at its end."""
    told: list[str] = []
    with History.open(folder) as history:
        stored = 0

        def store(answer):
            nonlocal stored
            if stored >= good:
                raise HistoryError("history is on fire")
            record(history, recorder.session["id"], answer)
            stored += 1

        recorder = journal.start(history, "quiz", deck="d", seed=3, planned=3, at=AT, store=store, notify=told.append)
        summary = run_session(
            QUESTIONS[:3], PlainUI(io.StringIO(answers), io.StringIO()), seed=3, on_answer=recorder, clock=Clock()
        )
        with pytest.raises(HistoryError) as error:
            recorder.finish(summary.ended_by, AT)
    return told, str(error.value)


def test_answers_the_history_refuses_go_to_the_journal_and_the_learner_is_told_once(tmp_path):
    told, error = session_failing_after(tmp_path, good=1)
    path = tmp_path / journal.JOURNAL
    assert told == [
        f"The history cannot be written (history is on fire). This answer and the next ones are kept in {path} "
        "and will be added the next time quizgen can write the history."
    ]
    assert error == (
        f"history is on fire; 2 answers kept in {path}, to be added the next time quizgen can write the history"
    )
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["answer"]["question_id"] for r in records[:2]] == ["b/t", "c/t"]
    assert records[2]["end"] == {"ended_by": "done", "at": "2025-06-01T12:00:00.000+00:00"}
    assert {r["session"]["id"] for r in records} == {1}
    assert rows(tmp_path, "SELECT question_id FROM answers") == [("a/t",)]


def test_the_next_session_applies_the_journal_once(tmp_path):
    session_failing_after(tmp_path, good=1)
    with History.open(tmp_path) as history:
        told: list[str] = []
        assert journal.catch_up(history, told.append) == 2
        assert told == [f"Added 2 answers kept in {tmp_path / journal.JOURNAL} to the history."]
        assert journal.catch_up(history) == 0  # the journal is gone: nothing twice
    assert not (tmp_path / journal.JOURNAL).exists()
    assert rows(tmp_path, "SELECT session_id, question_id, attempt FROM answers ORDER BY id") == [
        (1, "a/t", 0),
        (1, "b/t", 0),
        (1, "c/t", 0),
    ]
    assert rows(tmp_path, "SELECT ended_by FROM sessions") == [("done",)]
    assert [r[0] for r in rows(tmp_path, "SELECT question_id FROM cards ORDER BY question_id")] == ["a/t", "b/t", "c/t"]


def test_a_journal_applied_twice_stores_nothing_twice(tmp_path):
    """A crash between the commit and the journal's removal: the next run finds the same journal again."""
    session_failing_after(tmp_path, good=1)
    path = tmp_path / journal.JOURNAL
    saved = path.read_bytes()
    with History.open(tmp_path) as history:
        journal.apply(history)
    path.write_bytes(saved)
    with History.open(tmp_path) as history:
        assert journal.apply(history) == 0
    assert rows(tmp_path, "SELECT count(*) FROM answers") == [(3,)]


def test_a_journal_for_a_history_moved_aside_starts_its_session_anew(tmp_path):
    """The learner moved a damaged history aside: the journal's answers go into the new one, in a session of their
    own."""
    session_failing_after(tmp_path, good=0)
    (tmp_path / FILENAME).rename(tmp_path / "old.sqlite3")
    with History.open(tmp_path) as history:
        assert journal.catch_up(history) == 3
    assert rows(tmp_path, "SELECT id, mode, seed, planned, started_at, ended_by FROM sessions") == [
        (1, "quiz", "3", 3, "2025-06-01T12:00:00.000+00:00", "done")
    ]
    assert rows(tmp_path, "SELECT count(*) FROM answers") == [(3,)]


def test_a_line_cut_short_by_a_crash_is_ignored_but_a_damaged_one_is_an_error(tmp_path):
    session_failing_after(tmp_path, good=1)
    path = tmp_path / journal.JOURNAL
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[1][:40])  # the second append never finished
    assert [r["answer"]["question_id"] for r in journal.read(path)] == ["b/t"]
    path.write_bytes(b"{oops\n" + lines[0])
    with pytest.raises(HistoryError) as error:
        journal.read(path)
    assert str(error.value) == f"answer journal {path}, line 1, is unreadable; move it aside to start without it"


def test_when_the_journal_cannot_be_written_either_the_session_stops_with_both_reasons(tmp_path):
    (tmp_path / journal.JOURNAL).mkdir()  # nothing can be appended to a folder
    with History.open(tmp_path) as history:

        def store(answer):
            raise HistoryError("history is on fire")

        recorder = journal.start(history, "quiz", deck="d", seed=3, planned=3, at=AT, store=store)
        with pytest.raises(HistoryError) as error:
            run_session(QUESTIONS[:3], PlainUI(io.StringIO("a\n"), io.StringIO()), seed=3, on_answer=recorder)
    assert str(error.value) == (
        f"history is on fire, and cannot keep the answer in the journal {tmp_path / journal.JOURNAL}: Is a directory"
    )


def test_a_ctrl_c_while_an_answer_is_written_keeps_it_in_the_journal(tmp_path):
    """--plain has no held Ctrl-C: one that comes while SQLite waits for a lock stops the write, not the answer."""
    with History.open(tmp_path) as history:

        def store(answer):
            raise KeyboardInterrupt

        recorder = journal.start(history, "quiz", deck="d", seed=3, planned=3, at=AT, store=store)
        summary = run_session(
            QUESTIONS[:3], PlainUI(io.StringIO("a\nb\n"), io.StringIO()), seed=3, on_answer=recorder, clock=Clock()
        )
        assert summary.ended_by == "interrupt" and len(summary.answers) == 1
        records = [json.loads(line) for line in (tmp_path / journal.JOURNAL).read_text(encoding="utf-8").splitlines()]
        assert [r["answer"]["question_id"] for r in records] == ["a/t"]
        assert journal.catch_up(history) == 1
        assert rows(tmp_path, "SELECT question_id FROM answers") == [("a/t",)]
