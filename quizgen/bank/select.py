"""Choosing questions: filters by kind, source and tag, and a reproducible sample of N."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import QuizgenError, did_you_mean
from ..model.models import KINDS, Question
from ..util.rng import rng_for


@dataclass(frozen=True)
class Filters:
    """What the user asked for; empty means everything."""

    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def matches(self, question: Question) -> bool:
        return (
            (not self.kinds or question.kind in self.kinds)
            and (not self.sources or question.source.seed in self.sources)
            and (not self.tags or any(t in question.tags for t in self.tags))
        )


def check_filters(filters: Filters, questions: Sequence[Question], known_seeds: Iterable[str]) -> None:
    """Name the option when a filter value can never match (a typo), instead of silently selecting nothing."""
    for kind in filters.kinds:
        if kind not in KINDS:
            raise QuizgenError(f"--kind: unknown kind '{kind}'{did_you_mean(kind, KINDS)}")
    seeds = set(known_seeds)
    for slug in filters.sources:
        if slug not in seeds:
            raise QuizgenError(f"--source: unknown seed '{slug}'{did_you_mean(slug, seeds)}")
    tags = {t for q in questions for t in q.tags}
    for tag in filters.tags:
        if tag not in tags:
            raise QuizgenError(f"--tag: no question has tag '{tag}'{did_you_mean(tag, tags)}")


def select(
    questions: Sequence[Question],
    filters: Filters = Filters(),
    n: int | None = None,
    seed: int | str = 0,
    *,
    one_per_fact: bool = True,
) -> list[Question]:
    """The matching questions, or a reproducible sample of n of them in random order.

    With one_per_fact, a sample avoids asking two questions about the same fact while others remain,
    so one quiz does not give away its own answers.
    """
    matching = [q for q in questions if filters.matches(q)]
    if not matching:
        raise QuizgenError("no questions match the chosen --kind/--source/--tag filters")
    if n is None:
        return matching
    if n < 1:
        raise QuizgenError(f"-n must be at least 1, not {n}")
    rng = rng_for("select", seed)
    shuffled = list(matching)
    rng.shuffle(shuffled)
    if not one_per_fact:
        return shuffled[:n]
    first, rest, seen = [], [], set()
    for q in shuffled:
        (rest if q.fact in seen else first).append(q)
        seen.add(q.fact)
    return (first + rest)[:n]
