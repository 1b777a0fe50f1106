"""A printable test: N questions chosen once, then per version (A, B, ...) a reproducible question and option order.

Example: `build_sheet(bank, Filters(kinds=("event",)), n=20, versions=2, seed=7).versions[1].key` is version B's
answer key, a tuple of letters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...bank.select import Filters, check_filters, given_away, left_out, select, shortfall
from ...errors import ArgumentError
from ...model.models import LETTERS as OPTION_LETTERS  # LETTERS here are version labels
from ...model.models import Bank, Question
from ...util.rng import rng_for
from .keys import key_slots

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Version labels."""
MAX_VERSIONS = len(LETTERS)
OPTION_COLUMNS: dict[int, int] = {5: 10, 4: 14, 3: 20, 2: 34}
"""Options per line -> the most characters the longest option may have for that many to share a line of a printed
A4 or Letter page (the PDF's and the DOCX's text width at 11 pt)."""
INSTRUCTIONS = "Choose the one best answer to each question and circle its letter."
SHEET_INSTRUCTIONS = (
    "Choose the one best answer to each question and fill its bubble on the answer sheet after the questions: "
    "only the answer sheet is scored."
)
"""A PDF with machine-read answer sheets: students who circle on the question pages leave the sheet blank."""


@dataclass(frozen=True)
class Version:
    """One printed version of the test: the same questions as every other version, in its own order."""

    label: str
    """`A`, `B`, ..."""
    questions: tuple[Question, ...]
    """In printed order, each with its options in printed order (`answer` follows)."""

    @property
    def key(self) -> tuple[str, ...]:
        """The correct letter of each question, in printed order."""
        return tuple(OPTION_LETTERS[q.answer] for q in self.questions)


@dataclass(frozen=True)
class Sheet:
    """Everything a renderer needs to print a test; renderers add layout, never content."""

    title: str
    deck: str
    """Deck slug, for the default file name."""
    versions: tuple[Version, ...]
    seed: int
    key: bool = True
    """Append an answer key per version."""
    explanations: bool = False
    """Give each key entry the correct option, the explanation and the source citation."""
    shortfall: str | None = None
    """Why the test holds fewer questions than asked (see select.shortfall), or None."""

    @property
    def size(self) -> int:
        """How many questions each version holds."""
        return len(self.versions[0].questions)


def build_sheet(
    bank: Bank,
    filters: Filters | None = None,
    n: int | None = 20,
    *,
    versions: int = 2,
    seed: int = 0,
    title: str | None = None,
    key: bool = True,
    explanations: bool = False,
) -> Sheet:
    """Choose n questions matching `filters` once (none giving away another's answer), then lay out `versions`
    versions of them: every version holds the same questions."""
    if not 1 <= versions <= MAX_VERSIONS:
        raise ArgumentError(
            "versions", "{versions} must be between 1 and {most}, not {value}", value=versions, most=MAX_VERSIONS
        )
    if explanations and not key:
        raise ArgumentError(
            "explanations", "{explanations} go into the answer key; drop {key:False} to print them", value=True
        )
    if title is not None and not title.strip():
        raise ArgumentError("title", "{title} must not be empty", value=title)
    filters = filters or Filters()
    chosen = choose(bank, filters, n, seed)
    short = short_of(bank, filters, chosen, n, seed) if n is not None else None
    return Sheet(
        title=title.strip() if title is not None else bank.deck.title,
        deck=bank.deck.slug,
        versions=lay_out(chosen, versions, seed),
        seed=seed,
        key=key,
        explanations=explanations,
        shortfall=short,
    )


def choose(bank: Bank, filters: Filters | None, n: int | None, seed: int) -> list[Question]:
    """The questions a printed test holds, before its versions reorder them; every export of a test chooses here."""
    filters = filters or Filters()
    check_filters(filters, bank.questions, bank.texts)
    return select(bank.questions, given_away(filters, bank.texts), n, seed)


def as_printed(bank: Bank, filters: Filters | None, n: int, seed: int) -> tuple[Question, ...]:
    """Version A of the test `quizgen print -n N --seed S` makes: its questions, in its order, options as printed.

    Version A does not depend on how many versions are printed, so `quizgen export -n N --seed S` writes the very
    test a teacher printed with the same options.
    """
    return lay_out(choose(bank, filters, n, seed), 1, seed)[0].questions


def listing(bank: Bank, filters: Filters | None, n: int, seed: int) -> tuple[list[str], str | None]:
    """What `quizgen print --list` shows instead of printing: a line per question of the test, in version A's order
    (`3. hus-munir-lunch/event-when (event, recall): When did ...?`), and why it is short, if it is."""
    questions = as_printed(bank, filters, n, seed)
    lines = [f"{i}. {q.id} ({q.kind}, {q.level}): {q.stem}" for i, q in enumerate(questions, 1)]
    return lines, short_of(bank, filters, questions, n, seed)


def short_of(bank: Bank, filters: Filters | None, chosen: Sequence[Question], n: int, seed: int) -> str | None:
    """Why a test holds fewer than n questions, naming what kept the others out, or None when it holds n."""
    if len(chosen) >= n:
        return None
    matching = choose(bank, filters, None, seed)
    return shortfall(len(chosen), n, len(matching), left_out(chosen, matching, bank.questions))


def lay_out(questions: list[Question] | tuple[Question, ...], versions: int, seed: int) -> tuple[Version, ...]:
    """`versions` versions of the same questions, each in its own reproducible question and option order.

    Versions never repeat a question order while another one is possible. Within each version the keys' letters are
    balanced and no letter is the key more than three times in a row (keys.py); where there are at most four
    versions a question's correct letter differs between them where it can, so a neighbour's answers are of no use.
    A date or number question keeps its ascending options in version A and may show them descending in the others.
    Each version depends only on the versions before it, so version A is the same however many are printed.
    """
    labels = LETTERS[:versions]
    orders: list[list[int]] = []
    for label in labels:
        rng = rng_for("print-order", seed, label)
        order = list(range(len(questions)))
        for _ in range(50):  # at most n! orders exist; with 1 or 2 questions they must repeat
            rng.shuffle(order)
            if order not in orders:
                break
        orders.append(list(order))
    used: dict[str, set[int]] = {q.id: set() for q in questions}
    laid_out = []
    for v, label in enumerate(labels):
        printed = [questions[i] for i in orders[v]]
        slots = key_slots(printed, label, seed, used, v == 0)
        placed = []
        for q, slot in zip(printed, slots, strict=True):
            used[q.id].add(slot)
            placed.append(_placed(q, slot, label, seed))
        laid_out.append(Version(label, tuple(placed)))
    return tuple(laid_out)


def _placed(question: Question, slot: int, label: str, seed: int) -> Question:
    """The question with its correct option at `slot`: a date or number question ascending or, when the slot asks
    for it, descending; otherwise the wrong options in an order drawn from (seed, version, question id)."""
    count = len(question.options)
    if question.ordered or question.true_false:
        return question if slot == question.answer else question.permuted(list(range(count))[::-1])
    rng = rng_for("print-options", seed, label, question.id)
    others = [i for i in range(count) if i != question.answer]
    rng.shuffle(others)
    others.insert(slot, question.answer)
    return question.permuted(others)


def option_columns(question: Question) -> int:
    """How many options share a printed line: all of them when they are short (years, names), else two to a line
    (A B / C D / E), else one. Every printed format lays options out by this one rule."""
    longest = max(_width(option) for option in question.options)
    count = len(question.options)
    if longest <= OPTION_COLUMNS.get(count, 0):
        return count
    return 2 if longest <= OPTION_COLUMNS[2] else 1


def _width(text: str) -> int:
    """Characters as a reader counts them: combining marks (Urdu vowel signs, accents) take no room of their own."""
    import unicodedata

    return sum(1 for char in text if not unicodedata.combining(char))


def citation(question: Question) -> str:
    """The sources of a question for an answer key: its own citation, then those of the facts it also rests on,
    each once, and the paragraphs of one text together ("Brahma Chellaney, Project Syndicate, 14 Nov 2025,
    paras. 46–47"; "para. 19; see also para. 19" is just "para. 19")."""
    paragraphs: dict[str, list[int]] = {}
    for source in question.sources:
        match = _PARAGRAPH.match(source.citation) if source.quoted is None else None
        where, number = (match.group(1), int(match.group(2))) if match else (source.citation, None)
        numbers = paragraphs.setdefault(where, [])
        if number is not None and number not in numbers:
            numbers.append(number)
    return "; see also ".join(
        f"{where}, {_paragraphs(sorted(numbers))}" if numbers else where for where, numbers in paragraphs.items()
    )


_PARAGRAPH = re.compile(r"^(.*), para\. (\d+)$")


def _paragraphs(numbers: list[int]) -> str:
    """'para. 4', 'paras. 46–47', 'paras. 3, 46–48': runs of adjacent paragraphs as ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}" for run in runs)
    return f"para. {shown}" if len(numbers) == 1 else f"paras. {shown}"
