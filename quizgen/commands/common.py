"""What the commands share: the content and bank the global options name, and the options several commands take."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..bank.content import Content
    from ..bank.select import Filters
    from ..model.models import Bank, Question

KIND_CHOICES = ("event", "figure", "position", "number")
T = TypeVar("T")


def content_of(ctx: click.Context) -> Content:
    """The content --content names (else QUIZGEN_CONTENT, else the bundled content)."""
    from ..bank.content import load_content

    return _last("content", load_content(ctx.obj["content"]))


def bank_of(ctx: click.Context, seed: int = 0) -> Bank:
    """The question bank of the deck --deck names, options in the order of `seed`."""
    return _last("bank", content_of(ctx).bank(ctx.obj["deck"], seed))


_LAST: dict[str, Any] = {}
"""The content and bank the latest command used, kept to the end of the process: the console script ends it without
freeing them (__main__.run), rather than have them freed, object by object, as the command returns. Only the latest,
so that tests running many commands in one process hold one content at most."""


def _last(what: str, value: T) -> T:
    _LAST[what] = value
    return value


LEVEL_CHOICES = ("recall", "comparison", "cause", "fact-or-opinion", "thesis", "disagreement")
"""The levels a question asks at (model.questions.LEVELS, which the CLI does not import to start), most common
first."""


def filter_options(func: Any) -> Any:
    """--kind/--level/--source/--tag, shared by every command that selects questions."""
    func = click.option(
        "--tag", "tags", multiple=True, metavar="TAG", help="Only questions with this topic tag (repeatable)."
    )(func)
    func = click.option(
        "--level",
        "levels",
        multiple=True,
        type=click.Choice(LEVEL_CHOICES, case_sensitive=False),
        help="Only questions asking at this level (repeatable): recall, or one beyond it.",
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


def choice_options(func: Any) -> Any:
    """--exclude/--exclude-from/--include, for the commands that make a test of N questions (print, export)."""
    func = click.option(
        "--include",
        "include",
        multiple=True,
        metavar="ID",
        help="Put this question in the test, whatever the filters say (repeatable).",
    )(func)
    func = click.option(
        "--exclude-from",
        "exclude_from",
        type=click.File(encoding="utf-8"),
        metavar="FILE",
        help="Leave out the question ids in this file, one a line (# starts a comment).",
    )(func)
    func = click.option(
        "--exclude",
        "exclude",
        multiple=True,
        metavar="ID",
        help="Leave out this question; the next one the selection would take gets its place (repeatable).",
    )(func)
    return func


def filters_of(
    kinds: tuple, levels: tuple, sources: tuple, tags: tuple, exclude: tuple = (), exclude_from: Any = None, **more: Any
) -> Filters:
    """The Filters the options ask for; --exclude-from's ids join --exclude's."""
    from ..bank.select import Filters

    listed = [line.split("#")[0].strip() for line in exclude_from] if exclude_from is not None else []
    ids = (*exclude, *(qid for qid in listed if qid))
    return Filters(tuple(kinds), tuple(sources), tuple(tags), levels=tuple(levels), exclude=ids, **more)


def selected(
    ctx: click.Context, filters: Filters, n: int | None = None, seed: int = 0
) -> tuple[Content, Bank, list[Question]]:
    """The content, its bank and the questions the filters select (all of them, or a sample of `n`)."""
    from ..bank.select import check_filters, given_away, select

    content = content_of(ctx)
    bank = content.bank(ctx.obj["deck"], seed)
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
    help="Lettered options, one answer per line on stdin: for scripts, screen readers and dumb terminals "
    "(wrapped at word breaks on a terminal, whole lines in a pipe).",
)
