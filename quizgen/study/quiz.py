"""`quizgen quiz`: choose questions, play them in the terminal, keep every answer in the history."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..bank.select import Filters, check_filters, given_away, select, shortfall
from .session import Answer, SessionUI, Summary, play, source_names, utc_now
from .terminal import DEFAULT_COUNT, InteractiveUI, PlainUI


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
) -> int:
    """`quizgen quiz`: choose questions, play them, keep every answer in the history; returns the exit code.

    Without a seed each quiz draws a fresh one (stored with the session), so questions and option order vary.
    `setup` asks what to study and how many first (interactive only).
    """
    from . import journal
    from .history import History

    if seed is None:
        seed = secrets.randbelow(1_000_000)
    bank = content.bank(deck, seed, arrange=False)  # options are shuffled below, for the questions asked only
    if ui is None:
        names = source_names(content.seeds)
        ui = PlainUI(names=names) if plain else InteractiveUI(names=names)
    with History.open(data_dir) as history:  # before any prompt: a broken history should not cost a quiz
        journal.catch_up(history, getattr(ui, "message", None))
        if setup and isinstance(ui, InteractiveUI):
            try:
                filters, n = ui.setup(bank.questions, content.seeds)
            except KeyboardInterrupt:
                ui.show_summary(Summary((), 0, 0.0, "interrupt"))
                return 130
        elif n is None:
            n = DEFAULT_COUNT
        filters = filters or Filters()
        check_filters(filters, bank.questions, content.seeds)
        filters = given_away(filters, content.seeds)
        chosen = select(bank.questions, filters, n, seed, check=content.leak_check(bank.deck.slug))
        matching = len(select(bank.questions, filters))
        note = shortfall(len(chosen), n, matching) if matching > len(chosen) else None  # only a leak is news
        if note:
            ui.message(note[:1].upper() + note[1:] + ".")
        questions = content.arranged(bank.deck.slug, chosen, seed)
        recorder = journal.start(
            history, "quiz", deck=bank.deck.slug, seed=seed, planned=len(questions), at=clock(),
            # every answer also reschedules its question, so `quizgen review` brings back what the quiz got wrong
            store=lambda a: _record(history, recorder.session["id"], a), notify=getattr(ui, "message", None),
        )  # fmt: skip
        outcome = play(questions, ui, seed=seed, on_answer=recorder, clock=clock)
        recorder.finish(outcome.ended_by, clock())
    return outcome.exit_code


def _record(history: Any, session: int, answer: Answer) -> None:
    """Keep the answer and reschedule its question; FSRS is imported at the first answer, not before the first
    question."""
    from .history import record

    record(history, session, answer)
