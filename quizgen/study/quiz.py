"""`quizgen quiz`: choose questions, play them in the terminal, keep every answer in the history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from random import SystemRandom
from typing import Any, Literal

from ..bank.select import Filters, check_filters, given_away, select, shortfall
from ..bank.studyset import DeckQuestions
from ..errors import ArgumentError
from ..model.questions import Question
from .session import EXIT_CODES, EndOfInput, SessionUI, Summary, source_names, utc_now
from .terminal import DEFAULT_COUNT, InteractiveUI, PlainUI


def terminal_ui(content: Any, plain: bool) -> PlainUI | InteractiveUI:
    """The UI of `quizgen quiz` and `quizgen review`: lettered lines with `plain`, else arrow keys."""
    names = source_names(content.texts)
    return PlainUI(names=names) if plain else InteractiveUI(names=names)


def holding_interrupts(ui: Any) -> AbstractContextManager[object]:
    """The UI's `holding_interrupts()`, for the whole session: the interactive UI has one, --plain needs none."""
    hold = getattr(ui, "holding_interrupts", None)
    return nullcontext() if hold is None else hold()


def run_quiz(
    content: Any,
    *,
    deck: str | None = None,
    filters: Filters | None = None,
    n: int | None = None,
    seed: int | None = None,
    plain: bool = False,
    setup: bool = False,
    data_dir: str | None = None,
    ui: SessionUI | None = None,
    clock: Callable[[], datetime] = utc_now,
    missed: bool = False,
) -> int:
    """`quizgen quiz`: choose questions, play them, keep every answer in the history; returns the exit code.

    Without a text each quiz draws a fresh one (stored with the session), so questions and option order vary.
    `content` is a `Content`, or the `StudySet` the CLI reads (`studycache.load_study_set`). `setup` asks what to study
    and how many first (interactive only), offering "My mistakes" when there are any. `missed` chooses only among
    the questions whose latest answer in this deck was wrong (`History.missed`), the filters still applying.
    """
    from . import journal
    from .history import History

    if seed is None:
        seed = SystemRandom().randrange(1_000_000)  # what secrets.randbelow does, without importing secrets
    bank = content.deck_questions(deck)  # options are arranged below, for the questions asked only
    ui = terminal_ui(content, plain) if ui is None else ui
    with History.open(data_dir) as history:  # before any prompt: a broken history should not cost a quiz
        journal.catch_up(history, getattr(ui, "message", None))
        with holding_interrupts(ui):  # from here Ctrl-C stops the quiz where it can (terminal.py)
            mistakes = _mistakes(history, bank, missed or (setup and isinstance(ui, InteractiveUI)))
            if setup and isinstance(ui, InteractiveUI):
                try:
                    filters, n, missed = ui.setup(bank.questions, content.texts, mistakes)
                except (KeyboardInterrupt, EndOfInput) as stop:
                    ended: Literal["eof", "interrupt"] = "eof" if isinstance(stop, EndOfInput) else "interrupt"
                    ui.show_summary(Summary((), 0, 0.0, ended))
                    return EXIT_CODES[ended]
            pool = _only_missed(mistakes) if missed else None
            n = DEFAULT_COUNT if n is None else n
            questions = _choose(content, bank, filters or Filters(), n, seed, ui, pool)
            # every answer also reschedules its question, so `quizgen review` brings back what the quiz got wrong
            return journal.play_recorded(
                history, "quiz", questions, ui, deck=bank.slug, seed=seed, at=clock(), clock=clock,
                notify=getattr(ui, "message", None),
            )  # fmt: skip


def _mistakes(history: Any, bank: DeckQuestions, wanted: bool) -> list[Question]:
    """The deck's questions whose latest answer was wrong (none looked up unless `wanted`)."""
    if not wanted:
        return []
    ids = set(history.missed(bank.slug))
    return [q for q in bank.questions if q.id in ids]


def _only_missed(mistakes: list[Question]) -> list[Question]:
    """The questions `quiz --missed` chooses from; an ArgumentError when there are none."""
    if not mistakes:
        raise ArgumentError("missed", "{missed}: nothing to drill: no question of this deck has a wrong latest answer")
    return mistakes


def _choose(
    content: Any,
    bank: DeckQuestions,
    filters: Filters,
    n: int,
    seed: int,
    ui: SessionUI,
    pool: Sequence[Question] | None = None,
) -> list[Question]:
    """Up to `n` of the bank's questions (or of `pool`, some of them) matching `filters`, options arranged; tells
    `ui` when a leak left some out."""
    from ..bank.leaks import FeedbackLeakCheck

    check_filters(filters, bank.questions, content.texts)
    filters = given_away(filters, content.texts)
    if pool is None:
        pool = bank.questions
    elif not any(filters.matches(q) for q in pool):  # a pool of missed questions (`quiz --missed`)
        raise ArgumentError("missed", f"{{missed}}: none of your {_count(len(pool))} matches the filters")
    # no question's feedback (explanation, quotes), shown after it, may state the answer of one asked later
    check = FeedbackLeakCheck(content.leak_check(bank.slug))
    chosen = select(pool, filters, n, seed, check=check)
    matching = len(select(pool, filters))
    note = shortfall(len(chosen), n, matching) if matching > len(chosen) else None  # only a leak is news
    if note:
        ui.message(note[:1].upper() + note[1:] + ".")
    return content.arranged(bank.slug, chosen, seed)


def _count(missed: int) -> str:
    return f"{missed} missed question{'s' * (missed != 1)}"
