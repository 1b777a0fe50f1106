"""Answer history in SQLite: what a session stores, schema migrations, concurrent writers, broken files."""

import contextlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import invoke, run_process
from test_session import QUESTIONS, Clock

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters, select
from quizgen.cli import main
from quizgen.study import history as history_module
from quizgen.study.history import APPLICATION_ID, FILENAME, MIGRATIONS, History, HistoryError, data_dir
from quizgen.study.session import present, run_session
from quizgen.study.terminal import PlainUI

AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def fill(folder: Path, answers: str = "a\nb\nc\n", seed: int = 3) -> History:
    """A history holding one plain session over QUESTIONS[:3]."""
    history = History.open(folder)
    session = history.start_session("quiz", deck="d", seed=seed, planned=3, at=AT)
    summary = run_session(
        QUESTIONS[:3],
        PlainUI(io.StringIO(answers), io.StringIO()),
        seed=seed,
        on_answer=lambda a: history.record(session, a),
        clock=Clock(),
    )
    history.finish_session(session, summary.ended_by, at=AT)
    return history


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZGEN_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("QUIZGEN_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert data_dir(None) == tmp_path / "xdg" / "quizgen"


def test_a_new_history_is_versioned_in_wal_mode(tmp_path):
    with History.open(tmp_path / "new" / "folder") as history:
        assert history.path == tmp_path / "new" / "folder" / FILENAME
        assert history.version == len(MIGRATIONS) == 2
    path = tmp_path / "new" / "folder" / FILENAME
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(path, "PRAGMA application_id") == [(APPLICATION_ID,)]


def test_record_and_read_back(tmp_path):
    with fill(tmp_path) as history:
        stored = history.answers()
        shown = [present(q, 3) for q in QUESTIONS[:3]]
        assert [s.question_id for s in stored] == ["a/t", "b/t", "c/t"]
        assert [s.options for s in stored] == [q.options for q in shown]
        assert [s.answer for s in stored] == [q.answer for q in shown]
        assert [s.chosen for s in stored] == [0, 1, 2]
        assert [s.correct for s in stored] == [q.answer == i for i, q in enumerate(shown)]
        assert stored[0].answered_at.tzinfo is not None and stored[0].seconds == 2.5
        assert (stored[1].fact_id, stored[1].kind, stored[1].source, stored[1].tags) == (
            "b",
            "figure",
            "alpha-2024",
            ("tag",),
        )
        assert history.answers("b/t") == [stored[1]]


def test_a_cli_session_is_in_the_database(content_dir, tmp_path):
    bank = load_content(content_dir).bank(None, 8)
    shown = [present(q, 8) for q in select(bank.questions, Filters(kinds=("number",)), 3, 8)]
    answers = [shown[0].answer, (shown[1].answer + 1) % 4, shown[2].answer]
    typed = "".join(f"{'abcd'[i]}\n" for i in answers)
    result = invoke(
        content_dir, "quiz", tmp_path / "data", "--plain", "-n", "3", "--seed", "8", "--kind", "number", input=typed
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / FILENAME
    stored = rows(
        path,
        "SELECT session_id, question_id, fact_id, kind, source, stem, options, answer, chosen,"
        " correct, attempt FROM answers ORDER BY id",
    )
    assert stored == [
        (
            1,
            q.id,
            q.fact,
            "number",
            "test-2024",
            q.stem,
            json.dumps(list(q.options), ensure_ascii=False),
            q.answer,
            chosen,
            int(chosen == q.answer),
            0,
        )
        for q, chosen in zip(shown, answers, strict=True)
    ]
    assert rows(path, "SELECT mode, deck, seed, planned, ended_by FROM sessions") == [("quiz", "d", "8", 3, "done")]
    times = rows(path, "SELECT seconds, answered_at FROM answers")
    assert all(s >= 0 and at.endswith("+00:00") for s, at in times)


def test_env_var_chooses_the_data_dir(content_dir, tmp_path):
    result = CliRunner().invoke(
        main,
        ["--content", str(content_dir), "quiz", "--plain", "-n", "1"],
        input="a\n",
        env={"QUIZGEN_DATA_DIR": str(tmp_path / "env")},
    )
    assert result.exit_code == 0
    assert rows(tmp_path / "env" / FILENAME, "SELECT count(*) FROM answers") == [(1,)]


def test_end_of_input_keeps_what_was_answered(content_dir, tmp_path):
    invoke(content_dir, "quiz", tmp_path, "--plain", "-n", "5", input="a\nb\n")
    assert rows(tmp_path / FILENAME, "SELECT count(*) FROM answers") == [(2,)]
    assert rows(tmp_path / FILENAME, "SELECT ended_by FROM sessions") == [("eof",)]


# --- migrations ------------------------------------------------------------------------------------------------------

NOTES = (
    "CREATE TABLE notes (question_id TEXT PRIMARY KEY, body TEXT NOT NULL, at TEXT NOT NULL)",
    "INSERT INTO notes SELECT DISTINCT question_id, '', answered_at FROM answers",
)


def test_a_new_migration_upgrades_an_old_history_once_and_keeps_its_answers(tmp_path):
    fill(tmp_path).close()
    calls = []

    def count(db):
        calls.append(db.execute("SELECT count(*) FROM notes").fetchone()[0])

    with History.open(tmp_path, migrations=(*MIGRATIONS, NOTES, count)) as history:
        assert history.version == len(MIGRATIONS) + 2
        assert len(history.answers()) == 3
    assert calls == [3]
    assert rows(tmp_path / FILENAME, "SELECT question_id FROM notes ORDER BY 1") == [("a/t",), ("b/t",), ("c/t",)]
    with History.open(tmp_path, migrations=(*MIGRATIONS, NOTES, count)):
        pass
    assert calls == [3]  # not applied again


def test_a_failing_migration_changes_nothing(tmp_path):
    fill(tmp_path).close()
    broken = ("CREATE TABLE notes (question_id TEXT PRIMARY KEY)", "INSERT INTO nowhere VALUES (1)")
    with pytest.raises(HistoryError, match="no such table: nowhere"):
        History.open(tmp_path, migrations=(*MIGRATIONS, broken))
    assert rows(tmp_path / FILENAME, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert rows(tmp_path / FILENAME, "SELECT name FROM sqlite_master WHERE name = 'notes'") == []


def test_version_2_schedules_every_question_answered_before_it(tmp_path):
    from quizgen.study.scheduler import rate_answer, review

    with History.open(tmp_path, migrations=MIGRATIONS[:1]) as old:  # a history written by quizgen before review
        session = old.start_session("quiz", deck="d", seed=3, planned=4, at=AT)
        ui = PlainUI(io.StringIO("a\nb\nc\nd\n"), io.StringIO())
        summary = run_session(
            [*QUESTIONS[:3], QUESTIONS[0]], ui, seed=3, on_answer=lambda a: old.record(session, a), clock=Clock()
        )
    assert rows(tmp_path / FILENAME, "SELECT name FROM sqlite_master WHERE name = 'cards'") == []
    expected = {}
    for answer in summary.answers:  # a/t twice: its card is the result of both answers, in order
        expected[answer.question.id] = review(expected.get(answer.question.id), rate_answer(answer), answer.answered_at)
    with History.open(tmp_path) as history:
        assert history.version == 2
        assert len(history.answers()) == 4
        cards = history.cards()
    assert [c.question_id for c in cards] == sorted(expected, key=lambda qid: (expected[qid].due, qid))
    assert {c.question_id: c.card for c in cards} == {qid: card.to_json() for qid, card in expected.items()}
    assert {c.question_id: c.updated_at for c in cards}["a/t"] == summary.answers[3].answered_at


def test_a_history_from_a_newer_quizgen_is_refused(tmp_path):
    fill(tmp_path).close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("PRAGMA user_version = 7")
    with pytest.raises(HistoryError) as error:
        History.open(tmp_path)
    assert str(error.value) == (
        f"history {tmp_path / FILENAME} has schema version 7, newer than this quizgen knows (2); upgrade quizgen"
    )


# --- two quizzes at once ---------------------------------------------------------------------------------------------

WRITER = """
import sys
sys.path.insert(0, {tests!r})
from datetime import UTC, datetime
from quizgen.study.history import History
from quizgen.study.session import Answer
from test_session import QUESTIONS
with History.open({folder!r}) as history:
    session = history.start_session("quiz", deck="d", seed=sys.argv[1], planned=300, at=datetime.now(UTC))
    for i in range(300):
        q = QUESTIONS[i % 4]
        history.record(session, Answer(q, i % 4, i % 4 == q.answer, 0.5, datetime.now(UTC)))
    history.finish_session(session, "done", at=datetime.now(UTC))
"""


def test_concurrent_writers_on_a_fresh_history(tmp_path):
    code = WRITER.format(tests=str(Path(__file__).parent), folder=str(tmp_path / "shared"))
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(n)], stderr=subprocess.PIPE, text=True) for n in range(3)
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    path = tmp_path / "shared" / FILENAME
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert rows(path, "SELECT session_id, count(*) FROM answers GROUP BY 1 ORDER BY 1") == [
        (1, 300),
        (2, 300),
        (3, 300),
    ]
    assert rows(path, "SELECT count(*) FROM sessions WHERE ended_by = 'done'") == [(3,)]


def test_opening_a_new_history_waits_for_another_quizgen_switching_it_to_wal(tmp_path):
    """SQLite refuses the switch to WAL at once, busy timeout or not, while another connection holds the new file's
    write lock (as a quizgen opening it at the same moment does): History.open waits for the lock all the same."""
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.2, other.execute, ["ROLLBACK"])
    release.start()
    try:
        with History.open(tmp_path) as history:
            assert history.version == len(MIGRATIONS)
    finally:
        release.join()
        other.close()
    assert rows(tmp_path / FILENAME, "PRAGMA journal_mode") == [("wal",)]


# --- broken files: a clear error, and the file left as it was --------------------------------------------------------


def test_corrupt_file_is_reported_and_left_untouched(tmp_path, content_dir):
    path = tmp_path / FILENAME
    garbage = b"this is not a database, but someone's notes\n" * 100
    path.write_bytes(garbage)
    with pytest.raises(HistoryError) as error:
        History.open(tmp_path)
    assert str(error.value) == (
        f"history {path} is not an SQLite database; "
        "it was left untouched \u2014 move it aside to start a new history, or choose another data_dir"
    )
    assert error.value.parameter == "data_dir"  # the CLI names it --data-dir (below)
    result = invoke(content_dir, "quiz", tmp_path, "--plain", input="a\n")
    assert result.exit_code == 1
    assert result.stdout == ""  # refused before the first question
    assert result.stderr == f"error: {str(error.value).replace('another data_dir', 'another --data-dir')}\n"
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", FILENAME]


def test_damaged_pages_are_reported(tmp_path):
    fill(tmp_path).close()
    path = tmp_path / FILENAME
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page but the first, which holds the schema
    path.write_bytes(bytes(data))
    with pytest.raises(HistoryError, match=f"^history {path} is damaged \\(.+\\); it was left untouched"):
        History.open(tmp_path)
    assert path.read_bytes() == bytes(data)


def test_a_real_damaged_page_stops_the_quiz_before_its_first_question(tmp_path, content_dir):
    """Probe H6: page 4 of a real history overwritten; the quiz used to ask, then commit a session into it."""
    data = tmp_path / "data"
    assert run_process(content_dir, "quiz", data, "--plain", "-n", "8", "--seed", "1", input="a\n" * 8).returncode == 0
    path = data / FILENAME
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA page_count").fetchone()[0] >= 5  # so page 4 holds answers, not the schema
    damaged = bytearray(path.read_bytes())
    damaged[3 * 4096 : 4 * 4096] = b"\xde\xad" * 2048
    path.write_bytes(bytes(damaged))
    result = run_process(content_dir, "quiz", data, "--plain", "-n", "1", input="a\n")
    assert (result.returncode, result.stdout) == (1, "")
    # what is wrong in SQLite's words (its own, so not pinned here), then what quizgen did and what to do
    assert re.fullmatch(
        f"error: history {re.escape(str(path))} is (damaged|corrupt or not an SQLite database) \\([^\n]+\\); "
        "it was left untouched \u2014 move it aside to start a new history, or choose another --data-dir\n",
        result.stderr,
    ), result.stderr
    assert path.read_bytes() == bytes(damaged)
    assert sorted(p.name for p in data.iterdir()) == [FILENAME]


def test_another_sqlite_database_is_not_taken_over(tmp_path):
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()
    with pytest.raises(HistoryError) as error:
        History.open(tmp_path)
    assert str(error.value) == (
        f"{path} is an SQLite database but not a quizgen history; "
        "move it aside to start a new history, or choose another data_dir"
    )
    assert path.read_bytes() == before  # not even switched to WAL (header bytes 18-19 stay 1, 1)
    assert rows(path, "SELECT name FROM sqlite_master") == [("notes",)]
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 1")
    with pytest.raises(HistoryError, match="not a quizgen history"):  # right version, wrong application id
        History.open(tmp_path)


def test_a_folder_in_place_of_the_file(tmp_path):
    (tmp_path / FILENAME).mkdir()
    with pytest.raises(HistoryError, match=f"^history {tmp_path / FILENAME} is not a file"):
        History.open(tmp_path)


def test_data_dir_that_cannot_be_created(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(HistoryError) as error:
        History.open(tmp_path / "file" / "sub")
    assert str(error.value).startswith(f"data_dir: cannot create history folder {tmp_path / 'file' / 'sub'}: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_history(tmp_path):
    fill(tmp_path).close()
    path = tmp_path / FILENAME
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(HistoryError, match=str(path)), History.open(tmp_path) as history:
            history.start_session("quiz", deck="d", seed=1, planned=1, at=AT)
    finally:
        tmp_path.chmod(0o755)


def test_unwritable_history_as_sqlite_reports_it(tmp_path):
    """Whatever the user (root included), a read-only open yields the read-only message, naming the file."""
    fill(tmp_path).close()
    path = tmp_path / FILENAME
    history = History(path, sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None))
    with pytest.raises(HistoryError) as error:
        history.start_session("quiz", deck="d", seed=1, planned=1, at=AT)
    assert str(error.value) == (
        f"history {path} is read-only (attempt to write a readonly database); "
        "quizgen needs to write to it and its folder"
    )


def test_naive_timestamps_are_refused(tmp_path):
    with History.open(tmp_path) as history, pytest.raises(ValueError, match="timezone-aware"):
        history.start_session("quiz", deck="d", seed=1, planned=1, at=datetime(2025, 1, 1))


def test_busy_timeout_is_set(tmp_path):
    with History.open(tmp_path) as history:
        busy = history.connection.execute("PRAGMA busy_timeout").fetchone()[0]
    assert busy == int(history_module.BUSY_SECONDS * 1000) > 0


@pytest.mark.parametrize(
    ("sql", "table", "key", "column", "value"),
    [
        ("UPDATE cards SET due = 'not-a-date'", "cards", None, "due", "'not-a-date'"),
        ("UPDATE answers SET options = 'nope'", "answers", "1", "options", "'nope'"),
        ("UPDATE answers SET answered_at = 'x'", "answers", "1", "answered_at", "'x'"),
        ("UPDATE answers SET answered_at = '2025-06-01T12:00:00'", "answers", "1", "answered_at",
         "'2025-06-01T12:00:00'"),  # no offset: it could not be compared with any other time
        ("UPDATE answers SET tags = '{\"a\": 1}'", "answers", "1", "tags", "'{\"a\": 1}'"),
    ],
)  # fmt: skip
def test_bad_rows_in_a_valid_history_are_a_one_line_error(tmp_path, content_dir, sql, table, key, column, value):
    """Probe H14: stats ended in ValueError / JSONDecodeError tracebacks."""
    data = tmp_path / "data"
    assert run_process(content_dir, "quiz", data, "--plain", "-n", "3", "--seed", "1", input="a\n" * 3).returncode == 0
    path = data / FILENAME
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:  # closed: the WAL checkpointed
        if table == "cards":
            first = db.execute("SELECT min(question_id) FROM cards").fetchone()[0]
            db.execute(sql + " WHERE question_id = ?", (first,))
            key = repr(first)
        else:
            db.execute(sql + " WHERE id = 1")
    before = path.read_bytes()
    for command in ("stats", "review") if table == "cards" else ("stats",):  # review reads only the cards
        result = run_process(content_dir, command, data, *(["--plain"] if command == "review" else []), input="")
        assert (result.returncode, result.stdout) == (1, ""), (command, result.stdout, result.stderr)
        assert result.stderr == (
            f"error: history {path}: {table} row {key} has an unreadable {column} ({value}); it was left untouched "
            "\u2014 move it aside to start a new history, or choose another --data-dir\n"
        )
    assert path.read_bytes() == before
