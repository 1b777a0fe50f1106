"""Templates x facts -> questions: stems, four distinct options, answer, explanation and source.

Determinism: distractors are drawn with a random generator seeded by the question id alone, so a question keeps
its options whatever else the deck holds; option order is drawn from (seed, question id).
"""

from __future__ import annotations

import hashlib
import random
import string
from collections.abc import Iterable

from .dates import PartialDate, parse_date
from .errors import Problem
from .models import Bank, CustomQuestion, Deck, Event, Fact, Figure, Number, Question, Template, Value
from .quantities import Quantity
from .textnorm import for_option

# How many of the most similar candidates a distractor is drawn from: similar enough to be plausible,
# varied enough that the same three do not follow every question.
_SHORTLIST = 6


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts, identical on every platform and Python version."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def build_questions(deck: Deck, problems: list[Problem] | None = None, seed: int = 0) -> list[Question]:
    """Every question the deck's templates make from its facts; facts that cannot get three distractors are reported."""
    problems = problems if problems is not None else []
    by_kind: dict[str, list[Fact]] = {}
    for fact in deck.facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    # No made-up date later than anything the deck knows: a 2027 option for a 2025 text gives itself away.
    events = [f.when for f in by_kind.get("event", []) if isinstance(f, Event)]
    horizon = max((d.span()[1] for d in events), default=None)
    questions: list[Question] = []
    for fact in deck.facts:
        for template in deck.templates:
            if template.kind != fact.kind or template.id in fact.skip:
                continue
            question = _from_template(fact, template, by_kind[fact.kind], problems, horizon)
            if question is not None:
                questions.append(question)
        for custom in fact.questions:
            question = _from_custom(fact, custom, problems)
            if question is not None:
                questions.append(question)
    return _arrange(questions, seed)


def _arrange(questions: list[Question], seed: int) -> list[Question]:
    """Shuffle options; the correct one goes to A, B, C, D in turn across each fact's questions.

    Rotating within a fact (from a start drawn per fact) balances answer positions over the bank far better than
    an independent draw per question, and a question's order still depends only on its own fact, never on others.
    """
    out, index_in_fact = [], {}
    for q in questions:
        i = index_in_fact[q.fact] = index_in_fact.get(q.fact, -1) + 1
        start = rng_for("answer-slot", seed, q.fact).randrange(4)
        slot = (start + i) % 4
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
    fact: Fact, template: Template, same_kind: list[Fact], problems: list[Problem], horizon: tuple | None = None
) -> Question | None:
    qid = f"{fact.id}/{template.id}"
    values = fact.values()
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
        picked = _chronology(fact, template.order, same_kind, rng)
        if picked is None:
            return None
        distractors = [e.what for e in picked]
        explanation = _chronology_explanation(fact, picked, template.order)
    else:
        distractors = pick_distractors(fact, template, answer, same_kind, rng, horizon)
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
) -> list[str]:
    """Three wrong options: the fact's curated ones first, then the most similar values from other facts
    (and, for `generated`, nearby dates or numbers), never a value marked as also true."""
    field = template.answer
    taken = {for_option(answer.text)} | {
        for_option(_curated_value(v, answer.raw)) for v in fact.also_true.get(field, ())
    }
    chosen: list[str] = []

    def take(text: str) -> bool:
        key = for_option(text)
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
    candidates: list[tuple[float, str, Fact | None]] = []
    for other in same_kind:
        if other is fact:
            continue
        value = other.values().get(field)
        if value is None or value.type != answer.type or not _compatible(fact, other, field):
            continue
        candidates.append((_distance(answer, value, fact, other), value.text, other))
    if template.distractors == "generated":
        candidates.extend((score, text, None) for score, text in _nearby(answer, horizon))
    # Draw from a shortlist of the closest so options look alike; jitter breaks ties reproducibly.
    jittered = [(score + rng.random() * 0.35, text, src) for score, text, src in candidates]
    pool: list[tuple[str, Fact | None]] = []
    seen: set[str] = set()
    for _, text, src in sorted(jittered, key=lambda p: p[0]):
        key = for_option(text)
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
    return chosen


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


def _looks_like_a_name(text: str) -> bool:
    first = text.split()[0]
    return first[:1].isupper() and first not in ("A", "An", "The", "Ethics", "Pakistani", "Indian", "American")


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
        import math

        return abs(math.log((a.magnitude + 1e-9) / (b.magnitude + 1e-9)))
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


def _chronology(fact: Event, order: str, same_kind: list[Fact], rng: random.Random) -> list[Event] | None:
    """Three events that clearly came after (order=first) or before (order=last) this one, close in time."""

    def clearly(other: Event) -> bool:
        return fact.when.before(other.when) if order == "first" else other.when.before(fact.when)

    others = [e for e in same_kind if isinstance(e, Event) and e is not fact and not e.conflicts_with and clearly(e)]
    key = {for_option(fact.what)}
    others = [e for e in others if for_option(e.what) not in key]
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
        k = for_option(e.what)
        if k not in seen and not any(e.when.overlaps(p.when) for p in picked):
            seen.add(k)
            picked.append(e)
        if len(picked) == 3:
            return picked
    return None


def _chronology_explanation(fact: Event, picked: list[Event], order: str) -> str:
    ordered = sorted([fact, *picked], key=lambda e: e.when.span()[0])
    parts = "; ".join(f"{_option(e.what)} ({e.when.display()})" for e in ordered)
    return f"In order: {parts}."


def build_bank(deck: Deck, seeds: dict, seed: int = 0, problems: list[Problem] | None = None) -> Bank:
    """The deck's question bank with options ordered for `seed`."""
    return Bank(deck, tuple(build_questions(deck, problems, seed)), seeds, seed)
