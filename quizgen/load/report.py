"""The order and shape in which a content folder's problems are reported: causes first, each repeated one once.

Problems are listed file by file, what facts use before the facts (the texts in seeds/, then each deck's deck.yaml,
templates.yaml and entities.yaml, then its facts files by name), each file's by line and column: a text, template or
entity that fails to load comes before the facts it leaves unchecked. A message given more than once in one file
(a mistyped seed slug copied into every fact) is listed once, where it first occurs, with how many times and where else.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Location, Problem

_SEVERITY = {"error": 0, "warning": 1, "info": 2}
_DECK_FILES = {"deck.yaml": 1, "templates.yaml": 2, "entities.yaml": 3}
"""The rank of a deck's own files; facts files come after them (4), the deck folder itself first (0)."""
_SHOWN = 3
"""How many other lines of a repeated problem are named."""


def arranged(problems: Sequence[Problem]) -> list[Problem]:
    """The problems causes first, each message repeated within one file given once (see the module)."""
    return sorted(_condensed(problems), key=_order)


def _order(problem: Problem) -> tuple:
    loc = problem.location
    return (*_reading_order(loc.path), loc.line, loc.col, _SEVERITY.get(problem.severity, 3))


def _reading_order(path: str) -> tuple[int, str, int, str]:
    parts = path.split("/")
    if parts[0] != "decks":  # seeds/ first: the texts are read before any deck
        return (0, "", 0, path)
    deck = parts[1] if len(parts) > 1 else ""
    rank = _DECK_FILES.get(parts[2], 4) if len(parts) > 2 else 0
    return (1, deck, rank, path)


def _condensed(problems: Sequence[Problem]) -> list[Problem]:
    """Each (file, severity, message) once, at its first location, saying how often and where else it occurs."""
    groups: dict[tuple[str, str, str], list[Location]] = {}
    for problem in problems:
        groups.setdefault((problem.location.path, problem.severity, problem.message), []).append(problem.location)
    if len(groups) == len(problems):
        return list(problems)
    out = []
    for (_, severity, message), locs in groups.items():
        first, *others = sorted(locs, key=lambda loc: (loc.line, loc.col))
        out.append(Problem(first, message + _elsewhere(others) if others else message, severity))
    return out


def _elsewhere(others: list[Location]) -> str:
    """' (3 times in this file; also at lines 107 and 129)'."""
    lines = list(dict.fromkeys(loc.line for loc in others if loc.line))
    shown = ", ".join(str(line) for line in lines[:_SHOWN])
    more = len(lines) - _SHOWN
    if more > 0:
        where = f"; also at lines {shown} and {more} more"
    elif len(lines) > 1:
        where = f"; also at lines {shown.rsplit(', ', 1)[0]} and {lines[-1]}"
    elif lines:
        where = f"; also at line {lines[0]}"
    else:
        where = ""
    return f" ({len(others) + 1} times in this file{where})"
