"""Templates x facts -> questions: stems, four distinct options, answer, explanation and source.

Determinism: distractors are drawn with a random generator seeded by the question id alone, so a question keeps
its options whatever else the deck holds; option order is drawn from (seed, question id).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import random
import string
from collections.abc import Callable, Iterable, Iterator, Sequence

from .dates import PartialDate, parse_date
from .errors import Problem
from .models import Bank, CustomQuestion, Deck, Event, Fact, Figure, Number, Question, Template, Value
from .quantities import Quantity
from .textnorm import for_option

# How many of the most similar candidates a distractor is drawn from: similar enough to be plausible,
# varied enough that the same three do not follow every question.
_SHORTLIST = 6

# Which other facts are weighed as the source of a wrong option. Up to _SCAN_ALL facts offering a value of the
# answer's type, every one is (the bundled deck has at most about 90). Beyond that, weighing every fact for every
# question grows with the square of the deck, so only the _NEAREST closest distinct values are, found by walking
# out from the answer in a sorted index (see _Index), trying at most _PER_VALUE facts per value.
_SCAN_ALL = 300
_NEAREST = 12
_PER_VALUE = 2
_SCAN_DATE = 8
"""For chronology questions in a large deck: how many events of one date are weighed."""


_key = functools.lru_cache(maxsize=1 << 16)(for_option)
"""for_option, remembered: the same dates, numbers and names are compared again for every question."""


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts, identical on every platform and Python version."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def build_questions(
    deck: Deck, problems: list[Problem] | None = None, seed: int = 0, *, arrange: bool = True
) -> list[Question]:
    """Every question the deck's templates make from its facts; facts that cannot get three distractors are reported.

    With arrange=False the correct option stays first (validation only counts and checks questions).
    """
    problems = problems if problems is not None else []
    pools = _Pools(deck.facts)
    # No made-up date later than anything the deck knows: a 2027 option for a 2025 text gives itself away.
    events = [f.when for f in pools.by_kind.get("event", []) if isinstance(f, Event)]
    horizon = max((d.span()[1] for d in events), default=None)
    questions: list[Question] = []
    for fact in deck.facts:
        for template in deck.templates:
            if template.kind != fact.kind or template.id in fact.skip:
                continue
            question = _from_template(fact, template, pools.by_kind[fact.kind], problems, horizon, pools)
            if question is not None:
                questions.append(question)
        for custom in fact.questions:
            question = _from_custom(fact, custom, problems)
            if question is not None:
                questions.append(question)
    return _arrange(questions, seed) if arrange else questions


class _Index:
    """The distinct values of one group sorted by position, each with the facts offering it in deck order.

    A value's position is a lower bound of its distance from an answer (see _position), so walking out from the
    answer's position meets values in order of how alike they can be.
    """

    def __init__(self, entries: Sequence[tuple[int, Fact, Value, str]]):
        buckets: dict[tuple[float, str], list[tuple[int, Fact, Value]]] = {}
        for i, fact, value, key in entries:
            buckets.setdefault((_position(value), key), []).append((i, fact, value))
        self.buckets = sorted(buckets.items(), key=lambda item: (item[0][0], item[1][0][0]))
        self.positions = [pos for (pos, _), _ in self.buckets]

    def outward(self, pos: float) -> Iterator[tuple[float, str, list[tuple[int, Fact, Value]]]]:
        """Every value, nearest position first (ties: the lower position first)."""
        positions, buckets = self.positions, self.buckets
        lo = bisect.bisect_left(positions, pos) - 1
        hi = lo + 1
        while lo >= 0 or hi < len(buckets):
            if hi >= len(buckets) or (lo >= 0 and pos - positions[lo] <= positions[hi] - pos):
                (at, key), members = buckets[lo]
                lo -= 1
            else:
                (at, key), members = buckets[hi]
                hi += 1
            yield at, key, members

    def walk(self, pos: float, forward: bool) -> Iterator[tuple[float, str, list[tuple[int, Fact, Value]]]]:
        """Every value at or after `pos` (forward) or at or before it, nearest first."""
        if forward:
            start = bisect.bisect_left(self.positions, pos)
            for (at, key), members in self.buckets[start:]:
                yield at, key, members
        else:
            start = bisect.bisect_right(self.positions, pos)
            for (at, key), members in reversed(self.buckets[:start]):
                yield at, key, members


class _Pools:
    """Every fact's values, computed once, grouped by kind, field and value type in deck order; indexed lazily."""

    def __init__(self, facts: Sequence[Fact]):
        self.by_kind: dict[str, list[Fact]] = {}
        self.values: dict[Fact, dict[str, Value]] = {}
        self.groups: dict[tuple[str, str, tuple], list[tuple[int, Fact, Value, str]]] = {}
        for i, fact in enumerate(facts):
            self.by_kind.setdefault(fact.kind, []).append(fact)
            values = self.values[fact] = fact.values()
            for field, value in values.items():
                self.groups.setdefault((fact.kind, field, value.type), []).append((i, fact, value, ""))
        self._keyed: set[tuple[str, str, tuple]] = set()
        self._indexes: dict[tuple, _Index] = {}
        self._keys: dict[tuple[Fact, str], str] = {}

    def option_key(self, fact: Fact, field: str) -> str:
        """for_option of the fact's value in this field, computed once."""
        key = self._keys.get((fact, field))
        if key is None:
            key = self._keys[fact, field] = _key(self.values[fact][field].text)
        return key

    def group(self, kind: str, field: str, type_: tuple) -> list[tuple[int, Fact, Value, str]]:
        """The facts of a kind with a value of this type in this field, with the value's option key, in deck order."""
        name = (kind, field, type_)
        entries = self.groups.get(name, [])
        if name not in self._keyed:  # option keys only for fields some template asks about
            self._keyed.add(name)
            entries[:] = [(i, fact, value, _key(value.text)) for i, fact, value, _ in entries]
        return entries

    def index(self, kind: str, field: str, type_: tuple) -> _Index:
        key = (kind, field, type_)
        if key not in self._indexes:
            self._indexes[key] = _Index(self.group(kind, field, type_))
        return self._indexes[key]


def _arrange(questions: list[Question], seed: int) -> list[Question]:
    """Shuffle options; the correct one goes to A, B, C, D in turn across each fact's questions.

    Rotating within a fact (from a start drawn per fact) balances answer positions over the bank far better than
    an independent draw per question, and a question's order still depends only on its own fact, never on others.
    """
    out, index_in_fact, starts = [], {}, {}
    for q in questions:
        i = index_in_fact[q.fact] = index_in_fact.get(q.fact, -1) + 1
        if q.fact not in starts:
            starts[q.fact] = rng_for("answer-slot", seed, q.fact).randrange(4)
        slot = (starts[q.fact] + i) % 4
        rest = [k for k in range(len(q.options)) if k != q.answer]
        rng_for("order", seed, q.id).shuffle(rest)
        order = rest[:slot] + [q.answer] + rest[slot:]
        out.append(q.reordered(order))
    return out


def render(pattern: str, values: dict[str, Value], attribution: str | None = None) -> str | None:
    """Fill {field} and {Field} placeholders; None if the fact lacks a field the pattern needs.

    With an attribution the result reads "According to X, when did ...?".
    """
    out = []
    for i, (literal, name, _, _) in enumerate(string.Formatter().parse(pattern)):
        if attribution and i == 0:
            literal = literal[:1].lower() + literal[1:] if literal else literal
            if not literal and name:
                name = name[:1].lower() + name[1:]
        out.append(literal)
        if name is None:
            continue
        key = name[:1].lower() + name[1:]
        value = values.get(key)
        if value is None:
            return None
        text = value.text
        if name[:1].isupper():
            text = text[:1].upper() + text[1:]
        out.append(text)
    text = "".join(out)
    return f"According to {attribution}, {text}" if attribution else text


def _from_template(
    fact: Fact,
    template: Template,
    same_kind: list[Fact],
    problems: list[Problem],
    horizon: tuple | None = None,
    pools: _Pools | None = None,
) -> Question | None:
    qid = f"{fact.id}/{template.id}"
    pools = pools or _Pools(same_kind)
    values = pools.values[fact]
    answer = values.get(template.answer)
    if answer is None:
        return None  # the fact lacks the field this template asks about
    if template.id in fact.stems:
        stem = fact.stems[template.id]
    else:
        # A chronology question weighs four events from different sources: no single attribution fits it.
        stem = render(template.stem, values, None if template.order else fact.according_to)
        if stem is None:
            return None
    rng = rng_for("distractors", qid)
    if template.order:
        if fact.conflicts_with:
            return None  # the date itself is disputed: no chronology question rests on it
        picked = _chronology(fact, template.order, same_kind, rng, pools)
        if picked is None:
            return None
        distractors = [e.what for e in picked]
        explanation = _chronology_explanation(fact, picked, template.order)
    else:
        distractors = pick_distractors(fact, template, answer, same_kind, rng, horizon, pools)
        if len(distractors) < 3:
            if not template.optional:
                problems.append(
                    Problem(
                        fact.loc,
                        f"fact '{fact.id}' cannot get 3 distractors for template "
                        f"'{template.id}' (found {len(distractors)}); add curated "
                        f"distractors.{template.answer} or skip: [{template.id}]",
                    )
                )
            return None
        explanation = fact.explanation or render(template.explain or "", values, fact.according_to) or ""
    options = (_option(answer.text), *(_option(d) for d in distractors))
    return Question(qid, fact.id, template.id, fact.kind, stem, options, 0, explanation, fact.tags, fact.source)


def _from_custom(fact: Fact, custom: CustomQuestion, problems: list[Problem]) -> Question | None:
    qid = f"{fact.id}/q/{custom.id}"
    seen = {for_option(custom.answer)}
    distractors = []
    excluded = {for_option(v) for values in fact.also_true.values() for v in values}
    for d in custom.distractors:
        key = for_option(d)
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
    rng = rng_for("distractors", qid)
    chosen = rng.sample(distractors, 3) if len(distractors) > 3 else distractors
    options = (custom.answer, *chosen)
    explanation = custom.explanation or fact.explanation or ""
    return Question(
        qid, fact.id, f"q/{custom.id}", fact.kind, custom.stem, options, 0, explanation, fact.tags, fact.source
    )


def _option(text: str) -> str:
    return text[:1].upper() + text[1:]


def pick_distractors(
    fact: Fact,
    template: Template,
    answer: Value,
    same_kind: list[Fact],
    rng: random.Random,
    horizon: tuple | None = None,
    pools: _Pools | None = None,
) -> list[str]:
    """Three wrong options: the fact's curated ones first, then the most similar values from other facts
    (and, for `generated`, nearby dates or numbers), never a value marked as also true.

    `pools` (built from `same_kind` when not given) holds every fact's values, computed once per deck.
    """
    field = template.answer
    taken = {_key(answer.text)} | {_key(_curated_value(v, answer.raw)) for v in fact.also_true.get(field, ())}
    chosen: list[str] = []

    def take(text: str) -> bool:
        key = _key(text)
        if not key or key in taken:
            return False
        taken.add(key)
        chosen.append(text)
        return True

    curated = [_curated_value(c, answer.raw) for c in fact.distractors.get(field, ())]
    rng.shuffle(curated)
    for text in curated:
        if len(chosen) == 3:
            return chosen
        take(text)
    if template.distractors == "curated":
        return chosen
    pools = pools or _Pools(same_kind)
    group = pools.group(fact.kind, field, answer.type)
    generated = list(_nearby(answer, horizon)) if template.distractors == "generated" else []

    def every_candidate() -> list[tuple[float, str, Fact | None, str]]:
        return [
            (_distance(answer, value, fact, other), value.text, other, key)
            for _, other, value, key in group
            if other is not fact and _compatible(fact, other, field)
        ]

    def draw(candidates: list[tuple[float, str, Fact | None, str]]) -> None:
        candidates = candidates + [(score, text, None, _key(text)) for score, text in generated]
        # Draw from a shortlist of the closest so options look alike; jitter breaks ties reproducibly.
        jittered = [(score + rng.random() * 0.35, text, src, key) for score, text, src, key in candidates]
        pool: list[tuple[str, Fact | None]] = []
        seen: set[str] = set()
        for _, text, src, key in sorted(jittered, key=lambda p: p[0]):
            if key not in seen and key not in taken:
                seen.add(key)
                pool.append((text, src))
        sources: list[Fact] = []
        while len(chosen) < 3 and pool:
            shortlist = pool[:_SHORTLIST]
            text, src = shortlist[rng.randrange(len(shortlist))]
            pool.remove((text, src))
            if src is not None and any(_same_thing(src, other, field) for other in sources):
                continue  # two wrong options about one person, event or quantity give each other away
            if take(text) and src is not None:
                sources.append(src)

    if len(group) <= _SCAN_ALL:
        draw(every_candidate())
        return chosen
    before = (set(taken), list(chosen))
    draw(_nearest(fact, field, answer, pools.index(fact.kind, field, answer.type), taken))
    if len(chosen) < 3:
        # The nearest were too alike to give three: weigh every fact, as for a small deck, so that growing a deck
        # never makes a question fail that a smaller deck could ask.
        taken.clear()
        taken.update(before[0])
        chosen[:] = before[1]
        draw(every_candidate())
    return chosen


def _position(value: Value) -> float:
    """Where a value sorts for _Index: |position difference| x _scale(answer) never exceeds _distance."""
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
    fact: Fact, field: str, answer: Value, index: _Index, taken: set[str]
) -> list[tuple[float, str, Fact | None, str]]:
    """The _NEAREST values most like the answer that another fact may offer as a wrong one, in deck order."""
    origin, scale = _position(answer), _scale(answer)
    found: list[tuple[float, int, str, Fact, str]] = []
    distances: list[float] = []
    tries = 0
    for at, key, members in index.outward(origin):
        if len(distances) >= _NEAREST and abs(at - origin) * scale > distances[_NEAREST - 1] + 1e-9:
            break  # every value further out is further than the _NEAREST found
        if tries >= 8 * _NEAREST:
            break  # a crowd of values that cannot be wrong answers (same person, same period): enough looking
        if key in taken:
            continue
        for i, other, value in members[:_PER_VALUE]:
            tries += 1
            if other is not fact and _compatible(fact, other, field):
                distance = _distance(answer, value, fact, other)
                found.append((distance, i, value.text, other, key))
                bisect.insort(distances, distance)
                break
    nearest = sorted(found, key=lambda f: (f[0], f[1]))[:_NEAREST]
    return [(distance, text, other, key) for distance, _, text, other, key in sorted(nearest, key=lambda f: f[1])]


def _same_thing(a: Fact, b: Fact, field: str) -> bool:
    """Whether two facts (perhaps from different sources) describe the same person, event or quantity."""
    if isinstance(a, Figure) and isinstance(b, Figure):
        return bool(a.names() & b.names())
    if isinstance(a, Event) and isinstance(b, Event) and field != "when":
        return a.when.overlaps(b.when)
    if isinstance(a, Number) and isinstance(b, Number) and field == "measures":
        return a.value.display() == b.value.display()
    return False


def _curated_value(text: str, raw: object) -> str:
    """Curated dates and numbers may be written bare ('2017-12', '25'); show them as the answer is shown."""
    if isinstance(raw, PartialDate):
        date = parse_date(text)
        return date.display() if date else text
    if isinstance(raw, Quantity):
        try:
            return Quantity(float(text), None, raw.unit, raw.scale).display()
        except ValueError:
            return text
    return text


def _compatible(fact: Fact, other: Fact, field: str) -> bool:
    """Whether the other fact's value can be a WRONG answer to a question about this fact."""
    if isinstance(fact, Figure) and isinstance(other, Figure):
        if fact.names() & other.names():
            return False  # the same person described in another source
        if field == "role" and _mentions(other.role, fact.names()):
            return False  # "Who is Imran Khan?" must not offer "Imran Khan's adviser"
        if field == "name" and _mentions(fact.role, other.names()):
            return False  # "Who is Imran Khan's adviser?" must not offer "Imran Khan"
    if isinstance(fact, Event) and isinstance(other, Event):
        if other.conflicts_with:
            return False  # its date is disputed, so by another source's account it could be right
        if field != "when" and fact.when.overlaps(other.when):
            return False  # it may have happened in the same period, so it could also be right
    if isinstance(fact, Number) and isinstance(other, Number) and field == "measures":
        return fact.value.display() != other.value.display()
    if field in ("holder", "name"):
        also = {v.casefold() for v in fact.also_true.get(field, ())}
        value = getattr(other, field)
        # "an analyst quoted by Chellaney" is a fine holder for its own question, but an odd wrong answer among names.
        return (
            value.casefold() not in also
            and _looks_like_a_name(value)
            and _is_person(value) == _is_person(getattr(fact, field))
        )
    return True


@functools.lru_cache(maxsize=4096)
def _looks_like_a_name(text: str) -> bool:
    first = text.split()[0]
    return first[:1].isupper() and first not in ("A", "An", "The", "Ethics", "Pakistani", "Indian", "American")


@functools.lru_cache(maxsize=4096)
def _is_person(text: str) -> bool:
    """'Javid Husain' or 'Dominic, Liaqat and Tanveer' rather than 'India': a country among people gives itself away."""
    words = [w for w in text.replace(",", " ").split() if w not in ("and", "bin", "al", "de", "van")]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _mentions(text: str, names: set[str]) -> bool:
    folded = text.casefold()
    return any(name in folded or name.split()[-1] in folded.split() for name in names)


def _distance(answer: Value, value: Value, fact: Fact, other: Fact) -> float:
    """Smaller is more alike: nearby dates, numbers of a similar size, texts of a similar length."""
    a, b = answer.raw, value.raw
    if a is not None and hasattr(a, "span"):
        (y1, m1, _), (y2, m2, _) = a.span()[0], b.span()[0]
        months = abs((y1 * 12 + m1) - (y2 * 12 + m2))
        return months / (12 if a.precision == "year" else 3)
    if isinstance(a, Quantity):
        return abs(math.log((abs(a.magnitude) + 1e-9) / (abs(b.magnitude) + 1e-9)))
    length = abs(len(value.text) - len(answer.text)) / max(len(answer.text), 1)
    same_side = 0.0
    if (
        isinstance(fact, Figure)
        and isinstance(other, Figure)
        and fact.affiliation
        and fact.affiliation != other.affiliation
    ):
        same_side = 0.6  # prefer people of the same country or organisation: similar standing
    return length * 2 + same_side


def _nearby(answer: Value, horizon: tuple | None = None) -> Iterable[tuple[float, str]]:
    raw = answer.raw
    if raw is not None and hasattr(raw, "shifted"):
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
            moved = raw.scaled(factor)
            if moved is not None:
                yield score + 0.2, moved.display()


def _chronology(
    fact: Event, order: str, same_kind: list[Fact], rng: random.Random, pools: _Pools | None = None
) -> list[Event] | None:
    """Three events that clearly came after (order=first) or before (order=last) this one, close in time."""

    def clearly(other: Event) -> bool:
        return fact.when.before(other.when) if order == "first" else other.when.before(fact.when)

    if len(same_kind) <= _SCAN_ALL:
        others = [
            e for e in same_kind if isinstance(e, Event) and e is not fact and not e.conflicts_with and clearly(e)
        ]
    else:
        others = _next_events(fact, order, clearly, pools or _Pools(same_kind))
    key = {_key(fact.what)}
    others = [e for e in others if _key(e.what) not in key]
    if len(others) < 3:
        return None
    start = fact.when.span()[0]

    def gap(e: Event) -> float:
        y, m, _ = e.when.span()[0]
        return abs((y * 12 + m) - (start[0] * 12 + start[1])) + rng.random() * 6

    shortlist = sorted(others, key=gap)[: _SHORTLIST + 2]
    picked: list[Event] = []
    seen = set(key)
    for e in rng.sample(shortlist, len(shortlist)):
        k = _key(e.what)
        if k not in seen and not any(e.when.overlaps(p.when) for p in picked):
            seen.add(k)
            picked.append(e)
        if len(picked) == 3:
            return picked
    return None


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
                if key not in seen and other is not fact and not other.conflicts_with and clearly(other):
                    seen.add(key)
                    found.append((i, other))
                    count += 1
            if count >= _NEAREST:
                break
    return [event for _, event in sorted(found, key=lambda f: f[0])]


def _chronology_explanation(fact: Event, picked: list[Event], order: str) -> str:
    ordered = sorted([fact, *picked], key=lambda e: e.when.span()[0])
    parts = "; ".join(f"{_option(e.what)} ({e.when.display()})" for e in ordered)
    return f"In order: {parts}."


def build_bank(deck: Deck, seeds: dict, seed: int = 0, problems: list[Problem] | None = None) -> Bank:
    """The deck's question bank with options ordered for `seed`."""
    return Bank(deck, tuple(build_questions(deck, problems, seed)), seeds, seed)
