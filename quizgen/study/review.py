"""`quizgen review`: spaced repetition — the questions FSRS says are due, most overdue first, then new ones.

The same screen, keys, feedback, summary and retry as `quizgen quiz` (`session.play`); every answer is kept in the
history and reschedules its question in the same transaction (`history.record`). Scheduled questions the deck no
longer has are skipped, and their cards are left alone in case the question comes back.

    >>> plan = plan_review(bank.questions, history.cards(bank.deck.slug), now=now, n=20, seed=7)
    >>> plan.due, plan.new, plan.next_due
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from random import SystemRandom
from typing import Any, Protocol

from ..bank.leaks import FeedbackLeakCheck, LeakCheck, leak_free
from ..bank.select import Filters, check_filters, given_away, select
from ..model.questions import Question
from .days import due_from
from .history import StoredCard
from .scheduler import due_now
from .session import SessionUI, utc_now, when

DEFAULT_COUNT = 20


@dataclass(frozen=True)
class Plan:
    """What one review asks, in order, and when the next question falls due."""

    due: tuple[Question, ...]
    """Due now, most overdue first."""
    new: tuple[Question, ...]
    """Never answered, in a reproducible shuffle; none gives away the answer of another question of the plan, nor
    does the feedback of one asked before it (`leaks.FeedbackLeakCheck`)."""
    next_due: datetime | None
    """When the soonest of the matching questions not due yet falls due (the start of its study day,
    `scheduler.due_from`); None when none is scheduled."""
    left_out: int = 0
    """Questions that would have fitted but were left for later: each would give away an answer asked here. Due
    ones count even when new ones took their places."""
    over: int = 0
    """Due questions beyond the `n` the review asks, left for the next one."""

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.due + self.new


def plan_review(
    questions: Sequence[Question],
    cards: Sequence[StoredCard],
    *,
    now: datetime,
    n: int = DEFAULT_COUNT,
    new: int | None = None,
    seed: int | str = 0,
    tz: tzinfo | None = None,
) -> Plan:
    """Up to `n` of `questions`: those due at `now` (on its study day in `tz`, None: local; `scheduler.due_now`),
    then up to `new` never answered (None: as many as fit)."""
    by_id = {q.id: q for q in questions}
    scheduled = [c for c in cards if c.question_id in by_id]  # a card whose question is gone is skipped
    check = FeedbackLeakCheck(LeakCheck(questions))  # nor may the feedback of one state a later one's answer
    overdue = [by_id[qid] for qid in due_now(scheduled, now, tz)]
    # No two questions of one session give away each other's answers: a due question that would is kept for later.
    due = leak_free(overdue, n, check)
    room = n - len(due) if new is None else min(new, n - len(due))
    answered = {c.question_id for c in cards}
    never = [q for q in questions if q.id not in answered]
    fresh = select(never, Filters(), room, seed, alongside=due, check=check) if never and room > 0 else []
    asked = {q.id for q in overdue}
    next_due = min((due_from(c.due, tz) for c in scheduled if c.question_id not in asked), default=None)
    # Due questions not asked: with room left, each gave away an answer asked here; with none, -n left them out.
    # New ones count where fewer than fitted were found: the others gave away an answer.
    rest = len(overdue) - len(due)
    short = max(0, min(room, len(never)) - len(fresh))
    held, over = (rest, 0) if len(due) < n else (0, rest)
    return Plan(tuple(due), tuple(fresh), next_due, held + short, over)


def nothing_due(plan: Plan, now: datetime, tz: tzinfo | None = None, *, new: int | None = None) -> str:
    """What to say when a review has no question to ask: when the next one is due."""
    if plan.next_due is None:
        why = " (--new 0 allows no new ones)" if new == 0 else ""
        return f"Nothing is due: no question has been answered yet{why}."
    return f"Nothing is due. Next review: {when(plan.next_due, now, tz)}."


def _heading(plan: Plan) -> str:
    """The line before the first question: how many are due, how many new, how many left for later and why (so
    that the due ones add up to what `quizgen stats` counts today)."""
    left_out = f"; {plan.left_out} left for later: each would give away an answer asked here" if plan.left_out else ""
    over = f"; {plan.over} more due than -n asks, left for later" if plan.over else ""
    return f"Review: {len(plan.due)} due, {len(plan.new)} new{left_out}{over}"


class ReviewUI(SessionUI, Protocol):
    """A `session.SessionUI` that can also print a line of its own (both terminal UIs can)."""

    def message(self, text: str) -> None: ...


def run_review(
    content: Any,
    *,
    deck: str | None = None,
    filters: Filters | None = None,
    n: int = DEFAULT_COUNT,
    new: int | None = None,
    seed: int | None = None,
    plain: bool = False,
    data_dir: str | None = None,
    ui: ReviewUI | None = None,
    clock: Callable[[], datetime] = utc_now,
    tz: tzinfo | None = None,
) -> int:
    """`quizgen review`: plan, play and record one review session; returns the exit code (`session.EXIT_CODES`).

    Without a text each review draws a fresh one (stored with the session) for the order of new questions and
    of options. `tz` is where study days start and "next review" times are shown (None: the local time zone). Only
    the deck's own review cards count: another deck with the same question ids keeps its own.
    """
    from . import journal
    from .history import History
    from .quiz import holding_interrupts, terminal_ui

    if seed is None:
        seed = SystemRandom().randrange(1_000_000)  # what secrets.randbelow does, without importing secrets
    bank = content.bank(deck, seed)
    filters = filters or Filters()
    check_filters(filters, bank.questions, content.texts)
    matching = select(bank.questions, given_away(filters, content.texts), None, seed)
    ui = terminal_ui(content, plain) if ui is None else ui
    with History.open(data_dir) as history:
        journal.catch_up(history, ui.message)
        now = clock()
        plan = plan_review(matching, history.cards(bank.deck.slug), now=now, n=n, new=new, seed=seed, tz=tz)
        if not plan.questions:
            ui.message(nothing_due(plan, now, tz, new=new))
            return 0
        ui.message(_heading(plan))
        with holding_interrupts(ui):  # Ctrl-C stops the review where it can (terminal.py)
            return journal.play_recorded(
                history, "review", plan.questions, ui, deck=bank.deck.slug, seed=seed, at=now, clock=clock,
                notify=ui.message,
            )  # fmt: skip
