"""The located problems validation reports: where (Location) and what (Problem).

Imported as `quizgen.errors.Location` and `quizgen.errors.Problem` (errors.py makes them when first asked for)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a path relative to the content folder, with 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def format(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One validation finding."""

    location: Location
    message: str
    severity: str = "error"  # "error", "warning", "info", or "note" (what an error left unchecked)

    def __post_init__(self) -> None:
        # One problem, one line: a key or value quoted from a broken file may hold newlines or control characters.
        if any(ch < " " for ch in self.message):
            clean = "".join(ch if ch >= " " else ch.encode("unicode_escape").decode() for ch in self.message)
            object.__setattr__(self, "message", clean)

    def format(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location.format()}: {prefix}{self.message}"
