"""The answer journal: answers the history could not take, kept beside it until a later run can write them.

When the history fails in the middle of a session (another quizgen holds the lock too long, the disk fills up, the
file is damaged under us), each answer from then on is appended to `history.journal.jsonl` in the history's folder,
one JSON line per answer, flushed to disk before the next question. The next quiz or review that opens the history
applies the journal before it starts, in one transaction, and removes it: nothing a learner answered is lost.

    {"session": {"id": 12, "mode": "quiz", "deck": "...", "seed": "7", "planned": 10, "started_at": "..."},
     "answer": {"question_id": "...", ..., "answered_at": "2026-12-06T08:00:00.123+00:00", "attempt": 0}}
    {"session": {...}, "end": {"ended_by": "done", "at": "..."}}

Applying is idempotent (an answer already in the history, same deck, question and time to the millisecond, is
skipped), so a crash between the commit and the removal of the journal stores nothing twice. Each line names its
session's deck, so an answer reschedules its question in that deck (journals written before history version 3 did
too, and apply the same way).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..util.pathnames import joined
from ..util.records import Record
from .history import History, HistoryError, answer_row, iso, record, reschedule
from .session import Answer, SessionUI, play

if TYPE_CHECKING:
    from ..model.questions import Question

JOURNAL = "history.journal.jsonl"


def journal_path(history_path: str | os.PathLike[str]) -> str:
    """The journal beside the history file, as util/pathnames.py spells it."""
    return joined(os.path.dirname(history_path), JOURNAL)


def append(path: str | os.PathLike[str], record: Mapping[str, Any]) -> None:
    """Append one record as a line and fsync it: once this returns, the answer survives a crash or power loss."""
    import json  # here, not at the top: a quiz whose history works never writes a journal

    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(28, "short write (is the disk full?)")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise HistoryError(f"cannot keep the answer in the journal {path}: {exc.strerror or exc}") from None


def read(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The journal's records; a last line cut short by a crash is ignored, any other bad line is an error."""
    try:
        with open(path, "rb") as stream:
            lines = stream.read().split(b"\n")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise HistoryError(f"cannot read the answer journal {path}: {exc.strerror or exc}") from None
    import json  # only when there is a journal to read

    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("session"), dict):
                raise ValueError("not a journal record")
        except ValueError:
            if number == len(lines):  # no newline after it: the append was cut short, and was never confirmed
                break
            raise HistoryError(
                f"answer journal {path}, line {number}, is unreadable; move it aside to start without it"
            ) from None
        records.append(record)
    return records


def apply(history: History) -> int:
    """Store the journal's answers and session ends in `history`, reschedule their questions, and remove the journal;
    returns how many answers were added."""
    path = journal_path(history.file)
    records = read(path)
    if not records:
        _remove(path)
        return 0
    from .scheduler import rate  # here: a quiz with no journal to apply starts without importing fsrs

    added = 0
    sessions: dict[tuple[Any, str], int] = {}
    try:
        with history.transaction():
            for record in records:
                info = record["session"]
                key = (info.get("id"), info["started_at"])
                if key not in sessions:
                    known = isinstance(key[0], int) and history.has_session(key[0], key[1])
                    sessions[key] = (
                        key[0]
                        if known
                        else history.start_session(
                            info["mode"],
                            deck=info["deck"],
                            seed=info["seed"],
                            planned=info["planned"],
                            at=datetime.fromisoformat(info["started_at"]),
                        )
                    )
                if "end" in record:
                    end = record["end"]
                    history.finish_session(sessions[key], end["ended_by"], at=datetime.fromisoformat(end["at"]))
                    continue
                row, deck = record["answer"], info["deck"]  # the card is the session's deck's, as `history.record`
                if history.has_answer(deck, row["question_id"], row["answered_at"]):
                    continue
                history.insert_answer(sessions[key], row)
                at = datetime.fromisoformat(row["answered_at"])
                card = history.card(deck, row["question_id"])
                if card is None or card.updated_at <= at:  # a later answer already rescheduled it: keep that
                    rating = rate(bool(row["correct"]), row["seconds"], row["stem"], row["options"])
                    reschedule(history, deck, row["question_id"], rating, at)
                added += 1
    except (KeyError, TypeError, ValueError) as exc:
        raise HistoryError(
            f"answer journal {path} holds a record quizgen cannot apply ({exc!r}); move it aside to start without it"
        ) from None
    _remove(path)
    return added


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def catch_up(history: History, notify: Callable[[str], None] | None = None) -> int:
    """Apply a journal an earlier session left (see `apply`), telling `notify` how many answers it added."""
    added = apply(history)
    if added and notify is not None:
        notify(f"Added {added} answer{'s' * (added != 1)} kept in {journal_path(history.file)} to the history.")
    return added


def start(
    history: History,
    mode: str,
    *,
    deck: str,
    seed: int | str,
    planned: int,
    at: datetime,
    store: Callable[[Answer], object],
    notify: Callable[[str], None] | None = None,
) -> Recorder:
    """Start a session in `history`; its Recorder, the session's `on_answer`."""
    session = history.start_session(mode, deck=deck, seed=seed, planned=planned, at=at)
    info = {"id": session, "mode": mode, "deck": deck, "seed": str(seed), "planned": planned, "started_at": iso(at)}
    return Recorder(history, info, store, notify or (lambda text: None))


def play_recorded(
    history: History,
    mode: str,
    questions: Sequence[Question],
    ui: SessionUI,
    *,
    deck: str,
    seed: int | str,
    at: datetime,
    clock: Callable[[], datetime],
    notify: Callable[[str], None] | None = None,
) -> int:
    """Play `questions` as one `mode` session of `deck` (`session.play`), every answer kept in the history (or the
    journal) and rescheduling its question (`history.record`); returns the exit code (`session.EXIT_CODES`)."""
    recorder = start(
        history, mode, deck=deck, seed=seed, planned=len(questions), at=at,
        store=lambda a: record(history, recorder.session["id"], a), notify=notify,
    )  # fmt: skip
    outcome = play(questions, ui, seed=seed, on_answer=recorder, clock=clock)
    recorder.finish(outcome.ended_by, clock())
    return outcome.exit_code


@dataclass(repr=False, eq=False)  # eq: a session's one recorder is never compared; one method less to make
class Recorder(Record):
    """A session's `on_answer` (and end): into the history while it can be written, then into the journal.

    `notify` is told once, at the first answer the history refused, where the answers now go.
    """

    history: History
    session: dict[str, Any]
    """id, mode, deck, seed, planned and started_at, as the journal keeps them."""
    store: Callable[[Answer], object]
    """Keeps an answer in the history (and reschedules its question)."""
    notify: Callable[[str], None] = lambda text: None
    failure: HistoryError | None = None
    journaled: int = 0
    _path: str = field(init=False)

    def __post_init__(self) -> None:
        self._path = journal_path(self.history.file)

    def __call__(self, answer: Answer) -> None:
        if self.failure is None:
            try:
                self.store(answer)
                return
            except HistoryError as exc:
                self.failure = exc
                self.notify(
                    f"The history cannot be written ({exc}). This answer and the next ones are kept in "
                    f"{self._path} and will be added the next time quizgen can write the history."
                )
        try:
            append(self._path, {"session": self.session, "answer": answer_row(answer)})
        except HistoryError as exc:  # nowhere left to keep it: stop here rather than ask more that would be lost
            raise HistoryError(f"{self.failure}, and {exc}") from None
        self.journaled += 1

    def finish(self, ended_by: str, at: datetime) -> None:
        """Record how the session ended; raise HistoryError at the end if any answer went to the journal."""
        if self.failure is None:
            try:
                self.history.finish_session(self.session["id"], ended_by, at=at)
                return
            except HistoryError as exc:
                self.failure = exc
        append(self._path, {"session": self.session, "end": {"ended_by": ended_by, "at": iso(at)}})
        kept = f"{self.journaled} answer{'s' * (self.journaled != 1)}" if self.journaled else "the end of the session"
        raise HistoryError(
            f"{self.failure}; {kept} kept in {self._path}, to be added the next time quizgen can write the history"
        )
