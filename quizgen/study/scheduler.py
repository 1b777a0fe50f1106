"""Spaced repetition over question ids with FSRS (the `fsrs` package): rate each answer, schedule the next review.

Every question ever answered has one FSRS card, kept as JSON in the history's `cards` table and rewritten in the
same transaction as the answer that changed it (`history.record`). Quizzes and reviews both go through it, so
`quizgen review` brings back what a quiz got wrong. An answer is rated

- Again: wrong, or no valid answer;
- Hard: right but slow, taking longer than `slow_after(stem, options)`: THINK_SECONDS to decide plus the time to
  read the stem and the four options at READ_CHARS_PER_SECOND (a slow, careful reader, about 120 words a minute);
- Good: right in time. Easy is never given: one multiple-choice answer says too little for it.

The schedule is in whole days: a wrong answer comes back the next day (one relearning step of a day), a right one
after two days, then after longer and longer intervals. There are no steps of minutes, as flashcard apps have: the
retry of missed questions at the end of a session plays that part. Intervals are not fuzzed, so the same answers at
the same times give the same schedule.

FSRS keeps a due *time* (the answer's time plus the interval, stored as it computes it); a question is due from
the start of that time's *study day* (`days.study_day`), as in Anki: days start at `days.ROLLOVER_HOUR` (4 a.m.)
local time, so a question missed on Monday evening, or at 1 a.m. in the night after (still Monday's study day), is
due again from 4 a.m. on Tuesday and all that day, not at the minute 24 hours later. Only this mapping is ours;
the stored due times are FSRS's, so a history written before it keeps working unchanged.

    >>> card = review(None, Rating.Good, at)       # a new question, answered right
    >>> card.due - at
    datetime.timedelta(days=2)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

from fsrs import Card, Rating, Scheduler

from .days import study_day
from .session import Answer

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(timedelta(days=1),), enable_fuzzing=False)
"""FSRS with its default weights and 90% desired retention; the module docstring says why these steps, no fuzz."""
THINK_SECONDS = 10.0
READ_CHARS_PER_SECOND = 10.0


def slow_after(stem: str, options: Sequence[str]) -> float:
    """Seconds after which a right answer counts as slow (rated Hard) for a question with this text."""
    return THINK_SECONDS + (len(stem) + sum(len(o) for o in options)) / READ_CHARS_PER_SECOND


def rate(correct: bool, seconds: float, stem: str, options: Sequence[str]) -> Rating:
    """Again when wrong, Hard when right but slower than `slow_after`, else Good."""
    if not correct:
        return Rating.Again
    return Rating.Hard if seconds > slow_after(stem, options) else Rating.Good


def rate_answer(answer: Answer) -> Rating:
    return rate(answer.correct, answer.seconds, answer.question.stem, answer.question.options)


def review(card: Card | None, rating: Rating, at: datetime) -> Card:
    """The card after a review rated `rating` at `at` (timezone-aware); None is a question never answered before."""
    # fsrs insists on UTC itself; milliseconds, as the history stores answer times, so a replay gives the same card
    at = at.astimezone(UTC).replace(microsecond=at.microsecond // 1000 * 1000)
    if card is None:
        card = Card(card_id=int(at.timestamp() * 1000), due=at)  # explicit: Card() would read the clock
    return SCHEDULER.review_card(card, rating, at)[0]


class Scheduled(Protocol):
    """A question's next due time, as the history stores it (`history.StoredCard`)."""

    @property
    def question_id(self) -> str: ...

    @property
    def due(self) -> datetime: ...


def due_now(cards: Iterable[Scheduled], now: datetime, tz: tzinfo | None = None) -> list[str]:
    """Ids of the questions due at `now`: due on `now`'s study day or before (`study_day`, in `tz`; None: local),
    most overdue first (ties by id)."""
    today = study_day(now, tz)
    ordered = sorted(cards, key=lambda c: (c.due, c.question_id))
    return [c.question_id for c in ordered if c.due <= now or study_day(c.due, tz) <= today]
