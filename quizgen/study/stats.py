"""`quizgen stats`: how studying is going, from the answer history and the review schedule.

- Accuracy counts first attempts only: attempt 0, the first time a question is shown in a session. The retries of
  missed questions right after would flatter it.
- Weakest topics: the tags with the lowest accuracy among those with at least MIN_TOPIC_ANSWERS first attempts;
  a tag answered right every time is not weak.
- Everything is about one deck: the answers given in its sessions and its review cards, never another deck's, even
  for a question id both have.
- Due counts include overdue questions and only questions the deck still has; "this week" is today and the six
  days after it.
- The streak is the number of consecutive days with at least one answer, ending today or yesterday (so it is not
  lost before today's review).

Days are calendar days in the local time zone (or `tz`). Everything is computed from `now`, never the clock.

    >>> stats = compute(history.answers(deck=slug), history.cards(slug), now=now, known={q.id for q in bank.questions})
    >>> print(render(stats))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, TextIO

from ..model.questions import KINDS
from .history import StoredCard
from .session import Tally
from .stored import StoredAnswer

MIN_TOPIC_ANSWERS = 5
WEAKEST_TOPICS = 5
BAR_WIDTH = 20
EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"
FULL = "\u2588"
TRACK = "\u2591"


@dataclass(frozen=True)
class Stats:
    """Everything `quizgen stats` shows, for one moment."""

    now: datetime
    tz: tzinfo | None
    """Where days begin and end; None is the local time zone."""
    answers: int
    """Every stored answer, retries included."""
    sessions: int
    first_attempts: Tally
    by_kind: dict[str, Tally]
    by_source: dict[str, Tally]
    """Keyed by seed slug."""
    weakest: tuple[tuple[str, Tally], ...]
    """(tag, accuracy), weakest first."""
    scheduled: int
    """Questions with a review schedule that the deck still has."""
    due_now: int
    due_today: int
    due_week: int
    next_due: datetime | None
    """The soonest time a scheduled question falls due after `now`; None when none will."""
    streak: int
    last_day: date | None
    """The last day with an answer."""

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()


def _tallies(answers: Iterable[StoredAnswer], keys: Callable[[StoredAnswer], Iterable[str]]) -> dict[str, Tally]:
    groups: dict[str, list[bool]] = {}
    for answer in answers:
        for key in keys(answer):
            groups.setdefault(key, []).append(answer.correct)
    return {k: Tally(sum(v), len(v)) for k, v in groups.items()}


def compute(
    answers: Sequence[StoredAnswer],
    cards: Sequence[StoredCard],
    *,
    now: datetime,
    known: Collection[str] | None = None,
    tz: tzinfo | None = None,
) -> Stats:
    """The numbers for `answers` and `cards` at `now`; `known` is the question ids the deck has (None: all)."""
    first = [a for a in answers if a.attempt == 0]
    by_kind = _tallies(first, lambda a: (a.kind,))
    by_kind = {k: by_kind[k] for k in [*KINDS, *sorted(set(by_kind) - set(KINDS))] if k in by_kind}
    by_source = dict(sorted(_tallies(first, lambda a: (a.source,)).items()))
    topics = [(t, s) for t, s in _tallies(first, lambda a: a.tags).items() if s.total >= MIN_TOPIC_ANSWERS]
    weakest = sorted((x for x in topics if x[1].right < x[1].total), key=lambda x: (x[1].right / x[1].total, x[0]))

    today = now.astimezone(tz).date()

    def day_start(day: date) -> datetime:
        midnight = datetime.combine(day, time())
        return midnight.astimezone() if tz is None else midnight.replace(tzinfo=tz)  # naive .astimezone(): local

    scheduled = [c for c in cards if known is None or c.question_id in known]
    tomorrow, week_end = day_start(today + timedelta(days=1)), day_start(today + timedelta(days=7))
    days = {a.answered_at.astimezone(tz).date() for a in answers}
    end = today if today in days else today - timedelta(days=1)
    streak = 0
    while end - timedelta(days=streak) in days:
        streak += 1
    return Stats(
        now=now,
        tz=tz,
        answers=len(answers),
        sessions=len({a.session_id for a in answers}),
        first_attempts=Tally(sum(a.correct for a in first), len(first)),
        by_kind=by_kind,
        by_source=by_source,
        weakest=tuple(weakest[:WEAKEST_TOPICS]),
        scheduled=len(scheduled),
        due_now=sum(c.due <= now for c in scheduled),
        due_today=sum(c.due < tomorrow for c in scheduled),
        due_week=sum(c.due < week_end for c in scheduled),
        next_due=min((c.due for c in scheduled if c.due > now), default=None),
        streak=streak,
        last_day=max(days, default=None),
    )


def _tally(t: Tally) -> dict[str, int]:
    return {"right": t.right, "total": t.total, "percent": t.percent}


def to_json(stats: Stats) -> dict[str, Any]:
    """A plain object for `--json`: counts, accuracies as right/total/percent, ISO dates."""
    return {
        "today": stats.today.isoformat(),
        "answers": stats.answers,
        "sessions": stats.sessions,
        "first_attempts": _tally(stats.first_attempts),
        "by_kind": {k: _tally(t) for k, t in stats.by_kind.items()},
        "by_source": {k: _tally(t) for k, t in stats.by_source.items()},
        "weakest_topics": [{"tag": tag, **_tally(t)} for tag, t in stats.weakest],
        "min_topic_answers": MIN_TOPIC_ANSWERS,
        "due": {
            "now": stats.due_now,
            "today": stats.due_today,
            "this_week": stats.due_week,
            "scheduled": stats.scheduled,
            "next": stats.next_due.isoformat() if stats.next_due else None,
        },
        "streak": {"days": stats.streak, "last_day": stats.last_day.isoformat() if stats.last_day else None},
    }


def can_draw(stream: TextIO) -> bool:
    """True when `stream` can take the Unicode block characters of the bar chart."""
    try:
        (FULL + EIGHTHS + TRACK).encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """True when `stream` is a terminal that shows colour: not piped, no NO_COLOR (any value), not TERM=dumb."""
    try:
        tty = stream.isatty()
    except (ValueError, AttributeError):  # closed or replaced streams
        return False
    return tty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def bar(fraction: float, width: int = BAR_WIDTH, *, unicode: bool = True, colour: bool = False) -> str:
    """A bar `width` characters wide, filled to `fraction`: blocks in eighths on a light track, or `#` on `.`.

    With colour, the filled part is green from 70%, yellow from 50%, red below (as the quiz summary colours a
    score) and the track dim; the characters are the same, so the length still reads without colour.
    """
    if not unicode:
        filled = round(fraction * width)
        drawn, track = "#" * filled, "." * (width - filled)
    else:
        full, part = divmod(round(fraction * width * 8), 8)
        drawn = FULL * full + (EIGHTHS[part] if part else "")
        track = TRACK * (width - len(drawn))
    if not colour:
        return drawn + track
    import click

    hue = "green" if fraction >= 0.7 else "yellow" if fraction >= 0.5 else "red"
    return click.style(drawn, fg=hue) + click.style(track, dim=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def render(stats: Stats, *, unicode: bool = True, colour: bool = False, names: Mapping[str, str] | None = None) -> str:
    """The terminal report: totals, streak, bar charts of accuracy, weakest topics and due counts.

    `names` names the sources by seed slug, as the quiz does (`session.source_names`).
    """
    from .session import when

    if not stats.answers:
        return "No answers yet: start with `quizgen quiz` or `quizgen review`."
    first = stats.first_attempts
    lines = [
        f"{_plural(stats.answers, 'answer')} in {_plural(stats.sessions, 'session')}; "
        f"first attempts {first.right} of {first.total} right ({first.percent}%)"
    ]
    if stats.streak:
        keep = " (answer today to keep it)" if stats.last_day != stats.today else ""
        lines.append(f"Streak: {_plural(stats.streak, 'day')}{keep}")
    elif stats.last_day is not None:
        last = stats.last_day
        lines.append(f"Streak: 0 days (last answer {last.day} {last:%b %Y})")
    sections = [
        ("Accuracy by kind (first attempts)", list(stats.by_kind.items())),
        ("Accuracy by source", [((names or {}).get(k, k), t) for k, t in stats.by_source.items()]),
        (f"Weakest topics (at least {MIN_TOPIC_ANSWERS} answers)", list(stats.weakest)),
    ]
    label = max(len(k) for _, rows in sections for k, _ in rows)
    count = max(len(str(t)) for _, rows in sections for _, t in rows)
    for title, rows in sections:
        if not rows:
            continue
        lines += ["", title]
        for key, t in rows:
            drawn = bar(t.right / t.total, unicode=unicode, colour=colour)
            lines.append(f"  {key:<{label}}  {drawn}  {t!s:>{count}}  {t.percent:3}%")
    due = f"Due: {stats.due_now} now, {stats.due_today} today, {stats.due_week} this week"
    due += f" (of {_plural(stats.scheduled, 'question')} scheduled)"
    lines += ["", due]
    if not stats.due_now and stats.next_due is not None:
        lines.append(f"Next review: {when(stats.next_due, stats.now, stats.tz)}")
    return "\n".join(lines)


def stats_report(
    bank: Callable[[], Any],
    *,
    data_dir: str | os.PathLike[str] | None,
    now: datetime,
    as_json: bool = False,
    unicode: bool = True,
    colour: bool = False,
    names: Callable[[], Mapping[str, str]] | None = None,
    tz: tzinfo | None = None,
) -> str:
    """`quizgen stats`: the report (or JSON) on one deck from the history in `data_dir`, which it does not create.

    `bank` returns the deck's question bank; it is only called when the history holds something. Answers given and
    cards scheduled in other decks are left out, even for question ids the deck shares with them.
    `names` returns how sources are named (the JSON keeps seed slugs); it is only called when there are answers.
    """
    import json

    from .history import FILENAME, History
    from .history import data_dir as history_dir

    answers: list[StoredAnswer] = []
    cards: list[StoredCard] = []
    known: set[str] | None = None
    if (history_dir(data_dir) / FILENAME).exists():
        with History.open(data_dir) as history:
            answers, cards = history.answers(), history.cards()
            if answers or cards:
                chosen = bank()
                answers = [a for a in answers if a.deck == chosen.deck.slug]
                cards = [c for c in cards if c.deck == chosen.deck.slug]
                known = {q.id for q in chosen.questions}
    stats = compute(answers, cards, now=now, known=known, tz=tz)
    if as_json:
        return json.dumps(to_json(stats), indent=2)  # ASCII-escaped: safe on any stdout encoding
    return render(stats, unicode=unicode, colour=colour, names=names() if names and answers else None)
