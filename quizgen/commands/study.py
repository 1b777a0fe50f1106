"""Commands for learners: quiz, review, stats."""

from __future__ import annotations

import sys

import click

from .common import bank_of, content_of, data_dir_option, filter_options, plain_option


@click.command()
@click.option("-n", "n", type=click.IntRange(min=1), metavar="N", help="How many questions [default: 10].")
@filter_options
@click.option(
    "--missed",
    is_flag=True,
    help="Only questions whose latest answer was wrong: drill your mistakes (-n and filters apply).",
)
@click.option("--seed", type=int, help="Fix which questions and which option order (default: new every time).")
@plain_option
@data_dir_option
@click.pass_context
def quiz(
    ctx: click.Context,
    n: int | None,
    kinds: tuple,
    levels: tuple,
    sources: tuple,
    tags: tuple,
    missed: bool,
    seed: int | None,
    plain: bool,
    data_dir: str | None,
) -> None:
    """Answer questions in the terminal, with the right answer, explanation and quote after each one.

    With no options, asks what to study and how many (Enter, Enter starts; "My mistakes" is offered once you have
    missed a question). Every answer is kept in your history for `quizgen review` and `quizgen stats`. A letter
    answers at once; Enter goes on after the feedback. Ctrl-C ends with a summary (exit code 130), as does Ctrl-D or
    the end of --plain input (exit code 3).

    Example: quizgen quiz -n 10 --kind event --source chellaney-2025; quizgen quiz --missed
    """
    from ..util.memory import paused_gc

    # the modules and the questions a quiz starts with live to its end: nothing to collect there, and frozen, later
    # collections skip them
    with paused_gc(for_good=True):
        from ..bank.select import Filters
        from ..bank.studycache import load_study_set
        from ..study.quiz import run_quiz
        from ..study.terminal import check_terminal

        if not plain:
            check_terminal()
        study = load_study_set(ctx.obj["content"])
    setup = not plain and n is None and not (kinds or levels or sources or tags or missed)
    code = run_quiz(
        study,
        deck=ctx.obj["deck"],
        filters=Filters(tuple(kinds), tuple(sources), tuple(tags), levels=tuple(levels)),
        n=n,
        seed=seed,
        plain=plain,
        setup=setup,
        data_dir=data_dir,
        missed=missed,
    )
    ctx.exit(code)


@click.command()
@click.option(
    "-n",
    "n",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="At most this many questions.",
)
@click.option(
    "--new",
    "new",
    type=click.IntRange(min=0),
    metavar="N",
    help="At most this many never-answered questions [default: as many as fit in -n].",
)
@filter_options
@click.option("--seed", type=int, help="Fix the order of new questions and of options (default: new every time).")
@plain_option
@data_dir_option
@click.pass_context
def review(
    ctx: click.Context,
    n: int,
    new: int | None,
    kinds: tuple,
    levels: tuple,
    sources: tuple,
    tags: tuple,
    seed: int | None,
    plain: bool,
    data_dir: str | None,
) -> None:
    """Spaced repetition (FSRS): the questions due for review, most overdue first, then new ones.

    A wrong answer comes back the next day, a right one after a few days, then less and less often (sooner when
    it was slow). Days start at 4 a.m. local time, as in Anki: a question is due all its day, so one missed in the
    evening is back the next morning (`quizgen stats` shows how many are due today and tomorrow). Quiz answers
    count too. Same keys, feedback and Ctrl-C as `quizgen quiz`; with nothing due, says when the next question is.

    Example: quizgen review -n 20 --new 5 --source husain-2025
    """
    from ..bank.select import Filters
    from ..study.review import run_review
    from ..study.terminal import check_terminal

    if not plain:
        check_terminal(command="review")
    code = run_review(
        content_of(ctx),
        deck=ctx.obj["deck"],
        filters=Filters(tuple(kinds), tuple(sources), tuple(tags), levels=tuple(levels)),
        n=n,
        new=new,
        seed=seed,
        plain=plain,
        data_dir=data_dir,
    )
    ctx.exit(code)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, for other programs.")
@data_dir_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool, data_dir: str | None) -> None:
    """Accuracy by kind and by source, weakest topics, questions due today, tomorrow and this week, and your streak.

    Accuracy counts first attempts (not the retries of missed questions right after). Days start at 4 a.m. local
    time: "due today" is what `quizgen review` asks now. Answers kept in the journal while the history was busy,
    and not added yet, are counted apart ("N answers waiting in ...").

    Example: quizgen stats --json
    """
    import os
    from datetime import UTC, datetime

    from ..study.session import source_names
    from ..study.stats import can_draw, stats_report, wants_colour

    click.echo(
        stats_report(
            lambda: bank_of(ctx),
            data_dir=data_dir,
            now=datetime.now(UTC),
            as_json=as_json,
            unicode=can_draw(sys.stdout),
            colour=wants_colour(sys.stdout, os.environ),
            names=lambda: source_names(content_of(ctx).texts),
        ),
        color=True,
    )
