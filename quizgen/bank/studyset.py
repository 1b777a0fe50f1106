"""What a quiz reads of a content folder: every deck's questions and how to name each text, without the facts,
texts and templates they were made from.

The content cache keeps it as an entry of its own beside the whole content's (`studycache.load_study_set`), so a warm
quiz unpickles its questions and creates only the question classes (model/questions.py), not every model's.

>>> from quizgen.bank.studycache import load_study_set
>>> deck = load_study_set().deck_questions()  # the only deck: its slug and its questions, correct option first
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..errors import ArgumentError, ContentError, QuizgenError, did_you_mean
from ..model.questions import Question
from ..util.pathnames import joined
from ..util.records import ValueRecord

if TYPE_CHECKING:
    from ..errors import Problem  # made when a study set holds one (errors.py)
    from .leaks import LeakCheck

D = TypeVar("D")


def choose_deck(decks: Mapping[str, D], slug: str | None, root: str | os.PathLike[str]) -> D:
    """The deck named `slug`, or the only one; an error naming --deck (the library's `deck`) otherwise."""
    if slug is None:
        if len(decks) == 1:
            return next(iter(decks.values()))
        if not decks:
            raise QuizgenError(f"no decks in {joined(root, 'decks')}")
        raise ArgumentError("deck", "several decks ({decks}); choose one with {deck}", decks=", ".join(decks))
    if slug not in decks:
        raise ArgumentError(
            "deck",
            "{deck}: no deck '{value}'{hint}; decks: {decks}",
            value=slug,
            choices=tuple(decks),
            hint=did_you_mean(slug, decks),
            decks=", ".join(decks) or "none",
        )
    return decks[slug]


def arranged(questions: Sequence[Question], chosen: Sequence[Question], seed: int) -> list[Question]:
    """`chosen`, some of a deck's `questions` (correct option first), with their options in the order the whole
    deck's arranging with `seed` gives them; only the questions of their facts are arranged, which gives the same
    order, since a question's option order depends on its own fact's questions alone."""
    from .arrange import arrange_options

    facts = {q.fact for q in chosen}
    by_id = {q.id: q for q in arrange_options([q for q in questions if q.fact in facts], seed)}
    return [by_id[q.id] for q in chosen]


@dataclass(frozen=True, repr=False, eq=False)
class TextName(ValueRecord):
    """What a quiz needs of a source text: how it is cited (`From Chellaney`) and its authors (`select.given_away`)."""

    cite_as: str
    authors: tuple[str, ...]


@dataclass(frozen=True, repr=False, eq=False)
class DeckQuestions(ValueRecord):
    """One deck's questions, correct option first, with what making them reported."""

    slug: str
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...] = ()
    common: frozenset[str] = frozenset()
    """The leak check's common words of these questions (`leaks.common_words`), counted when they were made."""


@dataclass(frozen=True, repr=False, eq=False)
class StudySet(ValueRecord):
    """Every deck's questions and the texts' names: what `quizgen quiz` reads of a content folder.

    It answers a quiz as `Content` does (`texts`, `deck_questions`, `leak_check`, `arranged`), from these alone;
    `Content.study_set` makes it.
    """

    root: str
    """The content folder, as util/pathnames.py spells it."""
    texts: dict[str, TextName]
    decks: dict[str, DeckQuestions]
    problems: tuple[Problem, ...] = ()
    """Every problem loading the content found."""

    def deck_questions(self, deck: str | None = None) -> DeckQuestions:
        """The deck's questions, as `Content.deck_questions` gives them: ContentError if the content has errors."""
        if any(p.severity == "error" for p in self.problems):
            raise ContentError(list(self.problems))
        chosen = choose_deck(self.decks, deck, self.root)
        if any(p.severity == "error" for p in chosen.problems):
            raise ContentError(list(chosen.problems))
        return chosen

    def leak_check(self, deck: str) -> LeakCheck:
        """The leak check over every question of the deck."""
        from .leaks import LeakCheck

        return LeakCheck(self.decks[deck].questions, self.decks[deck].common)

    def arranged(self, deck: str, questions: Sequence[Question], seed: int) -> list[Question]:
        """Some of the deck's questions with their options as `Content.bank(deck, seed)` orders them."""
        return arranged(self.decks[deck].questions, questions, seed)
