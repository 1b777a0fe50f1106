"""Dates with a precision (year, month or day), as the sources give them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..util.records import Record

_DATE = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"
"""An ISO date, compiled when first parsed (re keeps it): a warm quiz unpickles its dates, parses none."""
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""The months as dates are shown: calendar.month_name in the C locale quizgen runs in, without importing calendar and
locale at a quiz's start (about 1.5 ms)."""
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def last_day(year: int, month: int) -> int:
    """The last day of a month (1-12) of the Gregorian calendar: calendar.monthrange(year, month)[1]."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


@dataclass(frozen=True, eq=False, repr=False)  # eq and order: written below, as order=True would make them
class PartialDate(Record):
    """A date known to the year, the month or the day."""

    year: int
    month: int = 0
    """0 when only the year is known."""
    day: int = 0
    """0 when the day is not known."""
    _span: tuple[tuple[int, int, int], tuple[int, int, int]] = field(init=False, repr=False, compare=False)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """'2018', 'January 2018' or '4 January 2018'."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def short(self) -> str:
        """'2018', 'Jan 2018' or '4 Jan 2018', for citations."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1][:3]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1][:3]} {self.year}"
        return str(self.year)

    def __post_init__(self) -> None:
        # Computed once: the generator compares spans millions of times on a large deck.
        if self.day:
            span = (self.year, self.month, self.day), (self.year, self.month, self.day)
        elif self.month:
            last = last_day(self.year, self.month) if 1 <= self.month <= 12 else 31
            span = (self.year, self.month, 1), (self.year, self.month, last)
        else:
            span = (self.year, 1, 1), (self.year, 12, 31)
        object.__setattr__(self, "_span", span)

    # The methods eq=True and order=True generate (and the hash frozen=True then generates), written out: a warm quiz
    # unpickles dates, and generating these six would compile six functions at its every start.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) == (other.year, other.month, other.day)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) < (other.year, other.month, other.day)
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) <= (other.year, other.month, other.day)
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) > (other.year, other.month, other.day)
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) >= (other.year, other.month, other.day)
        return NotImplemented

    def span(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """First and last day the date may mean, for telling whether two events clearly differ."""
        return self._span

    def before(self, other: PartialDate) -> bool:
        """True when this date certainly ends before the other begins."""
        return self.span()[1] < other.span()[0]

    def overlaps(self, other: PartialDate) -> bool:
        return not (self.before(other) or other.before(self))

    def shifted(self, steps: int) -> PartialDate | None:
        """The date `steps` units (of its own precision) later; None if that is not a real date."""
        if self.day:
            import datetime

            try:
                moved = datetime.date(self.year, self.month, self.day) + datetime.timedelta(days=steps)
            except OverflowError:
                return None
            return PartialDate(moved.year, moved.month, moved.day)
        if self.month:
            index = self.year * 12 + self.month - 1 + steps
            return PartialDate(index // 12, index % 12 + 1) if index >= 12 else None
        return PartialDate(self.year + steps) if self.year + steps > 0 else None


def parse_date(text: str) -> PartialDate | None:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; None when it is not a real date of that form."""
    match = re.match(_DATE, str(text).strip())
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1 or (match.group(2) and not 1 <= month <= 12):
        return None
    if match.group(3) and not 1 <= day <= last_day(year, month):
        return None
    return PartialDate(year, month, day)
