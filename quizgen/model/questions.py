"""Questions and the quotes they rest on: what a quiz reads from the cache, kept apart from the facts, templates and
decks they are generated from (models.py), so that a warm quiz creates only these classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..util.records import ValueRecord

if TYPE_CHECKING:
    from .dates import PartialDate

KINDS = ("event", "figure", "position", "number")
QUOTED_KINDS = ("report", "post", "comment", "interview", "statement", "speech", "book", "article")
"""What material quoted inside a text can be (`source.quoted.kind`)."""
LEVELS = ("recall", "thesis", "cause", "comparison", "fact-or-opinion", "disagreement")
"""Cognitive levels of a hand-written question; every one but `recall` counts as above recall."""


@dataclass(frozen=True, repr=False, eq=False)
class Quoted(ValueRecord):
    """Material quoted inside a text (a report, a post, a reader comment): whose words they are, as the text gives."""

    by: str
    """The outlet, person or comment's poster, e.g. `Wall Street Journal`."""
    kind: str
    """One of QUOTED_KINDS."""
    date: PartialDate | None = None
    """Only as the text gives it."""


@dataclass(frozen=True, repr=False, eq=False)
class Quote(ValueRecord):
    """Where a fact comes from: a verbatim quote located in one passage of a text."""

    text: str
    """Slug of the source text, `seeds/<slug>.txt` (the YAML key `seed:` names it)."""
    passage: str
    """Passage id, e.g. `chellaney-2025:p12`."""
    quote: str
    citation: str
    """The whole citation as every output shows it, made by `cite`: the text, the paragraph, whose words."""
    quoted: Quoted | None = None
    """Set when the quote is material the text quotes (a report pasted into a blog post, a reader comment)."""


def cite(where: str, paragraph: int | None = None, quoted: Quoted | None = None) -> str:
    """The citation of a quote: where it appears (the text's citation and paragraph) and, for quoted material, whose.

    The one place a citation is worded; the loader stores it in Quote.citation and every output shows that.
    `cite("Riaz Haq, Haq's Musings (blog), 28 Jul 2025", 107, Quoted("Wall Street Journal", "report",
    PartialDate(2025, 7, 30)))` is "Wall Street Journal (report, 30 Jul 2025), quoted in Riaz Haq, Haq's Musings
    (blog), 28 Jul 2025, para. 107"; a reader comment reads "Comment by <poster> (30 Jul 2025) on Riaz Haq, ...".
    """
    at = f"{where}, para. {paragraph}" if paragraph else where
    if quoted is None:
        return at
    if quoted.kind == "comment":
        when = f" ({quoted.date.short()})" if quoted.date else ""
        return f"Comment by {quoted.by}{when} on {at}"
    detail = f"{quoted.kind}, {quoted.date.short()}" if quoted.date else quoted.kind
    return f"{quoted.by} ({detail}), quoted in {at}"


LETTERS = "ABCDE"
"""The option letters, the one place they are defined: a question with n options shows LETTERS[:n]."""


MIN_OPTIONS, MAX_OPTIONS = 2, len(LETTERS)
"""How many options a question may have."""


TRUE_FALSE = ("True", "False")
"""The options of a true/false question, always in this order."""


FORMATS = ("choice", "true-false")
"""What a question asks: pick the right option, or judge a statement (see Template.format)."""


@dataclass(frozen=True, repr=False, eq=False)
class Question(ValueRecord):
    """One multiple-choice question: the unit every output renders."""

    id: str
    """`<fact>/<template>`: stable across wording edits, so Anki notes and review history survive."""
    fact: str
    template: str
    kind: str
    stem: str
    options: tuple[str, ...]
    """MIN_OPTIONS to MAX_OPTIONS (four unless the template says otherwise), pairwise distinct after normalising case,
    punctuation and whitespace; TRUE_FALSE for a true/false question."""
    answer: int
    """Index of the correct option."""
    explanation: str
    tags: tuple[str, ...]
    source: Quote
    level: str = "recall"
    """One of LEVELS: templates ask recall; a hand-written question says its own."""
    see_also: tuple[Quote, ...] = ()
    """The quotes of the other facts the question also rests on, shown and cited with its own."""
    ordered: bool = False
    """Options keep their order everywhere, never shuffled: dates or numbers ascending (Haladyna et al. 2002), or
    True before False."""
    format: str = "choice"
    """One of FORMATS: `true-false` when the stem is a statement and the options are TRUE_FALSE."""
    truth: tuple[str, str] | None = None
    """A true/false question's right value and its true statement (the stem itself when the statement is true), kept
    so the leak check knows what a false statement leaves out."""
    same_point: tuple[str, ...] = ()
    """Its fact's `same_point`: the ids of facts that make the same point, whose questions never stand on its test."""

    def __post_init__(self) -> None:
        if not MIN_OPTIONS <= len(self.options) <= MAX_OPTIONS or not 0 <= self.answer < len(self.options):
            raise ValueError(f"question {self.id}: {len(self.options)} options and answer {self.answer}")

    @property
    def letters(self) -> str:
        """The letters of this question's options: `ABCD` for four."""
        return LETTERS[: len(self.options)]

    @property
    def true_false(self) -> bool:
        return self.format == "true-false"

    @property
    def correct(self) -> str:
        return self.options[self.answer]

    @property
    def sources(self) -> tuple[Quote, ...]:
        """Every quote the question rests on, its own first: what an output shows and cites after the answer."""
        return (self.source, *self.see_also)

    @property
    def source_text(self) -> str:
        """Slug of the source text the question is quoted from (`seeds/<slug>.txt`)."""
        return self.source.text

    def reordered(self, order: list[int] | tuple[int, ...]) -> Question:
        """The same question with options in `order` (a permutation of its indexes); an `ordered` one stays as it is."""
        if self.ordered:
            return self  # dates and numbers keep their ascending order, whoever shuffles
        return self.permuted(order)

    def permuted(self, order: list[int] | tuple[int, ...]) -> Question:
        """The same question with options in `order` (a permutation of its indexes), `ordered` or not."""
        options = self.options
        if len(order) != len(options):
            raise ValueError(f"question {self.id}: {len(options)} options, an order of {len(order)}")
        # A copy with two fields changed, made as copy.copy makes one: dataclasses.replace passes every field through
        # __init__ by name again, which was half the cost of arranging the options of a large bank.
        new = object.__new__(self.__class__)
        new.__dict__.update(self.__dict__, options=tuple([options[i] for i in order]), answer=order.index(self.answer))
        return new


class _OfFact(Protocol):
    """What a question takes from its fact (models.Fact, which imports this module)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def source(self) -> Quote: ...
    @property
    def same_point(self) -> tuple[str, ...]: ...


def unchecked(
    fact: _OfFact,
    qid: str,
    template: str,
    stem: str,
    options: tuple[str, ...],
    answer: int,
    explanation: str,
    level: str = "recall",
    see_also: tuple[Quote, ...] = (),
    *,
    ordered: bool = False,
    format: str = "choice",
    truth: tuple[str, str] | None = None,
) -> Question:
    """A question on `fact`, with its kind, tags, source and same_point, made as unpickling makes one and not checked.

    The frozen dataclass's __init__ sets each of its sixteen fields through object.__setattr__, a tenth of generating
    a large deck; generation checks what it makes (Question.__post_init__), and the cache rebuilds what was checked."""
    q = object.__new__(Question)
    q.__dict__.update(
        id=qid,
        fact=fact.id,
        template=template,
        kind=fact.kind,
        stem=stem,
        options=options,
        answer=answer,
        explanation=explanation,
        tags=fact.tags,
        source=fact.source,
        level=level,
        see_also=see_also,
        ordered=ordered,
        format=format,
        truth=truth,
        same_point=fact.same_point,
    )
    return q
