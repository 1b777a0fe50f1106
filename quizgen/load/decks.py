"""Load and validate deck folders into typed models, reporting every problem with its file, line and column.

A deck folder holds deck.yaml (title, description), templates.yaml (templates.py), entities.yaml (entities.py) and
any number of facts files (facts.py); this module puts them together and checks what spans files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from ..model.models import Deck, Fact, Figure, Position
from .entities import build_registry, parse_entities
from .facts import Entry, load_facts_file
from .paths import BROKEN, MISSING, read_yaml
from .schema import Checker, did_you_mean
from .templates import load_templates
from .texts import SLUG, Text
from .unloaded import Unloaded
from .yamlsrc import LocatedDict

NOT_FACTS = ("deck.yaml", "templates.yaml", "entities.yaml")
"""The files of a deck folder that hold no facts."""

FactsFileLoader = Callable[[Path, Path, dict[str, Any]], tuple[list[Problem], list[Entry]]]
"""Loads one facts file: (path, content root, context: texts, templates, root) -> (the file's problems, its entries).
`load_facts_file`, or the content cache's per-file version of it (bank/content.py)."""


def load_deck(
    folder: Path,
    root: Path,
    texts: dict[str, Text],
    problems: list[Problem],
    load_file: FactsFileLoader = load_facts_file,
) -> Deck | None:
    """Load one deck folder; None when it is too broken to use (the problems say why). Each facts file is loaded
    by `load_file`, in name order."""
    slug = folder.name
    check = Checker(problems)
    if not SLUG.match(slug):
        check.error(
            Location(f"decks/{slug}"), f"deck folder name '{slug}' is not a slug (lowercase letters, digits, -)"
        )
        return None
    title, description = _deck_info(folder, root, check)
    templates = load_templates(folder / "templates.yaml", root, check)
    context = {"seeds": texts, "templates": templates, "root": root}
    facts, unloaded = _load_facts(folder, root, context, check, load_file)
    _check_conflicts(facts, check, unloaded)
    if unloaded is not None:
        check.extend(unloaded.problems())
    accounts = {slug: text.account for slug, text in texts.items()}
    registry: dict = {}
    listed = read_yaml(folder / "entities.yaml", root, check)
    if listed is not MISSING and listed is not BROKEN:
        entries = parse_entities(listed, f"decks/{slug}/entities.yaml", check)
        registry = build_registry(entries, facts, texts.values(), check)
    return Deck(slug, title, description, tuple(templates.values()), tuple(facts), accounts, registry)


def _deck_info(folder: Path, root: Path, check: Checker) -> tuple[str, str]:
    """deck.yaml's title and description (the folder name and nothing, when it has none)."""
    slug, rel = folder.name, f"decks/{folder.name}"
    info = read_yaml(folder / "deck.yaml", root, check)
    title, description = slug, ""
    if isinstance(info, LocatedDict):
        if check.keys(info, ("title",), ("description",), "deck.yaml"):
            title = check.text(info, "title") or slug
            description = check.text(info, "description", required=False) or ""
    elif info is MISSING:
        check.error(Location(rel), "missing deck.yaml (title and description)")
    elif info is not BROKEN:
        check.error(Location(f"{rel}/deck.yaml", 1, 1), "deck.yaml must be a mapping with 'title' and 'description'")
    return title, description


def facts_files(folder: Path) -> list[Path]:
    """The facts files of a deck folder, in the order they are loaded (by name)."""
    return [path for path in sorted(folder.glob("*.yaml")) if path.name not in NOT_FACTS]


def _load_facts(
    folder: Path, root: Path, context: dict[str, Any], check: Checker, load_file: FactsFileLoader
) -> tuple[list[Fact], Unloaded | None]:
    """Every facts file of the deck, in name order; a fact id given twice keeps its first fact. With what failed to
    load, when anything did."""
    facts: list[Fact] = []
    unloaded: Unloaded | None = None
    drafts: list[Location] = []
    seen: dict[str, Location] = {}
    for path in facts_files(folder):
        problems, entries = load_file(path, root, context)
        check.extend(problems)
        failed = False  # whether a fact of this file failed to load
        for entry in entries:
            if isinstance(entry.id, str) and entry.id in seen:  # whatever else is wrong with the second copy
                check.error(entry.loc, f"duplicate fact id '{entry.id}' (first defined at {seen[entry.id].format()})")
                continue
            if isinstance(entry.id, str):
                seen[entry.id] = entry.loc
            if entry.fact is not None and entry.draft:
                # A draft's fields are guesses to be edited: advice such as "no explanation" is not worth showing
                # now (and a draft with errors is no fact: they are shown).
                drafts.append(entry.fact.loc)
                continue
            check.extend(entry.problems)
            if entry.fact is not None:
                facts.append(entry.fact)
            else:
                failed = True
        if failed or (not entries and any(p.severity == "error" for p in problems)):
            unloaded = unloaded or Unloaded()
            unloaded.add(path, root, problems, entries)
    if drafts:
        check.problems.append(
            Problem(
                drafts[0],
                f"{len(drafts)} draft fact{'s' * (len(drafts) != 1)} kept out of every output until an author "
                "checks each and removes its 'draft: true'",
                "info",
            )
        )
    return facts, unloaded


def _check_also_true(facts: list[Fact], check: Checker, unloaded: Unloaded | None) -> None:
    """An also_true person that no fact names is almost always a typo (or a YAML list split at a comma)."""
    # By class, not hasattr: a failed hasattr makes and drops an AttributeError, for every event and number fact.
    people = {f.holder.casefold() for f in facts if isinstance(f, Position)}
    people |= {name.casefold() for f in facts if isinstance(f, Figure) for name in (f.name, *f.aliases)}
    for fact in facts:
        for field in ("holder", "name"):
            for value in fact.also_true.get(field, ()):
                if value.casefold() not in people and not (unloaded and unloaded.skip_name(value, fact.loc)):
                    check.warn(
                        fact.loc,
                        f"also_true.{field} '{value}' of fact '{fact.id}' matches no {field} in the deck"
                        f"{did_you_mean(value.casefold(), sorted(people))}",
                    )


def _check_conflicts(facts: list[Fact], check: Checker, unloaded: Unloaded | None) -> None:
    """References between facts; one to a fact that failed to load is counted in `unloaded`, not reported."""
    _check_also_true(facts, check, unloaded)
    ids = {f.id: f for f in facts}
    for fact in facts:
        for custom in fact.questions:
            for other in custom.see_also:
                if other not in ids:
                    _unknown(other, ids, custom.loc, f"see_also of question '{custom.id}'", check, unloaded)
                elif other == fact.id:
                    check.error(custom.loc, f"see_also of question '{custom.id}' names its own fact '{other}'")
        for i, other in enumerate(fact.conflicts_with):
            if other not in ids:
                where = fact.conflicts_locs[i] if i < len(fact.conflicts_locs) else fact.loc
                _unknown(other, ids, where, "conflicts_with", check, unloaded)
            elif other == fact.id:
                check.error(fact.loc, "a fact cannot conflict with itself")
        _check_same_point(fact, ids, check, unloaded)
        if fact.conflicts_with and not fact.according_to:
            check.warn(
                fact.loc,
                f"fact '{fact.id}' conflicts with another account but does not say whose account "
                "it is (add according_to)",
            )


def _check_same_point(fact: Fact, ids: dict[str, Fact], check: Checker, unloaded: Unloaded | None) -> None:
    """Each id of `same_point` names another fact of the deck."""
    for i, other in enumerate(fact.same_point):
        where = fact.same_point_locs[i] if i < len(fact.same_point_locs) else fact.loc
        if other not in ids:
            _unknown(other, ids, where, "same_point", check, unloaded)
        elif other == fact.id:
            check.error(where, "same_point names its own fact: a fact makes its own point already")


def _unknown(
    other: str, ids: dict[str, Fact], loc: Location, what: str, check: Checker, unloaded: Unloaded | None
) -> None:
    """A reference to a fact the deck does not have: an error, unless that fact failed to load (counted then)."""
    if unloaded is None or not unloaded.skip(other, loc):
        check.error(loc, f"{what} names unknown fact '{other}'{did_you_mean(other, ids)}")


def conflict_pairs(deck: Deck) -> list[tuple[Fact, Fact]]:
    """Each recorded disagreement once, whichever side declared it."""
    ids = {f.id: f for f in deck.facts}
    pairs: dict[tuple[str, str], tuple[Fact, Fact]] = {}
    for fact in deck.facts:
        for other_id in fact.conflicts_with:
            other = ids.get(other_id)
            if other is not None and other is not fact:
                first, second = sorted((fact.id, other_id))
                pairs.setdefault((first, second), (fact, other))  # the declaring side first
    return [pairs[k] for k in sorted(pairs)]
