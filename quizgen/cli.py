"""The command line: parse the global options, then run one command; turn library errors into one-line messages.

The commands live in quizgen/commands/, a module per kind of user, imported only when one of them runs: `quizgen
--help` lists them from COMMANDS without building any, and a quiz builds only the learners' commands. Heavy
libraries (genanki, questionary, typst, docx) are imported inside the commands that need them.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from gettext import gettext as _
from typing import TYPE_CHECKING, Any, NamedTuple

import click
from click import formatting

from . import __version__

if TYPE_CHECKING:
    from .errors import Spell

SIGPIPE = 13
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TYPED = "quizgen.typed"
"""Key in `ctx.meta` of the arguments as typed."""


class Entry(NamedTuple):
    """Where a command is defined, and the first paragraph of its help, which `quizgen --help` shows."""

    module: str
    """Module under quizgen/commands/."""
    function: str
    summary: str


# Learners first, then Anki users, teachers, and content authors last: the order a newcomer needs them.
# Each summary is its command's first help paragraph (tests/test_cli.py checks they agree).
COMMANDS = {
    "quiz": Entry(
        "study",
        "quiz",
        "Answer questions in the terminal, with the right answer, explanation and quote after each one.",
    ),
    "review": Entry(
        "study",
        "review",
        "Spaced repetition (FSRS): the questions due for review, most overdue first, then new ones.",
    ),
    "stats": Entry(
        "study",
        "stats",
        "Accuracy by kind and by source, weakest topics, questions due today and this week, and your streak.",
    ),
    "anki": Entry(
        "outputs",
        "anki",
        "Write an Anki package (.apkg); importing a newer one later updates the notes and keeps your reviews.",
    ),
    "print": Entry(
        "outputs",
        "print_",
        "Make a printable test: versions A, B, ... of the same questions in different orders, with answer keys.",
    ),
    "grade": Entry(
        "outputs",
        "grade",
        "Grade scanned answer sheets (PDF, PNG, JPEG, TIFF; any order, any way up) against a printed test.",
    ),
    "analyze": Entry(
        "authoring",
        "analyze",
        "Item analysis of graded sheets: difficulty, discrimination, distractors and reliability, as an HTML report.",
    ),
    "export": Entry(
        "outputs",
        "export",
        "Write the question bank, a filtered part of it, or a test of N questions in a machine-readable format.",
    ),
    "list": Entry("authoring", "list_", "List decks with their question counts by kind, source and tag."),
    "validate": Entry(
        "authoring",
        "validate",
        "Check texts, decks, quotes and templates; report every problem with file:line:col.",
    ),
    "lint": Entry(
        "authoring",
        "lint",
        "Check item quality over the whole bank: answer positions, cues a test-taker could follow, flawed items.",
    ),
    "coverage": Entry(
        "authoring",
        "coverage",
        "Show, per source text (seeds/), which citable passages support at least one fact.",
    ),
    "init": Entry(
        "authoring",
        "init",
        "Create a content folder for your own texts: seeds/, a deck with the default templates and an example fact.",
    ),
    "add-seed": Entry(
        "authoring",
        "add_text",
        "Copy a text into the content folder byte for byte, write its metadata and show its numbered passages.",
    ),
    "draft": Entry(
        "authoring",
        "draft",
        "Draft candidate facts from a text in seeds/ into decks/<deck>/draft-<slug>.yaml, each with its verbatim "
        "quote.",
    ),
}


class UsageLine(click.ClickException):
    """A usage error (an unknown command or option, an option's bad value) worded as quizgen words every error: one
    line `error: ...` naming the option, exit status 2 (as Click, and other command-line tools, give usage errors)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def usage_line(exc: click.UsageError, typed: Sequence[str]) -> UsageLine:
    """Click's usage error as one line from its data: the parameter (as typed), its choices, what was given."""
    if isinstance(exc, click.NoSuchOption):
        hint = f" (did you mean {' or '.join(sorted(exc.possibilities))}?)" if exc.possibilities else ""
        return UsageLine(f"{exc.option_name}: no such option{hint}")
    param = exc.param if isinstance(exc, click.BadParameter) else None
    if param is not None:
        return UsageLine(_bad_value(exc, param, typed))
    if isinstance(exc, click.BadOptionUsage):
        return UsageLine(f"{exc.option_name}: {_sentence(exc.message)}")
    return UsageLine(_sentence(exc.format_message()))


def _bad_value(exc: click.UsageError, param: click.Parameter, typed: Sequence[str]) -> str:
    from .errors import did_you_mean

    name = _as_typed(param, typed)
    if isinstance(exc, click.MissingParameter):
        return f"missing {param.param_type_name} {name}"
    if isinstance(param.type, click.Choice):
        choices = [str(c) for c in param.type.choices]
        known = choices if param.type.case_sensitive else [c.casefold() for c in choices]
        value = next((v for v in _typed_values(param, typed) if _folded(v, param.type) not in known), None)
        if value is not None:
            hint = did_you_mean(_folded(value, param.type), choices)
            return f"{name}: '{value}' is not one of {', '.join(choices)}{hint}"
    return f"{name}: {_sentence(exc.message)}"


def _folded(value: str, choice: click.Choice) -> str:
    return value if choice.case_sensitive else value.casefold()


def _as_typed(param: click.Parameter, typed: Sequence[str]) -> str:
    """The option as the user typed it (else its first name), or an argument's metavar."""
    if not isinstance(param, click.Option):
        return param.human_readable_name
    opts = [*param.opts, *param.secondary_opts]
    return next((o for o in opts if any(a == o or a.startswith(f"{o}=") for a in typed)), opts[0])


def _typed_values(param: click.Parameter, typed: Sequence[str]) -> list[str]:
    """The values given to an option on the command line: `--format pfd`, `--format=pfd`, `-fpfd`."""
    values = []
    for i, arg in enumerate(typed):
        for opt in param.opts:
            if arg == opt and i + 1 < len(typed):
                values.append(typed[i + 1])
            elif arg.startswith(f"{opt}=") or (len(opt) == 2 and arg.startswith(opt) and len(arg) > 2):
                values.append(arg[len(opt) + (arg[len(opt)] == "=") :])
    return values


def _sentence(message: str) -> str:
    """Click's message in quizgen's style: no capital at the start, no full stop at the end."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


@contextmanager
def _warning_lines() -> Iterator[None]:
    """The library's QuizgenWarnings as `warning: ...` lines on stderr, each once, as they come."""
    import warnings

    from .errors import QuizgenWarning

    shown: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *where: Any, **more: Any) -> None:
        if not issubclass(category, QuizgenWarning):
            return shown_before(message, category, *where, **more)
        if str(message) not in shown:  # a folder is resolved more than once in some commands
            shown.add(str(message))
            click.echo(f"warning: {message}", err=True)

    with warnings.catch_warnings():
        shown_before = warnings.showwarning
        warnings.simplefilter("always", QuizgenWarning)
        warnings.showwarning = show
        yield


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's width on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]  # None: as below
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(click.HelpFormatter):
    """Click's, with the width Click gives it found without importing shutil (which imports zlib, bz2 and lzma:
    about a twentieth of `quizgen --help`)."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None and formatting.FORCED_WIDTH is None:
            width = max(min(_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)


class Context(click.Context):
    formatter_class = HelpFormatter


class Group(click.Group):
    """Turns QuizgenError into `error: ...` on stderr and a non-zero exit, never a traceback; usage errors too."""

    context_class = Context

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the global options (`quizgen --bogus`)
            raise usage_line(exc, args) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from .util import stdio

        closed = stdio.closed_streams()
        if "output" in closed:
            click.echo("error: standard output is closed; redirect it to /dev/null to discard it", err=True)
            sys.exit(1)
        stdio.prepare()
        try:
            return super().main(*args, **kwargs)
        except Exception as exc:  # --help and --version write while parsing, before invoke can word a failure
            from .errors import OutputError

            if not isinstance(exc, OutputError):
                raise
            stdio.silence()
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import ArgumentError, ContentError, OutputError, QuizgenError
        from .util import stdio

        try:
            try:
                with _warning_lines():
                    return super().invoke(ctx)
            finally:
                stdio.flush()  # so a full disk is reported here, not lost at exit
        except click.UsageError as exc:  # a command's options, or a command's own ctx.fail
            raise usage_line(exc, ctx.meta.get(TYPED, ())) from None
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as a shell tool killed by SIGPIPE
            stdio.silence()
            raise click.exceptions.Exit(128 + SIGPIPE) from None
        except ContentError as exc:
            for problem in exc.problems:
                if problem.severity == "error":
                    click.echo(f"error: {problem.format()}", err=True)
            raise click.exceptions.Exit(1) from None
        except ArgumentError as exc:
            click.echo(f"error: {exc.worded(self.spelling(ctx))}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None
        except QuizgenError as exc:
            if isinstance(exc, OutputError):
                stdio.silence()
            click.echo(f"error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[TYPED] = tuple(args)  # the whole command line, so an error can name the option as it was typed
        return super().parse_args(ctx, args)

    def spelling(self, ctx: click.Context) -> Spell:
        """How this command line names a library parameter: the option as typed (else as declared first), the
        argument's metavar, or the Python name when no option sets it."""
        from .errors import python_spelling

        command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
        params = {p.name: p for p in [*self.params, *(command.params if command else ())]}
        typed = ctx.meta.get(TYPED, ())

        def spell(name: str, value: str | None) -> str:
            param = params.get(name)
            if param is None:
                return python_spelling(name, value)
            if not isinstance(param, click.Option):
                return param.human_readable_name
            opts = param.secondary_opts if param.is_flag and value == "False" and param.secondary_opts else param.opts
            opt = next((o for o in opts if any(a == o or a.startswith(f"{o}=") for a in typed)), opts[0])
            return opt if value is None or param.is_flag else f"{opt} {value}"

        return spell

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now (click's lazy loading of subcommands)."""
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        command: click.Command = getattr(importlib.import_module(f"quizgen.commands.{entry.module}"), entry.function)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            from .errors import did_you_mean

            raise UsageLine(f"no such command '{args[0]}'{did_you_mean(args[0], COMMANDS)}; see `quizgen --help`")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click writes it, from the summaries in COMMANDS: no command module is imported."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=entry.summary).get_short_help_str(limit))
            for name, entry in COMMANDS.items()
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="quizgen")
@click.option(
    "--content",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Folder with seeds/ and decks/ to use instead of the bundled content [env: QUIZGEN_CONTENT].",
)
@click.option("--deck", metavar="SLUG", help="Which deck to use when the content has several.")
@click.pass_context
def main(ctx: click.Context, content: str | None, deck: str | None) -> None:
    """Multiple-choice quizzes on US–Pakistan–India relations, 2017–2025, from five source texts.

    \b
    Learners:  quizgen quiz          (then `quizgen review` tomorrow)
    Anki:      quizgen anki          (writes build/<deck>.apkg)
    Teachers:  quizgen print -n 20 --versions 2
    Authors:   quizgen validate
    """
    ctx.obj = {"content": content, "deck": deck}


if __name__ == "__main__":  # pragma: no cover
    main()
