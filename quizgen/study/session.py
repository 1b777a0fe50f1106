"""One quiz session as pure logic: present questions, check answers, time them, and sum up — no terminal I/O.

Every front end drives the same runner with its own `QuizUI`: the interactive and the plain terminal UIs in
`quizgen.study.terminal`, and tests with scripted answers. `quizgen review` calls `run_session` with the questions
that are due and an `on_answer` that updates the scheduler.

    >>> summary = run_session(questions, ui, seed=7, on_answer=history_writer)
    >>> summary.score, summary.percent, [a.question.id for a in summary.answers if not a.correct]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Literal, Protocol

from ..model.questions import LETTERS as _UPPER
from ..model.questions import Question
from ..util.records import ValueRecord
from ..util.rng import rng_for

LETTERS = _UPPER.lower()
"""The option letters as a learner types them."""


def utc_now() -> datetime:
    """The default clock: the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def source_names(texts: Mapping[str, Any]) -> dict[str, str]:
    """How the quiz names each source, by seed slug: its author as the text cites them (`cite_as`, e.g.
    `Chellaney`), as the menu's "From Chellaney"; two sources cited alike also get their slug."""
    names = {slug: str(getattr(text, "cite_as", None) or slug) for slug, text in texts.items()}
    shared = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {slug: f"{name} ({slug})" if name in shared else name for slug, name in names.items()}


def present(question: Question, seed: int | str, attempt: int = 0) -> Question:
    """The question with its options shuffled for one presentation: fixed by (seed, id, attempt), new per attempt.

    Dates and numbers (`ordered` questions) keep their ascending order.

    Showing the same question again in a later round (attempt 1, 2, ...) moves its options, so a learner cannot
    memorise a position; the same seed always shows the same order.
    """
    order = list(range(len(question.options)))
    rng_for("present", seed, question.id, attempt).shuffle(order)
    return question.reordered(order)


def parse_choice(text: str, count: int = 4, true_false: bool = False) -> int | None:
    """The option index for a typed answer — a letter (`b`, `B)`) or a number (`2`), and for a true/false question
    also `t`, `f`, `true` or `false` — or None if it is neither."""
    text = text.strip().rstrip(").").strip().casefold()
    if true_false and text in ("t", "true", "f", "false"):
        return 0 if text.startswith("t") else 1  # TRUE_FALSE's order: True first
    if len(text) == 1 and text in LETTERS[:count]:
        return LETTERS.index(text)
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text) - 1
    return None


@dataclass(frozen=True, repr=False, eq=False)
class Answer(ValueRecord):
    """What the learner did with one presented question."""

    question: Question
    """The question as presented: options in the order shown, `answer` indexing into that order."""
    chosen: int | None
    """Index of the chosen option in the shown order; None when no valid answer was given (counts as wrong)."""
    correct: bool
    seconds: float
    """Time from showing the question to the answer."""
    answered_at: datetime
    """When the answer was given, timezone-aware UTC."""
    attempt: int = 0
    """0 for the first presentation in a session, 1 for the first retry of missed questions, and so on."""

    @property
    def chosen_text(self) -> str | None:
        return None if self.chosen is None else self.question.options[self.chosen]


@dataclass(frozen=True, repr=False, eq=False)
class Tally(ValueRecord):
    """Right answers out of answered questions."""

    right: int
    total: int

    @property
    def percent(self) -> int:
        """Rounded half up, so 1 of 8 is 13%, not Python's banker's 12%."""
        return (200 * self.right + self.total) // (2 * self.total) if self.total else 0

    def __str__(self) -> str:
        return f"{self.right}/{self.total}"


def _tally(answers: Sequence[Answer], key: Callable[[Answer], str]) -> dict[str, Tally]:
    groups: dict[str, list[bool]] = {}
    for answer in answers:
        groups.setdefault(key(answer), []).append(answer.correct)
    return {k: Tally(sum(v), len(v)) for k, v in sorted(groups.items())}


@dataclass(frozen=True, repr=False, eq=False)
class Summary(ValueRecord):
    """The end of a session: what was answered, how it went, and why it ended."""

    answers: tuple[Answer, ...]
    planned: int
    """How many questions the session set out to ask."""
    seconds: float
    """Wall time from the first question shown to the end."""
    ended_by: Literal["done", "eof", "interrupt"] = "done"
    """`done` when every question was answered (input may end after the last one), `eof` when input ran out before,
    `interrupt` on Ctrl-C."""

    @property
    def aborted(self) -> bool:
        """True when the session stopped before its last question."""
        return self.ended_by != "done"

    @property
    def score(self) -> Tally:
        return Tally(sum(a.correct for a in self.answers), len(self.answers))

    @property
    def percent(self) -> int:
        return self.score.percent

    @property
    def by_kind(self) -> dict[str, Tally]:
        return _tally(self.answers, lambda a: a.question.kind)

    @property
    def by_source(self) -> dict[str, Tally]:
        """Keyed by seed slug."""
        return _tally(self.answers, lambda a: a.question.source.text)

    @property
    def missed(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if not a.correct)


class EndOfInput(Exception):
    """Raised by a UI when its input has run out (or the learner pressed Ctrl-D); the session ends gracefully with a
    summary."""


class QuizUI(Protocol):
    """What a front end provides. Raise EndOfInput when input ends; let KeyboardInterrupt through on Ctrl-C."""

    def ask(self, question: Question, number: int, total: int) -> int | None:
        """Show `question` (already presented) as number `number` of `total`; the chosen index, or None if none."""
        ...

    def feedback(self, answer: Answer) -> None:
        """Tell the learner how the answer went: right or wrong, the right answer, explanation and quote."""
        ...


def run_session(
    questions: Sequence[Question],
    ui: QuizUI,
    *,
    seed: int | str,
    attempt: int = 0,
    on_answer: Callable[[Answer], None] | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Summary:
    """Ask every question through `ui`, in order, and return the summary; Ctrl-C or end of input end it early.

    `on_answer` sees each answer as soon as it is given (before the feedback), so a history or scheduler keeps
    everything answered even when the session is interrupted. `clock` returns aware UTC datetimes.
    """
    answers: list[Answer] = []
    start = clock()
    ended_by: Literal["done", "eof", "interrupt"] = "done"
    try:
        for number, question in enumerate(questions, 1):
            shown = present(question, seed, attempt)
            asked_at = clock()
            chosen = ui.ask(shown, number, len(questions))
            at = clock()
            answer = Answer(
                shown, chosen, chosen == shown.answer, max(0.0, (at - asked_at).total_seconds()), at, attempt
            )
            answers.append(answer)
            if on_answer is not None:
                on_answer(answer)
            ui.feedback(answer)
    except EndOfInput:  # after the last answer (Ctrl-D at "Press Enter for the summary") the session is complete
        ended_by = "eof" if len(answers) < len(questions) else "done"
    except KeyboardInterrupt:
        ended_by = "interrupt"
    return Summary(tuple(answers), len(questions), max(0.0, (clock() - start).total_seconds()), ended_by)


def format_duration(seconds: float) -> str:
    """`45s`, `2m 05s`, `1h 02m`."""
    total = round(seconds)
    if total < 60:
        return f"{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def until(delta: timedelta) -> str:
    """`in 5 minutes`, `in 3 hours`, `in 4 days`: rounded, for a human."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"in {minutes} minute{'s' * (minutes != 1)}"
    hours = round(minutes / 60)
    if hours < 48:
        return f"in {hours} hour{'s' * (hours != 1)}"
    return f"in {round(hours / 24)} days"


def when(at: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """`Wed 4 Jun 2025, 14:05 (in 3 hours)`, in `tz` (None: the local time zone)."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({until(at - now)})"


# --- rounds: a session, its summary, retries of missed questions ------------------------------------------------------


class SessionUI(QuizUI, Protocol):
    """A QuizUI that can also show a summary and offer to retry missed questions."""

    def show_summary(self, summary: Summary, title: str = "Summary") -> None: ...

    def offer_retry(self, count: int) -> bool: ...

    def message(self, text: str) -> None: ...


EXIT_CODES = {"done": 0, "eof": 3, "interrupt": 130}
"""The exit status of `quizgen quiz` and `quizgen review` by how the session ended: 0 when it ran to its end, 3 when
input ended first (Ctrl-D, or `--plain` answers that ran out), 130 on Ctrl-C, as a shell reports a SIGINT. A script
can tell a completed quiz from one whose answers ran out; 1 and 2 stay quizgen's errors and usage errors."""


@dataclass(frozen=True, repr=False, eq=False)
class Outcome(ValueRecord):
    """Every round played (the first, then retries of missed questions) and how it all ended."""

    rounds: tuple[Summary, ...]
    ended_by: Literal["done", "eof", "interrupt"]

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.ended_by]


def play(
    questions: Sequence[Question],
    ui: SessionUI,
    *,
    seed: int | str,
    on_answer: Callable[[Answer], None] | None = None,
    clock: Callable[[], datetime] = utc_now,
    retry: bool = True,
) -> Outcome:
    """Run a session, show its summary, and offer to retry the missed questions (options reshuffled) until none
    are missed or the learner declines."""
    originals = {q.id: q for q in questions}
    rounds: list[Summary] = []
    current: Sequence[Question] = questions
    while True:
        attempt = len(rounds)
        summary = run_session(current, ui, seed=seed, attempt=attempt, on_answer=on_answer, clock=clock)
        rounds.append(summary)
        try:
            ui.show_summary(summary, "Summary" if not attempt else f"Retry {attempt}")
        except KeyboardInterrupt:  # --plain: Ctrl-C raises at once, here too; the answers are kept already
            return Outcome(tuple(rounds), "interrupt")
        if summary.aborted or not summary.missed or not retry:
            return Outcome(tuple(rounds), _unless_interrupted(ui, summary.ended_by))
        try:
            again = ui.offer_retry(len(summary.missed))
        except KeyboardInterrupt:
            return Outcome(tuple(rounds), "interrupt")
        except EndOfInput:  # every question was answered: Ctrl-D here declines, as Enter does
            return Outcome(tuple(rounds), "done")
        if not again:
            return Outcome(tuple(rounds), "done")
        current = [originals[a.question.id] for a in summary.missed]


def _unless_interrupted(
    ui: SessionUI, ended_by: Literal["done", "eof", "interrupt"]
) -> Literal["done", "eof", "interrupt"]:
    """`ended_by`, or `interrupt` when a Ctrl-C came while the summary printed: the interactive UI holds one for the
    next prompt (terminal.py), and with no prompt left it would be lost and the quiz exit 0 (Ctrl-C exits 130)."""
    interrupted = getattr(ui, "interrupted", None)
    return "interrupt" if ended_by == "done" and interrupted is not None and interrupted() else ended_by
