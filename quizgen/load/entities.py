"""The entity registry: `decks/<deck>/entities.yaml` merged with what the facts and seeds already say.

An entry holds only what the facts lack: a figure's country comes from its affiliation (or the country its role
names), its role types from its role ("Pakistan's prime minister" -> head-of-government), its years from the events
naming it, authorship from the seeds. The generator draws wrong options for names, holders and roles with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Location
from ..model.models import ENTITY_TYPES, ROLE_TYPES, Entity, Event, Fact, Figure, Position
from ..model.roles import CountryWords, roles_in
from .fields import Field, Record, Table, as_set, as_written, each_one_of, one_of, read, text, texts
from .schema import Checker, type_name
from .seeds import Seed
from .yamlsrc import LocatedDict, LocatedList

GENDERS = ("male", "female")


def _years(record: Record, key: str, value: Any) -> Any:
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return record.error(key, f"active must be [first year, last year], not {value!r}")
    return value[0], value[1]


def _country_words(record: Record) -> None:
    """A country's `demonyms` and `words`; on any other entry they are an error."""
    for key in ("demonyms", "words"):
        if key in record.mapping and record.values["type"] != "country":
            record.error(key, f"only a country (type: country) has {key}")


ENTITY = Table(
    "entity",
    (
        Field("name", text, required=True),
        Field("aliases", texts, default=()),
        Field("type", text, (one_of(ENTITY_TYPES, "type '{value}' must be one of {choices}{hint}"),), default=""),
        Field("country", text),
        Field(
            "roles",
            texts,
            (each_one_of(ROLE_TYPES, "role type '{value}' must be one of {choices}{hint}"), as_set),
            default=frozenset(),
        ),
        Field("active", as_written, (_years,)),
        Field("gender", text, (one_of(GENDERS, "gender '{value}' must be male or female"),)),
        Field("demonyms", texts, default=()),
        Field("words", texts, default=()),
    ),
    rules=(_country_words,),
)
"""The keys of an entry of entities.yaml; decks/README.md describes them for authors."""


def parse_entities(data: Any, rel: str, check: Checker) -> list[tuple[Entity, Any]]:
    """The entries of entities.yaml, each with its location; every problem reported."""
    if not isinstance(data, LocatedDict) or not isinstance(data.get("entities"), LocatedList):
        loc = getattr(data, "loc", None) or Location(rel, 1, 1)
        check.error(loc, "entities.yaml must have one key, 'entities', a list")
        return []
    check.keys(data, ("entities",), (), "entities.yaml")
    out: list[tuple[Entity, Any]] = []
    items = data["entities"]
    for i, item in enumerate(items):
        if not isinstance(item, LocatedDict):
            check.error(items.item_locs[i], f"an entity must be a mapping, not {type_name(item)}")
            continue
        values = read(ENTITY, item, check, {})
        if values is not None:
            out.append((Entity(**values), items.item_locs[i]))
    return out


def build_registry(
    entries: Sequence[tuple[Entity, Any]], facts: Sequence[Fact], seeds: Iterable[Seed], check: Checker
) -> dict[str, Entity]:
    """Casefolded name or alias -> Entity: the file's entries completed from the facts and seeds; a figure, holder
    or participant without an entry (that the facts cannot describe either) is a warning."""
    given: dict[str, Entity] = {}
    for entity, loc in entries:
        for name in (entity.name, *entity.aliases):
            if name.casefold() in given:
                check.error(loc, f"'{name}' has two entries in entities.yaml")
            given[name.casefold()] = entity
    known = _Known(entries, facts, seeds)
    out: dict[str, Entity] = {}
    for key, (name, fact, field) in _names(facts).items():
        entity = known.complete(key, given.get(key), name)
        if not entity.type:
            check.warn(
                fact.loc,
                f"{field} '{name}' of fact '{fact.id}' has no entry in entities.yaml (type, country, roles, active)",
            )
            continue
        out[key] = entity
    for base in {id(e): e for e in given.values()}.values():
        key = base.name.casefold()
        if key not in out and not any(a.casefold() in out for a in base.aliases):
            out[key] = known.complete(key, base, base.name)
    for entity in list(out.values()):
        for alias in entity.aliases:
            out.setdefault(alias.casefold(), entity)
    return out


def _names(facts: Sequence[Fact]) -> dict[str, tuple[str, Fact, str]]:
    """Casefolded name -> (the name, the first fact naming it, the field naming it): who the registry must know."""
    names: dict[str, tuple[str, Fact, str]] = {}
    for fact in facts:
        if isinstance(fact, Figure):
            names.setdefault(fact.name.casefold(), (fact.name, fact, "name"))
        elif isinstance(fact, Position):
            names.setdefault(fact.holder.casefold(), (fact.holder, fact, "holder"))
        elif isinstance(fact, Event):
            for who in fact.who:
                names.setdefault(who.casefold(), (who, fact, "who"))
    return names


def _authors(seeds: Iterable[Seed]) -> dict[str, str]:
    """Casefolded author name -> its entity type: one author is a person, several (as cite_as joins them) a group."""
    authors: dict[str, str] = {}
    for seed in seeds:
        kind = "person" if len(seed.authors) == 1 else "group"
        authors.update((a.casefold(), "person") for a in seed.authors)
        authors[seed.cite_as.casefold()] = kind
        if len(seed.authors) > 1:
            authors[(", ".join(seed.authors[:-1]) + " and " + seed.authors[-1]).casefold()] = "group"
    return authors


class _Known:
    """What the facts and seeds say about the names of a deck, to complete an entry (or make one) from."""

    def __init__(self, entries: Sequence[tuple[Entity, Any]], facts: Sequence[Fact], seeds: Iterable[Seed]):
        self.authors = _authors(seeds)
        # A figure's affiliation or role names its country by the words of the registry's countries (the deck's data).
        self.vocabulary = CountryWords.of(e for e, _ in entries)
        self.figures: dict[str, list[Figure]] = {}
        self.years: dict[str, list[int]] = {}
        for fact in facts:
            if isinstance(fact, Figure):
                self.figures.setdefault(fact.name.casefold(), []).append(fact)
        for fact in facts:
            if isinstance(fact, Event):
                for who in fact.who:
                    self.years.setdefault(who.casefold(), []).append(fact.when.year)

    def country_of(self, text: str | None) -> set[str]:
        if text and text.casefold() in self.vocabulary.words:
            return {self.vocabulary.words[text.casefold()]}
        return self.vocabulary.countries_in(text)

    def complete(self, key: str, base: Entity | None, name: str) -> Entity:
        """The entry for key (base, when the file has one) with what it lacks taken from the facts and seeds."""
        described = self.figures.get(key, [])
        kind = base.type if base and base.type else ("person" if described else self.authors.get(key, ""))
        aliases = tuple(base.aliases if base else ()) + tuple(a for f in described for a in f.aliases)
        return Entity(
            base.name if base else name,
            kind,
            self._country(base, described),
            frozenset(_roles(base, described)),
            _active(base.active if base else None, self.years.get(key)),
            base.gender if base else None,
            tuple(dict.fromkeys(aliases)),
            key in self.authors or any(a.casefold() in self.authors for a in aliases),
            base.demonyms if base else (),
            base.words if base else (),
        )

    def _country(self, base: Entity | None, described: list[Figure]) -> str | None:
        """The entry's country, else the one country the figure's affiliation (or else role) names."""
        if base and base.country:
            return base.country
        found = set().union(*(self.country_of(f.affiliation) for f in described)) if described else set()
        found = found or (set().union(*(self.country_of(f.role) for f in described)) if described else set())
        return next(iter(found)) if len(found) == 1 else None


def _roles(base: Entity | None, described: list[Figure]) -> set[str]:
    """The entry's role types, else those the figures' roles name."""
    roles = set(base.roles) if base and base.roles else set()
    if not roles:
        for figure in described:
            roles |= roles_in(figure.role)
    return roles


def _active(active: tuple[int, int] | None, seen: list[int] | None) -> tuple[int, int] | None:
    """The entry's years, widened to the years of the events naming it."""
    if not seen:
        return active
    low, high = min(seen), max(seen)
    return (min(low, active[0]), max(high, active[1])) if active else (low, high)
