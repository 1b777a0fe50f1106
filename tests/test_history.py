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
        assert history.version == len(MIGRATIONS) == 3
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


def test_missed_are_the_questions_whose_latest_answer_in_the_deck_was_wrong(tmp_path):
    from datetime import timedelta

    from quizgen.study.session import Answer

    t = datetime(2025, 1, 2, tzinfo=UTC)
    a, b, c, d = QUESTIONS[:4]

    def given(q, right, minutes, attempt=0):
        return Answer(q, q.answer if right else (q.answer + 1) % 4, right, 1.0, t + timedelta(minutes=minutes), attempt)

    with History.open(tmp_path) as history:
        one = history.start_session("quiz", deck="d", seed=1, planned=4, at=t)
        for answer in [given(a, False, 1), given(b, False, 2), given(c, True, 3), given(b, True, 4, attempt=1),
                       given(c, False, 5), given(a, False, 6)]:  # fmt: skip
            history.record(one, answer)
        other = history.start_session("quiz", deck="e", seed=1, planned=1, at=t)
        history.record(other, given(d, False, 7))  # another deck's mistake
        history.record(other, given(a, True, 8))  # and its right answer does not put this deck's right
        # b was put right by a retry; c, right first, was missed later
        assert history.missed("d") == ["a/t", "c/t"]
        assert history.missed("e") == ["d/t"] and history.missed("none") == []


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
    with History.open(tmp_path, migrations=MIGRATIONS[:2]) as history:
        assert history.version == 2
        assert len(history.answers()) == 4
    cards = rows(tmp_path / FILENAME, "SELECT question_id, card, updated_at FROM cards ORDER BY due, question_id")
    assert [c[0] for c in cards] == sorted(expected, key=lambda qid: (expected[qid].due, qid))
    assert {c[0]: c[1] for c in cards} == {qid: card.to_json() for qid, card in expected.items()}
    assert {c[0]: c[2] for c in cards}["a/t"] == history_module.iso(summary.answers[3].answered_at)


def test_a_history_from_a_newer_quizgen_is_refused(tmp_path):
    fill(tmp_path).close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("PRAGMA user_version = 7")
    with pytest.raises(HistoryError) as error:
        History.open(tmp_path)
    assert str(error.value) == (
        f"history {tmp_path / FILENAME} has schema version 7, newer than this quizgen knows (3); upgrade quizgen"
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


# --- version 3: review cards keyed by deck and question id, migrated in place --------------------------------------

V2_CARD = (
    "INSERT INTO cards (question_id, card, due, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(question_id)"
    " DO UPDATE SET card = excluded.card, due = excluded.due, updated_at = excluded.updated_at"
)
"""The SQL version 2 rescheduled a question with (copied from it): one card per question id, whatever the deck."""


def record_v2(history: History, session: int, answer) -> None:
    """What `history.record` did at version 2: the answer (the same SQL today), then the card by question id alone."""
    from fsrs import Card

    from quizgen.study.scheduler import rate_answer, review

    history.record(session, answer)
    qid = answer.question.id
    row = history.connection.execute("SELECT card FROM cards WHERE question_id = ?", (qid,)).fetchone()
    card = review(None if row is None else Card.from_json(row[0]), rate_answer(answer), answer.answered_at)
    history.connection.execute(
        V2_CARD, (qid, card.to_json(), history_module.iso(card.due), history_module.iso(answer.answered_at))
    )


def in_deck(content_dir: Path, deck: str, command: str, data: Path, *args: str, input: str = ""):
    """`quizgen --deck <deck> <command>` on the test's content and history, through click's CliRunner."""
    argv = ["--content", str(content_dir), "--deck", deck, command, "--data-dir", str(data), *args]
    return CliRunner().invoke(main, argv, input=input)


def two_decks(content_dir: Path) -> list:
    """Deck `e` beside `d`, with the same facts and so the same question ids; four questions they share."""
    import shutil

    shutil.copytree(content_dir / "decks" / "d", content_dir / "decks" / "e")
    (content_dir / "decks" / "e" / "deck.yaml").write_text('title: "Second deck"\ndescription: "Same facts."\n')
    questions = load_content(content_dir).bank("d").questions
    assert [q.id for q in load_content(content_dir).bank("e").questions] == [q.id for q in questions]
    return [questions[0], questions[5], questions[10], questions[15]]


def answered(question, right: bool, at: datetime):
    from quizgen.study.session import Answer

    shown = present(question, 1)
    chosen = shown.answer if right else (shown.answer + 1) % len(shown.options)
    return Answer(shown, chosen, right, 3.0, at)


def old_history(folder: Path, q: list) -> dict:
    """A version-2 history written as quizgen wrote it then: the same question answered in decks d and e (sharing one
    card), one answered in a deck the content no longer has, a card no answer explains, and a journal line left
    for deck e. Returns the answers by (deck, question id)."""
    from datetime import timedelta

    hour = timedelta(hours=1)
    plan = [  # (deck, mode, answers)
        ("d", "quiz", [(q[0], True), (q[1], False)]),
        ("e", "review", [(q[0], False), (q[2], True)]),
        ("e", "quiz", [(q[0], True)]),
        ("gone", "quiz", [(q[3], True)]),
    ]
    by_key: dict = {}
    with History.open(folder, migrations=MIGRATIONS[:2]) as old:
        at = AT
        for deck, mode, answers in plan:
            session = old.start_session(mode, deck=deck, seed=1, planned=len(answers), at=at)
            for question, right in answers:
                at += hour
                answer = answered(question, right, at)
                record_v2(old, session, answer)
                by_key.setdefault((deck, question.id), []).append(answer)
            old.finish_session(session, "done", at=at)
        old.connection.execute(
            V2_CARD, ("orphan/t", '{"state": 2}', "2025-06-02T00:00:00.000+00:00", "2025-06-01T00:00:00.000+00:00")
        )
        assert old.version == 2
    from quizgen.study import journal

    late = answered(q[1], True, AT + 10 * hour)
    journal.append(folder / journal.JOURNAL, {
        "session": {"id": 9, "mode": "quiz", "deck": "e", "seed": "1", "planned": 1, "started_at": history_module.iso(late.answered_at)},
        "answer": history_module.answer_row(late),
    })  # fmt: skip
    by_key[("e", q[1].id)] = [late]
    return by_key


def replayed(answers) -> str:
    from quizgen.study.scheduler import rate_answer, review

    card = None
    for answer in answers:
        card = review(card, rate_answer(answer), answer.answered_at)
    return card.to_json()


def cards_by_key(folder: Path) -> dict:
    return {(d, qid): card for d, qid, card in rows(folder / FILENAME, "SELECT deck, question_id, card FROM cards")}


def test_version_3_migrates_a_version_2_history_in_place_and_decks_keep_their_own_review_state(content_dir, tmp_path):
    q = two_decks(content_dir)
    data = tmp_path / "data"
    by_key = old_history(data, q)
    old_cards = dict(rows(data / FILENAME, "SELECT question_id, card FROM cards"))
    old_answers = rows(data / FILENAME, "SELECT * FROM answers ORDER BY id")
    shared = old_cards[q[0].id]
    assert shared == replayed(sorted(by_key[("d", q[0].id)] + by_key[("e", q[0].id)], key=lambda a: a.answered_at))

    # the first command on the old file migrates it: stats reads deck d only
    result = in_deck(content_dir, "d", "stats", data, "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert (stats["answers"], stats["sessions"], stats["due"]["scheduled"]) == (2, 1, 2)
    assert rows(data / FILENAME, "PRAGMA user_version") == [(3,)]
    assert rows(data / FILENAME, "SELECT * FROM answers ORDER BY id") == old_answers  # every answer, untouched
    assert cards_by_key(data) == {
        ("d", q[0].id): replayed(by_key[("d", q[0].id)]),  # the shared card, split: each deck's from its answers
        ("e", q[0].id): replayed(by_key[("e", q[0].id)]),
        ("d", q[1].id): old_cards[q[1].id],  # answered in one deck: the card as it was
        ("e", q[2].id): old_cards[q[2].id],
        ("gone", q[3].id): old_cards[q[3].id],  # a deck the content no longer has keeps its card
        (None, "orphan/t"): old_cards["orphan/t"],  # no answer says whose: unresolved, kept
    }
    with History.open(data) as history:
        assert {(a.deck, a.question_id) for a in history.answers()} == {k for k in by_key if k != ("e", q[1].id)}
    before_review = cards_by_key(data)

    # a review of deck e first applies the journal (its answer reschedules e's card), then asks e's due cards only
    result = in_deck(content_dir, "e", "review", data, "--plain", "--new", "0", "--seed", "2", input="a\n" * 3)
    assert result.exit_code == 0, result.output
    assert "Added 1 answer kept in" in result.output and "Review: 3 due, 0 new" in result.output
    reviewed = rows(
        data / FILENAME,
        "SELECT a.question_id FROM answers a JOIN sessions s ON s.id = a.session_id"
        " WHERE s.mode = 'review' AND s.deck = 'e' AND s.started_at > '2026'",  # today's review, not the old one
    )
    assert sorted(r[0] for r in reviewed) == sorted([q[0].id, q[1].id, q[2].id])
    after_review = cards_by_key(data)
    assert {k: v for k, v in after_review.items() if k[0] != "e"} == {
        k: v for k, v in before_review.items() if k[0] != "e"
    }
    assert all(after_review[k] != before_review.get(k) for k in after_review if k[0] == "e")

    # a quiz of deck d reschedules d's card and leaves e's alone
    result = in_deck(content_dir, "d", "quiz", data, "--plain", "-n", "1", "--seed", "3", input="a\n")
    assert result.exit_code == 0, result.output
    (qid,) = rows(data / FILENAME, "SELECT question_id FROM answers ORDER BY id DESC LIMIT 1")[0]
    after_quiz = cards_by_key(data)
    assert {k: v for k, v in after_quiz.items() if k != ("d", qid)} == {
        k: v for k, v in after_review.items() if k != ("d", qid)
    }
    assert after_quiz[("d", qid)] != after_review.get(("d", qid))

    for deck, answers in (("d", 3), ("e", 2 + 1 + 1 + 3)):
        result = in_deck(content_dir, deck, "stats", data, "--json")
        assert json.loads(result.output)["answers"] == answers, deck
    assert rows(data / FILENAME, "SELECT count(*) FROM answers") == [(len(old_answers) + 1 + 3 + 1,)]


def test_version_3_runs_once_and_a_failure_leaves_version_2_as_it_was(content_dir, tmp_path, monkeypatch):
    q = two_decks(content_dir)
    old_history(tmp_path, q)
    before = rows(tmp_path / FILENAME, "SELECT * FROM cards ORDER BY question_id")

    def broken(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(history_module, "_replay", broken)
    with pytest.raises(RuntimeError, match="power cut"):
        History.open(tmp_path)
    assert rows(tmp_path / FILENAME, "PRAGMA user_version") == [(2,)]
    assert rows(tmp_path / FILENAME, "SELECT * FROM cards ORDER BY question_id") == before
    assert [r[1] for r in rows(tmp_path / FILENAME, "PRAGMA table_info(cards)")] == [
        "question_id",
        "card",
        "due",
        "updated_at",
    ]
    monkeypatch.undo()
    History.open(tmp_path).close()
    migrated = rows(tmp_path / FILENAME, "SELECT * FROM cards ORDER BY question_id, deck")
    assert len(migrated) == len(before) + 1  # the shared card became two
    monkeypatch.setattr(history_module, "_replay", broken)
    with History.open(tmp_path) as again:  # already at version 3: nothing replayed again
        assert again.version == 3
    assert rows(tmp_path / FILENAME, "SELECT * FROM cards ORDER BY question_id, deck") == migrated


OPENER = """
import sys
from quizgen.study.history import History
History.open(sys.argv[1]).close()
"""


def test_version_3_migrates_once_when_several_quizgens_open_the_old_history_at_once(content_dir, tmp_path):
    q = two_decks(content_dir)
    old_history(tmp_path, q)
    procs = [
        subprocess.Popen([sys.executable, "-c", OPENER, str(tmp_path)], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    assert [(p.communicate(timeout=60)[1], p.returncode) for p in procs] == [("", 0)] * 3
    assert rows(tmp_path / FILENAME, "PRAGMA user_version") == [(3,)]
    assert len(cards_by_key(tmp_path)) == 6  # five question cards, the shared one split in two, and the orphan
