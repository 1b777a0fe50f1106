"""Commands that write outputs: export, print, grade, anki."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import ArgumentError, QuizgenError
from ..outputs.exporters import EXPORTERS
from .common import bank_of, choice_options, content_of, filter_options, filters_of, selected


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORTERS), case_sensitive=False),
    default="json",
    show_default=True,
    help="Output format.",
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
@choice_options
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    output: str | None,
    n: int | None,
    seed: int,
    title: str | None,
    include: tuple,
    **chosen: Any,
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
    from ..outputs.exporters.exported import export as run
    from ..util.atomic import write_bytes
    from ..util.stdio import write_stdout

    filters = filters_of(**chosen, include=tuple(include))
    if n is None:
        exported = run(bank_of(ctx, seed), fmt, filters, None, seed, title=title)
    else:  # a test of n questions: only the chosen questions' options are arranged, not the whole bank's
        content = content_of(ctx)
        bank = content.bank(ctx.obj["deck"], seed, arrange=False)
        arrange = functools.partial(content.arranged, bank.deck.slug, seed=seed)
        exported = run(bank, fmt, filters, n, seed, title=title, arrange=arrange)
    path = exported.target(output)
    if path == "-":
        write_stdout(exported.data)
        return
    write_bytes(Path(path), exported.data)
    short = f" ({exported.shortfall})" if exported.shortfall else ""
    click.echo(f"wrote {len(exported.questions)} questions to {path}{short}", err=True)


PRINT_FORMATS = ("pdf", "docx", "md", "html")


@click.command("print")
@click.option(
    "-n", "n", type=click.IntRange(min=1), default=20, show_default=True, metavar="N", help="How many questions."
)
@filter_options
@choice_options
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
    type=click.Choice(PRINT_FORMATS, case_sensitive=False),
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
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="PDF paper size.",
)
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
    type=click.Choice([f for f in EXPORTERS if f != "json"], case_sensitive=False),
    help="Also write version A's questions in this format next to the test, named like it (repeatable).",
)
@click.option(
    "--list",
    "preview",
    is_flag=True,
    help="Write nothing: list the id, kind, level and stem of each question the test would hold, in version A's order.",
)
@click.pass_context
def print_(
    ctx: click.Context,
    kinds: tuple,
    levels: tuple,
    sources: tuple,
    tags: tuple,
    exclude: tuple,
    exclude_from: Any,
    include: tuple,
    preview: bool,
    seed: int,
    output: str | None,
    **layout: Any,
) -> None:
    """Make a printable test: versions A, B, ... of the same questions in different orders, with answer keys.

    Every version has lines for name, class, date and score; no question splits across a page. A PDF also gets
    an answer sheet per version, which `quizgen grade` reads back from scans. With --also, the same test goes to
    Moodle or Canvas too (the same as `quizgen export -n N --seed S` with the same options).

    Example: quizgen print -n 20 --versions 2 --kind event --explanations --also qti
    """
    from ..outputs.printing.printed import make_test, write_test
    from ..util.stdio import write_stdout

    filters = filters_of(kinds, levels, sources, tags, exclude, exclude_from, include=tuple(include))
    if preview:
        from ..outputs.printing.sheet import listing

        lines, short = listing(bank_of(ctx, seed), filters, layout["n"], seed)
        click.echo("\n".join(lines))
        if short:
            click.echo(short, err=True)
        return
    # The options are named as make_test's parameters, so they pass through and its errors name them.
    printed = make_test(bank_of(ctx, seed), filters, seed=seed, output=output, **layout)
    if output == "-":
        write_stdout(printed.data)
        click.echo(printed.holds, err=True)
        return
    for path, what in write_test(printed, output):
        click.echo(f"wrote {path}: {what}")


@click.command()
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
    help="Pages graded and decisions made so far, so a re-run grades only new scans and keeps the decisions; "
    "every run reports on all of its pages, so give each class its own [default: <stem>.graded.json beside --test].",
)
@click.option(
    "--decide",
    "decide",
    multiple=True,
    metavar='"PAGE WHAT"',
    help="Settle a flag, kept in --results for later runs (repeatable). PAGE as the messages name it "
    "(scans.pdf:5, or photo.jpg); WHAT: q7=B or q7=blank (a row), student=NUMBER, version=A (a sheet whose code "
    "cannot be read), ignore (leave the page out), accept (count a sheet whose other pages were not scanned), "
    "undo (withdraw every decision about the page; q7=undo just that one).",
)
def grade(
    test: str,
    scans: tuple,
    fmt: str,
    output: str,
    gradebook: str | None,
    flags_dir: str,
    results: str | None,
    decide: tuple[str, ...],
) -> None:
    """Grade scanned answer sheets (PDF, PNG, JPEG, TIFF; any order, any way up) against a printed test.

    Rows with two marks, a faint mark, or an unreadable student number or code are flagged with a cropped
    picture, never guessed; so are two different sheets with one student number, and a sheet with a page missing.
    Each flag's line says how to settle it with --decide; until then that student's gradebook score is empty. A
    sheet scanned twice is reported and counted once. Re-running with more scans grades only the new pages, and
    reports on every page in --results, named or not: give each class its own --results file.

    \b
    Example: quizgen grade --test build/exam.quizgen.json scans/*.pdf --format csv -o marks.csv --gradebook lms.csv
             quizgen grade --test build/exam.quizgen.json scans/*.pdf -o marks.csv --gradebook lms.csv \\
               --decide "scans/b.pdf:5 q7=B" --decide "scans/noqr.jpg version=A" --decide "scans/b.pdf:9 undo"
    """
    try:
        from ..outputs import grading
    except ImportError as exc:
        missing = f"grading needs the grade extra: pip install 'quizgen[grade]' ({exc.name} is missing)"
        raise QuizgenError(missing) from None
    from ..outputs.grading.run import start
    from ..util.atomic import into_folder, write_bytes

    run = start(test, scans, results, decide)
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
    # every file written is confirmed, as --gradebook's is; said before the gradebook is written, which may fail
    wrote = [] if output == "-" else [f"wrote {target}"]
    for line in [*graded.summary(), *wrote]:
        click.echo(line, err=output == "-")
    for line in graded.write_gradebook(Path(gradebook)) if gradebook else []:
        click.echo(line, err=output == "-")


@click.command()
@click.option(
    "-o", "--output", metavar="FILE", help="Where to write the package: a file or folder [default: build/<deck>.apkg]."
)
@click.option(
    "--style",
    type=click.Choice(["mc", "recall"], case_sensitive=False),
    default="mc",
    show_default=True,
    help="mc: the stem with its lettered options; recall: the question alone, answer and quote behind, in a deck "
    "of its own ('<deck title> (recall)').",
)
@click.option(
    "--stamps",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="File that remembers when each note's content last changed, so a re-import updates only the changed notes "
    "[default: anki-stamps.json in the data folder: QUIZGEN_DATA_DIR, else your user data folder].",
)
@filter_options
@click.pass_context
def anki(ctx: click.Context, output: str | None, style: str, stamps: str | None, **chosen: Any) -> None:
    """Write an Anki package (.apkg); importing a newer one later updates the notes and keeps your reviews.

    Each note is stamped with the time its content last changed (kept in --stamps), so Anki updates only the notes
    that changed and leaves the others, with your edits and tags, alone. A new or changed note gets the build time:
    SOURCE_DATE_EPOCH when it is set (then two builds with the same stamps file are byte-identical), otherwise the
    current time.

    Example: quizgen anki --source chellaney-2025 -o chellaney.apkg
    """
    from ..outputs.anki import default_stamps_file, load_stamps, save_stamps, timestamp_from_env, write_apkg
    from ..util.atomic import atomic_open, folder_of, into_folder

    timestamp = timestamp_from_env(os.environ)
    if output == "-":
        raise ArgumentError("output", "{output}: an .apkg is binary; give a file name")
    stamps = stamps or default_stamps_file(os.environ)
    known = load_stamps(stamps)  # before the content: the memory its reading takes is free again for that
    # Seed 0: the option order on a card is then fixed per question id, so rebuilds do not churn the notes.
    _, bank, questions = selected(ctx, filters_of(**chosen), None, 0)
    path = into_folder(output or "build/", f"{bank.deck.slug}.apkg")
    with atomic_open(path) as stream:
        summary = write_apkg(
            stream, bank, questions, timestamp=timestamp, style=style, workdir=folder_of(path), stamps=known
        )
    if summary.stamps is not None:
        save_stamps(stamps, summary.stamps)  # only once the package is written
    for name, count in summary.decks.items():
        click.echo(f"{name}: {count} note{'s' * (count != 1)}")
    if summary.skipped:
        click.echo(
            f"skipped {len(summary.skipped)} chronology question{'s' * (len(summary.skipped) != 1)}: "
            "a recall card cannot ask them without the options"
        )
    click.echo(f"wrote {summary.notes} note{'s' * (summary.notes != 1)} to {path}")
