"""Load a content folder (seeds + decks) and build question banks from it: the library's front door.

>>> from quizgen.content import load_content
>>> content = load_content()            # the bundled content
>>> bank = content.bank(seed=0)         # every question of the only deck
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .decks import load_deck
from .errors import ContentError, Location, Problem, QuizgenError
from .generate import build_bank
from .models import Bank, Deck
from .paths import content_root
from .schema import did_you_mean
from .seeds import Seed, load_seeds


@dataclass(frozen=True)
class Content:
    """Everything loaded from one content folder, with every problem found while loading."""

    root: Path
    seeds: dict[str, Seed]
    decks: dict[str, Deck]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def deck(self, slug: str | None = None) -> Deck:
        """The named deck, or the only one."""
        if slug is None:
            if len(self.decks) == 1:
                return next(iter(self.decks.values()))
            if not self.decks:
                raise QuizgenError(f"no decks in {self.root / 'decks'}")
            raise QuizgenError(f"several decks ({', '.join(self.decks)}); choose one with --deck")
        if slug not in self.decks:
            raise QuizgenError(
                f"--deck: no deck '{slug}'{did_you_mean(slug, self.decks)}; decks: {', '.join(self.decks) or 'none'}"
            )
        return self.decks[slug]

    def bank(self, deck: str | None = None, seed: int = 0, *, check: bool = True) -> Bank:
        """The question bank of a deck; raises ContentError if the content has errors (unless check=False)."""
        if check and self.errors:
            raise ContentError(self.problems)
        problems: list[Problem] = []
        with paused_gc():
            bank = build_bank(self.deck(deck), self.seeds, seed, problems)
        if check and any(p.severity == "error" for p in problems):
            raise ContentError(problems)
        return bank


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Loading or generating a large deck allocates millions of objects and frees almost none, and every full
    collection walks all of them: with the collector running, loading 100 times the bundled content took over
    twice as long. Reference counting still frees what is dropped; nested pauses switch it back on only once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content(root: str | Path | None = None) -> Content:
    """Load seeds and every deck under `root` (default: --content / QUIZGEN_CONTENT / bundled)."""
    path = content_root(root)
    problems: list[Problem] = []
    decks: dict[str, Deck] = {}
    with paused_gc():
        seeds = load_seeds(path, problems)
        for folder in sorted(p for p in (path / "decks").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            deck = load_deck(folder, path, seeds, problems)
            if deck is not None:
                decks[deck.slug] = deck
    if not decks and not any(p.severity == "error" for p in problems):
        problems.append(Problem(Location("decks"), "no deck folders in decks/"))
    return Content(path, seeds, decks, problems)
