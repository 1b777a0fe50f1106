"""Item-quality checks over a question bank, after Haladyna, Downing & Rodriguez (2002).

Two kinds of finding:
- per item: wrong option count, options that are not distinct, "all/none of the above", negative stems whose
  negative word is not capitalised, distractors of another form than the answer (a year among months);
- over the bank: the answer position balance, and how well a test-taker who knows nothing would do by
  following a cue (always pick the longest option, ...). Each strategy must stay near chance (25%).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model.models import Question
from ..model.textnorm import for_option

POSITION_RANGE = (0.20, 0.30)
"""Each of A–D must hold between 20% and 30% of the answers."""
STRATEGY_MAX = 0.35
"""No naive strategy may score above this share over the bank."""

_WORD = re.compile(r"[\w$%]+(?:['’][\w]+)?", re.UNICODE)
_STOP = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "by", "with", "from", "at", "as", "is", "was"}
    | {"were", "be", "been", "are", "it", "its", "this", "that", "these", "those", "which", "who", "what", "when"}
    | {"where", "how", "did", "do", "does", "according"}
)
_ABSOLUTE = frozenset({"always", "never", "only", "all"})
_NEGATIVE = re.compile(r"\b(not|never|except|none|cannot|n't)\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options|these)\b", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("year", re.compile(r"^\d{4}$")),
    ("month", re.compile(rf"^(?:{_MONTHS}) \d{{4}}$")),
    ("day", re.compile(rf"^\d{{1,2}} (?:{_MONTHS}) \d{{4}}$")),
    ("percent", re.compile(r"^[\d.,–-]+%$")),
    ("money", re.compile(r"^\$[\d.,–-]+(?: (?:thousand|million|billion|trillion))?$")),
    ("count", re.compile(r"^[\d.,–-]+ [a-z]+$")),
]


def form(option: str) -> str:
    """What shape an option has: a date of some precision, a percentage, money, a count, or text."""
    for name, pattern in _FORMS:
        if pattern.match(option):
            return name if name != "count" else f"count:{option.split()[-1].rstrip('s')}"
    return "text"


def words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOP}


@dataclass(frozen=True)
class Flag:
    """One problem with one question."""

    question: str
    check: str
    message: str


def _credit(correct: int, chosen: Sequence[int]) -> float:
    """Expected score of picking at random among the options a strategy singles out."""
    return (1 / len(chosen)) if correct in chosen else 0.0


def _extreme(values: Sequence[float], pick: Callable[[Sequence[float]], float]) -> list[int]:
    best = pick(values)
    return [i for i, v in enumerate(values) if v == best]


def longest(q: Question) -> list[int]:
    return _extreme([len(o) for o in q.options], max)


def shortest(q: Question) -> list[int]:
    return _extreme([len(o) for o in q.options], min)


def most_like_stem(q: Question) -> list[int]:
    stem = words(q.stem)
    return _extreme([len(words(o) & stem) for o in q.options], max)


def most_like_others(q: Question) -> list[int]:
    sets = [words(o) for o in q.options]
    return _extreme([sum(len(s & t) for j, t in enumerate(sets) if j != i) for i, s in enumerate(sets)], max)


def without_absolutes(q: Question) -> list[int]:
    plain = [i for i, o in enumerate(q.options) if not (words(o) & _ABSOLUTE)]
    return plain if plain else list(range(len(q.options)))


STRATEGIES: dict[str, Callable[[Question], list[int]]] = {
    "longest option": longest,
    "shortest option": shortest,
    "most words shared with the stem": most_like_stem,
    "most words shared with the other options": most_like_others,
    "option without absolute words": without_absolutes,
}


@dataclass(frozen=True)
class LintReport:
    """What `quizgen lint` found."""

    total: int
    positions: dict[str, float]
    strategies: dict[str, float]
    flags: list[Flag] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        out = []
        low, high = POSITION_RANGE
        for letter, share in self.positions.items():
            if not low <= share <= high:
                out.append(f"answer position {letter} holds {share:.0%} of answers (allowed {low:.0%}–{high:.0%})")
        for name, score in self.strategies.items():
            if score > STRATEGY_MAX:
                out.append(f"strategy '{name}' scores {score:.0%} (at most {STRATEGY_MAX:.0%})")
        out.extend(f"{f.question}: {f.message}" for f in self.flags if f.check in _BLOCKING)
        return out

    @property
    def ok(self) -> bool:
        return not self.failures


# Item findings that make a question unusable; the others are listed for an author to look at.
_BLOCKING = {"options", "distinct", "above", "negative", "form"}


def check_item(q: Question) -> list[Flag]:
    """The per-item rules."""
    flags = []
    if len(q.options) != 4:
        flags.append(Flag(q.id, "options", f"has {len(q.options)} options, not 4"))
    if len({for_option(o) for o in q.options}) != len(q.options):
        flags.append(Flag(q.id, "distinct", "two options are the same after normalising case and punctuation"))
    if any(_ABOVE.search(o) for o in q.options):
        flags.append(Flag(q.id, "above", "uses 'all/none of the above'"))
    # Only the question's own clause counts: "Who argued that the US cannot be trusted?" is not a negative stem.
    asking = re.split(r"\bthat\b", q.stem, maxsplit=1)[0]
    for match in _NEGATIVE.finditer(asking):
        if not match.group(0).isupper():
            flags.append(Flag(q.id, "negative", f"negative stem: capitalise '{match.group(0)}' or rephrase"))
            break
    forms = [form(o) for o in q.options]
    answer_form = forms[q.answer]
    odd = [q.options[i] for i, f in enumerate(forms) if f != answer_form]
    if odd:
        flags.append(Flag(q.id, "form", f"distractor {odd[0]!r} has another form than the answer ({answer_form})"))
    lengths = sorted((len(o), i) for i, o in enumerate(q.options))
    if lengths[-1][1] == q.answer and lengths[-1][0] > 1.5 * lengths[-2][0] and lengths[-1][0] - lengths[-2][0] > 12:
        flags.append(Flag(q.id, "length", "the answer is by far the longest option"))
    return flags


def lint(questions: Sequence[Question]) -> LintReport:
    """Check every item and every naive strategy over the bank."""
    total = len(questions)
    letters = "ABCD"
    counts = Counter(q.answer for q in questions)
    positions = {letters[i]: (counts[i] / total if total else 0.0) for i in range(4)}
    strategies = {
        name: (sum(_credit(q.answer, pick(q)) for q in questions) / total if total else 0.0)
        for name, pick in STRATEGIES.items()
    }
    flags = [flag for q in questions for flag in check_item(q)]
    return LintReport(total, positions, strategies, flags)
