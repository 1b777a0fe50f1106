"""Load and validate deck folders into typed models, reporting every problem with its file, line and column."""

from __future__ import annotations

import math
import re
import string
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from ..model.dates import parse_date
from ..model.models import (
    FACT_TYPES,
    KINDS,
    LEVELS,
    QUOTED_KINDS,
    CustomQuestion,
    Deck,
    Event,
    Fact,
    Figure,
    Number,
    Position,
    Quote,
    Quoted,
    Template,
    cite,
)
from ..model.quantities import SCALES, Quantity
from .entities import build_registry, parse_entities
from .paths import read_content_file
from .schema import Checker, did_you_mean, type_name
from .seeds import SLUG, Seed
from .yamlsrc import LocatedDict, LocatedList, YamlSyntaxError, load_yaml

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r"^[a-z0-9]+(?:[-:][a-z0-9]+)*$")

COMMON_REQUIRED = ("id", "kind", "tags", "source")
COMMON_OPTIONAL = (
    "according_to",
    "explanation",
    "stems",
    "distractors",
    "also_true",
    "skip",
    "conflicts_with",
    "note",
    "questions",
    "unreliable",
    "draft",
)
KIND_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "event": (("what", "when"), ("who", "where")),
    "figure": (("name", "role"), ("aliases", "affiliation")),
    "position": (("holder", "topic", "stance"), ()),
    "number": (("measures", "value", "unit"), ("scale", "as_of")),
}
_FACT_KEYS = {
    kind: (COMMON_REQUIRED + required, COMMON_OPTIONAL + optional, f"{kind} fact")
    for kind, (required, optional) in KIND_KEYS.items()
}
"""Required keys, optional keys and the name of each kind of fact, as Checker.keys takes them."""
ANSWER_FIELDS = {
    "event": ("what", "when", "where"),
    "figure": ("name", "role", "affiliation"),
    "position": ("holder", "topic", "stance"),
    "number": ("measures", "value"),
}
UNRELIABLE_FIELDS = {
    "event": ("what", "when", "who", "where"),
    "figure": ("name", "role", "affiliation"),
    "position": ("holder", "topic", "stance"),
    "number": ("measures", "value", "as_of"),
}
"""The fields a fact may mark as `unreliable`."""
TEMPLATE_REQUIRED = ("id", "kind", "stem", "answer")
TEMPLATE_OPTIONAL = ("distractors", "order", "optional", "explain", "options", "format")
TEMPLATE_FORMATS = ("choice", "true-false")
DISTRACTOR_MODES = ("pool", "curated", "generated")


def placeholders(pattern: str) -> list[str]:
    """Field names used in a stem pattern; raises ValueError on a malformed pattern."""
    return [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]


def load_deck(folder: Path, root: Path, seeds: dict[str, Seed], problems: list[Problem]) -> Deck | None:
    """Load one deck folder; None when it is too broken to use (the problems say why)."""
    slug = folder.name
    rel = f"decks/{slug}"
    check = Checker(problems)
    if not SLUG.match(slug):
        check.error(Location(rel), f"deck folder name '{slug}' is not a slug (lowercase letters, digits, -)")
        return None
    info = _read(folder / "deck.yaml", root, check)
    title, description = slug, ""
    if isinstance(info, LocatedDict):
        if check.keys(info, ("title",), ("description",), "deck.yaml"):
            title = check.text(info, "title") or slug
            description = check.text(info, "description", required=False) or ""
    elif info is not _MISSING and info is not _BROKEN:
        check.error(Location(f"{rel}/deck.yaml", 1, 1), "deck.yaml must be a mapping with 'title' and 'description'")
    elif info is _MISSING:
        check.error(Location(rel), "missing deck.yaml (title and description)")
    templates = _load_templates(folder / "templates.yaml", root, check)
    facts: list[Fact] = []
    drafts: list[Location] = []
    seen: dict[str, Location] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("deck.yaml", "templates.yaml", "entities.yaml"):
            continue
        data = _read(path, root, check)
        if data is _BROKEN or data is _MISSING:
            continue
        rel_path = _rel(path, root)
        if data is None:
            check.warn(Location(rel_path, 1, 1), "file is empty")
            continue
        if not isinstance(data, LocatedDict) or "facts" not in data:
            loc = getattr(data, "loc", Location(rel_path, 1, 1))
            check.error(loc, "a fact file must be a mapping with one key, 'facts', holding a list")
            continue
        check.keys(data, ("facts",), (), "a fact file")
        items = data["facts"]
        if not isinstance(items, LocatedList):
            check.error(data.value_locs["facts"], f"'facts' must be a list, not {type_name(items)}")
            continue
        for i, item in enumerate(items):
            loc = items.item_locs[i]
            raw_id = item.get("id") if isinstance(item, dict) else None
            if (
                isinstance(raw_id, str) and raw_id in seen
            ):  # checked before loading, so a broken first copy still counts
                check.error(loc, f"duplicate fact id '{raw_id}' (first defined at {seen[raw_id].format()})")
                continue
            if isinstance(raw_id, str):
                seen[raw_id] = loc
            before = len(check.problems)
            fact = _load_fact(item, loc, seeds, templates, check)
            if fact is not None and _is_draft(item, check):
                drafts.append(fact.loc)
                # A draft's fields are guesses to be edited: only its errors (a quote not in the seed) are worth
                # showing now, not advice such as "no explanation".
                check.problems[before:] = [p for p in check.problems[before:] if p.severity == "error"]
            elif fact is not None:
                facts.append(fact)
    if drafts:
        check.problems.append(
            Problem(
                drafts[0],
                f"{len(drafts)} draft fact{'s' * (len(drafts) != 1)} kept out of every output until an author "
                "checks each and removes its 'draft: true'",
                "info",
            )
        )
    _check_conflicts(facts, check)
    accounts = {slug: seed.account for slug, seed in seeds.items()}
    registry: dict = {}
    listed = _read(folder / "entities.yaml", root, check)
    if listed is not _MISSING and listed is not _BROKEN:
        entries = parse_entities(listed, f"{rel}/entities.yaml", check)
        registry = build_registry(entries, facts, seeds.values(), check)
    return Deck(slug, title, description, tuple(templates.values()), tuple(facts), accounts, registry)


def _is_draft(item: LocatedDict, check: Checker) -> bool:
    """`draft: true` marks a fact `quizgen draft` proposed and no author has checked yet."""
    value = item.get("draft", False)
    if not isinstance(value, bool):
        check.error(item.value_locs["draft"], f"'draft' must be true or false, not {type_name(value)}")
        return True
    return value


_MISSING, _BROKEN = object(), object()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, root: Path, check: Checker) -> Any:
    rel = _rel(path, root)
    try:
        raw = read_content_file(path, root)
    except FileNotFoundError:
        return _MISSING
    except OSError as exc:
        check.error(Location(rel), f"cannot read: {exc.strerror}")
        return _BROKEN
    try:
        return load_yaml(raw, rel)
    except YamlSyntaxError as exc:
        check.error(exc.location, exc.message)
        return _BROKEN


def _load_templates(path: Path, root: Path, check: Checker) -> dict[str, Template]:
    rel = _rel(path, root)
    data = _read(path, root, check)
    templates: dict[str, Template] = {}
    if data is _MISSING:
        check.error(Location(rel), "missing templates.yaml (see decks/README.md)")
        return templates
    if data is _BROKEN:
        return templates
    if not isinstance(data, LocatedDict) or not isinstance(data.get("templates"), LocatedList):
        check.error(
            getattr(data, "loc", Location(rel, 1, 1)), "templates.yaml must have one key, 'templates', holding a list"
        )
        return templates
    check.keys(data, ("templates",), (), "templates.yaml")
    items = data["templates"]
    for i, item in enumerate(items):
        loc = items.item_locs[i]
        if not isinstance(item, LocatedDict):
            check.error(loc, f"a template must be a mapping, not {type_name(item)}")
            continue
        if not check.keys(item, TEMPLATE_REQUIRED, TEMPLATE_OPTIONAL, "template"):
            continue
        tid, kind, stem, answer = (check.text(item, k) for k in TEMPLATE_REQUIRED)
        if tid is None or kind is None or stem is None or answer is None:
            continue
        if not ID.match(tid):
            check.error(item.value_locs["id"], f"template id '{tid}' must be lowercase letters, digits and -")
            continue
        if tid in templates:
            check.error(item.value_locs["id"], f"duplicate template id '{tid}'")
            continue
        if kind not in KINDS:
            check.error(item.value_locs["kind"], f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}")
            continue
        fields = FACT_TYPES[kind].FIELDS + ("according_to",)
        ok = True
        for key in ("stem", "explain"):
            if key not in item:
                continue
            try:
                names = placeholders(str(item[key]))
            except ValueError as exc:
                check.error(item.value_locs[key], f"bad placeholder in {key}: {exc}")
                ok = False
                continue
            for name in names:
                if name.lower() not in fields and name[:1].lower() + name[1:] not in fields:
                    check.error(
                        item.value_locs[key],
                        f"template '{tid}' names unknown field '{{{name}}}' for "
                        f"{kind} facts{did_you_mean(name, fields)}",
                    )
                    ok = False
        if answer not in ANSWER_FIELDS[kind]:
            check.error(
                item.value_locs["answer"],
                f"'{answer}' cannot be the answer of a {kind} template; use "
                f"one of: {', '.join(ANSWER_FIELDS[kind])}{did_you_mean(answer, ANSWER_FIELDS[kind])}",
            )
            ok = False
        mode = str(item.get("distractors", "pool"))
        if mode not in DISTRACTOR_MODES:
            check.error(
                item.value_locs["distractors"],
                f"distractors must be one of {', '.join(DISTRACTOR_MODES)}{did_you_mean(mode, DISTRACTOR_MODES)}",
            )
            ok = False
        order = item.get("order")
        if order is not None and (order not in ("first", "last") or kind != "event" or answer != "what"):
            check.error(
                item.value_locs["order"], "order must be 'first' or 'last', on an event template answering 'what'"
            )
            ok = False
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            check.error(item.value_locs["optional"], f"'optional' must be true or false, not {type_name(optional)}")
            ok = False
        fmt = str(item.get("format", "choice"))
        if fmt not in TEMPLATE_FORMATS:
            check.error(
                item.value_locs["format"],
                f"format must be one of {', '.join(TEMPLATE_FORMATS)}{did_you_mean(fmt, TEMPLATE_FORMATS)}",
            )
            ok = False
        count = item.get("options", 2 if fmt == "true-false" else 4)
        if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= 5:
            check.error(item.value_locs["options"], f"'options' must be a whole number from 2 to 5, not {count!r}")
            ok = False
        elif fmt == "true-false" and count != 2:
            check.error(item.value_locs["options"], "a true-false template has 2 options")
            ok = False
        if ok:
            templates[tid] = Template(
                tid,
                kind,
                stem,
                answer,
                mode,
                order,
                optional,
                check.text(item, "explain", required=False),
                loc,
                options=count,
                format=fmt,
            )
    return templates


def _load_fact(
    item: Any, loc: Location, seeds: dict[str, Seed], templates: dict[str, Template], check: Checker
) -> Fact | None:
    if not isinstance(item, LocatedDict):
        check.error(loc, f"a fact must be a mapping, not {type_name(item)}")
        return None
    kind = item.get("kind")
    if kind not in KINDS:
        if "kind" in item:
            check.error(item.value_locs["kind"], f"unknown kind '{kind}'{did_you_mean(str(kind), KINDS)}")
        else:
            check.error(loc, "missing key 'kind' in fact (event, figure, position or number)")
        return None
    if not check.keys(item, *_FACT_KEYS[kind]):
        return None
    errors_before = check.errors
    if "note" in item:
        check.within_limit(item, "note")
    fid = check.text(item, "id")
    if fid and not ID.match(fid):
        check.error(item.value_locs["id"], f"fact id '{fid}' must be lowercase letters, digits and -")
    tags = check.text_list(item, "tags", required=True) or []
    for i, tag in enumerate(tags):
        if not TAG.match(tag):
            check.warn(item["tags"].item_locs[i], f"tag '{tag}' should be lowercase words joined by - (no spaces)")
    source = _load_source(item, seeds, check)
    common: dict[str, Any] = {
        "id": fid,
        "tags": tuple(tags),
        "source": source,
        "loc": loc,
        "according_to": check.text(item, "according_to", required=False),
        "explanation": check.text(item, "explanation", required=False),
        "stems": _text_map(item, "stems", check, lambda v: v, allowed=templates, kind=kind),
        "distractors": _text_map(item, "distractors", check, tuple, allowed=ANSWER_FIELDS[kind], kind=kind),
        "also_true": _text_map(item, "also_true", check, tuple, allowed=ANSWER_FIELDS[kind], kind=kind),
        "skip": frozenset(_skip(item, templates, kind, check)),
        "conflicts_with": tuple(check.text_list(item, "conflicts_with") or ()),
        "questions": _custom_questions(item, templates, check),
        "unreliable": frozenset(_unreliable(item, kind, check)),
    }
    fact: Fact | None = None
    if kind == "event":
        what, when = check.text(item, "what"), check.text(item, "when")
        date = parse_date(when) if when else None
        if when and date is None:
            check.error(item.value_locs["when"], f'when \'{when}\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD" (quoted)')
        where = check.text(item, "where", required=False)
        who = tuple(check.text_list(item, "who") or ())
        if what and date:
            fact = Event(**common, what=what, when=date, who=who, where=where)
    elif kind == "figure":
        name, role = check.text(item, "name"), check.text(item, "role")
        aliases = tuple(check.text_list(item, "aliases") or ())
        affiliation = check.text(item, "affiliation", required=False)
        if name and role:
            fact = Figure(**common, name=name, aliases=aliases, role=role, affiliation=affiliation)
    elif kind == "position":
        holder, topic, stance = (check.text(item, k) for k in ("holder", "topic", "stance"))
        if holder and topic and stance:
            fact = Position(**common, holder=holder, topic=topic, stance=stance)
    else:
        measures = check.text(item, "measures")
        quantity = _quantity(item, check)
        as_of = None
        if "as_of" in item:
            raw = check.text(item, "as_of")
            as_of = parse_date(raw) if raw else None
            if raw and as_of is None:
                check.error(item.value_locs["as_of"], f'as_of \'{raw}\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"')
        if measures and quantity:
            fact = Number(**common, measures=measures, value=quantity, as_of=as_of)
    errors_after = check.errors
    if fact is None or errors_after > errors_before or fid is None or source is None:
        return None
    if fact.explanation is None:
        check.warn(loc, f"fact '{fid}' has no explanation; the template's default is used")
    return fact


def _load_source(item: LocatedDict, seeds: dict[str, Seed], check: Checker) -> Quote | None:
    src = check.mapping(item, "source")
    if src is None or not check.keys(src, ("seed", "quote"), ("quoted",), "source"):
        return None
    quoted = _quoted(src, check) if "quoted" in src else None
    if "quoted" in src and quoted is None:
        return None
    slug, quote = check.text(src, "seed"), check.text(src, "quote")
    if not slug or not quote:
        return None
    seed = seeds.get(slug)
    if seed is None:
        check.error(src.value_locs["seed"], f"unknown seed '{slug}'{did_you_mean(slug, seeds)}")
        return None
    passage = seed.find_quote(quote)
    if passage is None:
        hidden = seed.quote_in_uncitable(quote)
        if hidden is not None:
            check.error(src.value_locs["quote"], f"quote is only in {hidden.id}, which is marked not citable")
            return None
        closest = seed.closest_passage(quote)
        hint = ""
        if closest is not None:
            excerpt = " ".join(closest.text.split())
            excerpt = excerpt if len(excerpt) <= 160 else excerpt[:157] + "..."
            hint = f'; closest passage {closest.id} (seeds/{slug}.txt:{closest.line}): "{excerpt}"'
        check.error(src.value_locs["quote"], f"quote not found in seed '{slug}'{hint}")
        return None
    return Quote(slug, passage.id, quote, cite(seed.citation, passage.number, quoted), quoted)


def _quoted(src: LocatedDict, check: Checker) -> Quoted | None:
    """`source.quoted`: whose words a quote is when the seed quotes them (a report, a post, a reader comment)."""
    data = check.mapping(src, "quoted")
    if data is None or not check.keys(data, ("by", "kind"), ("date",), "source.quoted"):
        return None
    by, kind = check.text(data, "by"), check.text(data, "kind")
    if kind is not None and kind not in QUOTED_KINDS:
        check.error(
            data.value_locs["kind"],
            f"quoted.kind '{kind}' must be one of {', '.join(QUOTED_KINDS)}{did_you_mean(kind, QUOTED_KINDS)}",
        )
        return None
    date = None
    if "date" in data:
        raw = check.text(data, "date")
        date = parse_date(raw) if raw else None
        if raw and date is None:
            check.error(data.value_locs["date"], f'quoted.date \'{raw}\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"')
            return None
        if raw is None:
            return None
    if by is None or kind is None:
        return None
    return Quoted(by, kind, date)


def _unreliable(item: LocatedDict, kind: str, check: Checker) -> list[str]:
    names = check.text_list(item, "unreliable") or []
    allowed = UNRELIABLE_FIELDS[kind]
    for i, name in enumerate(names):
        if name not in allowed:
            check.error(
                item["unreliable"].item_locs[i],
                f"unreliable names '{name}', not a field of {kind} facts; use one of: "
                f"{', '.join(allowed)}{did_you_mean(name, allowed)}",
            )
        elif name not in item:
            check.error(item["unreliable"].item_locs[i], f"unreliable names '{name}', which this fact does not give")
    return names


def _text_map(item: LocatedDict, key: str, check: Checker, convert: Any, *, allowed: Any, kind: str) -> dict:
    if key not in item:
        return {}
    value = item[key]
    if not isinstance(value, LocatedDict):
        check.error(item.value_locs[key], f"'{key}' must be a mapping, not {type_name(value)}")
        return {}
    out = {}
    for name in value:
        if name not in allowed:
            what = "template" if key == "stems" else f"answer field of {kind} facts"
            check.error(value.key_locs[name], f"'{name}' in {key} is not a {what}{did_you_mean(name, allowed)}")
            continue
        if key == "stems":
            text = check.text(value, name)
            if text:
                out[name] = text
        else:
            items = check.text_list(value, name, required=True)
            if items is not None:
                out[name] = convert(items)
    return out


def _skip(item: LocatedDict, templates: dict[str, Template], kind: str, check: Checker) -> list[str]:
    names = check.text_list(item, "skip") or []
    for i, name in enumerate(names):
        if name not in templates:
            check.error(
                item["skip"].item_locs[i], f"skip names unknown template '{name}'{did_you_mean(name, templates)}"
            )
    return names


def _custom_questions(item: LocatedDict, templates: dict[str, Template], check: Checker) -> tuple[CustomQuestion, ...]:
    if "questions" not in item:
        return ()
    items = item["questions"]
    if not isinstance(items, LocatedList):
        check.error(item.value_locs["questions"], f"'questions' must be a list, not {type_name(items)}")
        return ()
    out, seen = [], set()
    for i, q in enumerate(items):
        if not isinstance(q, LocatedDict):
            check.error(items.item_locs[i], f"a question must be a mapping, not {type_name(q)}")
            continue
        if not check.keys(q, ("id", "stem", "answer", "distractors"), ("explanation", "level", "see_also"), "question"):
            continue
        qid, stem, answer = check.text(q, "id"), check.text(q, "stem"), check.text(q, "answer")
        distractors = check.text_list(q, "distractors", required=True)
        level = check.text(q, "level", required=False) or "recall"
        if level not in LEVELS:
            hint = did_you_mean(level, LEVELS)
            check.error(q.value_locs["level"], f"level '{level}' must be one of {', '.join(LEVELS)}{hint}")
            continue
        see_also = check.text_list(q, "see_also")
        if see_also is None:
            continue
        if qid and not ID.match(qid):
            check.error(q.value_locs["id"], f"question id '{qid}' must be lowercase letters, digits and -")
            continue
        if qid in seen:
            check.error(q.value_locs["id"], f"duplicate question id '{qid}' in this fact")
            continue
        if distractors is not None and len(distractors) < 3:
            check.error(
                q.value_locs["distractors"],
                f"a hand-written question needs at least 3 distractors, has {len(distractors)}",
            )
            continue
        if qid and stem and answer and distractors:
            seen.add(qid)
            explanation = check.text(q, "explanation", required=False)
            where = q.value_locs.get("see_also", items.item_locs[i])
            out.append(
                CustomQuestion(qid, stem, answer, tuple(distractors), explanation, level, tuple(see_also), where)
            )
    return tuple(out)


def _quantity(item: LocatedDict, check: Checker) -> Quantity | None:
    value, loc = item.get("value"), item.value_locs.get("value", item.loc)
    unit = check.text(item, "unit")
    scale = check.text(item, "scale", required=False)
    if scale is not None and scale not in SCALES:
        check.error(item.value_locs["scale"], f"scale must be one of {', '.join(SCALES)}{did_you_mean(scale, SCALES)}")
        return None

    def number(v: Any) -> float | None:
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    # inf, nan or 1e308 would crash or print as nonsense when near values are made up as distractors.
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, int | float) and not isinstance(v, bool) and not _reasonable(v) for v in values):
        check.error(loc, f"value must be a finite number smaller than {_LIMIT:.0e}")
        return None
    if isinstance(value, list):
        low, high = (number(value[0]), number(value[1])) if len(value) == 2 else (None, None)
        if low is None or high is None or low >= high:
            check.error(loc, "a range must be [low, high] with two numbers, low first")
            return None
    else:
        low, high = number(value), None
        if low is None:
            check.error(loc, f"value must be a number or [low, high], not {type_name(value)}")
            return None
    if unit is None:
        return None
    return Quantity(low, high, unit, scale)


_LIMIT = 1e15


def _reasonable(v: int | float) -> bool:
    """Finite and small enough that half, double or triple of it is still an ordinary float."""
    try:
        return math.isfinite(float(v)) and abs(float(v)) < _LIMIT
    except OverflowError:  # an int beyond float range
        return False


def _check_also_true(facts: list[Fact], check: Checker) -> None:
    """An also_true person that no fact names is almost always a typo (or a YAML list split at a comma)."""
    people = {getattr(f, k).casefold() for f in facts for k in ("holder", "name") if hasattr(f, k)}
    people |= {a.casefold() for f in facts if isinstance(f, Figure) for a in f.aliases}
    for fact in facts:
        for field in ("holder", "name"):
            for value in fact.also_true.get(field, ()):
                if value.casefold() not in people:
                    check.warn(
                        fact.loc,
                        f"also_true.{field} '{value}' of fact '{fact.id}' matches no {field} in the deck"
                        f"{did_you_mean(value.casefold(), sorted(people))}",
                    )


def _check_conflicts(facts: list[Fact], check: Checker) -> None:
    _check_also_true(facts, check)
    ids = {f.id: f for f in facts}
    for fact in facts:
        for custom in fact.questions:
            for other in custom.see_also:
                if other not in ids:
                    check.error(
                        custom.loc,
                        f"see_also of question '{custom.id}' names unknown fact '{other}'{did_you_mean(other, ids)}",
                    )
                elif other == fact.id:
                    check.error(custom.loc, f"see_also of question '{custom.id}' names its own fact '{other}'")
        for other in fact.conflicts_with:
            if other not in ids:
                check.error(fact.loc, f"conflicts_with names unknown fact '{other}'{did_you_mean(other, ids)}")
            elif other == fact.id:
                check.error(fact.loc, "a fact cannot conflict with itself")
        if fact.conflicts_with and not fact.according_to:
            check.warn(
                fact.loc,
                f"fact '{fact.id}' conflicts with another account but does not say whose account "
                "it is (add according_to)",
            )


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
