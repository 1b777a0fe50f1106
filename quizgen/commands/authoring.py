"""Commands for content authors: validate, lint, analyze, coverage, init, add-seed, draft, list."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ArgumentError, QuizgenError
from .common import KIND_CHOICES, bank_of, content_of


@click.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def validate(ctx: click.Context, strict: bool) -> None:
    """Check texts, decks, quotes and templates; report every problem with file:line:col.

    Exits 1 if there are errors (or, with --strict, warnings).

    Example: quizgen validate --strict
    """
    from ..authoring.validate import validate as run

    report = run(content_of(ctx))
    for problem in report.problems:
        click.echo(problem.format(), err=problem.severity != "info")
    for conflict in report.conflicts:
        click.echo(conflict.format())
    errors, warnings, notes = report.count("error"), report.count("warning"), report.count("note")
    noted = (
        f"{notes} note{'s' * (notes != 1)}, " if notes else ""
    )  # references errors left unchecked: not counted as errors
    summary = (
        f"{report.facts} facts, {report.questions} questions; {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}, {noted}{len(report.conflicts)} recorded "
        f"disagreement{'s' * (len(report.conflicts) != 1)}"
    )
    click.echo(summary, err=report.failed(strict))
    if report.failed(strict):
        ctx.exit(1)


@click.command()
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
    flawed: negative discrimination (stronger students got them wrong more often, by both measures) and
    distractors nobody chose; exits 1 when any question is flagged.

    Example: quizgen lint --verbose
    """
    from ..authoring.lint_report import report_lines

    if results is not None:
        _lint_responses(ctx, results, show_all)
        return
    from ..authoring.lint import Cues
    from ..authoring.lint import lint as run

    bank = bank_of(ctx)
    report = run(bank.questions, Cues.of(bank))
    for line in report_lines(report, verbose=verbose, show_all=show_all):
        click.echo(line)
    for failure in report.failures[:1] if not report.ok else []:
        click.echo(f"error: {failure}", err=True)
    if not report.ok:
        ctx.exit(1)


def _lint_responses(ctx: click.Context, results: str, show_all: bool) -> None:
    from ..authoring.item_analysis import analyse, read_results
    from ..authoring.lint_report import response_lines

    lines, flagged = response_lines(analyse(read_results(results)), show_all=show_all)
    for line in lines:
        click.echo(line)
    if flagged:
        ctx.exit(1)


@click.command()
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
    from ..authoring.item_analysis import analyse, findings, read_results
    from ..authoring.item_report import to_html
    from ..authoring.lint_report import respondents
    from ..util.atomic import into_folder, write_bytes

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

    from ..authoring.item_analysis import from_learners
    from ..study.learners import first_answers
    from ..util.atomic import folder_of, into_folder, write_bytes

    learners = [(path, first_answers(path, deck)) for path in dict.fromkeys(paths)]
    decks = sorted({a.deck for _, answers in learners for a in answers})
    if len(decks) > 1:  # question ids are unique within a deck only
        raise QuizgenError(f"--history: the histories hold answers in decks {', '.join(decks)}; choose one with --deck")
    data = from_learners(learners, title=f"Learners' answers in {decks[0] if decks else deck or 'no deck'}")
    report = Path(into_folder(output or "build/", "history-items.html"))
    if folder_of(report) is None:  # a device or FIFO: nothing can go next to it
        template = (
            "{output}: {value} is not a regular file, and the answers go next to the report; give a file or folder"
        )
        raise ArgumentError("output", template, value=report)
    beside = report.with_name(report.stem + ".responses.json")
    write_bytes(beside, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
    click.echo(f"wrote {beside}: each learner's first answer to each question")
    return data, report, str(beside)


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="SLUG",
    help="Show only this source text (a file in seeds/; repeatable).",
)
@click.option("--uncited", is_flag=True, help="List the passages no fact cites, with their first words.")
@click.pass_context
def coverage(ctx: click.Context, sources: tuple, uncited: bool) -> None:
    """Show, per source text (seeds/), which citable passages support at least one fact.

    Example: quizgen coverage --source husain-2025 --uncited
    """
    from ..authoring.coverage import coverage as run
    from ..model.textnorm import shown

    content = content_of(ctx)
    deck = content.deck(ctx.obj["deck"])
    for item in run(deck, content.texts):
        if sources and item.text.slug not in sources:
            continue
        total = len(item.cited) + len(item.uncited)
        bar = "#" * round(item.share * 20)
        click.echo(
            f"{item.text.slug:16} {len(item.cited):3}/{total:<3} {item.share:5.0%} [{bar:20}] {item.facts} facts"
        )
        if uncited:
            for passage in item.uncited:
                words = shown(" ".join(passage.text.split()))
                click.echo(f"    p{passage.number:<4} {words[:90] + ('...' if len(words) > 90 else '')}")


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The deck's title (default: the folder's name).")
def init(folder: Path, title: str | None) -> None:
    """Create a content folder for your own texts: seeds/, a deck with the default templates and an example fact.

    Example: quizgen init my-unit && quizgen --content my-unit add-seed handout.txt --title "…" --author "…"
    """
    from ..authoring.scaffold import init_content
    from ..load.paths import bundled_content

    default_templates = bundled_content() / "decks" / "us-pakistan-india" / "templates.yaml"
    deck = init_content(folder, title or folder.resolve().name, default_templates)
    click.echo(
        f"created {folder}/: seeds/ and {deck.relative_to(folder).as_posix()}/ (deck.yaml, templates.yaml, facts.yaml)"
    )
    click.echo(f"next: quizgen --content {folder} add-seed FILE --title TITLE --author NAME")


@click.command("add-seed")
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
@click.option("--slug", help="The text's short name, its file name in seeds/ (default: from the file name).")
@click.pass_context
def add_text(
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
    from ..authoring.scaffold import TextInfo
    from ..authoring.scaffold import add_text as run
    from ..load.paths import content_root
    from ..load.texts import split_passages

    root = content_root(ctx.obj["content"])
    slug = run(root, file, TextInfo(title, tuple(authors), date, outlet, kind), slug)
    text = (root / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")
    click.echo(f"added seeds/{slug}.txt and seeds/{slug}.yaml; its passages:")
    for passage in split_passages(slug, text, set()):
        first = " ".join(passage.text.split())
        click.echo(f"  p{passage.number}: {first[:90] + ('…' if len(first) > 90 else '')}")
    click.echo(f"next: quizgen --content {root} draft {slug}")


@click.command()
@click.argument("slug")
@click.option("--force", is_flag=True, help="Replace an existing draft file.")
@click.pass_context
def draft(ctx: click.Context, slug: str, force: bool) -> None:
    """Draft candidate facts from a text in seeds/ into decks/<deck>/draft-<slug>.yaml, each with its verbatim quote.

    Every candidate has `draft: true`, which keeps it out of every output until you have checked it.

    Example: quizgen --content my-unit draft handout
    """
    from ..authoring.scaffold import draft_into_deck
    from ..load.paths import content_root

    root = content_root(ctx.obj["content"])
    path, candidates = draft_into_deck(root, slug, ctx.obj["deck"], force=force)
    kinds = {k: sum(c.kind == k for c in candidates) for k in ("event", "figure", "position", "number")}
    click.echo(
        f"wrote {path.relative_to(root).as_posix()}: {len(candidates)} candidate facts ("
        + ", ".join(f"{v} {k}{'s' * (v != 1)}" for k, v in kinds.items())
        + ")"
    )
    click.echo("each has draft: true and is used nowhere until you check it and delete that line")


@click.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List decks with their question counts by kind, source and tag.

    Example: quizgen list
    """
    from collections import Counter

    from ..bank.select import needs_only

    content = content_of(ctx)
    width = _terminal_width()
    for slug in content.decks:
        bank = content.bank(slug)
        _show(f"{slug}: ", [bank.deck.title], width)
        click.echo(f"  {len(bank.deck.facts)} facts, {len(bank.questions)} questions")
        kinds = Counter(q.kind for q in bank.questions)
        _show("  by kind:   ", [f"{k} {kinds[k]}" for k in KIND_CHOICES if kinds[k]], width)
        # as --source counts: a question that needs several texts is under none of them alone
        texts = Counter(q.source.text for q in bank.questions if needs_only(q, (q.source.text,)))
        several = len(bank.questions) - texts.total()
        by_source = [f"{s} {c}" for s, c in sorted(texts.items())]
        _show("  by source: ", by_source, width, f"; {several} need two or more texts" if several else "")
        tags = Counter(t for q in bank.questions for t in q.tags)
        by_count = sorted(tags.items(), key=lambda tag: (-tag[1], tag[0]))
        if tags:
            _show("  by tag:    ", [f"{t} {c}" for t, c in by_count], width)


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one; None for a pipe or a file, which get unwrapped lines."""
    import shutil
    import sys

    try:
        tty = sys.stdout.isatty()
    except (ValueError, AttributeError):
        tty = False
    return max(40, shutil.get_terminal_size().columns - 1) if tty else None  # the last column would wrap early


def _show(label: str, items: list[str], width: int | None, tail: str = "") -> None:
    for line in _wrapped(label, items, width, tail):
        click.echo(line)


def _wrapped(label: str, items: list[str], width: int | None, tail: str = "") -> list[str]:
    """`label`, the items joined by commas, and `tail`, on one line (`width` None), or broken into lines of at most
    `width` between items (an item longer than a line keeps its words whole), the later lines indented as far as the
    label: a terminal would break words at its edge."""
    text = label + ", ".join(items) + tail
    if width is None or len(text) <= width:
        return [text]
    import textwrap

    glued = label + ", ".join(item.replace(" ", "\xa0") for item in items) + tail  # an item's words stay together
    lines = textwrap.wrap(glued, width, subsequent_indent=" " * len(label), break_long_words=False,
                          break_on_hyphens=False)  # fmt: skip
    return [line.replace("\xa0", " ") for line in lines]
