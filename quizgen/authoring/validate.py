"""`quizgen validate`: every problem in the content, then a verdict."""

from __future__ import annotations

from dataclasses import dataclass

from ..bank.content import Content
from ..errors import Problem
from ..load.decks import conflict_pairs


@dataclass(frozen=True)
class Report:
    """What validation found: problems (errors and warnings), recorded disagreements, and counts."""

    problems: list[Problem]
    conflicts: list[Problem]
    facts: int
    questions: int

    def failed(self, strict: bool = False) -> bool:
        bad = ("error", "warning") if strict else ("error",)
        return any(p.severity in bad for p in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)


def validate(content: Content) -> Report:
    """Check texts, decks, quotes, templates and that every fact gets its questions."""
    problems = list(content.problems)
    conflicts: list[Problem] = []
    facts = questions = 0
    load_failed = bool(content.errors)
    for deck in content.decks.values():
        # With load errors, a fact that failed to load would make its neighbours look short of distractors:
        # check distractors only once the content loads cleanly.
        generated = content.generated(deck.slug)
        if not load_failed:
            problems.extend(generated.problems)
        facts += len(deck.facts)
        questions += len(generated.questions)
        for a, b in conflict_pairs(deck):
            conflicts.append(
                Problem(
                    a.loc,
                    f"conflicting accounts: '{a.id}' ({a.according_to or 'unattributed'}) "
                    f"vs '{b.id}' ({b.according_to or 'unattributed'})",
                    "info",
                )
            )
    if problems:
        from ..load.report import arranged  # causes first, as every command lists them (bank/content.py)

        problems = arranged(problems)
    return Report(problems, conflicts, facts, questions)
