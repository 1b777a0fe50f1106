"""The command line: parse options, call library functions, turn library errors into one-line messages.

Heavy libraries (genanki, questionary, typst, docx) are imported inside the commands that need them so that
`quizgen --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import ArgumentError, ContentError, QuizgenError, Spell, python_spelling
from .outputs.exporters import EXPORTERS

if TYPE_CHECKING:
    from .bank.content import Content
    from .model.models import Bank, Question

SIGPIPE = 13
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
KIND_CHOICES = ("event", "figure", "position", "number")
TYPED = "quizgen.typed"
"""Key in `ctx.meta` of the arguments as typed."""


class Group(click.Group):
    """Turns QuizgenError into `error: ...` on stderr and a non-zero exit, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from .util import stdio

        closed = stdio.closed_streams()
        if "output" in closed:
            click.echo("error: standard output is closed; redirect it to /dev/null to discard it", err=True)
            sys.exit(1)
        stdio.prepare()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from .util import stdio

        try:
            try:
                return super().invoke(ctx)
            finally:
                stdio.flush()  # so a full disk is reported here, not lost at exit
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
            if isinstance(exc, stdio.OutputError):
                stdio.silence()
            click.echo(f"error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[TYPED] = tuple(args)  # the whole command line, so an error can name the option as it was typed
        return super().parse_args(ctx, args)

    def spelling(self, ctx: click.Context) -> Spell:
        """How this command line names a library parameter: the option as typed (else as declared first), the
        argument's metavar, or the Python name when no option sets it."""
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

    # Learners first, then Anki users, teachers, and content authors last: the order a newcomer needs them.
    ORDER = (
        "quiz",
        "review",
        "stats",
        "anki",
        "print",
        "grade",
        "analyze",
        "export",
        "list",
        "validate",
        "lint",
        "coverage",
        "init",
        "add-seed",
        "draft",
    )

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in self.ORDER if name in self.commands]
        return known + [name for name in self.commands if name not in self.ORDER]


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


def _content(ctx: click.Context) -> Content:
    from .bank.content import load_content

    return load_content(ctx.obj["content"])


def _bank(ctx: click.Context, seed: int = 0) -> Bank:
    return _content(ctx).bank(ctx.obj["deck"], seed)


def filter_options(func: Any) -> Any:
    """--kind/--source/--tag, shared by every command that selects questions."""
    func = click.option(
        "--tag", "tags", multiple=True, metavar="TAG", help="Only questions with this topic tag (repeatable)."
    )(func)
    func = click.option(
        "--source", "sources", multiple=True, metavar="SLUG", help="Only questions from this seed (repeatable)."
    )(func)
    func = click.option(
        "--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES), help="Only this kind (repeatable)."
    )(func)
    return func


def _selected(
    ctx: click.Context, kinds: tuple, sources: tuple, tags: tuple, n: int | None = None, seed: int = 0
) -> tuple[Content, Bank, list[Question]]:
    from .bank.select import Filters, check_filters, given_away, select

    content = _content(ctx)
    bank = content.bank(ctx.obj["deck"], seed)
    filters = Filters(tuple(kinds), tuple(sources), tuple(tags))
    check_filters(filters, bank.questions, content.seeds)
    return content, bank, select(bank.questions, given_away(filters, content.seeds), n, seed)


# --- content authoring -------------------------------------------------------------------------------------------


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def validate(ctx: click.Context, strict: bool) -> None:
    """Check seeds, decks, quotes and templates; report every problem with file:line:col.

    Exits 1 if there are errors (or, with --strict, warnings).

    Example: quizgen validate --strict
    """
    from .authoring.validate import validate as run

    report = run(_content(ctx))
    for problem in report.problems:
        click.echo(problem.format(), err=problem.severity != "info")
    for conflict in report.conflicts:
        click.echo(conflict.format())
    errors, warnings = report.count("error"), report.count("warning")
    summary = (
        f"{report.facts} facts, {report.questions} questions; {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}, {len(report.conflicts)} recorded "
        f"disagreement{'s' * (len(report.conflicts) != 1)}"
    )
    click.echo(summary, err=report.failed(strict))
    if report.failed(strict):
        ctx.exit(1)


@main.command()
@click.option("--all", "show_all", is_flag=True, help="List every flagged item, not just the first 20.")
@click.option("-v", "--verbose", is_flag=True, help="List every item each cue answers, not just the first few.")
@click.option(
    "--responses",
    "results",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Check questions against real answers instead: `quizgen grade --format json` output, or the "
    "<report>.responses.json `quizgen analyze --history` writes.",
)
@click.pass_context
def lint(ctx: click.Context, show_all: bool, verbose: bool, results: str | None) -> None:
    """Check item quality over the whole bank: answer positions, cues a test-taker could follow, flawed items.

    Each cue is scored over the items it applies to and fails past chance + 10 points. Exits 1 when a threshold
    fails or an item breaks a rule. With --responses, flag instead the questions that real answers show to be
    flawed: negative discrimination (stronger students got them wrong more often) and distractors nobody chose;
    exits 1 when any question is flagged.

    Example: quizgen lint --verbose
    """
    from .authoring.lint_report import report_lines

    if results is not None:
        _lint_responses(ctx, results, show_all)
        return
    from .authoring.lint import Cues
    from .authoring.lint import lint as run

    bank = _bank(ctx)
    report = run(bank.questions, Cues.of(bank))
    for line in report_lines(report, verbose=verbose, show_all=show_all):
        click.echo(line)
    for failure in report.failures[:1] if not report.ok else []:
        click.echo(f"error: {failure}", err=True)
    if not report.ok:
        ctx.exit(1)


def _lint_responses(ctx: click.Context, results: str, show_all: bool) -> None:
    from .authoring.item_analysis import analyse, read_results
    from .authoring.lint_report import response_lines

    lines, flagged = response_lines(analyse(read_results(results)), show_all=show_all)
    for line in lines:
        click.echo(line)
    if flagged:
        ctx.exit(1)


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path())
@click.option(
    "--history",
    is_flag=True,
    help="RESULTS are learners' histories (data folders or history files), one learner each.",
)
@click.option("--deck", metavar="SLUG", help="With --history: the deck to analyse, when the histories hold several.")
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write the HTML report: a file or folder [default: <results stem>.html; with --history, "
    "build/history-items.html].",
)
def analyze(results: tuple[str, ...], history: bool, deck: str | None, output: str | None) -> None:
    """Item analysis of graded sheets: difficulty, discrimination, distractors and reliability, as an HTML report.

    RESULTS is what `quizgen grade --format json` wrote. The report has a score histogram, a plot of difficulty
    against discrimination, and every question by id, stem and source with how often each option was chosen.
    With --history, RESULTS are learners' terminal histories instead (each learner's first answer to each
    question); the answers are also written beside the report as JSON that `quizgen lint --responses` reads.

    Example: quizgen analyze marks.json -o unit4-items.html
    """
    from .authoring.item_analysis import analyse, findings, read_results
    from .authoring.item_report import to_html
    from .authoring.lint_report import respondents
    from .util.atomic import into_folder, write_bytes

    if history:
        data, path, responses = _history_responses(results, deck, output)
    else:
        if len(results) > 1:
            raise QuizgenError("RESULTS: give one `quizgen grade --format json` file (or --history for histories)")
        data, responses = read_results(results[0]), results[0]
        default = Path(results[0]).with_suffix(".html")
        path = Path(into_folder(output, default.name)) if output else default
    analysis = analyse(data)
    write_bytes(path, to_html(analysis))
    kr20 = "n/a" if analysis.kr20 is None else f"{analysis.kr20:.2f}"
    flagged = len({f.id for f in findings(analysis)})
    click.echo(
        f"{respondents(analysis.sheets, analysis.respondents)}, {analysis.out_of} questions, "
        f"reliability (KR-20) {kr20}; "
        f"{flagged} question{'s' * (flagged != 1)} flagged (quizgen lint --responses {responses})"
    )
    for note in analysis.notes:
        click.echo(f"note: {note}")
    click.echo(f"wrote {path}")


def _history_responses(paths: tuple[str, ...], deck: str | None, output: str | None) -> tuple[dict, Path, str]:
    """Learners' first answers in item analysis's form, written beside the report; the report's path and theirs."""
    import json

    from .authoring.item_analysis import from_learners
    from .study.learners import first_answers
    from .util.atomic import into_folder, write_bytes

    learners = [(path, first_answers(path, deck)) for path in dict.fromkeys(paths)]
    decks = sorted({a.deck for _, answers in learners for a in answers})
    if len(decks) > 1:  # question ids are unique within a deck only
        raise QuizgenError(f"--history: the histories hold answers in decks {', '.join(decks)}; choose one with --deck")
    data = from_learners(learners, title=f"Learners' answers in {decks[0] if decks else deck or 'no deck'}")
    report = Path(into_folder(output or "build/", "history-items.html"))
    beside = report.with_name(report.stem + ".responses.json")
    write_bytes(beside, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
    click.echo(f"wrote {beside}: each learner's first answer to each question")
    return data, report, str(beside)


@main.command()
@click.option("--source", "sources", multiple=True, metavar="SLUG", help="Show only this seed (repeatable).")
@click.option("--uncited", is_flag=True, help="List the passages no fact cites, with their first words.")
@click.pass_context
def coverage(ctx: click.Context, sources: tuple, uncited: bool) -> None:
    """Show, per seed, which citable passages support at least one fact.

    Example: quizgen coverage --source husain-2025 --uncited
    """
    from .authoring.coverage import coverage as run
    from .model.textnorm import shown

    content = _content(ctx)
    deck = content.deck(ctx.obj["deck"])
    for item in run(deck, content.seeds):
        if sources and item.seed.slug not in sources:
            continue
        total = len(item.cited) + len(item.uncited)
        bar = "#" * round(item.share * 20)
        click.echo(
            f"{item.seed.slug:16} {len(item.cited):3}/{total:<3} {item.share:5.0%} [{bar:20}] {item.facts} facts"
        )
        if uncited:
            for passage in item.uncited:
                words = shown(" ".join(passage.text.split()))
                click.echo(f"    p{passage.number:<4} {words[:90] + ('...' if len(words) > 90 else '')}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The deck's title (default: the folder's name).")
def init(folder: Path, title: str | None) -> None:
    """Create a content folder for your own texts: seeds/, a deck with the default templates and an example fact.

    Example: quizgen init my-unit && quizgen --content my-unit add-seed handout.txt --title "…" --author "…"
    """
    from .authoring.scaffold import init_content
    from .load.paths import bundled_content

    default_templates = bundled_content() / "decks" / "us-pakistan-india" / "templates.yaml"
    deck = init_content(folder, title or folder.resolve().name, default_templates)
    click.echo(
        f"created {folder}/: seeds/ and {deck.relative_to(folder).as_posix()}/ (deck.yaml, templates.yaml, facts.yaml)"
    )
    click.echo(f"next: quizgen --content {folder} add-seed FILE --title TITLE --author NAME")


@main.command("add-seed")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The text's title.")
@click.option("--author", "authors", multiple=True, required=True, help="An author (repeatable; 'unknown' if none).")
@click.option("--date", metavar="YYYY[-MM[-DD]]", help="When the text was published, as precisely as known.")
@click.option("--outlet", help="Where it was published (newspaper, journal, website).")
@click.option(
    "--type",
    "kind",
    default="text",
    show_default=True,
    help="What it is: opinion column, research paper, textbook chapter, …",
)
@click.option("--slug", help="The seed's short name (default: from the file name).")
@click.pass_context
def add_seed(
    ctx: click.Context,
    file: Path,
    title: str,
    authors: tuple,
    date: str | None,
    outlet: str | None,
    kind: str,
    slug: str | None,
) -> None:
    """Copy a text into the content folder byte for byte, write its metadata and show its numbered passages.

    Example: quizgen --content my-unit add-seed handout.txt --title "The Treaty" --author "A. Teacher" --date 2024
    """
    from .authoring.scaffold import SeedInfo
    from .authoring.scaffold import add_seed as run
    from .load.paths import content_root
    from .load.seeds import split_passages

    root = content_root(ctx.obj["content"])
    slug = run(root, file, SeedInfo(title, tuple(authors), date, outlet, kind), slug)
    text = (root / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")
    click.echo(f"added seeds/{slug}.txt and seeds/{slug}.yaml; its passages:")
    for passage in split_passages(slug, text, set()):
        first = " ".join(passage.text.split())
        click.echo(f"  p{passage.number}: {first[:90] + ('…' if len(first) > 90 else '')}")
    click.echo(f"next: quizgen --content {root} draft {slug}")


@main.command()
@click.argument("slug")
@click.option("--force", is_flag=True, help="Replace an existing draft file.")
@click.pass_context
def draft(ctx: click.Context, slug: str, force: bool) -> None:
    """Draft candidate facts from a seed into decks/<deck>/draft-<slug>.yaml, each with its verbatim quote.

    Every candidate has `draft: true`, which keeps it out of every output until you have checked it.

    Example: quizgen --content my-unit draft handout
    """
    from .authoring.scaffold import draft_into_deck
    from .load.paths import content_root

    root = content_root(ctx.obj["content"])
    path, candidates = draft_into_deck(root, slug, ctx.obj["deck"], force=force)
    kinds = {k: sum(c.kind == k for c in candidates) for k in ("event", "figure", "position", "number")}
    click.echo(
        f"wrote {path.relative_to(root).as_posix()}: {len(candidates)} candidate facts ("
        + ", ".join(f"{v} {k}{'s' * (v != 1)}" for k, v in kinds.items())
        + ")"
    )
    click.echo("each has draft: true and is used nowhere until you check it and delete that line")


@main.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List decks with their question counts by kind and by source.

    Example: quizgen list
    """
    from collections import Counter

    content = _content(ctx)
    for slug in content.decks:
        bank = content.bank(slug)
        click.echo(f"{slug}: {bank.deck.title}")
        click.echo(f"  {len(bank.deck.facts)} facts, {len(bank.questions)} questions")
        kinds = Counter(q.kind for q in bank.questions)
        click.echo("  by kind:   " + ", ".join(f"{k} {kinds[k]}" for k in KIND_CHOICES if kinds[k]))
        seeds = Counter(q.source.seed for q in bank.questions)
        click.echo("  by source: " + ", ".join(f"{s} {c}" for s, c in sorted(seeds.items())))


# --- terminal quiz -------------------------------------------------------------------------------------------------


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


@main.command()
@click.option("-n", "n", type=click.IntRange(min=1), metavar="N", help="How many questions [default: 10].")
@filter_options
@click.option("--seed", type=int, help="Fix which questions and which option order (default: new every time).")
@plain_option
@data_dir_option
@click.pass_context
def quiz(
    ctx: click.Context,
    n: int | None,
    kinds: tuple,
    sources: tuple,
    tags: tuple,
    seed: int | None,
    plain: bool,
    data_dir: str | None,
) -> None:
    """Answer questions in the terminal, with the right answer, explanation and quote after each one.

    With no options, asks what to study and how many (Enter, Enter starts). Every answer is kept in your
    history for `quizgen review` and `quizgen stats`. Ctrl-C ends with a summary (exit code 130).

    Example: quizgen quiz -n 10 --kind event --source chellaney-2025
    """
    from .bank.select import Filters
    from .study.quiz import run_quiz
    from .study.terminal import check_terminal

    if not plain:
        check_terminal()
    setup = not plain and n is None and not (kinds or sources or tags)
    code = run_quiz(
        _content(ctx),
        deck=ctx.obj["deck"],
        filters=Filters(tuple(kinds), tuple(sources), tuple(tags)),
        n=n,
        seed=seed,
        plain=plain,
        setup=setup,
        data_dir=data_dir,
    )
    ctx.exit(code)


@main.command()
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
    sources: tuple,
    tags: tuple,
    seed: int | None,
    plain: bool,
    data_dir: str | None,
) -> None:
    """Spaced repetition (FSRS): the questions due for review, most overdue first, then new ones.

    A wrong answer comes back the next day, a right one after a few days, then less and less often (sooner when
    it was slow). Quiz answers count too. Same keys, feedback and Ctrl-C as `quizgen quiz`; with nothing due,
    says when the next question is.

    Example: quizgen review -n 20 --new 5 --source husain-2025
    """
    from .bank.select import Filters
    from .study.review import run_review
    from .study.terminal import check_terminal

    if not plain:
        check_terminal(command="review")
    code = run_review(
        _content(ctx),
        deck=ctx.obj["deck"],
        filters=Filters(tuple(kinds), tuple(sources), tuple(tags)),
        n=n,
        new=new,
        seed=seed,
        plain=plain,
        data_dir=data_dir,
    )
    ctx.exit(code)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, for other programs.")
@data_dir_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool, data_dir: str | None) -> None:
    """Accuracy by kind and by source, weakest topics, questions due today and this week, and your streak.

    Accuracy counts first attempts (not the retries of missed questions right after).

    Example: quizgen stats --json
    """
    import os
    from datetime import UTC, datetime

    from .study.session import source_names
    from .study.stats import can_draw, stats_report, wants_colour

    click.echo(
        stats_report(
            lambda: _bank(ctx),
            data_dir=data_dir,
            now=datetime.now(UTC),
            as_json=as_json,
            unicode=can_draw(sys.stdout),
            colour=wants_colour(sys.stdout, os.environ),
            names=lambda: source_names(_content(ctx).seeds),
        ),
        color=True,
    )


# --- exports -------------------------------------------------------------------------------------------------------


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORTERS)), default="json", show_default=True, help="Output format."
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write: a file, a folder (the file then gets its default name), or - for standard output (the "
    "default for text formats).",
)
@click.option(
    "-n",
    "n",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only N questions, the test `quizgen print` makes with the same -n, --seed and filters, in its "
    "order [default: every matching question, in deck order].",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed for option order (and, with -n, which questions), as for `quizgen print`.",
)
@click.option(
    "--title",
    metavar="T",
    help="Name of the quiz (qti, xlsx) and of its Moodle category (gift, moodle-xml) [default: the deck's title].",
)
@filter_options
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    output: str | None,
    n: int | None,
    seed: int,
    title: str | None,
    kinds: tuple,
    sources: tuple,
    tags: tuple,
) -> None:
    """Write the question bank, a filtered part of it, or a test of N questions in a machine-readable format.

    \b
    json        the public contract other tools read
    gift        Moodle: Question bank > Import > GIFT format
    moodle-xml  Moodle: Question bank > Import > Moodle XML format
    qti         Canvas: Settings > Import course content > QTI .zip file (default build/<deck>.qti.zip)
    csv         quiz platforms and scripts (UTF-8 with BOM, one row per question, formulas neutralised)
    xlsx        spreadsheets: the CSV's rows as text cells (default build/<deck>.xlsx)

    Example: quizgen export --format qti -n 20 --seed 3 --title "Unit 4 quiz"
    """
    from .bank.select import Filters
    from .outputs.exporters.exported import export as run
    from .util.atomic import write_bytes
    from .util.stdio import write_stdout

    exported = run(_bank(ctx, seed), fmt, Filters(tuple(kinds), tuple(sources), tuple(tags)), n, seed, title=title)
    path = exported.target(output)
    if path == "-":
        write_stdout(exported.data)
        return
    write_bytes(Path(path), exported.data)
    short = f" ({exported.shortfall})" if exported.shortfall else ""
    click.echo(f"wrote {len(exported.questions)} questions to {path}{short}", err=True)


# --- printed tests (issue 6) ---------------------------------------------------------------------------------------

PRINT_FORMATS = ("pdf", "docx", "md", "html")


@main.command("print")
@click.option(
    "-n", "n", type=click.IntRange(min=1), default=20, show_default=True, metavar="N", help="How many questions."
)
@filter_options
@click.option(
    "--versions",
    type=click.IntRange(1, 26),
    default=2,
    show_default=True,
    metavar="K",
    help="How many versions (A, B, ...): the same questions, each in its own order.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Fix which questions and every version's order.")
@click.option("--title", metavar="T", help="Heading of the test [default: the deck's title].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PRINT_FORMATS),
    default="pdf",
    show_default=True,
    help="pdf to print, docx to edit in Word, md or html to paste into other tools.",
)
@click.option("--key/--no-key", default=True, show_default=True, help="Add an answer key per version at the end.")
@click.option("--explanations", is_flag=True, help="Give every key entry the correct option, explanation and source.")
@click.option(
    "--sheet/--no-sheet",
    "answer_sheet",
    default=True,
    show_default=True,
    help="PDF: add a machine-read answer sheet per version and write <output stem>.quizgen.json for grading.",
)
@click.option(
    "--id-digits",
    type=click.IntRange(1, 12),
    default=6,
    show_default=True,
    metavar="D",
    help="How many digits the answer sheet's student number has.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="PDF paper size.")
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write: a file, a folder, or - for standard output (md, html) [default: build/<deck>-test.<format>].",
)
@click.option(
    "--also",
    "also",
    multiple=True,
    type=click.Choice([f for f in EXPORTERS if f != "json"]),
    help="Also write version A's questions in this format next to the test, named like it (repeatable).",
)
@click.pass_context
def print_(
    ctx: click.Context, kinds: tuple, sources: tuple, tags: tuple, seed: int, output: str | None, **layout: Any
) -> None:
    """Make a printable test: versions A, B, ... of the same questions in different orders, with answer keys.

    Every version has lines for name, class, date and score; no question splits across a page. A PDF also gets
    an answer sheet per version, which `quizgen grade` reads back from scans. With --also, the same test goes to
    Moodle or Canvas too (the same as `quizgen export -n N --seed S` with the same options).

    Example: quizgen print -n 20 --versions 2 --kind event --explanations --also qti
    """
    from .bank.select import Filters
    from .outputs.printing.printed import make_test, write_test
    from .util.stdio import write_stdout

    # The options are named as make_test's parameters, so they pass through and its errors name them.
    filters = Filters(tuple(kinds), tuple(sources), tuple(tags))
    printed = make_test(_bank(ctx, seed), filters, seed=seed, output=output, **layout)
    if output == "-":
        write_stdout(printed.data)
        click.echo(printed.holds, err=True)
        return
    for path, what in write_test(printed, output):
        click.echo(f"wrote {path}: {what}")


# --- grading scanned answer sheets (issue 12) ---------------------------------------------------------------------


@main.command()
@click.option(
    "--test",
    "test",
    metavar="FILE",
    required=True,
    type=click.Path(dir_okay=False),
    help="The manifest `quizgen print` wrote beside the PDF (<stem>.quizgen.json).",
)
@click.argument("scans", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="What to write: every sheet with its answers, score and flags.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default="-",
    help="Where to write: a file, or a folder for <test stem>-marks.json (or .csv) in it [default: standard output].",
)
@click.option("--gradebook", metavar="FILE", help="Also write a gradebook CSV that Canvas and Moodle import.")
@click.option(
    "--flags-dir",
    metavar="DIR",
    default="flags",
    show_default=True,
    help="Where the cropped pictures of flagged rows go.",
)
@click.option(
    "--results",
    metavar="FILE",
    help="Pages graded so far, so a re-run grades only new scans [default: <stem>.graded.json beside --test].",
)
def grade(
    test: str, scans: tuple, fmt: str, output: str, gradebook: str | None, flags_dir: str, results: str | None
) -> None:
    """Grade scanned answer sheets (PDF, PNG, JPEG, TIFF; any order, any way up) against a printed test.

    Rows with two marks, a faint mark, or an unreadable student number or code are flagged with a cropped
    picture, never guessed, and not scored; a sheet scanned twice is reported and counted once. Re-running with
    more scans grades only the new pages.

    Example: quizgen grade --test build/exam.quizgen.json scans/*.pdf --format csv -o marks.csv --gradebook lms.csv
    """
    try:
        from .outputs import grading
    except ImportError as exc:
        missing = f"grading needs the grade extra: pip install 'quizgen[grade]' ({exc.name} is missing)"
        raise QuizgenError(missing) from None
    from .outputs.grading.run import start
    from .util.atomic import into_folder, write_bytes

    run = start(test, scans, results)
    if run.todo > 1 and sys.stderr.isatty():
        with click.progressbar(length=run.todo, label="grading", file=sys.stderr) as bar:
            graded = run.grade(Path(flags_dir), bar.update)
    else:
        graded = run.grade(Path(flags_dir))
    data = graded.to(fmt)
    target = into_folder(output, grading.default_output(test, fmt))
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes(Path(target), data)
    summary, *duplicates = graded.summary()
    click.echo(summary, err=output == "-")
    if target != output:  # a folder was given: say which file quizgen chose in it
        click.echo(f"wrote {target}")
    for line in duplicates + (graded.write_gradebook(Path(gradebook)) if gradebook else []):
        click.echo(line, err=output == "-")


# --- Anki ----------------------------------------------------------------------------------------------------------


@main.command()
@click.option(
    "-o", "--output", metavar="FILE", help="Where to write the package: a file or folder [default: build/<deck>.apkg]."
)
@click.option(
    "--style",
    type=click.Choice(["mc", "recall"]),
    default="mc",
    show_default=True,
    help="mc: the stem with its lettered options; recall: the question alone, answer and quote behind.",
)
@filter_options
@click.pass_context
def anki(ctx: click.Context, output: str | None, style: str, kinds: tuple, sources: tuple, tags: tuple) -> None:
    """Write an Anki package (.apkg); importing a newer one later updates the notes and keeps your reviews.

    Notes are stamped with SOURCE_DATE_EPOCH when it is set (then two builds are byte-identical), otherwise with
    the current time, so Anki sees each rebuild as newer.

    Example: quizgen anki --source chellaney-2025 -o chellaney.apkg
    """
    from .outputs.anki import timestamp_from_env, write_apkg
    from .util.atomic import atomic_open, into_folder

    timestamp = timestamp_from_env(os.environ)
    # Seed 0: the option order on a card is then fixed per question id, so rebuilds do not churn the notes.
    _, bank, questions = _selected(ctx, kinds, sources, tags, None, 0)
    if output == "-":
        raise ArgumentError("output", "{output}: an .apkg is binary; give a file name")
    path = into_folder(output or "build/", f"{bank.deck.slug}.apkg")
    with atomic_open(path) as stream:
        summary = write_apkg(stream, bank, questions, timestamp=timestamp, style=style, workdir=Path(path).parent)
    for name, count in summary.decks.items():
        click.echo(f"{name}: {count} note{'s' * (count != 1)}")
    if summary.skipped:
        click.echo(
            f"skipped {len(summary.skipped)} chronology question{'s' * (len(summary.skipped) != 1)}: "
            "a recall card cannot ask them without the options"
        )
    click.echo(f"wrote {summary.notes} note{'s' * (summary.notes != 1)} to {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
