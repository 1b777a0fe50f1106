"""CSV for spreadsheets and quiz platforms: one row per question, options A–D and the answer as a letter.

A question with fewer options leaves the last option cells empty (a true/false one has `True`, `False`); a column
`option_e` is added only when a question has five, so a bank of four-option questions keeps today's columns.

UTF-8 with a byte-order mark: Excel, the spreadsheet most teachers open a .csv in, reads a file without one in
the local ANSI code page and garbles curly quotes, dashes and the Urdu name; with it, Excel, LibreOffice and
Google Sheets all read UTF-8, and Python reads it with `encoding="utf-8-sig"`. Fields are quoted only when
needed (commas, quotes, newlines), quotes doubled, rows end in CRLF (RFC 4180).

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a formula (tab and carriage return too, in some),
so content from someone else could run one (CSV injection). As OWASP recommends, such a cell is written with a
`'` in front: spreadsheets show the text, and a program reading the file drops a leading `'` before those
characters (`unneutralise`). For spreadsheets the xlsx export is better still: real text cells, nothing changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ...model.models import LETTERS, Bank, Question
from ...model.textnorm import quoted
from .lms import check_options

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""OWASP's list of first characters that make a spreadsheet read a CSV cell as a formula."""
COLUMNS = (
    "id",
    "kind",
    "stem",
    "option_a",
    "option_b",
    "option_c",
    "option_d",
    "answer",
    "explanation",
    "citation",
    "seed",
    "passage",
    "quote",
    "tags",
    "see_also",
)
"""`see_also`: the other quotes the question rests on, each as `“quote” — citation`, one per line (a quote that
has its own quotation marks gets no second pair)."""


def columns(questions: Sequence[Question]) -> tuple[str, ...]:
    """COLUMNS, with an option column per letter beyond D when a question has more than four options."""
    most = max((len(q.options) for q in questions), default=4)
    extra = tuple(f"option_{letter.lower()}" for letter in LETTERS[4:most])
    at = COLUMNS.index("answer")
    return COLUMNS[:at] + extra + COLUMNS[at:]


def row(q: Question, width: int = 4) -> list[str]:
    """The CSV row of a question with `width` option cells (empty past its own options); tags separated by spaces."""
    check_options(q)
    return [
        q.id,
        q.kind,
        q.stem,
        *q.options,
        *[""] * (width - len(q.options)),
        LETTERS[q.answer],
        q.explanation,
        q.source.citation,
        q.source.text,
        q.source.passage,
        q.source.quote,
        " ".join(q.tags),
        "\n".join(f"{quoted(s.quote)} \u2014 {s.citation}" for s in q.see_also),
    ]


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it literally: `=1+1` -> `'=1+1`; other text unchanged.

    Text that already starts with quote marks before such a character gets one more, so unneutralise() can
    always tell the added quote from the text's own: `'=1` -> `''=1`.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    """The text of a cell neutralise() wrote: `'=1+1` -> `=1+1`, `''=1` -> `'=1`."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def to_csv(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a CSV table with a header row; a table has no place for the quiz's `title`."""
    questions = bank.questions if questions is None else questions
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = columns(questions)
    width = sum(c.startswith("option_") for c in header)
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row(q, width)] for q in questions)
    return (BOM + out.getvalue()).encode("utf-8")
