"""Study days: days start at ROLLOVER_HOUR local time, not at midnight, as in Anki (see `scheduler`).

A question FSRS schedules for a time is due all that time's study day, from its start; `quizgen review` asks it and
`quizgen stats` counts it "today" alike. No fsrs here: `quizgen stats` needs only the days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

ROLLOVER_HOUR = 4
"""Study days start at this hour, local time (Anki's default "next day starts at" 4 a.m.): a late-night session
still counts for the evening before."""


def study_day(at: datetime, tz: tzinfo | None = None) -> date:
    """The study day `at` falls on in `tz` (None: the local time zone): days start at ROLLOVER_HOUR, not midnight."""
    return (at.astimezone(tz) - timedelta(hours=ROLLOVER_HOUR)).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """When study day `day` starts in `tz` (None: local): ROLLOVER_HOUR on that calendar date."""
    start = datetime.combine(day, time(ROLLOVER_HOUR))
    return start.astimezone() if tz is None else start.replace(tzinfo=tz)  # naive .astimezone(): local time


def due_from(due: datetime, tz: tzinfo | None = None) -> datetime:
    """When a question FSRS scheduled for `due` can be asked: from the start of `due`'s study day."""
    return day_start(study_day(due, tz), tz)
