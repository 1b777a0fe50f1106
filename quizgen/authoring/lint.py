"""Item-quality checks over a question bank, after Haladyna, Downing & Rodriguez (2002).

Two kinds of finding:
- per item: wrong option count, options that are not distinct, "all/none of the above", negative stems whose
  negative word is not capitalised, distractors of another form than the answer (a year among months);
- over the bank: the answer position balance (per option count; true/false items by their share of true
  statements), and how well a test-taker who knows nothing would do by following a
  cue (always pick the longest option, an author of one of the texts, the latest date, the odd one out, ...). Each
  cue is scored over the items it applies to and must stay within MARGIN of chance (1 / the number of options).

The bank is checked as it is shown (options in the order `Content.bank` gives them), so the answer positions are
those a learner sees; the date and number cues rank the options by value, whatever their order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..model.models import LETTERS, TRUE_FALSE, Entity, Figure, Position, Question
from ..model.roles import CountryWords
from ..model.textnorm import for_option, join_names, same_option

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

POSITION_MARGIN = 0.05
"""Over the items with n options, each of their n letters must hold 1/n of the answers, give or take this."""
POSITION_RANGE = (0.25 - POSITION_MARGIN, 0.25 + POSITION_MARGIN)
"""Each of A–D must hold between 20% and 30% of the answers of the four-option items."""
TRUE_RANGE = (0.40, 0.60)
"""The share of true/false statements that are true: near half, so that always answering one way does not pay."""
MARGIN = 0.10
"""No cue may score more than this above chance over the items it applies to."""
MIN_ITEMS = 8
"""A cue that applies to fewer items is reported but not judged: a handful of items is too few to tell a cue."""
TEMPLATE_RANGE = (0.15, 0.35)
"""Within one template's four-option items, each letter's share of the keys; outside it is noted, not failed."""
TEMPLATE_MIN = 40
"""A template with fewer four-option items is not judged: forty keys are the fewest whose shares mean something."""
SHOWN = 5
"""How many of a cue's worst items a report line names (`--verbose` lists them all)."""

_WORD = re.compile(r"[\w$%]+(?:['’][\w]+)?", re.UNICODE)
_STOP = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "by", "with", "from", "at", "as", "is", "was"}
    | {"were", "be", "been", "are", "it", "its", "this", "that", "these", "those", "which", "who", "what", "when"}
    | {"where", "how", "did", "do", "does", "according"}
)
_ABSOLUTE = frozenset({"always", "never", "only", "all"})
_NEGATIVE = re.compile(r"\b(not|never|except|none|cannot|n't)\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options|these)\b", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("year", re.compile(r"^\d{4}$")),
    ("month", re.compile(rf"^(?:{_MONTHS}) \d{{4}}$")),
    ("day", re.compile(rf"^\d{{1,2}} (?:{_MONTHS}) \d{{4}}$")),
    ("percent", re.compile(r"^[\d.,–-]+%$")),
    ("money", re.compile(r"^\$[\d.,–-]+(?: (?:thousand|million|billion|trillion))?$")),
    ("count", re.compile(r"^[\d.,–-]+ [a-z]+$")),
]


def form(option: str) -> str:
    """What shape an option has: a date of some precision, a percentage, money, a count, or text."""
    for name, pattern in _FORMS:
        if pattern.match(option):
            return name if name != "count" else f"count:{option.split()[-1].rstrip('s')}"
    return "text"


def words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOP}


@dataclass(frozen=True)
class Flag:
    """One problem with one question."""

    question: str
    check: str
    message: str


@dataclass(frozen=True)
class Category:
    """What an option names, as a teacher judges a wrong option, and whose side it is on; None where nothing tells."""

    kind: str | None = None
    """person, group, government, institution, outlet or country."""
    side: str | None = None
    """The country a person, government or claim belongs to."""


@dataclass(frozen=True)
class Cues:
    """What the bank-level cues need to know beyond the questions: who wrote the texts, what each option names."""

    authors: frozenset[str] = frozenset()
    """The texts' authors, for_option-folded: each name, the `cite_as` and a group's joined names."""
    categories: Mapping[str, Category] = field(default_factory=dict)
    """for_option-folded option text -> Category: from the deck's entity registry (`categories`)."""
    countries: CountryWords = field(default_factory=CountryWords)
    """The deck's country words, which put a stem on a side."""

    @classmethod
    def of(cls, bank: Any) -> Cues:
        """The cues of a Bank: its texts' authors, and what its registry (or, without one, its facts) tells."""
        entities = getattr(bank.deck, "entities", {})
        authors = {for_option(name): kind for name, kind in _authors(bank.texts)}
        return cls(
            frozenset(authors), categories(bank.deck.facts, entities, authors), CountryWords.of(entities.values())
        )

    def category(self, option: str) -> Category:
        return self.categories.get(for_option(option), Category())

    def stem_sides(self, stem: str) -> frozenset[str]:
        """The sides a stem names: by country words, and by the people it names ("Who is Asim Munir?")."""
        folded = f" {for_option(stem)} "
        named = {c.side for name, c in self.categories.items() if c.side and c.kind and f" {name} " in folded}
        return frozenset(self.countries.countries_in(stem)) | named


_AS_OPTION = {"officials": "group", "unnamed": None}
"""Registry types as an option shows them: unnamed officials are several people; "an anonymous reader" is unclear."""
_KIND_WORDS = [
    ("government", re.compile(r"\b(?:government|administration|ministry)\b")),
    ("outlet", re.compile(r"\b(?:newsletter|journal|times|post|news)\b")),
    ("institution", re.compile(r"\b(?:imf|fund|bank|university|foundation|council|center|centre|institute)\b")),
    ("group", re.compile(r"\b(?:officials|watchdogs|analysts|diplomats|leaders)\b|,| and ")),
]
"""For a deck without a registry: the kind an option's words suggest."""


def _authors(texts: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(name, person or group) for each text's authors, its cite_as and a group's joined names."""
    for text in texts.values():
        group = len(text.authors) > 1
        yield from ((a, "person") for a in text.authors)
        yield text.cite_as, "group" if group else "person"
        if group:
            yield join_names(tuple(text.authors)), "group"


def categories(facts: Sequence[Any], entities: Mapping[str, Entity], authors: Mapping[str, str]) -> dict[str, Category]:
    """Option text (for_option-folded) -> Category: every name and alias of the registry, and every figure's role
    (as its person); the texts' authors (`authors`, folded name -> kind). Without a registry, the figures are
    people and the other holders of the kind their words suggest, all of no known side."""
    out: dict[str, Category] = {}
    for entity in entities.values():
        category = Category(_AS_OPTION.get(entity.type, entity.type), entity.country)
        for name in (entity.name, *entity.aliases):
            out.setdefault(for_option(name), category)
    for fact in facts:
        if isinstance(fact, Figure):
            person = entities.get(fact.name.casefold())
            category = Category("person", person.country if person else None)
            for name in (fact.role, fact.name, *fact.aliases):
                out.setdefault(for_option(name), category)  # a role names a person: "Pakistan's army chief"
    for name, kind in authors.items():
        out.setdefault(name, Category(kind))
    for fact in facts:
        if isinstance(fact, Position):
            out.setdefault(for_option(fact.holder), Category(_kind(fact.holder)))
    return out


def _kind(text: str) -> str | None:
    folded = for_option(text)
    for kind, pattern in _KIND_WORDS:
        if pattern.search(folded):
            return kind
    words = text.split()
    return "person" if len(words) >= 2 and all(w[:1].isupper() for w in words) else None


Pick = Callable[[Question, Cues], "list[int] | None"]
"""A cue: the options a test-taker following it would choose among, or None where it does not apply."""


def _credit(correct: int, chosen: Sequence[int]) -> float:
    """Expected score of picking at random among the options a strategy singles out."""
    return (1 / len(chosen)) if correct in chosen else 0.0


V = TypeVar("V", bound="SupportsRichComparison")
"""An option's value for a cue: its length, a date as (year, month, day), a number."""


def _extreme(values: Sequence[V], pick: Callable[[Sequence[V]], V]) -> list[int]:
    best = pick(values)
    return [i for i, v in enumerate(values) if v == best]


def _odd(values: Sequence[object]) -> list[int]:
    """The options whose value no other option shares, when some others do share one; else all (no odd one)."""
    counts = Counter(values)
    singles = [i for i, v in enumerate(values) if counts[v] == 1]
    return singles if 0 < len(singles) < len(values) else list(range(len(values)))


def longest(q: Question, cues: Cues) -> list[int]:
    return _extreme([len(o) for o in q.options], max)


def shortest(q: Question, cues: Cues) -> list[int]:
    return _extreme([len(o) for o in q.options], min)


def most_like_stem(q: Question, cues: Cues) -> list[int]:
    stem = words(q.stem)
    return _extreme([len(words(o) & stem) for o in q.options], max)


def most_like_others(q: Question, cues: Cues) -> list[int]:
    sets = [words(o) for o in q.options]
    return _extreme([sum(len(s & t) for j, t in enumerate(sets) if j != i) for i, s in enumerate(sets)], max)


def most_shared_parts(q: Question, cues: Cues) -> list[int] | None:
    """Of options in parts ("Chellaney: …; Husain: …"), those whose parts recur most in the other options: wrong
    options made by varying one half of the key each leave the key the one that shares a half with all of them. In a
    balanced grid (each half twice) every option ties. Applies where every option has two or more parts."""
    parts = [[p.strip().casefold() for p in o.split(";")] for o in q.options]
    if any(len(p) < 2 for p in parts):
        return None
    shared = [sum(p in o for j, o in enumerate(parts) if j != i for p in mine) for i, mine in enumerate(parts)]
    return _extreme(shared, max)


def without_absolutes(q: Question, cues: Cues) -> list[int]:
    plain = [i for i, o in enumerate(q.options) if not (words(o) & _ABSOLUTE)]
    return plain if plain else list(range(len(q.options)))


def an_author(q: Question, cues: Cues) -> list[int] | None:
    """The options that are an author of one of the texts; applies where at least one is."""
    authors = [i for i, o in enumerate(q.options) if for_option(o) in cues.authors]
    return authors or None


_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS.split("|"), 1)}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def date_value(option: str) -> tuple[int, int, int] | None:
    """An option shown as a date ('2018', 'May 2019', '4 May 2019') as (year, month, day), for ordering."""
    kind = form(option)
    if kind not in ("year", "month", "day"):
        return None
    parts = option.split()
    year = int(parts[-1])
    month = _MONTH_NUMBER[parts[-2]] if len(parts) >= 2 else 0
    return (year, month, int(parts[0]) if len(parts) == 3 else 0)


def number_value(option: str) -> float | None:
    """An option shown as a number ('19%', '$33 billion', '3 days', '10–12%') as its size (a range's middle)."""
    kind = form(option)
    if kind == "text" or kind in ("year", "month", "day"):
        return None
    head, *rest = option.lstrip("$").split()
    bounds = [float(b.replace(",", "")) for b in re.split(r"[–-]", head.rstrip("%")) if b]
    if not bounds:
        return None
    return sum(bounds) / len(bounds) * (_SCALE.get(rest[0], 1) if rest else 1)


def _by_value(value: Callable[[str], V | None], pick: Callable[[Sequence[V]], V]) -> Pick:
    def cue(q: Question, cues: Cues) -> list[int] | None:
        values = [v for v in map(value, q.options) if v is not None]
        if len(values) < len(q.options):
            return None  # applies only where every option is a date (a number)
        return _extreme(values, pick)

    return cue


def _middle(value: Callable[[str], object]) -> Pick:
    """Neither the first nor the last by value: a key that is never the earliest (latest) is found by dropping it."""

    def cue(q: Question, cues: Cues) -> list[int] | None:
        values = [value(o) for o in q.options]
        if any(v is None for v in values):
            return None
        low, high = min(values), max(values)  # type: ignore[type-var]
        inner = [i for i, v in enumerate(values) if v != low and v != high]
        return inner or list(range(len(values)))

    return cue


def of_the_stems_side(q: Question, cues: Cues) -> list[int] | None:
    """The options on the side the stem names ("Who is Pakistan's army chief?": the Pakistani names)."""
    sides = cues.stem_sides(q.stem)
    known = [cues.category(o).side for o in q.options]
    if not sides or sum(s is not None for s in known) < 2:
        return None
    same = [i for i, s in enumerate(known) if s in sides]
    return same if 0 < len(same) < len(q.options) else list(range(len(q.options)))


def odd_kind(q: Question, cues: Cues) -> list[int] | None:
    """The only option of its kind (a government among people, one person among groups)."""
    kinds = [cues.category(o).kind for o in q.options]
    return None if None in kinds else _odd(kinds)


def odd_side(q: Question, cues: Cues) -> list[int] | None:
    """The only option of its side (the one Chinese name among Americans)."""
    sides = [cues.category(o).side for o in q.options]
    return None if None in sides else _odd(sides)


STRATEGIES: dict[str, Pick] = {
    "longest option": longest,
    "shortest option": shortest,
    "most words shared with the stem": most_like_stem,
    "most words shared with the other options": most_like_others,
    "the option whose parts recur most": most_shared_parts,
    "option without absolute words": without_absolutes,
    "an author of one of the texts": an_author,
    "latest date": _by_value(date_value, max),
    "earliest date": _by_value(date_value, min),
    "a middle date": _middle(date_value),
    "largest number": _by_value(number_value, max),
    "smallest number": _by_value(number_value, min),
    "a middle number": _middle(number_value),
    "the option of the stem's side": of_the_stems_side,
    "the only one of its kind": odd_kind,
    "the only one of its side": odd_side,
}
"""Each cue a test-taker who knows nothing could follow, by the name `quizgen lint` reports it under."""


@dataclass(frozen=True)
class Score:
    """How one cue does over the items it applies to."""

    items: int
    score: float
    """Expected share of those items answered right by following the cue."""
    chance: float
    """Expected share answered right by guessing: the mean of 1 / the number of options."""
    offenders: tuple[str, ...] = ()
    """Ids of the items the cue answers, those where it singles out the key alone first."""

    @property
    def judged(self) -> bool:
        return self.items >= MIN_ITEMS

    @property
    def failed(self) -> bool:
        return self.judged and self.score > self.chance + MARGIN + 1e-9


def score(questions: Sequence[Question], pick: Pick, cues: Cues) -> Score:
    """A cue's score over the questions it applies to, against chance over the same questions."""
    credits: list[tuple[float, str]] = []
    chance = 0.0
    for q in questions:
        chosen = pick(q, cues)
        if chosen is None:
            continue
        credits.append((_credit(q.answer, chosen), q.id))
        chance += 1 / len(q.options)
    if not credits:
        return Score(0, 0.0, 0.0)
    worst = tuple(qid for credit, qid in sorted(credits, key=lambda c: (-c[0], c[1])) if credit >= 0.5)
    return Score(len(credits), sum(c for c, _ in credits) / len(credits), chance / len(credits), worst)


def ranks(questions: Sequence[Question], value: Callable[[str], object]) -> Counter[int]:
    """Where the key ranks among the options ordered by value (1 = earliest or smallest), over the items whose
    options all have one; a key tied with another option counts at the first of the tied ranks."""
    out: Counter[int] = Counter()
    for q in questions:
        values = [value(o) for o in q.options]
        if all(v is not None for v in values):
            out[1 + sum(v < values[q.answer] for v in values)] += 1  # type: ignore[operator]
    return out


@dataclass(frozen=True)
class LintReport:
    """What `quizgen lint` found."""

    total: int
    positions: dict[int, dict[str, float]]
    """Option count -> letter -> share of the answers of the (choice) items with that many options."""
    strategies: dict[str, Score]
    flags: list[Flag] = field(default_factory=list)
    date_ranks: Counter[int] = field(default_factory=Counter)
    """Key rank among the options of all-date items, earliest first."""
    number_ranks: Counter[int] = field(default_factory=Counter)
    """Key rank among the options of all-number items, smallest first."""
    true_false: tuple[int, float] = (0, 0.0)
    """How many true/false items there are, and the share of them whose statement is true."""
    option_counts: dict[int, int] = field(default_factory=dict)
    """Option count -> how many choice items have it."""
    templates: dict[str, tuple[int, dict[str, float]]] = field(default_factory=dict)
    """Template -> its shuffled four-option items and each letter's share of their keys, for the templates with
    TEMPLATE_MIN such items or more whose letters stray outside TEMPLATE_RANGE. A note, not a failure: option order
    is drawn per fact (bank/arrange.py), so no template's balance is made, only left to chance, and a printed test
    balances its own keys whatever the bank's order (outputs/printing/keys.py)."""

    @property
    def failures(self) -> list[str]:
        out = []
        for count, shares in self.positions.items():
            if not positions_judged(self, count):
                continue  # too few items for their letters to balance (a note in the report, not a failure)
            low, high = position_range(count)
            which = "" if count == 4 else f" of the {count}-option items"
            for letter, share in shares.items():
                if not low <= share <= high:
                    out.append(
                        f"answer position {letter}{which} holds {share:.0%} of answers (allowed {low:.0%}–{high:.0%})"
                    )
        items, share = self.true_false
        low, high = TRUE_RANGE
        if items >= MIN_ITEMS and not low <= share <= high:
            out.append(f"{share:.0%} of the true/false statements are true (allowed {low:.0%}–{high:.0%})")
        for name, result in self.strategies.items():
            if result.failed:
                out.append(
                    f"strategy '{name}' scores {result.score:.0%} over {result.items} items "
                    f"(chance {result.chance:.0%}, at most {result.chance + MARGIN:.0%})"
                )
        out.extend(f"{f.question}: {f.message}" for f in self.flags if f.check in _BLOCKING)
        return out

    @property
    def ok(self) -> bool:
        return not self.failures


# Item findings that make a question unusable; the others are listed for an author to look at.
_BLOCKING = {"options", "distinct", "above", "negative", "form"}


def positions_judged(report: LintReport, count: int) -> bool:
    """Whether the answer positions of the items with `count` options are judged: from MIN_ITEMS items per letter.
    With fewer, one item moves a letter's share by more than 1/(8 x count) (16 four-option items: 6.25 points, so
    only exactly 4 per letter would pass the 20-30% band), and quizgen, not the author, places the keys."""
    return report.option_counts.get(count, 0) >= MIN_ITEMS * count


def position_range(count: int) -> tuple[float, float]:
    """The share of answers each letter of the items with `count` options must hold: 1/count give or take."""
    return 1 / count - POSITION_MARGIN, 1 / count + POSITION_MARGIN


def check_item(q: Question) -> list[Flag]:
    """The per-item rules."""
    flags = []
    if q.true_false and q.options != TRUE_FALSE:
        flags.append(Flag(q.id, "options", f"a true/false item has the options {', '.join(TRUE_FALSE)}"))
    folded = [same_option(o) for o in q.options]
    twin = next((j for j in range(len(folded)) if folded[j] in folded[:j]), None)
    if twin is not None:
        first = q.options[folded.index(folded[twin])]
        flags.append(
            Flag(
                q.id,
                "distinct",
                f"options {first!r} and {q.options[twin]!r} are the same after normalising case, punctuation and "
                "a leading article",
            )
        )
    if any(_ABOVE.search(o) for o in q.options):
        flags.append(Flag(q.id, "above", "uses 'all/none of the above'"))
    # Only the question's own clause counts: "Who argued that the US cannot be trusted?" is not a negative stem.
    asking = re.split(r"\bthat\b", q.stem, maxsplit=1)[0]
    for match in _NEGATIVE.finditer(asking):
        if not match.group(0).isupper():
            flags.append(Flag(q.id, "negative", f"negative stem: capitalise '{match.group(0)}' or rephrase"))
            break
    forms = [form(o) for o in q.options]
    answer_form = forms[q.answer]
    odd = [q.options[i] for i, f in enumerate(forms) if f != answer_form]
    if odd:
        flags.append(Flag(q.id, "form", f"distractor {odd[0]!r} has another form than the answer ({answer_form})"))
    lengths = sorted((len(o), i) for i, o in enumerate(q.options))
    if lengths[-1][1] == q.answer and lengths[-1][0] > 1.5 * lengths[-2][0] and lengths[-1][0] - lengths[-2][0] > 12:
        flags.append(Flag(q.id, "length", "the answer is by far the longest option"))
    return flags


def lint(questions: Sequence[Question], cues: Cues | None = None) -> LintReport:
    """Check every item and every cue over the bank; `cues` (Cues.of(bank)) lets the author and category cues
    apply."""
    cues = cues or Cues()
    # A true/false item's options are always True, False: no cue lies in them, and its balance is its own check.
    choice = [q for q in questions if not q.true_false]
    judged = [q for q in questions if q.true_false]
    strategies = {name: score(choice, pick, cues) for name, pick in STRATEGIES.items()}
    flags = [flag for q in questions for flag in check_item(q)]
    true_share = sum(q.answer == 0 for q in judged) / len(judged) if judged else 0.0
    return LintReport(
        len(questions),
        answer_positions(choice),
        strategies,
        flags,
        ranks(choice, date_value),
        ranks(choice, number_value),
        (len(judged), true_share),
        dict(Counter(len(q.options) for q in choice)),
        stray_templates(choice),
    )


def stray_templates(questions: Sequence[Question]) -> dict[str, tuple[int, dict[str, float]]]:
    """The templates whose shuffled four-option items (not dates or numbers, whose order is fixed) put some letter
    outside TEMPLATE_RANGE of their keys, over TEMPLATE_MIN items or more."""
    by_template: dict[str, Counter[int]] = {}
    for q in questions:
        if len(q.options) == 4 and not q.ordered:
            by_template.setdefault(q.template, Counter())[q.answer] += 1
    low, high = TEMPLATE_RANGE
    out = {}
    for template, counts in sorted(by_template.items()):
        total = counts.total()
        shares = {LETTERS[i]: counts[i] / total for i in range(4)}
        if total >= TEMPLATE_MIN and not all(low <= share <= high for share in shares.values()):
            out[template] = (total, shares)
    return out


def answer_positions(questions: Sequence[Question]) -> dict[int, dict[str, float]]:
    """Option count -> each of its letters -> the share of those items whose answer is there (4 always shown)."""
    by_count: dict[int, Counter[int]] = {4: Counter()}
    for q in questions:
        by_count.setdefault(len(q.options), Counter())[q.answer] += 1
    return {
        n: {LETTERS[i]: counts[i] / max(counts.total(), 1) for i in range(n)}
        for n, counts in sorted(by_count.items())
        if n == 4 or counts
    }
