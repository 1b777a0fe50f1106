"""Typed models: facts of four kinds, question templates, decks, and the bank of questions generated from them (the
questions themselves are in questions.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import Location
from ..util.records import Record, ValueRecord
from .dates import PartialDate
from .quantities import Quantity

# Defined in questions.py (a warm quiz imports that module alone); named here too, for the modules importing them here.
from .questions import (  # noqa: F401
    FORMATS,
    KINDS,
    LETTERS,
    LEVELS,
    MAX_OPTIONS,
    MIN_OPTIONS,
    QUOTED_KINDS,
    TRUE_FALSE,
    Question,
    Quote,
    Quoted,
    cite,
)
from .textnorm import join_names


@dataclass(frozen=True, repr=False, eq=False)
class Value(ValueRecord):
    """A fact field ready to be shown, with what it may be compared against when picking distractors."""

    text: str
    type: tuple[Any, ...]
    """Values are interchangeable as options only when their types are equal, e.g. ('date', 'month')."""
    raw: Any = None


@dataclass(frozen=True, repr=False, eq=False)
class CustomQuestion(ValueRecord):
    """A hand-written question attached to a fact."""

    id: str
    stem: str
    answer: str
    distractors: tuple[str, ...]
    explanation: str | None = None
    level: str = "recall"
    """One of LEVELS."""
    see_also: tuple[str, ...] = ()
    """Ids of other facts whose quotes the question also rests on (a comparison, a disagreement)."""
    loc: Location = field(default=Location(""), compare=False)
    ordered: bool = False
    """Options shown in the order of the numbers they name (e.g. pairs of years), never shuffled."""


@dataclass(frozen=True, eq=False, repr=False)
class Fact(Record):
    """What every fact has, whatever its kind."""

    id: str
    tags: tuple[str, ...]
    source: Quote
    according_to: str | None = None
    """Whose claim or account this is; stems then start "According to ..."."""
    explanation: str | None = None
    stems: dict[str, str] = field(default_factory=dict)
    distractors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    also_true: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    conflicts_with: tuple[str, ...] = ()
    questions: tuple[CustomQuestion, ...] = ()
    unreliable: frozenset[str] = frozenset()
    """Fields the deck does not trust (e.g. `when`): never asked, never in a chronology, never a distractor."""
    loc: Location = field(default=Location(""), compare=False)
    conflicts_locs: tuple[Location, ...] = field(default=(), compare=False)
    """Where each id of conflicts_with is written, so that an unknown one is reported at its own line."""
    same_point: tuple[str, ...] = ()
    """Ids of facts that make the same point (either side may say so): their questions never share a test."""
    same_point_locs: tuple[Location, ...] = field(default=(), compare=False)
    """Where each id of same_point is written."""

    kind: ClassVar[str] = ""
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def values(self) -> dict[str, Value]:
        """Every field that has a value, by name, as it renders in a question."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False, repr=False)
class Event(Fact):
    """Something that happened, with a date as precise as the source gives it."""

    what: str = ""
    when: PartialDate = PartialDate(1)
    who: tuple[str, ...] = ()
    where: str | None = None

    kind: ClassVar[str] = "event"
    FIELDS: ClassVar[tuple[str, ...]] = ("what", "when", "in_when", "who", "where")

    def values(self) -> dict[str, Value]:
        out = {
            "what": Value(self.what, ("text", "what")),
            "when": Value(self.when.display(), ("date", self.when.precision), self.when),
            # "in 2018", "in January 2018", "on 4 January 2018": the preposition follows the precision.
            "in_when": Value(("on " if self.when.day else "in ") + self.when.display(), ("text", "in_when")),
        }
        if self.who:
            out["who"] = Value(join_names(self.who), ("text", "who"))
        if self.where:
            out["where"] = Value(self.where, ("text", "where"))
        return out


@dataclass(frozen=True, eq=False, repr=False)
class Figure(Fact):
    """A person, with the role the source gives them."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    role: str = ""
    affiliation: str | None = None

    kind: ClassVar[str] = "figure"
    FIELDS: ClassVar[tuple[str, ...]] = ("name", "aliases", "role", "affiliation")

    def values(self) -> dict[str, Value]:
        out = {"name": Value(self.name, ("person",)), "role": Value(self.role, ("text", "role"))}
        if self.aliases:
            out["aliases"] = Value(join_names(self.aliases), ("text", "aliases"))
        if self.affiliation:
            out["affiliation"] = Value(self.affiliation, ("text", "affiliation"))
        return out

    def names(self) -> set[str]:
        return {n.casefold() for n in (self.name, *self.aliases)}


@dataclass(frozen=True, eq=False, repr=False)
class Position(Fact):
    """A stance or argued claim and who holds it."""

    holder: str = ""
    topic: str = ""
    stance: str = ""

    kind: ClassVar[str] = "position"
    FIELDS: ClassVar[tuple[str, ...]] = ("holder", "topic", "stance")

    def values(self) -> dict[str, Value]:
        return {
            "holder": Value(self.holder, ("person",)),
            "topic": Value(self.topic, ("text", "topic")),
            "stance": Value(self.stance, ("text", "stance")),
        }


@dataclass(frozen=True, eq=False, repr=False)
class Number(Fact):
    """A quantity: what it measures, its value and unit, and as of when."""

    measures: str = ""
    value: Quantity = Quantity(0, None, "")
    as_of: PartialDate | None = None

    kind: ClassVar[str] = "number"
    FIELDS: ClassVar[tuple[str, ...]] = ("measures", "value", "unit", "scale", "as_of")

    def values(self) -> dict[str, Value]:
        out = {
            "measures": Value(self.measures, ("text", "measures", self.value.kind)),
            "value": Value(self.value.display(), ("quantity", *self.value.kind), self.value),
            "unit": Value(self.value.unit, ("text", "unit")),
        }
        if self.as_of:
            out["as_of"] = Value(self.as_of.display(), ("date", self.as_of.precision), self.as_of)
        return out


FACT_TYPES: dict[str, type[Fact]] = {cls.kind: cls for cls in (Event, Figure, Position, Number)}


@dataclass(frozen=True, repr=False, eq=False)
class Template(ValueRecord):
    """Turns facts of one kind into questions."""

    id: str
    kind: str
    stem: str
    answer: str
    """The fact field whose value is the correct option."""
    distractors: str = "pool"
    """`pool`, `curated` or `generated`."""
    order: str | None = None
    """`first` or `last` for chronology questions about events."""
    optional: bool = False
    explain: str | None = None
    loc: Location = field(default=Location(""), compare=False)
    options: int = 4
    """How many options each question offers, 2 to 5 (a true/false question has 2)."""
    format: str = "choice"
    """`choice` (one right option among `options`) or `true-false` (a statement to judge)."""


ENTITY_TYPES = ("person", "group", "officials", "unnamed", "government", "country", "institution", "outlet")
"""What a name in the deck is: one person, a named group of people (co-authors), unnamed officials, an unnamed
person ("an anonymous reader"), a government, a country, an institution (a company too), a news outlet or report."""
ROLE_TYPES = (
    "head-of-state",
    "head-of-government",
    "minister",
    "official",
    "military",
    "diplomat",
    "envoy",
    "commentator",
    "scholar",
    "journalist",
    "businessperson",
)
"""What a person does, as the texts show it; a student judges a wrong option by these."""
ROLE_CLASSES = {
    "head-of-state": "leader",
    "head-of-government": "leader",
    "minister": "official",
    "official": "official",
    "military": "official",
    "diplomat": "official",
    "envoy": "official",
    "commentator": "expert",
    "scholar": "expert",
    "journalist": "expert",
    "businessperson": "business",
}
"""Role types a student would take for one another: a wrong option shares a class with the key."""


@dataclass(frozen=True, repr=False, eq=False)
class Entity(ValueRecord):
    """A person, group, government, institution, outlet or country the deck names, as the registry describes it."""

    name: str
    type: str
    """One of ENTITY_TYPES."""
    country: str | None = None
    """The country whose side it is on: `United States`, `Pakistan`, ..."""
    roles: frozenset[str] = frozenset()
    """ROLE_TYPES it holds in the texts."""
    active: tuple[int, int] | None = None
    """First and last year the texts show it active."""
    gender: str | None = None
    """`male` or `female`, only where a stem needs it ("the man Trump tapped ...")."""
    aliases: tuple[str, ...] = ()
    author: bool = False
    """An author of one of the deck's texts (from the texts' metadata)."""
    demonyms: tuple[str, ...] = ()
    """A country's words for its people and things, as written: `Pakistani` (see `roles.CountryWords`)."""
    words: tuple[str, ...] = ()
    """Other words that put a text on a country's side: its capital, seat of government, short names."""

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(ROLE_CLASSES[r] for r in self.roles)


@dataclass(frozen=True, repr=False, eq=False)
class Deck(ValueRecord):
    """One folder of curated content."""

    slug: str
    title: str
    description: str
    templates: tuple[Template, ...]
    facts: tuple[Fact, ...]
    accounts: dict[str, str] = field(default_factory=dict, compare=False)
    """Seed slug -> how a stem names that text's account: "Haq's blog post" (chronology questions follow one)."""
    entities: dict[str, Entity] = field(default_factory=dict, compare=False)
    """Casefolded name or alias -> Entity: the registry (entities.yaml merged with what the facts say); empty when
    the deck has no entities.yaml, and wrong options are then drawn by the older heuristics."""


@dataclass(frozen=True, repr=False, eq=False)
class Bank(ValueRecord):
    """The questions of one deck, with what outputs need to describe it."""

    deck: Deck
    questions: tuple[Question, ...]
    texts: dict[str, Any] = field(default_factory=dict, compare=False)
    """Seed slug -> Seed, for citations and coverage."""
    seed: int = 0
    """The --seed the option order was drawn with."""
