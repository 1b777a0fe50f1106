"""Which passages of each seed support at least one fact: where an author should look next."""

from __future__ import annotations

from dataclasses import dataclass

from ..load.seeds import Passage, Seed
from ..model.models import Deck


@dataclass(frozen=True)
class SeedCoverage:
    """Citable passages of one seed, split into cited and not."""

    seed: Seed
    cited: tuple[Passage, ...]
    uncited: tuple[Passage, ...]
    facts: int

    @property
    def share(self) -> float:
        total = len(self.cited) + len(self.uncited)
        return len(self.cited) / total if total else 1.0


def coverage(deck: Deck, seeds: dict[str, Seed]) -> list[SeedCoverage]:
    """Per seed, in slug order."""
    cited_ids: dict[str, set[str]] = {}
    facts: dict[str, int] = {}
    for fact in deck.facts:
        cited_ids.setdefault(fact.source.seed, set()).add(fact.source.passage)
        facts[fact.source.seed] = facts.get(fact.source.seed, 0) + 1
    out = []
    for slug, seed in sorted(seeds.items()):
        citable = [p for p in seed.passages if p.citable]
        cited = tuple(p for p in citable if p.id in cited_ids.get(slug, ()))
        uncited = tuple(p for p in citable if p.id not in cited_ids.get(slug, ()))
        out.append(SeedCoverage(seed, cited, uncited, facts.get(slug, 0)))
    return out
