"""Choosing questions: filters by kind, source and tag, and a reproducible sample of N in which no question gives
away another's answer (see leaks.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import ArgumentError, did_you_mean
from ..model.questions import KINDS, LEVELS, Question
from ..model.textnorm import join_names
from ..util.records import ValueRecord
from ..util.rng import rng_for
from .leaks import LeakCheck, leak_free


@dataclass(frozen=True, repr=False, eq=False)
class Filters(ValueRecord):
    """What the user asked for; empty means everything."""

    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    given: frozenset[str] = frozenset()
    """Answers the choice of sources gives away: the author every chosen text shares (see `given_away`)."""
    levels: tuple[str, ...] = ()
    """Of LEVELS: `recall`, `comparison`, ..."""
    exclude: tuple[str, ...] = ()
    """Question ids never chosen; a sample takes the next question in their place (see `select`)."""
    include: tuple[str, ...] = ()
    """Question ids always chosen, whatever the other filters say."""

    @property
    def any_question(self) -> bool:
        """Every question matches (`matches` would say so of each one)."""
        return not (self.kinds or self.levels or self.sources or self.tags or self.given)

    def matches(self, question: Question) -> bool:
        return (
            (not self.kinds or question.kind in self.kinds)
            and (not self.levels or question.level in self.levels)
            and (not self.sources or needs_only(question, self.sources))
            and (not self.tags or any(t in question.tags for t in self.tags))
            and not (self.given and question.correct in self.given)
        )

    @property
    def empty(self) -> bool:
        """Nothing asked for: every question."""
        return not (self.kinds or self.levels or self.sources or self.tags or self.exclude or self.include)


def needs_only(question: Question, texts: Sequence[str]) -> bool:
    """Whether every text the question needs is among `texts`: its own source and the source of every quote it also
    rests on (`see_also`: a comparison with another text, another text's date of an event). A class that read only
    Husain's column cannot answer "When did Trump host Munir, according to Husain and according to Haq?"."""
    return question.source.text in texts and all(quote.text in texts for quote in question.see_also)


def given_away(filters: Filters, texts: Mapping[str, Any]) -> Filters:
    """The filters, told which answers the chosen sources give away.

    A learner who chose to study Husain's column knows every "Who argued that ...?" about it is answered
    "Javid Husain": with --source, questions whose answer is an author of every chosen text are left out.
    """
    if not filters.sources:
        return filters
    shared = set.intersection(*(_names(texts.get(s)) for s in filters.sources))
    return replace(filters, given=frozenset(shared)) if shared else filters


def _names(text: Any) -> set[str]:
    """Every way an option can name the text's author: each author, the `cite_as` and a group's joined names
    ("Dominic, Liaqat and Tanveer", the form holder options take for a paper's three authors)."""
    authors = tuple(getattr(text, "authors", ()))
    names = set(authors)
    cite_as = getattr(text, "cite_as", None)
    if cite_as:
        names.add(cite_as)
    if len(authors) > 1:
        names.add(join_names(authors))
    return names


def _all_known(option: str, noun: str, values: Iterable[str], choices: Sequence[str]) -> None:
    """An ArgumentError for the first of `values` that is not among `choices`, with a "did you mean"."""
    for value in values:
        if value not in choices:
            raise ArgumentError(
                option,
                f"{{{option}}}: unknown {noun} '{{value}}'{{hint}}",
                value=value,
                choices=choices,
                hint=did_you_mean(value, choices),
            )


def check_filters(filters: Filters, questions: Sequence[Question], known_texts: Iterable[str]) -> None:
    """Name the option when a filter value can never match (a typo), instead of silently selecting nothing."""
    _all_known("kinds", "kind", filters.kinds, KINDS)
    _all_known("levels", "level", filters.levels, LEVELS)
    _check_ids(filters, questions)
    _all_known("sources", "source", filters.sources, sorted(set(known_texts)))
    tags = {t for q in questions for t in q.tags} if filters.tags else set()  # a walk over the whole bank
    for tag in filters.tags:
        if tag not in tags:
            raise ArgumentError(
                "tags",
                "{tags}: no question has tag '{value}'{hint}",
                value=tag,
                choices=sorted(tags),
                hint=did_you_mean(tag, tags),
            )


def _check_ids(filters: Filters, questions: Sequence[Question]) -> None:
    """Name a typo in --exclude or --include, and an id given to both."""
    if not (filters.exclude or filters.include):
        return
    ids = {q.id for q in questions}
    for parameter, given in (("exclude", filters.exclude), ("include", filters.include)):
        for qid in given:
            if qid not in ids:
                template = f"{{{parameter}}}: no question '{{value}}'{{hint}}"
                raise ArgumentError(parameter, template, value=qid, hint=did_you_mean(qid, ids))
    both = sorted(set(filters.exclude) & set(filters.include))
    if both:
        raise ArgumentError("include", "{include} and {exclude} both name '{value}'", value=both[0])


def select(
    questions: Sequence[Question],
    filters: Filters = Filters(),
    n: int | None = None,
    seed: int | str = 0,
    *,
    alongside: Sequence[Question] = (),
    check: LeakCheck | None = None,
) -> list[Question]:
    """The matching questions, or a reproducible sample of up to n of them in random order.

    A sample never holds two questions of which one gives away the other's answer, nor one that gives away an
    answer of `alongside` (questions already chosen, e.g. those due in a review). When the matching questions
    cannot give n such questions, it holds fewer: `shortfall` says so. `check` is built from `questions` unless
    given.
    """
    matching = list(questions) if filters.any_question else [q for q in questions if filters.matches(q)]
    if not matching and not filters.include:
        raise no_match(filters, questions)
    if n is None:
        if not (filters.exclude or filters.include):
            return matching
        return [q for q in questions if q.id in filters.include or (q.id not in filters.exclude and filters.matches(q))]
    if n < 1:
        raise ArgumentError("n", "{n} must be at least 1, not {value}", value=n)
    rng = rng_for("select", seed)
    shuffled = list(matching)
    rng.shuffle(shuffled)
    check = check or _check_for(questions)
    base = leak_free(shuffled, n, check, alongside)
    if not (filters.exclude or filters.include):
        return base
    return _in_places(base, _with_choices(questions, shuffled, filters, n, check, alongside))


def _with_choices(
    questions: Sequence[Question],
    shuffled: list[Question],
    filters: Filters,
    n: int,
    check: LeakCheck,
    alongside: Sequence[Question],
) -> list[Question]:
    """The sample with the --include questions in it and the --exclude ones out: the same draw, minus what is left
    out, after what is forced in."""
    if len(filters.include) > n:
        raise ArgumentError(
            "include", "{include} names {count} questions; {n} asks for {value}", value=n, count=len(filters.include)
        )
    by_id = {q.id: q for q in questions}
    forced = [by_id[qid] for qid in dict.fromkeys(filters.include)]
    skip = {*filters.exclude, *filters.include}
    rest = [q for q in shuffled if q.id not in skip]
    return forced + leak_free(rest, n - len(forced), check, (*alongside, *forced))


def _in_places(before: list[Question], after: list[Question]) -> list[Question]:
    """`after`'s questions, each one also in `before` at its place there and the others in the places left free, so
    that leaving one question out of a test moves no other: the replacement takes its slot."""
    place = {q.id: i for i, q in enumerate(before)}
    slots: list[Question | None] = [None] * max(len(before), len(after))
    newcomers = []
    for q in after:
        if q.id in place:
            slots[place[q.id]] = q
        else:
            newcomers.append(q)
    for i, slot in enumerate(slots):
        if slot is None and newcomers:
            slots[i] = newcomers.pop(0)
    return [q for q in slots if q is not None]


_last_check: list[tuple[Sequence[Question], LeakCheck]] = []


def _check_for(questions: Sequence[Question]) -> LeakCheck:
    """The LeakCheck of these questions, kept for the next call on the same ones (a teacher's script printing many
    tests from one bank)."""
    if not (_last_check and _last_check[0][0] is questions):
        _last_check[:] = [(questions, LeakCheck(questions))]
    return _last_check[0][1]


def shortfall(chosen: int, wanted: int, matching: int, why: str | None = None) -> str | None:
    """One line saying why a sample holds fewer than the `wanted` questions, or None when it holds them all; `why`
    (see `left_out`) says what kept the others out."""
    if chosen >= wanted:
        return None
    if matching <= chosen:
        return f"only {chosen} match; -n asked for {wanted}"
    return (
        f"only {chosen} of the {matching} matching questions can go together without one giving away another's "
        f"answer{f'; {why}' if why else ''}; -n asked for {wanted}"
    )


_LEFT_OUT = {
    "fact": "on a fact already asked about",
    "quote": "quoting words already quoted",
    "answer": "naming an answer asked or named by another",
    "options": "offering the same options",
}


def _clash(why: str) -> str:
    """The kind of a LeakCheck.why reason, a key of _LEFT_OUT."""
    if why.startswith("both ask"):
        return "fact"
    if why.startswith("their quotes"):
        return "quote"
    return "options" if why.startswith("they offer") else "answer"


def left_out(chosen: Sequence[Question], matching: Sequence[Question], questions: Sequence[Question]) -> str | None:
    """Why the matching questions a sample left out could not go with those it holds, each by its first reason in
    _LEFT_OUT's order over the questions taken: `the 41 left out: 30 on a fact already asked about, 8 quoting words
    already quoted, 3 naming an answer asked or named by another`. None when none was left out for a clash."""
    check = _check_for(questions)
    taken = {q.id for q in chosen}
    counts: dict[str, int] = {}
    for q in matching:
        if q.id in taken:
            continue
        kinds = {_clash(why) for other in chosen if (why := check.why(q, other))}
        kind = next((kind for kind in _LEFT_OUT if kind in kinds), None)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return None
    parts = [f"{counts[kind]} {words}" for kind, words in _LEFT_OUT.items() if kind in counts]
    return f"the {sum(counts.values())} left out: " + ", ".join(parts)


def no_match(filters: Filters, questions: Sequence[Question]) -> ArgumentError:
    """Why `filters` match none of `questions`, in one line naming the filter that empties the set.

    The filters are applied as the sentence reads them: kinds, then sources, then the answers the sources give away,
    then tags; the first that leaves nothing is the error's parameter. For example "no questions match: husain-2025
    has 12 event questions, none tagged 'ceasefire'".
    """
    kinds = " or ".join(filters.kinds)
    noun = f"{kinds} questions" if kinds else "questions"
    who = join_names(filters.sources) or "the deck"
    has = "have" if len(filters.sources) > 1 else "has"
    pool = [q for q in questions if not filters.kinds or q.kind in filters.kinds]
    if not pool:
        return _none("kinds", _literal(f"the deck has no {noun}"))
    if filters.levels:
        noun = f"{' or '.join(filters.levels)} {noun}"
        pool = [q for q in pool if q.level in filters.levels]
        if not pool:
            return _none("levels", _literal(f"the deck has no {noun}"))
    pool = [q for q in pool if not filters.sources or needs_only(q, filters.sources)]
    if not pool:
        return _none("sources", _literal(f"{who} {has} no {noun}"))
    left = [q for q in pool if q.correct not in filters.given]
    if not left:
        are = "is" if len(pool) == 1 else "are all"
        said = f"the {_count(len(pool), noun)} of {who} {are} answered by the author, which "
        return _none("sources", _literal(said) + "{sources} gives away")
    if len(left) < len(pool):
        noun += " not answered by the author"
    tags = " or ".join(f"'{t}'" for t in filters.tags)
    return _none("tags", _literal(f"{who} {has} {_count(len(left), noun)}, none tagged {tags}"))


def _count(n: int, noun: str) -> str:
    """'16 event questions', '1 event question'."""
    return f"{n} {noun}" if n != 1 else f"1 {noun.replace('questions', 'question', 1)}"


def _none(parameter: str, template: str) -> ArgumentError:
    return ArgumentError(parameter, "no questions match: " + template)


def _literal(text: str) -> str:
    """Text for an ArgumentError template: braces in a value are not parameters."""
    return text.replace("{", "{{").replace("}", "}}")
