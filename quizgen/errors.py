"""The one exception family for what a user can get wrong, and the located problems validation reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


class QuizgenError(Exception):
    """A user-facing error: the CLI prints `error: <message>` and exits non-zero, never a traceback."""

    exit_code = 1


class ContentError(QuizgenError):
    """Content that failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0] if errors else problems[0]
        more = f" (and {len(errors) - 1} more; run `quizgen validate`)" if len(errors) > 1 else ""
        super().__init__(f"{first.format()}{more}")


Source = Literal["argument", "environment", "default"]
"""Where a setting's value came from: passed in (a CLI option), its environment variable, or the default."""


class SettingError(QuizgenError):
    """A folder quizgen cannot use, with where its value came from, so the message names what the user set.

    `source` says whether it was passed as an argument (the CLI's option, e.g. `--content`), read from the setting's
    environment `variable`, or the default; `problem` is the rest of the message. The CLI words the first part.
    """

    def __init__(
        self,
        setting: str,
        variable: str,
        source: Source,
        path: Path,
        problem: str,
    ):
        self.setting, self.variable, self.source, self.path, self.problem = setting, variable, source, path, problem
        super().__init__(f"{variable}: {problem}" if source == "environment" else problem)


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
    severity: str = "error"  # "error", "warning" or "info"

    def __post_init__(self) -> None:
        # One problem, one line: a key or value quoted from a broken file may hold newlines or control characters.
        if any(ch < " " for ch in self.message):
            clean = "".join(ch if ch >= " " else ch.encode("unicode_escape").decode() for ch in self.message)
            object.__setattr__(self, "message", clean)

    def format(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location.format()}: {prefix}{self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    import difflib  # only when there is a mistake to name

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
