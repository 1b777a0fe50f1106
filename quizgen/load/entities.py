"""The entity registry: `decks/<deck>/entities.yaml` merged with what the facts and seeds already say.

An entry holds only what the facts lack: a figure's country comes from its affiliation (or the country its role
names), its role types from its role ("Pakistan's prime minister" -> head-of-government), its years from the events
naming it, authorship from the seeds. The generator draws wrong options for names, holders and roles with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..model.models import ENTITY_TYPES, ROLE_TYPES, Entity, Event, Fact, Figure, Position
from ..model.roles import CountryWords, roles_in
from .schema import Checker, did_you_mean, type_name
from .seeds import Seed
from .yamlsrc import LocatedDict, LocatedList

KEYS = ("name",), ("aliases", "type", "country", "roles", "active", "gender", "demonyms", "words")
GENDERS = ("male", "female")


def parse_entities(data: Any, rel: str, check: Checker) -> list[tuple[Entity, Any]]:
    """The entries of entities.yaml, each with its location; every problem reported."""
    if not isinstance(data, LocatedDict) or not isinstance(data.get("entities"), LocatedList):
        check.error(getattr(data, "loc", None) or _file_loc(rel), "entities.yaml must have one key, 'entities', a list")
        return []
    check.keys(data, ("entities",), (), "entities.yaml")
    out: list[tuple[Entity, Any]] = []
    items = data["entities"]
    for i, item in enumerate(items):
        loc = items.item_locs[i]
        if not isinstance(item, LocatedDict):
            check.error(loc, f"an entity must be a mapping, not {type_name(item)}")
            continue
        if not check.keys(item, *KEYS, "entity"):
            continue
        before = check.errors
        name = check.text(item, "name")
        aliases = tuple(check.text_list(item, "aliases") or ())
        kind = check.text(item, "type", required=False)
        if kind is not None and kind not in ENTITY_TYPES:
            check.error(
                item.value_locs["type"],
                f"type '{kind}' must be one of {', '.join(ENTITY_TYPES)}{did_you_mean(kind, ENTITY_TYPES)}",
            )
        country = check.text(item, "country", required=False)
        roles = check.text_list(item, "roles") or []
        for j, role in enumerate(roles):
            if role not in ROLE_TYPES:
                check.error(
                    item["roles"].item_locs[j],
                    f"role type '{role}' must be one of {', '.join(ROLE_TYPES)}{did_you_mean(role, ROLE_TYPES)}",
                )
        active = _years(item, check)
        gender = check.text(item, "gender", required=False)
        if gender is not None and gender not in GENDERS:
            check.error(item.value_locs["gender"], f"gender '{gender}' must be male or female")
        demonyms, words = _country_words(item, kind, check)
        if check.errors == before and name:
            entity = Entity(name, kind or "", country, frozenset(roles), active, gender, aliases)
            out.append((replace(entity, demonyms=demonyms, words=words), loc))
    return out


def _country_words(item: LocatedDict, kind: str | None, check: Checker) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A country's `demonyms` and `words`; on any other entry they are an error."""
    demonyms, words = tuple(check.text_list(item, "demonyms") or ()), tuple(check.text_list(item, "words") or ())
    for key in ("demonyms", "words"):
        if key in item and kind != "country":
            check.error(item.value_locs[key], f"only a country (type: country) has {key}")
    return demonyms, words


def _file_loc(rel: str) -> Any:
    from ..errors import Location

    return Location(rel, 1, 1)


def _years(item: LocatedDict, check: Checker) -> tuple[int, int] | None:
    if "active" not in item:
        return None
    value = item["active"]
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    )
    if not ok:
        check.error(item.value_locs["active"], f"active must be [first year, last year], not {value!r}")
        return None
    return value[0], value[1]


# Complexity 29 (30 before the country words moved to the deck): split by the load/ rewrite running alongside.
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
    authors: dict[str, str] = {}
    """Casefolded author name -> its entity type: one author is a person, several (as cite_as joins them) a group."""
    for seed in seeds:
        kind = "person" if len(seed.authors) == 1 else "group"
        authors.update((a.casefold(), "person") for a in seed.authors)
        authors[seed.cite_as.casefold()] = kind
        if len(seed.authors) > 1:
            authors[(", ".join(seed.authors[:-1]) + " and " + seed.authors[-1]).casefold()] = "group"
    # A figure's affiliation or role names its country by the words of the registry's countries (the deck's data).
    vocabulary = CountryWords.of(e for e, _ in entries)

    def country_of(text: str | None) -> set[str]:
        if text and text.casefold() in vocabulary.words:
            return {vocabulary.words[text.casefold()]}
        return vocabulary.countries_in(text)

    figures: dict[str, list[Figure]] = {}
    for fact in facts:
        if isinstance(fact, Figure):
            figures.setdefault(fact.name.casefold(), []).append(fact)
    years: dict[str, list[int]] = {}
    for fact in facts:
        if isinstance(fact, Event):
            for who in fact.who:
                years.setdefault(who.casefold(), []).append(fact.when.year)
    out: dict[str, Entity] = {}

    def complete(key: str, base: Entity | None, name: str) -> Entity:
        described = figures.get(key, [])
        country = base.country if base and base.country else None
        if country is None:
            found = set().union(*(country_of(f.affiliation) for f in described)) if described else set()
            found = found or (set().union(*(country_of(f.role) for f in described)) if described else set())
            country = next(iter(found)) if len(found) == 1 else None
        roles = set(base.roles) if base and base.roles else set()
        if not roles:
            for figure in described:
                roles |= roles_in(figure.role)
        active = base.active if base else None
        seen = years.get(key)
        if seen:
            low, high = min(seen), max(seen)
            active = (min(low, active[0]), max(high, active[1])) if active else (low, high)
        kind = base.type if base and base.type else ("person" if described else authors.get(key, ""))
        aliases = tuple(base.aliases if base else ()) + tuple(a for f in described for a in f.aliases)
        return Entity(
            base.name if base else name,
            kind,
            country,
            frozenset(roles),
            active,
            base.gender if base else None,
            tuple(dict.fromkeys(aliases)),
            key in authors or any(a.casefold() in authors for a in aliases),
            base.demonyms if base else (),
            base.words if base else (),
        )

    names: dict[str, tuple[str, Fact, str]] = {}
    for fact in facts:
        if isinstance(fact, Figure):
            names.setdefault(fact.name.casefold(), (fact.name, fact, "name"))
        elif isinstance(fact, Position):
            names.setdefault(fact.holder.casefold(), (fact.holder, fact, "holder"))
        elif isinstance(fact, Event):
            for who in fact.who:
                names.setdefault(who.casefold(), (who, fact, "who"))
    for key, (name, fact, field) in names.items():
        base = given.get(key)
        entity = complete(key, base, name)
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
            out[key] = complete(key, base, base.name)
    for entity in list(out.values()):
        for alias in entity.aliases:
            out.setdefault(alias.casefold(), entity)
    return out
