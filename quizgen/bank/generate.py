"""Templates x facts -> questions: stems, four distinct options, answer, explanation and source.

Determinism and stability: each candidate wrong option gets a random draw from (question id, candidate value)
alone, and the three candidates with the best draw, weighed by how alike they are to the answer, are taken
(Gumbel top-k: sampling without replacement, nearer values likelier). Adding a fact to the deck therefore changes
another question's options only when the new value is drawn into them; reordering or editing unrelated facts
changes nothing. Option order is drawn from (seed, question id).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import math
import re
import string
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from ..errors import Problem
from ..model.dates import PartialDate, parse_date
from ..model.models import (
    TRUE_FALSE,
    CustomQuestion,
    Deck,
    Entity,
    Event,
    Fact,
    Figure,
    Number,
    Position,
    Question,
    Template,
    Value,
)
from ..model.quantities import Quantity
from ..model.questions import unchecked
from ..model.textnorm import for_option, without_article
from ..util.rng import Reseeded
from .arrange import _DATE_SHOWN, _digest64, _order_key, arrange_options

# How widely wrong options are drawn around the most similar values: a candidate _SPREAD further from the answer
# than another (see _position: a unit is 3 months or a year, a factor of e, half the answer's length) is e times
# less likely to be drawn. Similar enough to be plausible, varied enough that the same three do not follow every
# question.
_SPREAD = 0.6
_SPREAD_TEXT = 0.35
"""Text is weighed by its length, a weak likeness: the draw keeps closer to the most alike."""
_SPREAD_MONTHS = 6.0
"""The same, in months, for the events offered in chronology questions."""

# Which other facts are weighed as the source of a wrong option. Up to _SCAN_ALL facts offering a value of the
# answer's type, every one is (the bundled deck has 154 positions; its draws must not depend on a window). Beyond
# that, weighing every fact for every question grows with the square of the deck, so only the _NEAREST closest
# distinct values are, found by walking out from the answer in a sorted index (see _Index), trying at most
# _PER_VALUE facts per value.
_SCAN_ALL = 400
_NEAREST = 12
_PER_VALUE = 2
_SCAN_DATE = 8
"""For chronology questions in a large deck: how many events of one date are weighed."""


_RNG = Reseeded()
"""The generator a question's shuffles of curated or hand-written wrong options draw from, seeded per question."""

_key = functools.lru_cache(maxsize=1 << 16)(for_option)
"""for_option, remembered: the same dates, numbers and names are compared again for every question."""

_twin = functools.lru_cache(maxsize=1 << 16)(without_article)
"""without_article, remembered for the same reason (a pattern substitution for every key starting with t or a)."""


def build_questions(
    deck: Deck, problems: list[Problem] | None = None, seed: int = 0, *, arrange: bool = True
) -> list[Question]:
    """Every question the deck's templates make from its facts; facts that cannot get three distractors are reported.

    With arrange=False the correct option stays first (validation only counts and checks questions); a true/false
    question always has True, False.
    """
    problems = problems if problems is not None else []
    problems += template_problems(deck.templates)
    # One process: forking half the facts to another core (bank/parallel.py, from 2,000 facts) cost more CPU and
    # memory than it saved in wall time on the shared 2-core machine (issue 15, must-have 8; README, Benchmarks).
    making = QuestionMaker(deck)
    questions: list[Question] = []
    for fact in deck.facts:
        questions += making.of_fact(fact, problems)
    return arrange_options(questions, seed) if arrange else questions


class QuestionMaker:
    """What a fact's questions are drawn from: the deck's values (pools), its latest date, its facts by id.

    A fact's template questions read only its own kind's facts (in deck order) and, but for a chronology (which reads
    every event), only those offering a value of the asked type in the asked field (`_Pools.group`); the templates;
    the entity registry; the deck's latest event date (`horizon`); and its texts' accounts. Its hand-written ones
    read the sources of the facts they name (see_also). The content cache relies on this to generate again only the
    facts whose inputs an edit changed (bank/kept.py): anything else a question comes to read must be added there.
    """

    def __init__(self, deck: Deck):
        self.deck = deck
        self.pools = _Pools(deck.facts, deck.entities)
        self.horizon = horizon(deck.facts)
        self.by_id = {f.id: f for f in deck.facts}
        self.templates: dict[str, list[Template]] = {}
        """Each kind's templates, in the deck's order."""
        for template in deck.templates:
            self.templates.setdefault(template.kind, []).append(template)

    def of_fact(self, fact: Fact, problems: list[Problem]) -> list[Question]:
        """The fact's questions, its templates' first, in the deck's order; what goes wrong is added to `problems`."""
        pools, out = self.pools, []
        same_kind = pools.by_kind[fact.kind]
        for template in self.templates.get(fact.kind, ()):
            if template.id in fact.skip:
                continue
            question = _from_template(fact, template, same_kind, problems, self.horizon, pools, self.deck.accounts)
            if question is not None:
                out.append(question)
        for custom in fact.questions:
            question = _from_custom(fact, custom, problems, self.by_id)
            if question is not None:
                out.append(question)
        return out


def horizon(facts: Sequence[Fact]) -> tuple | None:
    """The end of the latest event's date: no made-up date later than anything the deck knows (a 2027 option for a
    2025 text gives itself away)."""
    return max((f.when.span()[1] for f in facts if isinstance(f, Event)), default=None)


def template_problems(templates: Sequence[Template]) -> list[Problem]:
    """What a template asks that no question can give: a chronology needs three to four choices to order."""
    out = []
    for template in templates:
        if template.order and template.format == "true-false":
            out.append(Problem(template.loc, f"template '{template.id}': a chronology question cannot be true-false"))
        elif template.order and template.options > 4:
            out.append(Problem(template.loc, f"template '{template.id}': a chronology question has at most 4 options"))
    return out


_Entry = tuple[int, Fact, Value, str, float]
"""A fact's value in one field: (deck index, fact, value, option key, position for _Index)."""
_Candidate = tuple[float, int, str, "Fact | None", str]
"""A possible wrong option: (distance from the answer, deck index, text, the fact offering it, option key)."""


class _Index:
    """The distinct values of one group sorted by position, each with the facts offering it in deck order.

    A value's position is a lower bound of its distance from an answer (see _position), so walking out from the
    answer's position meets values in order of how alike they can be.
    """

    def __init__(self, entries: Sequence[_Entry]):
        buckets: dict[tuple[float, str], list[tuple[int, Fact, Value]]] = {}
        for i, fact, value, key, pos in entries:
            buckets.setdefault((pos, key), []).append((i, fact, value))
        # (position, option key, members): each the tuple a walk yields, made once
        self.buckets = sorted(((pos, key, members) for (pos, key), members in buckets.items()), key=_by_position)
        self.positions = [pos for pos, _, _ in self.buckets]

    def outward(self, pos: float) -> Iterator[tuple[float, str, list[tuple[int, Fact, Value]]]]:
        """Every value, nearest position first (ties: the lower position first)."""
        positions, buckets = self.positions, self.buckets
        lo = bisect.bisect_left(positions, pos) - 1
        hi = lo + 1
        while lo >= 0 or hi < len(buckets):
            if hi >= len(buckets) or (lo >= 0 and pos - positions[lo] <= positions[hi] - pos):
                yield buckets[lo]
                lo -= 1
            else:
                yield buckets[hi]
                hi += 1

    def walk(self, pos: float, forward: bool) -> Iterator[tuple[float, str, list[tuple[int, Fact, Value]]]]:
        """Every value at or after `pos` (forward) or at or before it, nearest first."""
        if forward:
            yield from self.buckets[bisect.bisect_left(self.positions, pos) :]
        else:
            yield from reversed(self.buckets[: bisect.bisect_right(self.positions, pos)])


def _by_position(bucket: tuple[float, str, list[tuple[int, Fact, Value]]]) -> tuple[float, int]:
    """A bucket's place in an _Index: its position, then its first fact's place in the deck."""
    return bucket[0], bucket[2][0][0]


def _alike(entries: Sequence[_Entry]) -> list[list[_Entry]]:
    """Entries in runs of the same option key, position, text and (for a person) affiliation, in deck order.

    _Likeness.distance reads nothing else of a candidate, and the draw reads a value's Gumbel key from its option key
    alone, so the members of a run rank in deck order in any question: only the first one a question may offer
    can be drawn (the draw skips an option key it has seen), and the full scan weighs no other.
    """
    runs: dict[tuple, list[_Entry]] = {}
    for entry in entries:
        _, fact, value, key, pos = entry
        side = fact.affiliation if isinstance(fact, Figure) else None
        runs.setdefault((key, pos, value.text, side), []).append(entry)
    return list(runs.values())


class _Pools:
    """Every fact's values, computed once, grouped by kind, field and value type in deck order; indexed lazily."""

    def __init__(self, facts: Sequence[Fact], entities: dict[str, Entity] | None = None):
        self.entities = entities or {}
        """The deck's registry (see Deck.entities); empty for a deck without entities.yaml."""
        from ..model.roles import CountryWords  # here, not at the top: a warm quiz never builds pools

        self.demonyms = CountryWords.of(self.entities.values()).demonyms
        """The registry's words for a country's people ("Pakistani"): "Pakistani officials" names no one."""
        self.by_kind: dict[str, list[Fact]] = {}
        self.values: dict[Fact, dict[str, Value]] = {}
        self._raw: dict[tuple[str, str, tuple], list[tuple[int, Fact, Value]]] = {}
        for i, fact in enumerate(facts):
            self.by_kind.setdefault(fact.kind, []).append(fact)
            values = self.values[fact] = fact.values()
            for field, value in values.items():
                self._raw.setdefault((fact.kind, field, value.type), []).append((i, fact, value))
        self._groups: dict[tuple[str, str, tuple], list[_Entry]] = {}
        self._indexes: dict[tuple, _Index] = {}
        self._alike: dict[tuple, list[list[_Entry]]] = {}
        self.entity_of = {fact: _entity_of(fact, self.entities) for fact in facts} if self.entities else {}
        """Each fact's registry entry (of its holder or name), looked up once."""
        self._verdicts: dict[tuple[int, bool, bool], dict[int, bool]] = {}
        self._keys: dict[tuple[Fact, str], str] = {}
        self._names: dict[Fact, frozenset[str]] = {}
        self._folded: dict[int, frozenset[str]] = {}
        self._by_text: dict[str, list[Event]] | None = None
        self._ambiguous: set[Event] | None = None
        self._orderable: dict[str, list[tuple[Event, int, int]]] = {}
        self._days: dict[Event, tuple[int, int]] = {}
        self._ranked_by: dict[Event, tuple[int, int]] = {}
        self._shown_numbers: dict[Fact, str] | None = None

    def option_key(self, fact: Fact, field: str) -> str:
        """for_option of the fact's value in this field, computed once."""
        key = self._keys.get((fact, field))
        if key is None:
            key = self._keys[fact, field] = _key(self.values[fact][field].text)
        return key

    def group(self, kind: str, field: str, type_: tuple) -> list[_Entry]:
        """The facts of a kind with a value of this type in this field, in deck order (keyed for fields asked about)."""
        name = (kind, field, type_)
        entries = self._groups.get(name)
        if entries is None:
            raw = self._raw.get(name, [])
            entries = self._groups[name] = [(i, f, v, _key(v.text), _position(v)) for i, f, v in raw]
        return entries

    def index(self, kind: str, field: str, type_: tuple) -> _Index:
        key = (kind, field, type_)
        if key not in self._indexes:
            self._indexes[key] = _Index(self.group(kind, field, type_))
        return self._indexes[key]

    def alike(self, kind: str, field: str, type_: tuple) -> list[list[_Entry]]:
        """The group's facts in runs that any question weighs alike (see _alike), each run in deck order."""
        key = (kind, field, type_)
        runs = self._alike.get(key)
        if runs is None:
            runs = self._alike[key] = _alike(self.group(kind, field, type_))
        return runs

    def verdicts(self, key: Entity, by_name: bool, needs_gender: bool) -> dict[int, bool]:
        """id(entity) -> _plausible_apart(key, entity, ...): one table for every question about the key."""
        return self._verdicts.setdefault((id(key), by_name, needs_gender), {})

    def events_of(self, text: str) -> list[Event]:
        """The events quoted from one text, in deck order."""
        if self._by_text is None:
            self._by_text = {}
            for fact in self.by_kind.get("event", []):
                if isinstance(fact, Event):
                    self._by_text.setdefault(fact.source.text, []).append(fact)
        return self._by_text.get(text, [])

    def orderable(self, text: str) -> list[tuple[Event, int, int]]:
        """The events of a text a chronology question may order (datable, no other event's label alike), in deck
        order, with the first and last day their dates may mean (see days)."""
        found = self._orderable.get(text)
        if found is None:
            ambiguous = self.ambiguous()
            found = self._orderable[text] = [
                (e, *self.days(e)) for e in self.events_of(text) if _datable(e) and e not in ambiguous
            ]
        return found

    def ranked_by(self, event: Event) -> tuple[int, int]:
        """What a chronology question ranks an event by, worked out once: the month its date begins (year x 12 +
        month) and its label's option key's _hash64."""
        found = self._ranked_by.get(event)
        if found is None:
            y, m, _ = event.when.span()[0]
            found = self._ranked_by[event] = (y * 12 + m, _hash64(self.option_key(event, "what")))
        return found

    def days(self, event: Event) -> tuple[int, int]:
        """The first and last day an event's date may mean, as day numbers: b - a >= _GAP_DAYS of a's last and b's
        first day is _well_before(a, b), compared in integers."""
        found = self._days.get(event)
        if found is None:
            start, end = event.when.span()
            found = self._days[event] = (_day_number(start), _day_number(end))
        return found

    def ambiguous(self) -> set[Event]:
        """Every event whose label another event of its text resembles (see ambiguous_events), found once."""
        if self._ambiguous is None:
            self.events_of("")
            self._ambiguous = set().union(*(ambiguous_events(e) for e in (self._by_text or {}).values()))
        return self._ambiguous

    def shown_numbers(self) -> dict[Fact, str]:
        """Each number fact's value as shown, looked up once for every candidate a measures question weighs."""
        if self._shown_numbers is None:
            self._shown_numbers = {f: self.values[f]["value"].text for f in self.by_kind.get("number", ())}
        return self._shown_numbers

    def folded_names(self, entity: Entity) -> frozenset[str]:
        """An entity's name and aliases, casefolded: what a stem must not name (plausible_for)."""
        names = self._folded.get(id(entity))
        if names is None:
            names = self._folded[id(entity)] = frozenset([entity.name.casefold(), *map(str.casefold, entity.aliases)])
        return names

    def names(self, figure: Figure) -> frozenset[str]:
        names = self._names.get(figure)
        if names is None:
            names = self._names[figure] = frozenset(figure.names())
        return names


def render(pattern: str, values: dict[str, Value], attribution: str | None = None) -> str | None:
    """Fill {field} and {Field} placeholders; None if the fact lacks a field the pattern needs.

    With an attribution the result reads "According to X, when did ...?".
    """
    out = []
    for literal, key, upper in _pieces(pattern, bool(attribution)):
        out.append(literal)
        if key is None:
            continue
        value = values.get(key)
        if value is None:
            return None
        text = value.text
        if upper:
            text = text[:1].upper() + text[1:]
        out.append(text)
    text = "".join(out)
    # An empty pattern (a template without `explain`) stays empty: never a bare "According to X, ".
    return f"According to {attribution}, {text}" if attribution and text else text


def attribution(fact: Fact) -> str | None:
    """Whose account a generated stem or explanation names: the fact's `according_to`, unless it only names the
    position's own holder ("According to Lincoln, which view did Abraham Lincoln express ...?" says it twice, and
    "According to Lincoln, who argued ...?" gives the answer away)."""
    whose = fact.according_to
    if whose and isinstance(fact, Position) and _words(whose) <= _words(fact.holder):
        return None
    return whose


@functools.lru_cache(maxsize=1 << 10)
def _words(text: str) -> frozenset[str]:
    """Remembered: a deck names few people as holders and accounts, and every question of their facts asks."""
    return frozenset(re.findall(r"[\w'’-]+", text.lower()))


@functools.lru_cache(maxsize=1 << 10)
def _pieces(pattern: str, attributed: bool) -> tuple[tuple[str, str | None, bool], ...]:
    """(literal text, the field shown after it or None, whether capitalised) of each piece of a stem pattern, worked
    out once per template; `attributed`: following "According to X, ", so its first letter is lowered."""
    out = []
    for i, (literal, name) in enumerate(_placeholders(pattern)):
        if attributed and i == 0:
            literal = literal[:1].lower() + literal[1:] if literal else literal
            if not literal and name:
                name = name[:1].lower() + name[1:]
        key = None if name is None else name[:1].lower() + name[1:]
        out.append((literal, key, name is not None and name[:1].isupper()))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 10)
def _placeholders(pattern: str) -> tuple[tuple[str, str | None], ...]:
    """(literal text, placeholder or None) of each piece of a stem pattern, parsed once per template."""
    return tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(pattern))


def _from_template(
    fact: Fact,
    template: Template,
    same_kind: list[Fact],
    problems: list[Problem],
    horizon: tuple | None = None,
    pools: _Pools | None = None,
    accounts: dict[str, str] | None = None,
) -> Question | None:
    qid = f"{fact.id}/{template.id}"
    pools = pools or _Pools(same_kind)
    values = pools.values[fact]
    if template.format == "true-false" and template.order:
        return None  # a chronology question needs its options (reported by template_problems)
    answer = values.get(template.answer)
    if answer is None:
        return None  # the fact lacks the field this template asks about
    if fact.unreliable and _rests_on(template, fact.stems.get(template.id)) & fact.unreliable:
        return None  # the deck does not trust this field: never ask it, nor state it in a stem
    if template.format == "true-false":
        return _true_false(fact, template, qid, values, problems, horizon, pools)
    stem = fact.stems.get(template.id)
    attributed = attribution(fact)
    if stem is None:
        # A chronology question orders four events of one text, by that text's account ("According to Haq's blog
        # post, which of these took place first?").
        whose = (accounts or {}).get(fact.source.text) if template.order else attributed
        stem = render(template.stem, values, whose)
        if stem is None:
            return None
    if template.order:
        return _chronology_question(fact, template, stem, qid, same_kind, pools)
    lost: list[str] = []
    distractors = pick_distractors(fact, template, answer, same_kind, qid, horizon, pools, lost)
    if len(distractors) < template.options - 1:
        _too_few(fact, template, distractors, lost, pools, problems)
        return None
    explanation = fact.explanation or render(template.explain or "", values, attributed) or ""
    options = (_option(answer.text), *(_option(d) for d in distractors))
    # Dates and numbers are shown in ascending order (arrange_options sorts them; the key's rank was drawn with the
    # distractors), as a reader expects them.
    ordered = answer.type[0] in ("date", "quantity") and None not in map(_order_key, options)
    return _checked(unchecked(fact, qid, template.id, stem, options, 0, explanation, ordered=ordered))


def _chronology_question(
    fact: Fact, template: Template, stem: str, qid: str, same_kind: list[Fact], pools: _Pools
) -> Question | None:
    """Which of these took place first (or last): the fact's event among others of its text, well apart in time."""
    if not isinstance(fact, Event) or not _datable(fact) or template.options > 4:
        return None  # the date itself is disputed or untrusted: no chronology question rests on it
    picked = _chronology(fact, template.order or "first", same_kind, qid, pools)
    if picked is None:
        return None
    picked = picked[: template.options - 1]  # the nearest first: fewer options keep the best-drawn events
    explanation = _chronology_explanation(fact, picked, template.order or "first")
    options = (_option(fact.what), *(_option(e.what) for e in picked))
    return _checked(unchecked(fact, qid, template.id, stem, options, 0, explanation))


def _too_few(
    fact: Fact, template: Template, distractors: list[str], lost: list[str], pools: _Pools, problems: list[Problem]
) -> None:
    """Say why a fact gets no question from a template: too few wrong options, or only ones that give it away."""
    if not lost and key_entity(fact, template.answer, pools.entities) is not None:
        lost.append(
            f"too few wrong {template.answer} options a student could believe (found {len(distractors)} of "
            "the key's type, role, country and years in entities.yaml)"
        )
    want = template.options - 1
    if lost:
        # The pool is large enough, but what it offers would give the answer away: no question, and say so.
        problems.append(
            Problem(
                fact.loc,
                f"fact '{fact.id}' gets no '{template.id}' question: {lost[0]}; add curated "
                f"distractors.{template.answer} or skip: [{template.id}]",
                "warning",
            )
        )
    elif not template.optional:
        # A warning, not an error: a small deck still makes the questions it can (--strict fails on it).
        problems.append(
            Problem(
                fact.loc,
                f"fact '{fact.id}' cannot get {want} distractor{'s' * (want != 1)} for template "
                f"'{template.id}' (found {len(distractors)}), so that question is left out; add curated "
                f"distractors.{template.answer} or skip: [{template.id}]",
                "warning",
            )
        )


def _true_false(
    fact: Fact,
    template: Template,
    qid: str,
    values: dict[str, Value],
    problems: list[Problem],
    horizon: tuple | None,
    pools: _Pools,
) -> Question | None:
    """A statement from the template's stem pattern and the fact, true or (with one wrong value) false: which, is
    drawn from the question id alone. The wrong value is drawn as a distractor is, and is drawn even for a true
    statement, so whether a fact gets the question never depends on the draw."""
    field, own = template.answer, fact.stems.get(template.id)
    lost: list[str] = []
    wrong = pick_distractors(fact, template, values[field], pools.by_kind[fact.kind], qid, horizon, pools, lost)
    if not wrong:
        _too_few(fact, template, wrong, lost, pools, problems)
        return None
    true = _digest64(f"true\x1f{qid}") % 2 == 0
    whose = None if own is not None else attribution(fact)  # a fact's own statement is written attributed
    right = render(own or template.stem, values, whose)
    statement = right if true else render(own or template.stem, _with_value(values, field, wrong[0]), whose)
    if right is None or statement is None:
        return None
    explained = fact.explanation or render(template.explain or "", values, attribution(fact)) or ""
    explanation = f"{'True' if true else 'False'}: {right}" + (f" {explained}" if explained else "")
    return _checked(
        unchecked(
            fact,
            qid,
            template.id,
            statement,
            TRUE_FALSE,
            0 if true else 1,
            explanation,
            ordered=True,
            format="true-false",
            truth=(values[field].text, right),
        )
    )


def _with_value(values: dict[str, Value], field: str, text: str) -> dict[str, Value]:
    """The fact's values with `text` in `field` (and in the placeholders that show it: in_when for when)."""
    out = {**values, field: replace(values[field], text=text, raw=None)}
    if field == "when":
        day = _DATE_SHOWN.match(text)
        out["in_when"] = replace(values["in_when"], text=("on " if day and day.group(1) else "in ") + text)
    return out


_DERIVED = {"in_when": "when", "unit": "value", "scale": "value"}
"""Placeholders that show another field."""


def _rests_on(template: Template, own_stem: str | None) -> set[str]:
    """The fact fields a template's question states or asks: its answer, and the fields its stem shows."""
    pattern = own_stem if own_stem is not None else template.stem
    try:
        names = [n for _, n, _, _ in string.Formatter().parse(pattern) if n]
    except ValueError:  # a hand-written stem is plain text; a stray brace is not a placeholder
        names = []
    fields = {_DERIVED.get(n[:1].lower() + n[1:], n[:1].lower() + n[1:]) for n in names}
    return fields | {template.answer}


def _from_custom(
    fact: Fact, custom: CustomQuestion, problems: list[Problem], facts: dict[str, Fact] | None = None
) -> Question | None:
    qid = f"{fact.id}/q/{custom.id}"
    seen = {_key(custom.answer)}
    distractors = []
    excluded = {_key(v) for values in fact.also_true.values() for v in values} if fact.also_true else set()
    for d in custom.distractors:
        key = _key(d)
        if key not in seen and key not in excluded:
            seen.add(key)
            distractors.append(d)
    if len(distractors) < 3:
        problems.append(
            Problem(
                fact.loc,
                f"hand-written question '{custom.id}' of fact '{fact.id}' needs 3 distinct "
                "distractors that differ from the answer",
            )
        )
        return None
    # A seeded generator only where there is a choice: seeding one per question costs more than the rest of it.
    chosen = _RNG.of("distractors", qid).sample(distractors, 3) if len(distractors) > 3 else distractors
    options = (custom.answer, *chosen)
    explanation = custom.explanation or fact.explanation or ""
    see_also = tuple(facts[i].source for i in custom.see_also if i in facts) if facts and custom.see_also else ()
    return _checked(
        unchecked(
            fact,
            qid,
            f"q/{custom.id}",
            custom.stem,
            options,
            0,
            explanation,
            custom.level,
            see_also,
            ordered=custom.ordered,
        )
    )


def _option(text: str) -> str:
    """The text with its first letter in upper case; the same string when it is already: a value offered in many
    questions then stays one string (its hash computed once when the content cache keeps each option text once)."""
    first = text[:1]
    upper = first.upper()
    return text if upper == first else upper + text[1:]


def _checked(q: Question) -> Question:
    """A question made by questions.unchecked (its fact's kind, tags, source and same_point, what the leak check keeps
    apart), checked as Question's __init__ would check it."""
    q.__post_init__()
    return q


def pick_distractors(
    fact: Fact,
    template: Template,
    answer: Value,
    same_kind: list[Fact],
    qid: str,
    horizon: tuple | None = None,
    pools: _Pools | None = None,
    lost: list[str] | None = None,
) -> list[str]:
    """The template's options - 1 wrong options (three by default), or fewer when there are not that many good ones
    (`lost` then says why, if it is not the pool).

    See _draw_distractors. Dates and numbers on one side of the key only, where the question's drawn rank wanted
    both, are too few: "2025" among 2022, 2023 and 2024 is the latest whatever the event.
    """
    picks = _draw_distractors(fact, template, answer, same_kind, qid, horizon, pools)
    chosen, want, at = picks.chosen, picks.want, picks.at
    if at is None or len(chosen) < want:  # not ordered (text, or curated only), or too few anyway
        return chosen
    below = sum(1 for c in chosen if (_order_key(c) or at) < at)
    wanted = picks.below_wanted
    if below != wanted and below in (0, want) and want > 1:
        if lost is not None:
            lost.append(f"every {answer.type[0]} option would be {'later' if below == 0 else 'earlier'} than the key")
        return chosen[: want - 1]
    return chosen


class _Picks:
    """The wrong options taken so far for one question, and whether another one may join them.

    Dates and numbers are shown in ascending order, so the key's rank must not give it away: each question draws
    how many wrong options lie below the key (0 to `want`, from its id alone), and the draw takes that many from
    below and the rest from above, or the nearest split there is.
    """

    def __init__(
        self, qid: str, answer: Value, key: str, taken: set[str], want: int, ordered: bool, plain: bool = False
    ) -> None:
        self.want = want
        at = _order_key(answer.text) if (ordered or plain) and answer.type[0] in ("date", "quantity") else None
        self.plain = at if plain else None
        """For a false statement: the key's sort key, which a wrong date or number must be far from (_far_apart)."""
        self.dated = answer.type[0] == "date"
        self.taken = taken
        """Option keys that may not be offered: the answer (`key`), what is also true, what was taken."""
        self.twins = {_twin(key)}
        """The answer and what was taken with a leading article folded: "Government" never joins "The Government"."""
        self.chosen: list[str] = []
        self.at = at if ordered else None
        self.below_wanted = _digest64(f"rank\x1f{qid}") % (want + 1) if self.at is not None else 0
        self.spill: list[str] = []
        """Values left out only because their side was full: taken, nearest first, if too few are found otherwise."""

    @property
    def full(self) -> bool:
        return len(self.chosen) == self.want

    def side(self, text: str) -> int:
        """-1 below the key, 1 above, 0 for neither (not an ordered question, or not comparable)."""
        if self.at is None:
            return 0
        other = _order_key(text)
        return 0 if other is None or other == self.at else (-1 if other < self.at else 1)

    def has_room(self, text: str) -> bool:
        where = self.side(text)
        if where == 0:
            return self.at is None
        below = sum(1 for c in self.chosen if self.side(c) < 0)
        return below < self.below_wanted if where < 0 else len(self.chosen) - below < self.want - self.below_wanted

    def take(self, text: str) -> bool:
        key = _key(text)
        if not key or key in self.taken or (self.plain is not None and not self.far_enough(text)):
            return False
        if self.at is not None and not self.has_room(text):  # without a rank to keep, there is always room
            if self.at is not None and self.side(text) != 0:
                self.spill.append(text)
            return False
        return self._add(key, text)

    def _add(self, key: str, text: str) -> bool:
        twin = _twin(key)  # same_option(text), from the key taken already
        if twin in self.twins:
            return False
        self.twins.add(twin)
        self.taken.add(key)
        self.chosen.append(text)
        return True

    def far_enough(self, text: str) -> bool:
        """Whether a wrong value is plainly wrong, not a near miss a hedge could allow ("about 45%", "more than
        $33 billion"): for a false statement, a number at least twice or half the key, a date a year or more away."""
        if self.plain is None:
            return True
        other = _order_key(text)
        return other is not None and _far_apart(self.plain, other, self.dated)

    def take_spill(self) -> None:
        for text in self.spill:
            if self.full:
                break
            key = _key(text)
            if key not in self.taken and self.far_enough(text):
                self._add(key, text)
        self.spill.clear()


def _draw_distractors(
    fact: Fact,
    template: Template,
    answer: Value,
    same_kind: list[Fact],
    qid: str,
    horizon: tuple | None = None,
    pools: _Pools | None = None,
) -> _Picks:
    """The template's options - 1 wrong options (`chosen` of the picks returned, which pick_distractors reads the
    key's rank from): the fact's curated ones first, then values of other facts (and, for `generated`, nearby dates
    or numbers) drawn with the more similar likelier, never a value marked as also true.

    `pools` (built from `same_kind` when not given) holds every fact's values, computed once per deck.
    """
    field, raw = template.answer, answer.raw
    key = _key(answer.text)
    also = fact.also_true.get(field)
    taken = {key, *(_key(_curated_value(v, raw)) for v in also)} if also else {key}
    ordered = answer.type[0] in ("date", "quantity") and template.distractors != "curated"
    picks = _Picks(qid, answer, key, taken, template.options - 1, ordered, template.format == "true-false")
    curated = list(fact.distractors.get(field, ()))
    if isinstance(raw, (PartialDate, Quantity)):
        curated = [_curated_value(c, raw) for c in curated]
    if len(curated) > 1:
        _RNG.of("distractors", qid).shuffle(curated)
    for text in curated:
        if picks.full:
            return picks
        picks.take(text)
    if template.distractors == "curated" or picks.full:
        return picks  # full from curated ones: drawing from the pool would take nothing
    curated_spill = list(picks.spill)
    picks.spill.clear()
    pools = pools or _Pools(same_kind)
    generated = _nearby(answer.raw, horizon) if template.distractors == "generated" else ()
    _Drawer(fact, field, answer, qid, pools, picks, curated_spill, generated).run()
    return picks


def _far_apart(key: float, other: float, date: bool) -> bool:
    """Sort keys (_order_key) of two dates at least a year apart, or of two numbers a factor of two or more apart."""
    if date:
        return abs(key - other) >= 400  # _order_key counts a year as 400
    low, high = sorted((abs(key), abs(other)))
    return high >= 2 * low


class _Likeness:
    """How unlike the answer another fact's value is (see _position), with what the registry knows of both."""

    def __init__(self, fact: Fact, field: str, answer: Value, pools: _Pools):
        self.entities = pools.entities
        self.origin, self.scale = _position(answer), _scale(answer)
        # Prefer people of the same country or organisation: similar standing (names and roles are plain text).
        self.side = fact.affiliation if isinstance(fact, Figure) else None
        # The key must not be the only one of its country among the options (the odd one out), where the registry
        # knows countries and someone else of the key's country can be offered.
        known = key_entity(fact, field, pools.entities)
        self.lonely = known.country if known is not None and known.type in ("person", "group") else None
        self.author_key = known is not None and known.author and field == "holder"
        # "Dominic, Liaqat and Tanveer" among single names gives itself away: groups go with groups.
        self.group_answer = _is_group(answer.text) if answer.type == ("person",) else None

    def is_author(self, text: str) -> bool:
        found = self.entities.get(text.casefold())
        return found is not None and found.author

    def country_of(self, text: str) -> str | None:
        found = self.entities.get(text.casefold())
        return found.country if found is not None else None

    def distance(self, other: Fact, value: Value, pos: float) -> float:
        """How unlike the answer a value is; see _position."""
        apart = abs(pos - self.origin) * self.scale
        if self.lonely and self.country_of(value.text) not in (None, self.lonely):
            apart += 0.6  # the registry knows: someone of another country is a little less alike
        if self.author_key and not self.is_author(value.text):
            apart += 3.0  # an author's claim is offered other authors first
        if self.side and isinstance(other, Figure) and other.affiliation != self.side:
            apart += 1.2  # "Who is the US vice president?" offering a Chinese official is easy to rule out
        if self.group_answer is not None and _is_group(value.text) != self.group_answer:
            apart += 0.6
        return apart


class _Drawer:
    """Draws a question's wrong options from other facts' values (and generated ones) into its _Picks."""

    def __init__(
        self,
        fact: Fact,
        field: str,
        answer: Value,
        qid: str,
        pools: _Pools,
        picks: _Picks,
        curated_spill: list[str],
        generated: Sequence[tuple[float, str, str]],
    ):
        self.fact, self.field, self.pools, self.picks = fact, field, pools, picks
        self.curated_spill, self.generated = curated_spill, generated
        self.group = pools.group(fact.kind, field, answer.type)
        self.compatible = _compatibility(fact, field, pools)
        self.like = _Likeness(fact, field, answer, pools)
        self.question = _digest64(qid)  # one question's: not worth remembering
        self.spread = _SPREAD_TEXT if answer.raw is None else _SPREAD
        self.answer = answer

    def run(self) -> list[str]:
        picks = self.picks
        if len(self.group) <= _SCAN_ALL:
            self.draw(self.every_candidate())
            return picks.chosen
        before = (set(picks.taken), list(picks.chosen))
        index = self.pools.index(self.fact.kind, self.field, self.answer.type)
        like = self.like
        for patient in (False, True):
            # The nearest may be too alike to give enough (one person or period again and again): then look further
            # out, at every fact offering each value.
            nearest = _nearest(
                self.fact, like.origin, like.scale, index, picks.taken, self.compatible, like.distance, patient
            )
            self.draw(nearest)
            if picks.full or (patient and len(nearest) < 4 * _NEAREST):
                return (
                    picks.chosen
                )  # enough, or as many as there are: a patient walk finding fewer than it wants saw all
            picks.taken.clear()
            picks.taken.update(before[0])
            picks.chosen[:] = before[1]
        # Still too few: weigh every fact, as for a small deck, so that growing a deck never makes a question fail that
        # a smaller deck could ask.
        self.draw(self.every_candidate())
        return picks.chosen

    def every_candidate(self) -> list[_Candidate]:
        """Every value of the group another fact may offer, from the first fact in each run of alike ones."""
        found: list[_Candidate] = []
        taken = self.picks.taken
        for run in self.pools.alike(self.fact.kind, self.field, self.answer.type):
            if run[0][3] in taken:
                continue  # a value taken is never drawn (see draw): its facts need no weighing
            for i, other, value, key, pos in run:
                if other is not self.fact and self.compatible(other):
                    found.append((self.like.distance(other, value, pos), i, value.text, other, key))
                    break
        return found

    def ranked(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Gumbel top-k: ranking by distance/_SPREAD minus a Gumbel draw from (question, value) and taking the best
        samples without replacement with odds exp(-distance/_SPREAD); each value's draw is its own, so values added
        elsewhere in the deck leave this ranking alone unless they rank above what was taken."""
        offset, question, spread = len(self.pools.values), self.question, self.spread
        made = [(score, offset + n, text, None, key) for n, (score, text, key) in enumerate(self.generated)]
        return sorted(
            [
                (score / spread - _gumbel(question ^ _hash64(key)), i, text, src, key)
                for score, i, text, src, key in candidates + made
            ]
        )

    def draw(self, candidates: list[_Candidate]) -> None:
        picks = self.picks
        seen: set[str] = set()
        sources: list[Fact] = []
        held: list[str] = []
        for _, _, text, src, key in self.ranked(candidates):
            if picks.full:
                return
            if key in seen or key in picks.taken:
                continue
            seen.add(key)
            if src is not None and any(_same_thing(src, other, self.field, self.pools) for other in sources):
                continue  # two wrong options about one person, event or quantity give each other away
            if self.like.lonely and self.holds_for_lonely(text):
                held.append(text)  # the last place goes to someone of the key's country, if anyone is left
                continue
            if picks.take(text) and src is not None:
                sources.append(src)
        for text in held:
            if not picks.full:
                picks.take(text)
        if picks.at is not None and not picks.full:
            picks.spill[:0] = [text for text in self.curated_spill if _key(text) not in picks.taken]
            picks.take_spill()

    def holds_for_lonely(self, text: str) -> bool:
        """Whether to keep the last place from `text` for someone of the key's country (see _Likeness.lonely)."""
        like, chosen = self.like, self.picks.chosen
        return bool(
            like.lonely
            and len(chosen) == self.picks.want - 1
            and like.country_of(text) != like.lonely
            and not any(like.country_of(c) == like.lonely for c in chosen)
        )


_MASK = (1 << 64) - 1


_hash64 = functools.lru_cache(maxsize=1 << 17)(_digest64)
"""_digest64, remembered: the same candidate values are weighed for many questions."""


def _gumbel(x: int) -> float:
    """A standard Gumbel draw made from a question's hash (_digest64 of its id) xor a candidate's (_hash64 of its
    option key) alone, the same on every platform."""
    # splitmix64's finaliser mixes the two hashes so that every bit of each reaches every bit of the draw; a
    # cryptographic hash per pair would cost a third of the generator's time on a large deck.
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    x ^= x >> 31
    u = ((x >> 12) + 0.5) / 2.0**52  # 52 bits, so that u is exactly representable and strictly inside (0, 1)
    return -math.log(-math.log(u))


def _position(value: Value) -> float:
    """Where a value sorts: |position difference| x _scale(answer) is how unlike the answer a value is.

    For dates that is a unit per 3 months (per year for a year), for numbers the log of their ratio, for text the
    difference in length relative to half the answer's; people of another side than the answer's (affiliation) count
    1.2 further, a single person among groups (or a group among single people) 0.6 (see pick_distractors).
    """
    raw = value.raw
    if raw is not None and hasattr(raw, "span"):
        year, month, _ = raw.span()[0]
        return year * 12 + month
    if isinstance(raw, Quantity):
        return math.log(abs(raw.magnitude) + 1e-9)
    return len(value.text)


def _scale(answer: Value) -> float:
    raw = answer.raw
    if raw is not None and hasattr(raw, "span"):
        return 1 / (12 if raw.precision == "year" else 3)
    if isinstance(raw, Quantity):
        return 1.0
    return 2 / max(len(answer.text), 1)


def _nearest(
    fact: Fact,
    origin: float,
    scale: float,
    index: _Index,
    taken: set[str],
    compatible: Callable[[Fact], bool],
    distance: Callable[[Fact, Value, float], float],
    patient: bool = False,
) -> list[_Candidate]:
    """The _NEAREST values most like the answer that another fact may offer as a wrong one.

    Impatient, it gives up after trying 8 x _NEAREST facts and tries at most _PER_VALUE facts per value; patient, it
    tries every fact offering a value and gathers 4 x _NEAREST values (the nearest were too alike to give three).
    """
    want = 4 * _NEAREST if patient else _NEAREST
    found: list[_Candidate] = []
    distances: list[float] = []
    bound = math.inf
    """distances[want - 1] + 1e-9 once `want` values are found: a value further out is further than all of them."""
    tries, most = 0, math.inf if patient else 8 * _NEAREST
    per_value = None if patient else _PER_VALUE
    for at, key, members in index.outward(origin):
        if abs(at - origin) * scale > bound:
            break  # every value further out is further than the ones found
        if tries >= most:
            break  # a crowd of values that cannot be wrong answers (same person, same period): enough looking
        if key in taken:
            continue
        for i, other, value in members[:per_value]:
            tries += 1
            if other is not fact and compatible(other):
                apart = distance(other, value, at)
                found.append((apart, i, value.text, other, key))
                bisect.insort(distances, apart)
                if len(distances) >= want:
                    bound = distances[want - 1] + 1e-9
                break
    return sorted(found, key=lambda f: (f[0], f[1]))[:want]


def _same_thing(a: Fact, b: Fact, field: str, pools: _Pools) -> bool:
    """Whether two facts (perhaps from different sources) describe the same person, event or quantity."""
    if isinstance(a, Figure) and isinstance(b, Figure):
        return bool(pools.names(a) & pools.names(b))
    if isinstance(a, Event) and isinstance(b, Event) and field != "when":
        return a.when.overlaps(b.when)
    if isinstance(a, Number) and isinstance(b, Number) and field == "measures":
        return pools.values[a]["value"].text == pools.values[b]["value"].text
    return False


def _curated_value(text: str, raw: object) -> str:
    """Curated dates and numbers may be written bare ('2017-12', '25'); show them as the answer is shown."""
    if isinstance(raw, PartialDate):
        return _curated_date(text)
    if isinstance(raw, Quantity):
        try:
            return Quantity(float(text), None, raw.unit, raw.scale).display()
        except ValueError:
            return text
    return text


@functools.lru_cache(maxsize=1 << 14)
def _curated_date(text: str) -> str:
    """A curated date as the answer's date is shown: the same few dates recur across a deck's facts."""
    date = parse_date(text)
    return date.display() if date else text


def _compatibility(fact: Fact, field: str, pools: _Pools) -> Callable[[Fact], bool]:
    """Whether another fact's value can be a WRONG answer to a question about this fact's `field`.

    What depends on the question's fact alone is worked out once here, not once per candidate: the registry's
    verdict when it describes the key (plausible_for), else the rules that apply to this fact, in order.
    """
    also = {v.casefold() for v in fact.also_true.get(field, ())}
    dated = isinstance(fact, Event)

    def distrusted(other: Fact) -> bool:
        if field in other.unreliable:
            return True  # a value the deck does not trust is never offered, not even as a wrong one
        # "Which of these took place in <date>?" cannot rule out an event whose date is doubted
        return dated and isinstance(other, Event) and "when" in other.unreliable

    believable = plausible_for(fact, field, pools)
    if believable is not None:
        return _registry_compatible(fact, field, pools, also, believable, distrusted)
    rules = [
        rule
        for rule in (
            _same_person_rule(fact, field, pools),
            _same_period_rule(fact, field),
            _same_number_rule(fact, field, pools),
            _person_rule(fact, field, also, pools.demonyms),
        )
        if rule is not None
    ]

    def compatible(other: Fact) -> bool:
        if other.unreliable and distrusted(other):
            return False
        for rule in rules:
            verdict = rule(other)
            if verdict is not None:
                return verdict
        return True

    return compatible


_Rule = Callable[[Fact], "bool | None"]
"""One rule of _compatibility: a verdict on another fact, or None when the rule has nothing to say about it."""


def _registry_compatible(
    fact: Fact,
    field: str,
    pools: _Pools,
    also: set[str],
    believable: Callable[[Entity], bool],
    distrusted: Callable[[Fact], bool],
) -> Callable[[Fact], bool]:
    """_compatibility where the registry describes the key: believable, not the same person, not also true."""
    names = pools.names(fact) if isinstance(fact, Figure) else frozenset()
    entity_of = pools.entity_of
    verdicts: dict[int, bool] = {}
    """id(entity) -> whether it is believable: the verdict depends on the other fact's entity alone, and many facts
    share one."""

    def compatible(other: Fact) -> bool:
        if other.unreliable and distrusted(other):
            return False
        if also and getattr(other, field).casefold() in also:
            return False
        if names and isinstance(other, Figure) and names & pools.names(other):
            return False  # the same person described in another source
        found = entity_of.get(other)
        if found is None:
            return False
        verdict = verdicts.get(id(found))
        if verdict is None:
            verdict = verdicts[id(found)] = believable(found)
        return verdict

    return compatible


def _same_person_rule(fact: Fact, field: str, pools: _Pools) -> _Rule | None:
    """A person is not a wrong answer about themselves, nor about their own adviser, nor the reverse."""
    if not isinstance(fact, Figure):
        return None
    names = pools.names(fact)
    if not names:
        return None
    figure = fact

    def rule(other: Fact) -> bool | None:
        if not isinstance(other, Figure):
            return None
        others = pools.names(other)
        if names & others:
            return False  # the same person described in another source
        if field == "role" and _mentions(other.role, names):
            return False  # "Who is Imran Khan?" must not offer "Imran Khan's adviser"
        if field == "name" and _mentions(figure.role, others):
            return False  # "Who is Imran Khan's adviser?" must not offer "Imran Khan"
        return None

    return rule


def _same_period_rule(fact: Fact, field: str) -> _Rule | None:
    """An event is no wrong answer when its date is disputed or, unless the date is asked, it overlaps the key's."""
    if not isinstance(fact, Event):
        return None
    span = fact.when.span()

    def rule(other: Fact) -> bool | None:
        if not isinstance(other, Event):
            return None
        if other.conflicts_with:
            return False  # its date is disputed, so by another source's account it could be right
        if field != "when":
            begins, ends = other.when.span()
            if not (ends < span[0] or span[1] < begins):
                return False  # it may have happened in the same period, so it could also be right
        return None

    return rule


def _same_number_rule(fact: Fact, field: str, pools: _Pools) -> _Rule | None:
    """What a number measures is no wrong answer where it shows the same value."""
    if not (isinstance(fact, Number) and field == "measures"):
        return None
    shown = pools.values[fact]["value"].text
    numbers = pools.shown_numbers()

    def rule(other: Fact) -> bool | None:
        other_shown = numbers.get(other)  # None for any other kind of fact
        return None if other_shown is None else other_shown != shown

    return rule


def _person_rule(fact: Fact, field: str, also: set[str], demonyms: frozenset[str]) -> _Rule | None:
    """A holder or name is offered only among values that look like names, of a person where the key is one."""
    if field not in ("holder", "name"):
        return None
    person = _is_person(getattr(fact, field))

    def rule(other: Fact) -> bool:
        value = getattr(other, field)
        # "an analyst quoted by Chellaney" is a fine holder for its own question, but an odd wrong answer among names.
        return value.casefold() not in also and _looks_like_a_name(value, demonyms) and _is_person(value) == person

    return rule


def key_entity(fact: Fact, field: str, entities: dict[str, Entity]) -> Entity | None:
    """The registry's entry for whom a name, holder or role question is about; None when the registry has none."""
    if not entities or field not in ("name", "role", "holder"):
        return None
    name = fact.holder if isinstance(fact, Position) else fact.name if isinstance(fact, Figure) else None
    return entities.get(name.casefold()) if name else None


def _entity_of(fact: Fact, entities: dict[str, Entity]) -> Entity | None:
    name = fact.holder if isinstance(fact, Position) else fact.name if isinstance(fact, Figure) else None
    return entities.get(name.casefold()) if name else None


def plausible_for(fact: Fact, field: str, pools: _Pools) -> Callable[[Entity], bool] | None:
    """Whether another fact's person (or government, outlet ...), as the registry describes them, could be believed
    as the answer about this one.

    A wrong option is of the key's type (person, group, government or country, institution, outlet); could hold
    the key's kind of role (a head of government or a minister for a head of government, an official for an
    official, a commentator or scholar for a commentator); was active when the key was; for a person asked by name
    or role, is of the key's country and, where the stem's wording fixes it, gender. For "Who argued that ...?" an
    author of one of the texts is offered other authors (so picking the author is no strategy), an official other
    officials of the same country, anyone else commentators and scholars of any side, never anyone the stem names.
    Unnamed people ("Indian officials") are never offered. None when the registry does not describe the key.
    """
    key = key_entity(fact, field, pools.entities)
    if key is None:
        return None
    if key.type in ("officials", "unnamed"):
        return lambda found: False  # only curated distractors: what else "a White House official" is, is unclear
    from ..model.roles import gendered  # here, not at the top: its patterns are compiled only when generating

    stem = fact.stance if isinstance(fact, Position) else fact.role if isinstance(fact, Figure) else ""
    needs_gender = isinstance(fact, Figure) and field == "name" and gendered(stem)
    by_name = isinstance(fact, Figure)
    apart = pools.verdicts(key, by_name, needs_gender)
    """The verdicts apart from the stem, which questions about the same key share."""
    folded = stem.casefold()
    words = frozenset(folded.split())

    def believable(found: Entity) -> bool:
        verdict = apart.get(id(found))
        if verdict is None:
            verdict = apart[id(found)] = _plausible_apart(key, found, by_name, needs_gender)
        # Never anyone the stem names: "Trump's special envoy" is not Trump.
        return verdict and not _mentioned(folded, words, pools.folded_names(found))

    return believable


def _plausible_apart(key: Entity, found: Entity, by_name: bool, needs_gender: bool) -> bool:
    """Whether `found` could be believed as the answer that is `key` (see plausible_for), apart from being named in
    the stem (see believable there): every question about `key` shares this verdict."""
    if found is key or found.type in ("officials", "unnamed"):
        return False
    if _KIND_GROUP.get(found.type, found.type) != _KIND_GROUP.get(key.type, key.type):
        return False  # "India" or a newsletter among people gives itself away
    if key.active and found.active and (found.active[1] < key.active[0] or key.active[1] < found.active[0]):
        return False  # Kissinger (1971) for a 2025 role
    if by_name:
        return _plausible_by_name(key, found, needs_gender)
    if key.type not in ("person", "group"):
        return True
    if key.author:
        # Authors among authors, so "pick the author of a text" scores chance; other commentators only where
        # too few authors are left (see the distance in _draw_distractors).
        return found.author or "expert" in found.classes
    if key.classes & {"leader", "official"} and not key.classes & {"expert"}:
        return found.country == key.country and _could_hold(key, found)
    return "expert" in found.classes


def _plausible_by_name(key: Entity, found: Entity, needs_gender: bool) -> bool:
    """For "Who is <role>?": someone of the key's country, of the gender the stem fixes, who could hold the role."""
    if key.country and found.country != key.country:
        return False
    if needs_gender and (found.gender is None or found.gender != key.gender):
        return False  # "the man Trump tapped ..."
    return _could_hold(key, found)


_KIND_GROUP = {"country": "government"}
"""Entity types a student takes for one another: a government and a country both act as a state."""


def _could_hold(key: Entity, other: Entity) -> bool:
    """Whether a student could take `other` for the holder of the key's kind of role."""
    if not key.roles or not other.roles:
        return True
    if "leader" in key.classes:
        return "leader" in other.classes or "minister" in other.roles  # "the US president" among heads and ministers
    if "leader" in other.classes:
        return False  # everyone knows who leads the country: a head of government is no wrong official
    return bool(key.classes & other.classes)


@functools.lru_cache(maxsize=4096)
def _looks_like_a_name(text: str, demonyms: frozenset[str] = frozenset()) -> bool:
    """'Ann Alpha' or 'India', not 'the envoy' or (with the deck's demonyms) 'Pakistani officials'."""
    first = text.split()[0]
    return first[:1].isupper() and first not in ("A", "An", "The") and first not in demonyms


@functools.lru_cache(maxsize=4096)
def _is_group(text: str) -> bool:
    """'Dominic, Liaqat and Tanveer' or 'current and former officials' rather than one person."""
    return "," in text or " and " in text


@functools.lru_cache(maxsize=4096)
def _is_person(text: str) -> bool:
    """'Javid Husain' or 'Dominic, Liaqat and Tanveer' rather than 'India': a country among people gives itself away."""
    words = [w for w in text.replace(",", " ").split() if w not in ("and", "bin", "al", "de", "van")]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _mentions(text: str, names: AbstractSet[str]) -> bool:
    folded = text.casefold()
    return _mentioned(folded, frozenset(folded.split()), names)


def _mentioned(folded: str, words: AbstractSet[str], names: AbstractSet[str]) -> bool:
    """Whether a casefolded text (`words`: its words) holds one of the names, or a name's last word as a word."""
    return any(name in folded or name.split()[-1] in words for name in names)


@functools.lru_cache(maxsize=1 << 12)
def _nearby(raw: PartialDate | Quantity | None, horizon: tuple | None = None) -> tuple[tuple[float, str, str], ...]:
    """Wrong dates or numbers near the answer's (`raw`), with how far each is and its option key: made once per date
    or number (many questions share one) and horizon."""
    return tuple((score, text, _key(text)) for score, text in _made_nearby(raw, horizon))


def _made_nearby(raw: PartialDate | Quantity | None, horizon: tuple | None) -> Iterator[tuple[float, str]]:
    if isinstance(raw, PartialDate):
        steps = {
            "year": (-3, -2, -1, 1, 2, 3),
            "month": (-5, -3, -2, -1, 1, 2, 3, 5),
            "day": (-9, -5, -3, -2, 2, 3, 5, 9),
        }[raw.precision]
        for step in steps:
            moved = raw.shifted(step)
            if moved is not None and (horizon is None or moved.span()[0] <= horizon):
                yield abs(step) / (3 if raw.precision == "month" else 2) + 0.2, moved.display()
    elif isinstance(raw, Quantity):
        for factor, score in ((0.5, 0.7), (0.75, 0.4), (1.5, 0.4), (2.0, 0.7), (3.0, 1.1), (0.25, 1.2)):
            scaled = raw.scaled(factor)
            if scaled is not None:
                yield score + 0.2, scaled.display()


def _chronology(
    fact: Event, order: str, same_kind: list[Fact], qid: str, pools: _Pools | None = None
) -> list[Event] | None:
    """Three events of the same text that clearly came after (order=first) or before (order=last) this one.

    Only events whose date is neither disputed nor unreliable, whose label no other event of the text resembles,
    and at least _GAP_DAYS apart from each other: a teacher can then defend the key by the text alone.
    """
    pools = pools or _Pools(same_kind)
    if fact in pools.ambiguous():
        return None
    key = {pools.option_key(fact, "what")}
    others = [e for e in _clearly_apart(fact, order, pools) if pools.option_key(e, "what") not in key]
    if len(others) < 3:
        return None
    start = fact.when.span()[0]
    origin = start[0] * 12 + start[1]
    question = _digest64(qid)

    def rank(e: Event) -> tuple[float, str]:
        # Closer in time likelier, as in pick_distractors; each event's draw depends on this question alone.
        month, hashed = pools.ranked_by(e)
        return abs(month - origin) / _SPREAD_MONTHS - _gumbel(question ^ hashed), e.id

    picked: list[tuple[int, int]] = []
    out: list[Event] = []
    seen = set(key)
    for e in sorted(others, key=rank):
        k = pools.option_key(e, "what")
        first, last = days = pools.days(e)
        # _well_before either way round of every event picked so far
        if k not in seen and all(begins - last >= _GAP_DAYS or first - ends >= _GAP_DAYS for begins, ends in picked):
            seen.add(k)
            picked.append(days)
            out.append(e)
        if len(out) == 3:
            return out
    return None


def _clearly_apart(fact: Event, order: str, pools: _Pools) -> list[Event]:
    """The events of the fact's text a chronology may order that clearly came after (first) or before (last) it."""
    text = fact.source.text
    first, last = pools.days(fact)
    if len(pools.events_of(text)) <= _SCAN_ALL:
        if order == "first":  # _well_before(fact.when, e.when), in day numbers
            return [e for e, begins, _ in pools.orderable(text) if begins - last >= _GAP_DAYS and e is not fact]
        return [e for e, _, ends in pools.orderable(text) if first - ends >= _GAP_DAYS and e is not fact]
    ambiguous = pools.ambiguous()

    def clearly(other: Event) -> bool:
        if other.source.text != text or other in ambiguous:
            return False
        return _well_before(fact.when, other.when) if order == "first" else _well_before(other.when, fact.when)

    return _next_events(fact, order, clearly, pools)


_GAP_DAYS = 30
"""How far apart the events of a chronology question are at least: a month, so no key hinges on a few days."""


@functools.lru_cache(maxsize=1 << 14)
def _well_before(a: PartialDate, b: PartialDate) -> bool:
    """Whether date a certainly ends at least _GAP_DAYS before date b begins."""
    end, start = a.span()[1], b.span()[0]
    if end >= start:
        return False
    return (datetime.date(*start) - datetime.date(*end)).days >= _GAP_DAYS


def _day_number(day: tuple[int, int, int]) -> int:
    return datetime.date(*day).toordinal()


_LABEL_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "its",
        "his",
        "her",
        "their",
        "was",
        "were",
        "over",
        "into",
    ]
)


def _label_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _LABEL_STOP and len(w) > 2)


def ambiguous_events(events: Sequence[Event]) -> set[Event]:
    """Events of one text whose label shares most of its words with another event of another date there.

    "The trade truce" and "the trade truce talks" a few months apart: a student cannot tell which one an option
    means, so neither is ordered in a chronology question.
    """
    words = [(e, _label_words(e.what)) for e in events]
    out: set[Event] = set()
    for i, (a, wa) in enumerate(words):
        for b, wb in words[i + 1 :]:
            # the words first: few labels share most of theirs, so the dates are rarely compared
            if wa and wb and len(wa & wb) / len(wa | wb) > 0.5 and not a.when.overlaps(b.when):
                out.update((a, b))
    return out


def _datable(event: Event) -> bool:
    """Whether an event's date may order it in a chronology question: neither disputed nor marked unreliable."""
    return not event.conflicts_with and "when" not in event.unreliable


def _next_events(fact: Event, order: str, clearly: Callable[[Event], bool], pools: _Pools) -> list[Event]:
    """The _NEAREST distinct events that clearly came after (first) or before (last) this one, in deck order."""
    (start_year, start_month, _), (end_year, end_month, _) = fact.when.span()
    forward = order == "first"
    origin = end_year * 12 + end_month if forward else start_year * 12 + start_month
    found: list[tuple[int, Event]] = []
    seen: set[str] = set()
    for type_ in (("date", "year"), ("date", "month"), ("date", "day")):
        index = pools.index("event", "when", type_)
        count = 0
        for _, _, members in index.walk(origin, forward):
            for i, other, _ in members[:_SCAN_DATE]:
                key = pools.option_key(other, "what")
                if (
                    key not in seen
                    and other is not fact
                    and isinstance(other, Event)
                    and _datable(other)
                    and clearly(other)
                ):
                    seen.add(key)
                    found.append((i, other))
                    count += 1
            if count >= _NEAREST:
                break
    return [event for _, event in sorted(found, key=lambda f: f[0])]


def _chronology_explanation(fact: Event, picked: list[Event], order: str) -> str:
    """'In order: X (2018); Y (May 2025, according to Haq); ...': a date that is someone's account says whose."""
    ordered = sorted([fact, *picked], key=lambda e: e.when.span()[0])
    parts = "; ".join(
        f"{_option(e.what)} ({e.when.display()}{f', according to {e.according_to}' if e.according_to else ''})"
        for e in ordered
    )
    return f"In order: {parts}."
