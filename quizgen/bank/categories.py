"""What an answer option names, as a teacher judges a wrong option: what kind of thing it is and whose side it is on.

`categories(bank)` maps every option text it can place (folded by `for_option`) to a `Category`. Until the deck has
an entity registry it reads what the facts already carry: a figure's name, aliases, role and affiliation, a
position's holder, the seeds' authors, and country words in the text. A registry only needs to return the same
mapping (`Category(kind, side)` per name or role) for `quizgen lint` to use it.

    >>> categories(bank)["asim munir"]
    Category(kind='person', side='Pakistan')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model.models import Figure, Position
from ..model.textnorm import for_option

KINDS = ("person", "group", "government", "institution", "outlet", "country")
"""What an option can name: one person, several people, a government, an institution, a news outlet, a country."""

_SIDES: dict[str, tuple[str, ...]] = {
    "Pakistan": ("pakistan", "pakistani", "islamabad", "rawalpindi"),
    "India": ("india", "indian", "new delhi", "delhi"),
    "United States": ("united states", "us", "american", "america", "washington", "white house", "pentagon"),
    "China": ("china", "chinese", "beijing"),
    "Afghanistan": ("afghanistan", "afghan", "kabul", "taliban"),
    "Bangladesh": ("bangladesh", "bangladeshi", "dhaka"),
    "France": ("france", "french"),
    "Iran": ("iran", "iranian"),
    "Philippines": ("philippines", "philippine"),
    "Russia": ("russia", "russian", "moscow"),
}
"""Country words, folded, by the side they put a person or claim on."""
_SIDE_WORDS = [
    (side, re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")) for side, words in _SIDES.items()
]
_KIND_WORDS = [
    ("government", re.compile(r"\b(?:government|administration|ministry)\b")),
    ("outlet", re.compile(r"\b(?:newsletter|journal|times|post|news|bloomberg|reuters|dawn|semafor|businesstoday)\b")),
    ("institution", re.compile(r"\b(?:imf|fund|bank|university|foundation|council|center|centre|institute)\b")),
    ("group", re.compile(r"\b(?:officials|watchdogs|analysts|diplomats|leaders)\b|,| and ")),
]


@dataclass(frozen=True)
class Category:
    """What an option names and whose side it is on; None where nothing tells."""

    kind: str | None = None
    """One of KINDS."""
    side: str | None = None
    """The country (a key of _SIDES) a person, government or claim belongs to."""


def sides_in(text: str) -> frozenset[str]:
    """The sides a text names by country words: 'Pakistan's army chief' -> {'Pakistan'}."""
    folded = for_option(text)
    return frozenset(side for side, pattern in _SIDE_WORDS if pattern.search(folded))


def _side(text: str | None) -> str | None:
    found = sides_in(text) if text else frozenset()
    return next(iter(found)) if len(found) == 1 else None


def _kind(text: str) -> str | None:
    folded = for_option(text)
    if folded in {for_option(s) for s in _SIDES} | {w for words in _SIDES.values() for w in words}:
        return "country"
    for kind, pattern in _KIND_WORDS:
        if pattern.search(folded):
            return kind
    words = text.split()
    return "person" if len(words) >= 2 and all(w[:1].isupper() for w in words) else None


def categories(bank: Any) -> dict[str, Category]:
    """Option text (for_option-folded) -> Category, for every name, role and holder the bank's facts give."""
    out: dict[str, Category] = {}
    people: dict[str, Category] = {}
    for fact in bank.deck.facts:
        if isinstance(fact, Figure):
            side = _side(fact.affiliation) or _side(fact.role)
            person = Category("person", side)
            for name in (fact.name, *fact.aliases):
                people[for_option(name)] = person
            out[for_option(fact.role)] = person  # a role names a person: "Pakistan's army chief"
    for seed in bank.seeds.values():
        names = [*seed.authors, seed.cite_as]
        if len(seed.authors) > 1:
            names.append(", ".join(seed.authors[:-1]) + " and " + seed.authors[-1])
        single = {for_option(a) for a in seed.authors}
        for name in names:
            key = for_option(name)
            kind = "person" if key in single or len(seed.authors) == 1 else "group"
            out.setdefault(key, Category(kind, people.get(key, Category()).side))
    out.update(people)
    for fact in bank.deck.facts:
        if isinstance(fact, Position):
            key = for_option(fact.holder)
            if key not in out:
                out[key] = Category(_kind(fact.holder), _side(fact.holder))
    return out
