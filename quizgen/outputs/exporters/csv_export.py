"""CSV for spreadsheets and quiz platforms: one row per question, options A–D and the answer as a letter.

UTF-8 with a byte-order mark: Excel, the spreadsheet most teachers open a .csv in, reads a file without one in
the local ANSI code page and garbles curly quotes, dashes and the Urdu name; with it, Excel, LibreOffice and
Google Sheets all read UTF-8, and Python reads it with `encoding="utf-8-sig"`. Fields are quoted only when
needed (commas, quotes, newlines), quotes doubled, rows end in CRLF (RFC 4180). Text is written as-is; no
formula escaping, so a platform importing the file gets the exact option text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ...model.models import Bank, Question
from .lms import LETTERS, check_four

BOM = "\ufeff"
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
)


def row(q: Question) -> list[str]:
    """The CSV row of a question, in COLUMNS order; tags separated by spaces."""
    check_four(q)
    return [
        q.id,
        q.kind,
        q.stem,
        *q.options,
        LETTERS[q.answer],
        q.explanation,
        q.source.citation,
        q.source.seed,
        q.source.passage,
        q.source.quote,
        " ".join(q.tags),
    ]


def to_csv(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a CSV table with a header row; a table has no place for the quiz's `title`."""
    questions = bank.questions if questions is None else questions
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(q) for q in questions)
    return (BOM + out.getvalue()).encode("utf-8")
