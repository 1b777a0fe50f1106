"""What a role or a stem says about a person: the countries it names, its role types, whether it fixes a gender.

Pure text rules shared by the entity registry's loader (which derives a figure's country and roles from its facts),
the generator (which reads a stem for the country and gender it fixes) and `quizgen lint` (whose odd-one-out cues
ask what an option names and whose side it is on). The country words are the deck's (`CountryWords`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..util.records import Record

if TYPE_CHECKING:
    from .models import Entity


@dataclass(frozen=True, eq=False, repr=False)  # eq=False: hashable by identity, as cached_property needs no hash
class CountryWords(Record):
    """The words that put a role, stem or option on a country's side: the deck's data, not quizgen's.

    Built from the countries of a deck's entity registry (`of`): each one's name, `demonyms` and `words`. A deck
    without the registry has none, and then nothing is placed on a side by its wording.

        >>> CountryWords.of(deck.entities.values()).countries_in("Pakistan's army chief met Indian officials")
        {'Pakistan', 'India'}
    """

    words: Mapping[str, str] = field(default_factory=dict)
    """Casefolded word -> the country it names: `pakistani` -> `Pakistan`."""
    demonyms: frozenset[str] = frozenset()
    """The countries' demonyms as written: `Pakistani`; a text that begins with one describes, it does not name."""

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> CountryWords:
        words: dict[str, str] = {}
        demonyms: set[str] = set()
        for entity in entities:
            if entity.type == "country":
                country = entity.country or entity.name
                words.update((w.casefold(), country) for w in (entity.name, *entity.demonyms, *entity.words))
                demonyms.update(entity.demonyms)
        return cls(words, frozenset(demonyms))

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        longest_first = sorted(self.words, key=len, reverse=True)  # "new delhi" before "delhi"
        alternatives = "|".join(map(re.escape, longest_first))
        return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)") if self.words else None

    def countries_in(self, text: str | None) -> set[str]:
        """The countries a text names by these words: "Pakistan's military chief" -> {"Pakistan"}."""
        if self._pattern is None or not text:
            return set()
        folded = text.casefold().replace("\u2019", "'")
        return {self.words[m] for m in self._pattern.findall(folded)}


_ROLE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("head-of-state", re.compile(r"(?<!vice )\bpresident\b")),
    ("head-of-government", re.compile(r"(?<!deputy )\bprime minister\b|\bleader whose government\b")),
    ("minister", re.compile(r"(?<!prime )\bminister\b|\bsecretary of state\b")),
    ("official", re.compile(r"\bofficial\b|\badviser\b|\bspokesman\b|\bvice president\b|\bchaired\b")),
    ("military", re.compile(r"\bmilitary\b|\bfield marshal\b|\bgeneral\b|\barmy\b")),
    ("diplomat", re.compile(r"\bambassador\b|\bdiplomat\b")),
    ("envoy", re.compile(r"\benvoy\b(?!.*\bson of\b)")),
    ("scholar", re.compile(r"\bprofessor\b|\bpolitical scientist\b|\bacademician\b|\bfellow\b|\bstudy\b|\bscholar\b")),
    ("commentator", re.compile(r"\banalyst\b|\bcommentator\b|\beditor\b")),
    ("journalist", re.compile(r"\bjournalist\b|\breporter\b")),
    ("businessperson", re.compile(r"\bchief executive\b|\bbusinessman\b|\bhedge fund\b|\bceo\b|\binvestor\b")),
]
_GENDER_WORDS = re.compile(r"\b(?:man|woman|he|she|his|her|him|son|daughter|father|mother|wife|husband)\b")


def roles_in(text: str) -> set[str]:
    """The role types a role names: "Pakistan's Deputy Prime Minister and Foreign Minister" -> {"minister"}."""
    folded = text.casefold()
    return {role for role, pattern in _ROLE_WORDS if pattern.search(folded)}


def gendered(text: str) -> bool:
    """Whether a stem's wording fixes the answer's gender ("the man Trump tapped as his adviser")."""
    return bool(_GENDER_WORDS.search(text.casefold()))
