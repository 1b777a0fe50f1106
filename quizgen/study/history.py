"""Answer history: every answer given in a quiz or review, in one SQLite file in the user's data folder.

The file is `history.sqlite3` in `--data-dir`, else `$QUIZGEN_DATA_DIR`, else the platform's user data folder
(`~/.local/share/quizgen` on Linux). An answer belongs to the deck of the session it was given in
(`sessions.deck`) and a review card to a deck and a question id (`cards.deck`, `cards.question_id`): fact ids, and
so question ids, need only be unique within a deck, so two decks sharing one keep their own review state. Question
ids are stable across content edits, so history survives a new version of the deck.

Safety: WAL journal and a busy timeout let two quizzes write at once; each answer is committed on its own, so an
interrupted quiz keeps what was answered. A file that is not a quizgen history, is corrupt, unreadable, read-only
or from a newer quizgen raises HistoryError naming it and is never replaced or "repaired": `open` reads the header,
runs SQLite's quick_check and checks the application id before it writes anything (even the switch to WAL).
Answers the history refuses in the middle of a session go to a journal beside it (`quizgen.study.journal`).

Schema versions live in `PRAGMA user_version`; `MIGRATIONS[i]` upgrades version i to i + 1 inside one
`BEGIN IMMEDIATE` transaction, so two processes opening an old file at once migrate it exactly once.
To change the schema, append a migration — never edit a released one:

    MIGRATIONS = (_V1, _v2, ("ALTER TABLE sessions ADD COLUMN note TEXT",))

A migration is a tuple of SQL statements or a function taking the connection (for data changes); it must not
commit. Add a test that opens a database written at the previous version and checks the upgrade.

Version 2 added `cards`: the FSRS scheduling state of each question ever answered (see `quizgen.study.scheduler`),
written in the same transaction as the answer that changed it.

Version 3 keys `cards` by deck and question id (`_v3`). The deck of each card is the deck of the sessions its answers
were given in, which every session has recorded since version 1: a card answered in one deck keeps its state as it
was; a card answered in several decks sharing the question id (the review state they wrongly shared) becomes one
card per deck, each replayed from that deck's answers; a card with no answer to tell its deck keeps a NULL deck
("unresolved"), is kept but never scheduled. Answers are not touched: their deck is their session's.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError, SettingError, Source
from ..util.pathnames import expanded, joined, spelled
from ..util.records import ValueRecord
from .session import Answer

if TYPE_CHECKING:
    from pathlib import Path

    from fsrs import Card, Rating

    from .stored import StoredAnswer

ENV_VAR = "QUIZGEN_DATA_DIR"
FILENAME = "history.sqlite3"
APPLICATION_ID = 0x515A474E  # "QZGN": marks the file as a quizgen history in its SQLite header
BUSY_SECONDS = 10.0
"""How long a writer waits for another quizgen holding the write lock before giving up."""

Migration = tuple[str, ...] | Callable[[sqlite3.Connection], None]

_V1: tuple[str, ...] = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mode TEXT NOT NULL,               -- 'quiz' or 'review'
        deck TEXT NOT NULL,               -- deck slug
        seed TEXT NOT NULL,               -- the --seed the session drew questions and option orders with
        planned INTEGER NOT NULL,         -- questions the session set out to ask
        started_at TEXT NOT NULL,         -- ISO 8601, UTC
        ended_at TEXT,                    -- NULL while running, or if the process died
        ended_by TEXT                     -- 'done', 'eof' or 'interrupt'
    )""",
    """CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        question_id TEXT NOT NULL,        -- '<fact>/<template>', stable across content edits
        fact_id TEXT NOT NULL,
        kind TEXT NOT NULL,               -- event, figure, position, number
        source TEXT NOT NULL,             -- seed slug of the supporting quote
        tags TEXT NOT NULL,               -- JSON list
        stem TEXT NOT NULL,               -- as shown, so history reads well after content edits
        options TEXT NOT NULL,            -- JSON list, in the order shown
        answer INTEGER NOT NULL,          -- index of the correct option in the order shown
        chosen INTEGER,                   -- index chosen in the order shown; NULL when no valid answer was given
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        seconds REAL NOT NULL,            -- time from showing the question to the answer
        answered_at TEXT NOT NULL,        -- ISO 8601, UTC, millisecond precision
        attempt INTEGER NOT NULL DEFAULT 0  -- 0 first presentation in the session, 1.. retries of missed ones
    )""",
    "CREATE INDEX answers_by_question ON answers(question_id, answered_at)",
    "CREATE INDEX answers_by_time ON answers(answered_at)",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

_V2_TABLES: tuple[str, ...] = (
    """CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,     -- as in answers; a card outlives its question if the deck drops it
        card TEXT NOT NULL,               -- FSRS card state as JSON (fsrs.Card.to_json)
        due TEXT NOT NULL,                -- ISO 8601, UTC, millisecond precision: when to ask again
        updated_at TEXT NOT NULL          -- when the answer that set this state was given
    )""",
    "CREATE INDEX cards_by_due ON cards(due)",
)


def _v2(db: sqlite3.Connection) -> None:
    """Add `cards`, scheduling every question already answered as if each answer had gone through FSRS."""
    import json

    from .scheduler import rate, review  # here, not at the top: opening a history needs no fsrs

    for statement in _V2_TABLES:
        db.execute(statement)
    cards: dict[str, Any] = {}
    last: dict[str, datetime] = {}
    rows = db.execute(
        "SELECT question_id, correct, seconds, stem, options, answered_at FROM answers ORDER BY answered_at, id"
    )
    for qid, correct, seconds, stem, options, answered_at in rows.fetchall():
        last[qid] = datetime.fromisoformat(answered_at)
        cards[qid] = review(cards.get(qid), rate(bool(correct), seconds, stem, json.loads(options)), last[qid])
    for qid, card in cards.items():
        db.execute(
            "INSERT INTO cards (question_id, card, due, updated_at) VALUES (?, ?, ?, ?)",
            (qid, card.to_json(), iso(card.due), iso(last[qid])),
        )


_V3_CARDS = """CREATE TABLE cards_v3 (
        deck TEXT,                        -- deck slug, as sessions.deck; NULL: no answer tells which (unresolved)
        question_id TEXT NOT NULL,        -- as in answers; a card outlives its question if the deck drops it
        card TEXT NOT NULL,               -- FSRS card state as JSON (fsrs.Card.to_json)
        due TEXT NOT NULL,                -- ISO 8601, UTC, millisecond precision: when to ask again
        updated_at TEXT NOT NULL,         -- when the answer that set this state was given
        UNIQUE (deck, question_id)
    )"""


def _v3(db: sqlite3.Connection) -> None:
    """Key `cards` by deck and question id, each card going to the deck its answers were given in (module docstring)."""
    db.execute(_V3_CARDS)
    insert = "INSERT INTO cards_v3 (deck, question_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)"
    for qid, card, due, updated_at in db.execute("SELECT question_id, card, due, updated_at FROM cards").fetchall():
        decks = [row[0] for row in db.execute(_DECKS_OF, (qid,)).fetchall()]
        if len(decks) <= 1:
            db.execute(insert, (decks[0] if decks else None, qid, card, due, updated_at))
            continue
        for deck in decks:  # shared by decks that each have the question id: one card per deck, from its answers
            replayed, last = _replay(db, deck, qid)
            db.execute(insert, (deck, qid, replayed.to_json(), iso(replayed.due), iso(last)))
    db.execute("DROP TABLE cards")  # drops cards_by_due with it
    db.execute("ALTER TABLE cards_v3 RENAME TO cards")
    db.execute("CREATE INDEX cards_by_due ON cards(due)")


_DECKS_OF = (
    "SELECT DISTINCT s.deck FROM answers a JOIN sessions s ON s.id = a.session_id WHERE a.question_id = ? ORDER BY 1"
)


def _replay(db: sqlite3.Connection, deck: str, question_id: str) -> tuple[Card, datetime]:
    """The FSRS card of `question_id` in `deck` after its answers there, in order, and the time of the last one."""
    import json

    from .scheduler import rate, review

    card, last = None, None
    rows = db.execute(
        "SELECT a.correct, a.seconds, a.stem, a.options, a.answered_at FROM answers a"
        " JOIN sessions s ON s.id = a.session_id WHERE s.deck = ? AND a.question_id = ? ORDER BY a.answered_at, a.id",
        (deck, question_id),
    )
    for correct, seconds, stem, options, answered_at in rows.fetchall():
        last = datetime.fromisoformat(answered_at)
        card = review(card, rate(bool(correct), seconds, stem, json.loads(options)), last)
    assert card is not None and last is not None  # the deck came from one of these answers
    return card, last


MIGRATIONS: tuple[Migration, ...] = (_V1, _v2, _v3)


FIX = "move it aside to start a new history, or choose another {data_dir}"
"""What to do about a history quizgen refuses to write: said in every such error, naming the data_dir parameter."""


class HistoryError(ArgumentError):
    """The history database cannot be used; the message names the file, and FIX in it names the data_dir parameter."""

    def __init__(self, message: str):
        problem, fix, rest = message.partition(FIX)
        super().__init__("data_dir", "{problem}" + fix + "{rest}", problem=problem, rest=rest)


class DataDirError(SettingError, HistoryError):
    """The history folder cannot be created; says whether it came from the argument, QUIZGEN_DATA_DIR or the default."""


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """Where history lives: the data_dir argument (--data-dir), else $QUIZGEN_DATA_DIR, else the user data folder."""
    from pathlib import Path

    return Path(_data_dir(option)[0])


def _data_dir(option: str | os.PathLike[str] | None) -> tuple[str, Source]:
    """data_dir as a string (util/pathnames.py: a quiz opens its history without importing pathlib), and its source."""
    if option:
        return expanded(option), "argument"
    chosen = os.environ.get(ENV_VAR)  # the one place QUIZGEN_DATA_DIR is read
    if chosen:
        return expanded(chosen), "environment"
    import platformdirs

    return spelled(platformdirs.user_data_dir("quizgen", appauthor=False)), "default"


def iso(at: datetime) -> str:
    """`at` as the history stores times: ISO 8601 in UTC, to the millisecond."""
    if at.tzinfo is None:
        raise ValueError("history timestamps must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, repr=False, eq=False)
class StoredCard(ValueRecord):
    """One row of the cards table: a question's scheduling state in a deck, as `History.cards` returns it."""

    deck: str | None
    """The deck the question was answered in; None for a card no answer attributes to a deck (never scheduled)."""
    question_id: str
    card: str
    """FSRS card state as JSON; `scheduler` rates it (see `record`); nothing else looks inside."""
    due: datetime
    updated_at: datetime


class History:
    """An open history database; use as a context manager, or call close().

    >>> with History.open(None) as history:            # the user's own history
    ...     session = history.start_session("quiz", deck="us-pakistan-india", seed=7, planned=10, at=now)
    ...     summary = run_session(questions, ui, seed=7, on_answer=lambda a: history.record(session, a))
    ...     history.finish_session(session, summary.ended_by, at=later)
    """

    def __init__(self, path: str | os.PathLike[str], connection: sqlite3.Connection):
        self.file = spelled(path)
        """The database file (util/pathnames.py)."""
        self.connection = connection

    @property
    def path(self) -> Path:
        """The database file, as a Path (made when asked: messages name it, a quiz that goes well does not)."""
        from pathlib import Path

        return Path(self.file)

    @classmethod
    def open(
        cls, folder: str | os.PathLike[str] | None = None, *, migrations: tuple[Migration, ...] | None = None
    ) -> History:
        """Open (creating if needed) the history in `folder` (see `data_dir`) and bring its schema up to date."""
        directory, source = _data_dir(folder)
        path = joined(directory, FILENAME)
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as exc:
            from pathlib import Path

            problem = f"cannot create history folder {directory}: {exc.strerror or exc}"
            raise DataDirError("data_dir", ENV_VAR, source, Path(directory), problem) from None
        if os.path.exists(path) and not os.path.isfile(path):
            raise HistoryError(f"history {path} is not a file; {FIX}")
        _check_header(path)
        try:
            connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(_message(path, exc)) from None
        history = cls(path, connection)
        try:
            with history._guard():
                connection.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
                history._check()  # before anything is written: never switch a damaged or foreign file to WAL
                if _switch_to_wal(connection).lower() != "wal":
                    raise HistoryError(f"history {path}: cannot switch to WAL journal; is it on a network drive?")
                connection.execute("PRAGMA foreign_keys = ON")
                history._migrate(MIGRATIONS if migrations is None else migrations)
        except BaseException:
            connection.close()
            raise
        return history

    def _check(self) -> None:
        """Refuse a damaged file (SQLite's quick_check) or another program's database, reading only."""
        db = self.connection
        found = [row[0] for row in db.execute("PRAGMA quick_check(3)").fetchall()]
        if found != ["ok"]:  # SQLite's report spans lines: keep the error one line
            lines = [x.strip() for row in found for x in row.splitlines() if x.strip() and not x.startswith("***")]
            raise HistoryError(
                f"history {self.path} is damaged ({'; '.join(lines[:3])}); it was left untouched — {FIX}"
            )
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if (version == 0 and tables) or (version and self._application_id() != APPLICATION_ID):
            raise HistoryError(f"{self.path} is an SQLite database but not a quizgen history; {FIX}")

    def _application_id(self) -> int:
        return self.connection.execute("PRAGMA application_id").fetchone()[0]

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise HistoryError(_message(self.path, exc)) from None

    def _migrate(self, migrations: tuple[Migration, ...]) -> None:
        db = self.connection
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == len(migrations):
            self._check_application_id()
            return
        db.execute("BEGIN IMMEDIATE")  # take the write lock, then look again: another process may have migrated
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(migrations):
                raise HistoryError(
                    f"history {self.path} has schema version {version}, newer than this quizgen "
                    f"knows ({len(migrations)}); upgrade quizgen"
                )
            if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise HistoryError(f"{self.path} is an SQLite database but not a quizgen history; {FIX}")
            if version:
                self._check_application_id()
            for number in range(version, len(migrations)):
                step = migrations[number]
                if callable(step):
                    step(db)
                else:
                    for statement in step:
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _check_application_id(self) -> None:
        if self._application_id() != APPLICATION_ID:
            raise HistoryError(f"{self.path} is an SQLite database but not a quizgen history; {FIX}")

    @property
    def version(self) -> int:
        with self._guard():
            return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def start_session(self, mode: str, *, deck: str, seed: int | str, planned: int, at: datetime) -> int:
        """Record the start of a quiz or review session; returns its id for `record` and `finish_session`."""
        with self._guard():
            cursor = self.connection.execute(
                "INSERT INTO sessions (mode, deck, seed, planned, started_at) VALUES (?, ?, ?, ?, ?)",
                (mode, deck, str(seed), planned, iso(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record(self, session_id: int, answer: Answer) -> None:
        """Store one answer, committed at once so an interrupted session keeps it."""
        self.insert_answer(session_id, answer_row(answer))

    def insert_answer(self, session_id: int, row: Mapping[str, Any]) -> None:
        """Store one answer given as `answer_row` makes it (the journal keeps the same rows)."""
        import json  # here, not at the top: opening a history and showing the first question need no json

        columns, marks = ", ".join(ANSWER_COLUMNS), ", ?" * len(ANSWER_COLUMNS)
        with self._guard():
            self.connection.execute(
                f"INSERT INTO answers (session_id, {columns}) VALUES (?{marks})",
                (
                    session_id,
                    *(
                        json.dumps(list(row[c]), ensure_ascii=c == "tags") if c in ("tags", "options") else row[c]
                        for c in ANSWER_COLUMNS
                    ),
                ),
            )

    def has_answer(self, deck: str, question_id: str, answered_at: str) -> bool:
        """Whether an answer to `question_id` in `deck` at `answered_at` (ISO, as stored) is already kept."""
        with self._guard():
            return bool(
                self.connection.execute(
                    "SELECT 1 FROM answers a JOIN sessions s ON s.id = a.session_id"
                    " WHERE s.deck = ? AND a.question_id = ? AND a.answered_at = ?",
                    (deck, question_id, answered_at),
                ).fetchone()
            )

    def session_deck(self, session_id: int) -> str:
        """The deck a session was started in (`start_session`)."""
        with self._guard():
            row = self.connection.execute("SELECT deck FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise HistoryError(f"history {self.path}: no session {session_id}")
        return row[0]

    def has_session(self, session_id: int, started_at: str) -> bool:
        with self._guard():
            return bool(
                self.connection.execute(
                    "SELECT 1 FROM sessions WHERE id = ? AND started_at = ?", (session_id, started_at)
                ).fetchone()
            )

    def finish_session(self, session_id: int, ended_by: str, *, at: datetime) -> None:
        """Record how the session ended: `done`, `eof` or `interrupt` (see `Summary.ended_by`)."""
        with self._guard():
            self.connection.execute(
                "UPDATE sessions SET ended_at = ?, ended_by = ? WHERE id = ?", (iso(at), ended_by, session_id)
            )

    def answers(self, question_id: str | None = None, *, deck: str | None = None) -> list[StoredAnswer]:
        """Every stored answer (or those to one question, or those given in one deck), oldest first."""
        sql = (
            "SELECT a.id, a.session_id, s.deck, a.question_id, a.fact_id, a.kind, a.source, a.tags, a.stem, a.options,"
            " a.answer, a.chosen, a.correct, a.seconds, a.answered_at, a.attempt"
            " FROM answers a JOIN sessions s ON s.id = a.session_id WHERE 1"
        )
        params: tuple[str, ...] = ()
        if question_id is not None:
            sql, params = sql + " AND a.question_id = ?", (*params, question_id)
        if deck is not None:
            sql, params = sql + " AND s.deck = ?", (*params, deck)
        with self._guard():
            rows = self.connection.execute(sql + " ORDER BY a.answered_at, a.id", params).fetchall()
        from .stored import StoredAnswer  # here: a quiz writes answers and never reads them back

        return [self._row("answers", r[0], _answer, r, StoredAnswer) for r in rows]

    def _row(self, table: str, key: object, convert: Callable[..., Any], row: Any, *more: Any) -> Any:
        """`convert(row, *more)`, or a HistoryError naming the table, the row and the value it could not read."""
        try:
            return convert(row, *more)
        except _BadValue as exc:
            raise HistoryError(
                f"history {self.path}: {table} row {key!r} has an unreadable {exc.column} ({exc.value!r:.60}); "
                f"it was left untouched — {FIX}"
            ) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside commits together or not at all (an answer and the card it reschedules).

        Takes the write lock at once (BEGIN IMMEDIATE), so a card read inside cannot be changed by another
        quizgen before it is written back.
        """
        with self._guard():
            self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
            with self._guard():
                self.connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")
            raise

    def card(self, deck: str, question_id: str) -> StoredCard | None:
        """The scheduling state of one question of `deck`, or None if it was never answered there."""
        with self._guard():
            row = self.connection.execute(
                "SELECT deck, question_id, card, due, updated_at FROM cards WHERE deck = ? AND question_id = ?",
                (deck, question_id),
            ).fetchone()
        return None if row is None else self._row("cards", row[1], _card, row)

    def cards(self, deck: str | None = None) -> list[StoredCard]:
        """The scheduling state of every question answered in `deck` (None: in any deck, and unresolved ones),
        soonest due first (ties by question id, then deck)."""
        where, params = ("WHERE deck = ?", (deck,)) if deck is not None else ("", ())
        with self._guard():
            rows = self.connection.execute(
                f"SELECT deck, question_id, card, due, updated_at FROM cards {where} ORDER BY due, question_id, deck",
                params,
            ).fetchall()
        return [self._row("cards", row[1], _card, row) for row in rows]

    def save_card(self, deck: str, question_id: str, card: str, *, due: datetime, at: datetime) -> None:
        """Store a question's new scheduling state in `deck` (`card`, JSON), due again at `due`, set by an answer at
        `at`."""
        with self._guard():
            self.connection.execute(
                "INSERT INTO cards (deck, question_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(deck, question_id)"
                " DO UPDATE SET card = excluded.card, due = excluded.due, updated_at = excluded.updated_at",
                (deck, question_id, card, iso(due), iso(at)),
            )

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


ANSWER_COLUMNS = (
    "question_id", "fact_id", "kind", "source", "tags", "stem", "options", "answer", "chosen", "correct", "seconds",
    "answered_at", "attempt",
)  # fmt: skip
"""The answers table's columns a session fills (all but the ids), in the order `answer_row` gives them."""


def answer_row(answer: Answer) -> dict[str, Any]:
    """One answer as the history stores it: plain values (tags and options as lists), JSON-ready."""
    q = answer.question
    return {
        "question_id": q.id,
        "fact_id": q.fact,
        "kind": q.kind,
        "source": q.source.text,
        "tags": list(q.tags),
        "stem": q.stem,
        "options": list(q.options),
        "answer": q.answer,
        "chosen": answer.chosen,
        "correct": int(answer.correct),
        "seconds": round(answer.seconds, 3),
        "answered_at": iso(answer.answered_at),
        "attempt": answer.attempt,
    }


SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_header(path: str) -> None:
    """Refuse a file that is not SQLite at all before SQLite opens it (it would try to recover a journal)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise HistoryError(f"cannot open history {path} ({exc.strerror or exc}); {FIX}") from None
    if head and head != SQLITE_MAGIC:
        raise HistoryError(f"history {path} is not an SQLite database; it was left untouched — {FIX}")


# --- answers that reschedule their question (FSRS is imported at the first answer, not before) ------------------------


def _load(history: History, stored: StoredCard) -> Card:
    """The FSRS card stored for a question; a HistoryError naming the file if the JSON is not one."""
    from fsrs import Card

    try:
        return Card.from_json(stored.card)
    except (ValueError, KeyError, TypeError) as exc:
        raise HistoryError(
            f"history {history.path}: the review state of {stored.question_id} in deck {stored.deck} is unreadable"
            f" ({exc!r}); {FIX}"
        ) from None


def record(history: History, session_id: int, answer: Answer) -> Card:
    """Store `answer` and reschedule its question in the session's deck, both in one transaction; returns the new
    FSRS card.

    Use as a session's `on_answer`: `on_answer=lambda a: record(history, session, a)`.
    """
    from .scheduler import rate_answer

    with history.transaction():
        history.record(session_id, answer)
        deck = history.session_deck(session_id)
        return reschedule(history, deck, answer.question.id, rate_answer(answer), answer.answered_at)


def reschedule(history: History, deck: str, question_id: str, rating: Rating, at: datetime) -> Card:
    """Review the question's card in `deck` with `rating` at `at` and store it; call inside `history.transaction()`."""
    from .scheduler import review

    stored = history.card(deck, question_id)
    card = review(None if stored is None else _load(history, stored), rating, at)
    history.save_card(deck, question_id, card.to_json(), due=card.due, at=at)
    return card


def _switch_to_wal(connection: sqlite3.Connection) -> str:
    """`PRAGMA journal_mode = WAL`, waiting up to BUSY_SECONDS while another quizgen switches a new file at once.

    SQLite answers "database is locked" at once there, without the busy timeout: the switch turns a read of the
    file header into a write, and SQLite does not wait for a lock it wants while holding another.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


class _BadValue(Exception):
    def __init__(self, column: str, value: object):
        self.column, self.value = column, value


def _time(column: str, value: object) -> datetime:
    """A stored time: ISO 8601 with its offset (the history writes UTC)."""
    try:
        at = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _BadValue(column, value) from None
    if at.tzinfo is None:
        raise _BadValue(column, value)
    return at


def _texts(column: str, value: object) -> tuple[str, ...]:
    """A stored JSON list of text."""
    import json

    try:
        items = json.loads(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _BadValue(column, value) from None
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise _BadValue(column, value)
    return tuple(items)


def _number(column: str, value: object, kind: type = int) -> Any:
    if kind is float and isinstance(value, int | float) or kind is int and type(value) is int:
        return value
    raise _BadValue(column, value)


def _answer(r: tuple[Any, ...], stored: type[StoredAnswer]) -> StoredAnswer:
    chosen = None if r[11] is None else _number("chosen", r[11])
    return stored(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], _texts("tags", r[7]), r[8], _texts("options", r[9]),
        _number("answer", r[10]), chosen, bool(r[12]), _number("seconds", r[13], float),
        _time("answered_at", r[14]), _number("attempt", r[15]),
    )  # fmt: skip


def _card(row: tuple[str | None, str, str, str, str]) -> StoredCard:
    return StoredCard(row[0], row[1], row[2], _time("due", row[3]), _time("updated_at", row[4]))


def _message(path: str | os.PathLike[str], exc: sqlite3.Error) -> str:
    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return f"history {path} is corrupt or not an SQLite database ({text}); it was left untouched — {FIX}"
    if "readonly" in text or "read-only" in text:
        return f"history {path} is read-only ({text}); quizgen needs to write to it and its folder"
    if "unable to open" in text:
        return f"cannot open history {path} ({text}); check that it and its folder are readable and writable"
    if "locked" in text or "busy" in text:
        return f"history {path} stayed locked by another quizgen for {BUSY_SECONDS:.0f}s ({text}); try again"
    return f"history {path}: {text}"
