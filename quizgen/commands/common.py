"""What the commands share: the content and bank the global options name, and the options several commands take."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..bank.content import Content
    from ..model.models import Bank, Question

KIND_CHOICES = ("event", "figure", "position", "number")


def content_of(ctx: click.Context) -> Content:
    """The content --content names (else QUIZGEN_CONTENT, else the bundled content)."""
    from ..bank.content import load_content

    return load_content(ctx.obj["content"])


def bank_of(ctx: click.Context, seed: int = 0) -> Bank:
    """The question bank of the deck --deck names, options in the order of `seed`."""
    return content_of(ctx).bank(ctx.obj["deck"], seed)


def filter_options(func: Any) -> Any:
    """--kind/--source/--tag, shared by every command that selects questions."""
    func = click.option(
        "--tag", "tags", multiple=True, metavar="TAG", help="Only questions with this topic tag (repeatable)."
    )(func)
    func = click.option(
        "--source",
        "sources",
        multiple=True,
        metavar="SLUG",
        help="Only questions from this source text (a file in seeds/; repeatable): a question that also needs "
        "another text (a comparison, another text's date) is kept only when that text is given too.",
    )(func)
    func = click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(KIND_CHOICES, case_sensitive=False),
        help="Only this kind (repeatable).",
    )(func)
    return func


def selected(
    ctx: click.Context, kinds: tuple, sources: tuple, tags: tuple, n: int | None = None, seed: int = 0
) -> tuple[Content, Bank, list[Question]]:
    """The content, its bank and the questions the filters select (all of them, or a sample of `n`)."""
    from ..bank.select import Filters, check_filters, given_away, select

    content = content_of(ctx)
    bank = content.bank(ctx.obj["deck"], seed)
    filters = Filters(tuple(kinds), tuple(sources), tuple(tags))
    check_filters(filters, bank.questions, content.texts)
    return content, bank, select(bank.questions, given_away(filters, content.texts), n, seed)


def data_dir_option(func: Any) -> Any:
    """--data-dir, shared by the commands that read or write the answer history."""
    return click.option(
        "--data-dir",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="Folder of the answer history [env: QUIZGEN_DATA_DIR; default: your user data folder].",
    )(func)


plain_option = click.option(
    "--plain",
    is_flag=True,
    help="Lettered options, one answer per line on stdin: for scripts, screen readers and dumb terminals.",
)
