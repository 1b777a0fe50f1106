"""The four kinds of fact as field tables, and loading one facts file of a deck with them.

Each kind's table is the common fields followed by its own; the rows say which fields a template may ask for
(`answer`) and which a fact may mark `unreliable` (`doubtable`). decks/README.md describes the same keys for
authors. Loading one file depends only on that file, the texts and the deck's templates (a cache may keep it).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, did_you_mean
from ..model.models import FACT_TYPES, KINDS, LEVELS, QUOTED_KINDS, CustomQuestion, Fact, Quote, Quoted, cite
from ..model.phrases import TODO, clause_verb
from ..model.quantities import SCALES, Quantity, option_numbers
from ..model.textnorm import for_option, for_quote, rough_option_keys
from .fields import (
    BAD,
    Field,
    Record,
    Table,
    a_date,
    as_written,
    each_should_match,
    flag,
    made,
    matches,
    one_of,
    read,
    text,
    texts,
    within_limit,
)
from .paths import BROKEN, MISSING, read_yaml, relative
from .schema import Checker, clean, limit, type_name
from .yamlsrc import LocatedDict, LocatedList

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r"^[a-z0-9]+(?:[-:][a-z0-9]+)*$")
_DATE = '"YYYY", "YYYY-MM" or "YYYY-MM-DD"'


# --- what a fact's fields hold beyond text ---------------------------------------------------------------------


def _source(record: Record, key: str) -> Any:
    """`source`: a verbatim quote found in a citable passage of the text it names."""
    src = record.mapping[key]
    if src.__class__ is not LocatedDict:
        record.check.mapping(record.mapping, key)  # reports it
        return BAD
    values = read(SOURCE, src, record.check, record.context)
    if values is None:
        return BAD
    texts = record.context["seeds"]
    slug, quote = values["seed"], values["quote"]
    text = texts.get(slug)
    if text is None:
        record.check.error(src.value_locs["seed"], _unknown_seed(slug, texts, record.context.get("root")))
        return BAD
    passage = text.find_quote(quote)
    if passage is None:
        record.check.error(src.value_locs["quote"], _quote_not_found(text, slug, quote))
        return BAD
    quoted = values["quoted"]
    # text.slug: one string for all the facts quoting the text (the cache pickles it once per file).
    citation = cite(text.citation, passage.number, quoted)
    made_of = {"text": text.slug, "passage": passage.id, "quote": quote, "citation": citation, "quoted": quoted}
    return made(Quote, made_of)


def _unknown_seed(slug: str, texts: dict[str, Any], root: Path | None) -> str:
    """Why a fact's seed is not there: a text that failed to load (its errors come first) is not called unknown, nor
    is another text suggested for it."""
    if root is not None and (root / "seeds" / f"{slug}.txt").is_file():
        return f"seed '{slug}' did not load (see the errors of seeds/{slug}.txt or seeds/{slug}.yaml)"
    return f"unknown seed '{slug}'{did_you_mean(slug, texts)}"


def _quote_not_found(seed: Any, slug: str, quote: str) -> str:
    hidden = seed.quote_in_uncitable(quote)
    if hidden is not None:
        return f"quote is only in {hidden.id}, which is marked not citable"
    closest = seed.closest_passage(quote)
    hint = ""
    if closest is not None:
        where = f"seeds/{slug}.txt:{closest.line}"
        hint = f"; closest passage {closest.id} ({where}): {_where_it_differs(quote, closest.text)}"
    if "\u2026" in quote or "..." in quote:
        hint += "; an ellipsis ('...', '…') is not allowed inside a quote: quote one unbroken span, or split the fact"
    return f"quote not found in seed '{slug}'{hint}"


def _where_it_differs(quote: str, passage: str) -> str:
    """The first word where the quote leaves the passage, with the text's words beside the quote's, aligned where
    the two share their first run of words."""
    import difflib  # only for a quote not found

    ours, theirs = for_quote(quote).split(), for_quote(passage).split()
    blocks = [b for b in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return "no word of the quote is in it"
    # The quote's first run of three or more words the passage shares (a lone shared word may be a coincidence).
    first = next((b for b in blocks if b.size >= 3), max(blocks, key=lambda b: b.size))
    offset = first.b - first.a
    i = next((i for i in range(len(ours)) if not 0 <= i + offset < len(theirs) or ours[i] != theirs[i + offset]), None)
    if i is None:
        return "the quote matches only with different spacing or quote marks"
    before = " ".join(ours[max(0, i - 3) : i])
    if i + offset < 0:
        return (
            f'the quote starts before the passage does ("{" ".join(ours[:-offset])}" is not in it): a quote stays '
            "inside one passage"
        )
    if i + offset >= len(theirs):
        return f'the quote runs on past the end of the passage after "{before}": a quote stays inside one passage'
    said = " ".join(ours[i : i + 3])
    text = " ".join(theirs[i + offset : i + offset + 3])
    lead = f"…{before} " if before else ""
    said += "…" if i + 3 < len(ours) else ""
    text += "…" if i + offset + 3 < len(theirs) else ""
    return (
        f'the quote has "{ours[i]}" where the text has "{theirs[i + offset]}" '
        f'(quote: "{lead}{said}"; text: "{lead}{text}")'
    )


def _quoted(record: Record, key: str) -> Any:
    """`source.quoted`: whose words a quote is when the text quotes them (a report, a post, a reader comment)."""
    data = record.check.mapping(record.mapping, key)
    values = read(QUOTED, data, record.check, record.context) if data is not None else None
    return BAD if values is None else made(Quoted, values)


def _named_texts(record: Record, key: str) -> Any:
    """`stems` (template -> stem) or `distractors` and `also_true` (answer field -> list of texts)."""
    value = record.mapping[key]
    if not isinstance(value, LocatedDict):
        return record.error(key, f"'{key}' must be a mapping, not {type_name(value)}")
    kind = record.mapping["kind"]  # valid: it chose the table
    stems = key == "stems"
    allowed = record.context["templates"] if stems else ANSWER_FIELDS[kind]
    check = record.check
    out: dict[str, Any] = {}
    for name in value:
        if name not in allowed:
            what = "template" if stems else f"answer field of {kind} facts"
            check.error(value.key_locs[name], f"'{name}' in {key} is not a {what}{did_you_mean(name, allowed)}")
            continue
        if stems:
            item = check.text(value, name)
            if item is not None:
                out[name] = item
            continue
        # A list of clean texts (nearly always) taken here, as `texts` takes it; anything else checked item by item.
        listed, most = value[name], limit(name)
        if listed.__class__ is LocatedList:
            taken = [
                t.strip() for t in listed if t.__class__ is str and len(t) <= most and (t.isprintable() or clean(t))
            ]
            if len(taken) == len(listed) and all(taken):
                out[name] = tuple(taken)
                continue
        items = check.text_list(value, name, required=True)
        if items is not None:
            out[name] = tuple(items)
    return out


def _known_templates(record: Record, key: str, names: tuple[str, ...]) -> Any:
    templates = record.context["templates"]
    known = frozenset(names)
    if known <= templates.keys():  # nearly always: no name to report
        return known
    for i, name in enumerate(names):
        if name not in templates:
            where = record.mapping[key].item_locs[i]
            record.check.error(where, f"skip names unknown template '{name}'{did_you_mean(name, templates)}")
    return frozenset(names)


def _noun_phrase(record: Record, key: str, what: str) -> Any:
    """An event's `what` fills "When did ___ take place?": once a fact is no draft, the TODO `quizgen draft` left
    is an error and a clause ("the treaty was signed") a warning."""
    if record.mapping.get("draft") is True:
        return what
    if what.startswith(TODO):
        return record.error(key, f"what still starts with {TODO}: {_A_NOUN_PHRASE}")
    verb = clause_verb(what)
    if verb:
        record.check.warn(record.mapping.value_locs[key], f"what reads as a clause ('{verb}'): {_A_NOUN_PHRASE}")
    return what


_A_NOUN_PHRASE = 'write a noun phrase that fits "When did ___ take place?", such as "the signing of the treaty"'


def _given_fields(record: Record, key: str, names: tuple[str, ...]) -> Any:
    """`unreliable` names fields of the fact's kind that the fact gives."""
    kind = record.mapping["kind"]  # valid: it chose the table
    allowed = DOUBTABLE_FIELDS[kind]
    for i, name in enumerate(names):
        if name not in allowed:
            record.check.error(
                record.mapping[key].item_locs[i],
                f"unreliable names '{name}', not a field of {kind} facts; use one of: "
                f"{', '.join(allowed)}{did_you_mean(name, allowed)}",
            )
        elif name not in record.mapping:
            where = record.mapping[key].item_locs[i]  # only for an error: a location costs more than the checks
            record.check.error(where, f"unreliable names '{name}', which this fact does not give")
    return frozenset(names)


def _questions(record: Record, key: str) -> Any:
    """`questions`: hand-written questions, each read by the QUESTION table, ids unique within the fact."""
    items = record.mapping[key]
    if not isinstance(items, LocatedList):
        return record.error(key, f"'questions' must be a list, not {type_name(items)}")
    out, seen = [], set()
    check, context, locs = record.check, record.context, items.item_locs
    for i, q in enumerate(items):
        if not isinstance(q, LocatedDict):
            check.error(locs[i], f"a question must be a mapping, not {type_name(q)}")
            continue
        values = read(QUESTION, q, check, context)
        if values is None:
            continue
        if values["id"] in seen:
            check.error(q.value_locs["id"], f"duplicate question id '{values['id']}' in this fact")
            continue
        seen.add(values["id"])
        values["loc"] = q.value_locs["see_also"] if "see_also" in q else locs[i]
        out.append(made(CustomQuestion, values))
    return tuple(out)


def _three_or_more(record: Record, key: str, distractors: tuple[str, ...]) -> Any:
    if len(distractors) < 3:
        return record.error(key, f"a hand-written question needs at least 3 distractors, has {len(distractors)}")
    return distractors


_LIMIT = 1e15


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _reasonable(v: int | float) -> bool:
    """Finite and small enough that half, double or triple of it is still an ordinary float."""
    try:
        return math.isfinite(float(v)) and abs(float(v)) < _LIMIT
    except OverflowError:  # an int beyond float range
        return False


def _low_high(record: Record, key: str) -> Any:
    """A number's `value`: a number or a range [low, high], as (low, high or None)."""
    value = record.mapping[key]
    # inf, nan or 1e308 would crash or print as nonsense when near values are made up as distractors.
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, int | float) and not isinstance(v, bool) and not _reasonable(v) for v in values):
        return record.error(key, f"value must be a finite number smaller than {_LIMIT:.0e}")
    if not isinstance(value, list):
        low = _number(value)
        if low is None:
            return record.error(key, f"value must be a number or [low, high], not {type_name(value)}")
        return low, None
    low, high = (_number(value[0]), _number(value[1])) if len(value) == 2 else (None, None)
    if low is None or high is None or low >= high:
        return record.error(key, "a range must be [low, high] with two numbers, low first")
    return low, high


def _quantity(record: Record) -> None:
    """A number's value, unit and scale make one Quantity."""
    if record.ok("value", "unit", "scale"):
        values = record.values
        low, high = values["value"]
        values["value"] = Quantity(low, high, values["unit"], values["scale"])


_STANCE = 'a stance fills "Who argued that ___?"'
# Starts that make a stance something other than a clause after "argued that": a conjunction or infinitive ("to wean
# Pakistan from China", "if we shall suppose ..."), or a noun phrase cut from a clause ("no right to do more").
_NOT_A_CLAUSE = re.compile(
    r"^(?:(?:to|if|when|whether|while|because|although|though|unless|yet|but|and|or|woe)\b"
    r"|(?:no|not|any) \w+ (?:to|of|for)\b)",
    re.IGNORECASE,
)
_SENTENCE_START = frozenset(
    ("the", "a", "an", "it", "its", "this", "that", "these", "those", "there", "we", "they", "he", "she", "i", "our")
    + ("their", "if", "yet", "but", "and", "or", "so", "woe", "let")
)


def _stance_form(record: Record) -> None:
    """A stance is shown inside a sentence ("Who argued that ___?", "X argued that ___.") and as an option: no cut-off
    text, no end punctuation (errors, as a `what` starting with TODO is); a warning when it does not read as a clause
    or starts like a sentence, unless the fact never shows it in generated wording (its own explanation, and a
    hand-written stem or skip for every template whose stem names it)."""
    stance = record.values.get("stance")
    if record.mapping.get("draft") is True or not isinstance(stance, str) or not stance:
        return
    if "\u2026" in stance or "..." in stance:
        record.error("stance", f"stance is cut off ('…'): {_STANCE}; write the whole clause, or a shorter one")
        return
    if stance[-1] in ".?!;:,":
        record.error("stance", f"stance ends with '{stance[-1]}': {_STANCE}; drop the '{stance[-1]}'")
        return
    if _stance_only_as_an_option(record):
        return
    start = _NOT_A_CLAUSE.match(stance)
    first = stance.split()[0]
    if start:
        record.check.warn(
            record.mapping.value_locs["stance"],
            f"stance does not read as a clause (starts '{start.group(0)}'): {_STANCE}, "
            'such as "the war could have been avoided"',
        )
    elif first[:1].isupper() and first.lower().strip(",") in _SENTENCE_START:
        lower = first[:1].lower() + first[1:]
        where = record.mapping.value_locs["stance"]  # only now: a location costs more than the checks
        record.check.warn(where, f"stance starts with a capital ('{first}'): {_STANCE}; write '{lower}'")


def _stance_only_as_an_option(record: Record) -> bool:
    stems, skip = record.values.get("stems"), record.values.get("skip")
    if not record.mapping.get("explanation") or not isinstance(stems, dict) or not isinstance(skip, frozenset):
        return False
    templates = record.context["templates"]
    return all(
        tid in stems or tid in skip
        for tid, t in templates.items()
        if t.kind == "position" and ("{stance}" in t.stem or "{Stance}" in t.stem)
    )


_UNITS = ("percent", "usd")
_COMMON_UNITS = ("seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries", "people")
_UNIT_ALIASES = {
    "%": "percent",
    "per cent": "percent",
    "percentage": "percent",
    "pc": "percent",
    "$": "usd",
    "us$": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "us dollars": "usd",
}
# Plurals that do not end in s: a unit is written as a plural ("1 years" is shown "1 year").
_IRREGULAR_PLURALS = frozenset(("people", "children", "men", "women", "police", "personnel", "staff", "cattle"))
_KNOWN_UNITS = f"use {', '.join(_UNITS)}, or a plural noun such as {', '.join(_COMMON_UNITS)}"


def _known_unit(record: Record, key: str, unit: str) -> Any:
    """`unit`: percent, usd, or a plural noun; a symbol, a currency word, a singular or a near miss of a common unit
    is refused with the unit it most likely means (they would show as "12.5 %", "250 dollars", "4 year")."""
    if unit in _UNITS or unit in _COMMON_UNITS:
        return unit
    meant = _meant_unit(unit.lower())
    if meant is None or meant == unit:
        return unit
    return record.error(
        key, f"unit '{unit}' is not one the deck format knows (did you mean '{meant}'?): {_KNOWN_UNITS}"
    )


@functools.lru_cache(maxsize=4096)  # difflib: about 20 us a call, and a deck writes the same few units many times
def _meant_unit(folded: str) -> str | None:
    """The known unit a written one most likely means, or None when it reads as a plural noun of its own."""
    import difflib  # only for a unit that is not a common one

    if folded in _UNIT_ALIASES or folded in _UNITS:
        return _UNIT_ALIASES.get(folded, folded)
    # A near miss keeps its first letter ("yeers"): "tours" is a unit of its own, not "hours".
    near = difflib.get_close_matches(folded, [u for u in _COMMON_UNITS if u[0] == folded[:1]], n=1, cutoff=0.75)
    if near:
        return near[0]
    if folded.endswith("s") or folded in _IRREGULAR_PLURALS:
        return folded
    return folded[:-1] + "ies" if folded.endswith("y") and folded[-2:-1] not in "aeiou" else folded + "s"


# --- the tables ------------------------------------------------------------------------------------------------

QUOTED = Table(
    "source.quoted",
    (
        Field("by", text, required=True),
        Field(
            "kind", text, (one_of(QUOTED_KINDS, "quoted.kind '{value}' must be one of {choices}{hint}"),), required=True
        ),
        Field("date", text, (a_date(f"quoted.date '{{value}}' must be {_DATE}", "quoted.date"),)),
    ),
)
SOURCE = Table(
    "source",
    (
        Field("seed", text, required=True),
        Field("quote", text, required=True),
        Field("quoted", _quoted),
    ),
)


def _numbered_when_ordered(record: Record) -> None:
    """`ordered: true` sorts the options by the numbers they name (years, amounts), so each must name one."""
    values = record.values
    if values["ordered"] is not True or not record.ok("answer", "distractors"):
        return
    bare = [o for o in (values["answer"], *values["distractors"]) if not option_numbers(o)]
    if bare:
        record.error("ordered", f"an ordered question sorts its options by their numbers; '{bare[0]}' names none")


def _answer_not_a_distractor(record: Record) -> None:
    """A distractor equal to the answer (after case and punctuation) would never be shown: say which, where it is,
    however many distractors there are (it used to be dropped without a word when three others were left)."""
    values = record.values
    if not record.ok("answer", "distractors"):
        return
    answer, distractors = values["answer"], values["distractors"]
    rough, *others = rough_option_keys((answer, *distractors))
    if rough is not None and rough not in others and None not in others:
        return  # nearly always: the cheap keys tell every distractor from the answer
    folded = None
    for i, distractor in enumerate(distractors):
        other = others[i]
        if rough is not None and other is not None and other != rough:
            continue  # for_option's folding (about 15 us a call) only where the cheap key cannot tell them apart
        folded = for_option(answer) if folded is None else folded
        if for_option(distractor) == folded:
            record.check.error(
                record.mapping["distractors"].item_locs[i],
                f"hand-written question '{values['id']}': distractor '{distractor}' is its answer; write a wrong "
                "answer instead",
            )


QUESTION = Table(
    "question",
    (
        Field(
            "id", text, (matches(ID, "question id '{value}' must be lowercase letters, digits and -"),), required=True
        ),
        Field("stem", text, required=True),
        Field("answer", text, required=True),
        Field("distractors", texts, (_three_or_more,), required=True),
        Field("explanation", text),
        Field("level", text, (one_of(LEVELS, "level '{value}' must be one of {choices}{hint}"),), default="recall"),
        Field("see_also", texts, default=()),
        Field("ordered", flag, default=False),
    ),
    rules=(_numbered_when_ordered, _answer_not_a_distractor),
)
COMMON = (
    Field("id", text, (matches(ID, "fact id '{value}' must be lowercase letters, digits and -"),), required=True),
    Field("kind", as_written, required=True, to=None),  # chose the table
    Field(
        "tags",
        texts,
        (each_should_match(TAG, "tag '{value}' should be lowercase words joined by - (no spaces)"),),
        required=True,
    ),
    Field("source", _source, required=True),
    Field("according_to", text),
    Field("explanation", text),
    Field("stems", _named_texts, default_factory=dict),
    Field("distractors", _named_texts, default_factory=dict),
    Field("also_true", _named_texts, default_factory=dict),
    Field("skip", texts, (_known_templates,), default=frozenset()),
    Field("conflicts_with", texts, default=()),
    Field("same_point", texts, default=()),
    Field("note", within_limit, to=None),  # for authors; never shown
    Field("questions", _questions, default=()),
    Field("unreliable", texts, (_given_fields,), default=frozenset()),
    Field("draft", flag, default=False, to=None),  # read by load_facts_file
)
"""The fields every fact has, whatever its kind."""
_WHEN = f"when '{{value}}' must be {_DATE} (quoted)"
FACTS = {
    "event": Table(
        "event fact",
        (
            *COMMON,
            Field("what", text, (_noun_phrase,), required=True, answer=True, doubtable=True),
            Field("when", text, (a_date(_WHEN, "when"),), required=True, answer=True, doubtable=True),
            Field("who", texts, default=(), doubtable=True),
            Field("where", text, answer=True, doubtable=True),
        ),
    ),
    "figure": Table(
        "figure fact",
        (
            *COMMON,
            Field("name", text, required=True, answer=True, doubtable=True),
            Field("aliases", texts, default=()),
            Field("role", text, required=True, answer=True, doubtable=True),
            Field("affiliation", text, answer=True, doubtable=True),
        ),
    ),
    "position": Table(
        "position fact",
        (
            *COMMON,
            Field("holder", text, required=True, answer=True, doubtable=True),
            Field("topic", text, required=True, answer=True, doubtable=True),
            Field("stance", text, required=True, answer=True, doubtable=True),
        ),
        rules=(_stance_form,),
    ),
    "number": Table(
        "number fact",
        (
            *COMMON,
            Field("measures", text, required=True, answer=True, doubtable=True),
            Field("value", _low_high, required=True, answer=True, doubtable=True),
            Field("unit", text, (_known_unit,), required=True, to=None),  # into value, by _quantity
            Field("scale", text, (one_of(SCALES, "scale must be one of {choices}{hint}"),), to=None),
            Field("as_of", text, (a_date(f"as_of '{{value}}' must be {_DATE}", "as_of"),), doubtable=True),
        ),
        rules=(_quantity,),
    ),
}
"""Each kind of fact's table, by kind."""
assert tuple(FACTS) == KINDS
ANSWER_FIELDS = {kind: table.keys("answer") for kind, table in FACTS.items()}
"""The fields a template of each kind may ask for."""
DOUBTABLE_FIELDS = {kind: table.keys("doubtable") for kind, table in FACTS.items()}
"""The fields a fact of each kind may mark as `unreliable`."""


# --- loading ---------------------------------------------------------------------------------------------------


def load_fact(item: Any, loc: Location, context: dict[str, Any], check: Checker) -> Fact | None:
    """One fact read by its kind's table; None when it has errors (each reported). context: texts, templates, root."""
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
    values = read(FACTS[kind], item, check, context)
    if values is None:
        return None
    values["loc"] = loc
    # Read only for a list with items (most facts have neither): where each is written.
    values["conflicts_locs"] = _item_locs(item, "conflicts_with") if values["conflicts_with"] else ()
    values["same_point_locs"] = _item_locs(item, "same_point") if values["same_point"] else ()
    fact: Fact = made(FACT_TYPES[kind], values)
    if fact.explanation is None:
        check.warn(loc, f"fact '{fact.id}' has no explanation; the template's default is used")
    return fact


def _item_locs(item: LocatedDict, key: str) -> tuple[Location, ...]:
    """Where each item of a list field is written: an unknown fact id it names is reported at its own line."""
    listed = item.get(key)
    if not isinstance(listed, LocatedList):
        return ()
    locs = listed.item_locs  # by index: iterating the view would end on an IndexError
    return tuple([locs[i] for i in range(len(listed))])


@dataclass
class Entry:
    """One item of a facts file as loaded: the deck still checks its id against the other files'."""

    id: Any
    """The id as written (a deck drops a later fact with the same id, whatever else is wrong with it)."""
    loc: Location
    fact: Fact | None
    """None when it has errors."""
    draft: bool
    problems: list[Problem] = field(default_factory=list)


def load_facts_file(path: Path, root: Path, context: dict[str, Any]) -> tuple[list[Problem], list[Entry]]:
    """The problems of a facts file as a whole, and each of its facts; context: the texts and the deck's templates."""
    problems: list[Problem] = []
    check = Checker(problems)
    data = read_yaml(path, root, check)
    if data is BROKEN or data is MISSING:
        return problems, []
    rel = relative(path, root)
    if data is None:
        check.warn(Location(rel, 1, 1), "file is empty")
        return problems, []
    if not isinstance(data, LocatedDict) or "facts" not in data:
        loc = getattr(data, "loc", Location(rel, 1, 1))
        check.error(loc, "a fact file must be a mapping with one key, 'facts', holding a list")
        return problems, []
    check.keys(data, ("facts",), (), "a fact file")
    items = data["facts"]
    if not isinstance(items, LocatedList):
        check.error(data.value_locs["facts"], f"'facts' must be a list, not {type_name(items)}")
        return problems, []
    locs = items.item_locs
    return problems, [_entry(item, locs[i], context) for i, item in enumerate(items)]


def _entry(item: Any, loc: Location, context: dict[str, Any]) -> Entry:
    entry = Entry(item.get("id") if isinstance(item, dict) else None, loc, None, False)
    entry.fact = load_fact(item, loc, context, Checker(entry.problems))
    entry.draft = entry.fact is not None and item.get("draft") is True
    return entry
