"""Which passages of each text support at least one fact: where an author should look next."""

from __future__ import annotations

from dataclasses import dataclass

from ..load.texts import Passage, Text
from ..model.models import Deck


@dataclass(frozen=True)
class TextCoverage:
    """Citable passages of one text, split into cited and not."""

    text: Text
    cited: tuple[Passage, ...]
    uncited: tuple[Passage, ...]
    facts: int

    @property
    def share(self) -> float:
        total = len(self.cited) + len(self.uncited)
        return len(self.cited) / total if total else 1.0


def coverage(deck: Deck, texts: dict[str, Text]) -> list[TextCoverage]:
    """Per text, in slug order."""
    cited_ids: dict[str, set[str]] = {}
    facts: dict[str, int] = {}
    for fact in deck.facts:
        cited_ids.setdefault(fact.source.text, set()).add(fact.source.passage)
        facts[fact.source.text] = facts.get(fact.source.text, 0) + 1
    out = []
    for slug, text in sorted(texts.items()):
        citable = [p for p in text.passages if p.citable]
        cited = tuple(p for p in citable if p.id in cited_ids.get(slug, ()))
        uncited = tuple(p for p in citable if p.id not in cited_ids.get(slug, ()))
        out.append(TextCoverage(text, cited, uncited, facts.get(slug, 0)))
    return out
