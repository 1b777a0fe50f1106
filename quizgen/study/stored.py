"""A row of the answers table, as `History.answers` returns it.

Apart from history.py, which every quiz imports: a quiz writes answers and never reads them back, and creating this
dataclass of sixteen fields compiles its methods (about 1% of a warm quiz's start).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..util.records import ValueRecord


@dataclass(frozen=True, repr=False, eq=False)
class StoredAnswer(ValueRecord):
    """One row of the answers table, as `History.answers` returns it."""

    id: int
    session_id: int
    deck: str
    """The deck of the session the answer was given in."""
    question_id: str
    fact_id: str
    kind: str
    source: str
    tags: tuple[str, ...]
    stem: str
    options: tuple[str, ...]
    answer: int
    chosen: int | None
    correct: bool
    seconds: float
    answered_at: datetime
    attempt: int
