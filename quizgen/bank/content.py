"""Load a content folder (texts + decks) and build question banks from it: the library's front door.

>>> from quizgen.bank.content import load_content
>>> content = load_content()            # the bundled content
>>> bank = content.bank(seed=0)         # every question of the only deck

What loading and generating produce is kept in a cache keyed by the content's bytes (see quizgen.bank.cache), so the
next run on the same content unpickles it instead of parsing YAML and generating questions again, and the first run
after an edit parses only the edited files and generates only the questions that may have changed (bank/kept.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem
from ..load.paths import content_root
from ..util.memory import paused_gc
from ..util.records import Record
from .kept import Generated
from .studyset import DeckQuestions, StudySet, TextName, arranged, choose_deck

if TYPE_CHECKING:
    from ..load.texts import Text
    from ..model.models import Bank, Deck
    from ..model.questions import Question
    from .cache import Session
    from .leaks import LeakCheck


@dataclass(frozen=True, repr=False)
class Content(Record):
    """Everything loaded from one content folder, with every problem found while loading."""

    root: Path
    texts: dict[str, Text]
    decks: dict[str, Deck]
    problems: list[Problem] = field(default_factory=list)
    _generated: dict[str, Generated] = field(default_factory=dict, repr=False, compare=False)
    """Deck slug -> its questions, generated at most once (and kept in the cache with the rest)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def deck(self, slug: str | None = None) -> Deck:
        """The named deck, or the only one."""
        return choose_deck(self.decks, slug, self.root)

    def bank(self, deck: str | None = None, seed: int = 0, *, check: bool = True, arrange: bool = True) -> Bank:
        """The question bank of a deck; raises ContentError if the content has errors (unless check=False).

        With arrange=False the correct option stays first: to choose a few questions, then `arranged` them.
        """
        from ..model.models import Bank  # here: a warm quiz (`load_study_set`) needs no fact, deck or bank class

        if check and self.errors:
            raise ContentError(self.problems)
        chosen = self.deck(deck)
        generated = self.generated(chosen.slug)
        if check and any(p.severity == "error" for p in generated.problems):
            raise ContentError(list(generated.problems))
        if not arrange:
            return Bank(chosen, generated.questions, self.texts, seed)
        from .arrange import arrange_options

        questions = arrange_options(list(generated.questions), seed)
        return Bank(chosen, tuple(questions), self.texts, seed)

    def arranged(self, deck: str, questions: Sequence[Question], seed: int) -> list[Question]:
        """Some of the deck's questions (from `bank(arrange=False)`) with their options as `bank(deck, seed)` orders
        them: a quiz shuffles the ten it asks, not every question of the deck (see `studyset.arranged`)."""
        return arranged(self.generated(deck).questions, questions, seed)

    def deck_questions(self, deck: str | None = None) -> DeckQuestions:
        """The deck's questions, correct option first, as a quiz chooses from them; errors as `bank` raises them."""
        bank = self.bank(deck, arrange=False)
        made = self.generated(bank.deck.slug)
        return DeckQuestions(bank.deck.slug, made.questions, made.problems, made.common)

    def study_set(self) -> StudySet:
        """What a quiz reads of this content (studyset.py), every deck's questions made."""
        texts = {slug: TextName(text.cite_as, tuple(text.authors)) for slug, text in self.texts.items()}
        decks = {}
        for slug in self.decks:
            made = self.generated(slug)
            decks[slug] = DeckQuestions(slug, made.questions, made.problems, made.common)
        return StudySet(str(self.root), texts, decks, tuple(self.problems))

    def generated(self, deck: str) -> Generated:
        """Every question the deck makes, options unshuffled, with the problems found making them (built once)."""
        found = self._generated.get(deck)
        if found is None:
            from .generate import build_questions
            from .leaks import common_words

            problems: list[Problem] = []
            with paused_gc():
                questions = tuple(build_questions(self.deck(deck), problems, arrange=False))
            found = self._generated[deck] = Generated(questions, tuple(problems), common_words(questions))
        return found

    def leak_check(self, deck: str) -> LeakCheck:
        """The leak check over every question of the deck, its common words counted when the deck was generated."""
        from .leaks import LeakCheck

        generated = self.generated(deck)
        return LeakCheck(generated.questions, generated.common)


def load_content(root: str | Path | None = None, *, cache: bool = True) -> Content:
    """Load texts and every deck under `root` (default: --content / QUIZGEN_CONTENT / bundled).

    With `cache` (unless QUIZGEN_CACHE=off) the result comes from, or goes to, the content cache, every deck's
    questions generated; without it, decks are generated when first asked for.
    """
    path = content_root(root)
    if not cache:
        return _load(path)
    from . import cache as content_cache

    session = content_cache.open_session(path)
    if session is None:  # the cache is off, or a file cannot be read (loading says which)
        return _load_and_generate(path)
    return cached_content(session)


def cached_content(session: Session) -> Content:
    """The content of `session`'s folder from its entry, else loaded (reusing what the parts allow) and kept."""
    from . import cache as content_cache
    from . import kept

    with paused_gc():  # one pause over every part: between parts, the collector would walk all read so far
        found = kept.restore(session)
        if found is not None:
            content_cache.stats.hits += 1
        else:
            content_cache.stats.misses += 1
            found = kept.build(session)
    texts, decks, problems, generated = found
    return Content(session.root, texts, decks, _arranged(problems), generated)


def _load_and_generate(path: Path) -> Content:
    """The content with every deck's questions generated."""
    content = _load(path)
    for slug in content.decks:
        content.generated(slug)
    return content


def _load(path: Path) -> Content:
    from .kept import load_folder

    texts, decks, problems, _ = load_folder(path)
    return Content(path, texts, decks, _arranged(problems))


def _arranged(problems: list[Problem]) -> list[Problem]:
    """The problems as every command lists them: causes first, a repeated one once (load/report.py)."""
    if not problems:
        return problems
    from ..load.report import arranged

    return arranged(problems)
