"""Machine-readable answer sheets: the layout computed here, in PDF points from the page's top-left corner.

sheet.typ places every bubble, mark and code exactly where this module says, so the manifest that grading reads
(`manifest()`) and the printed page agree by construction.

>>> pages = layout(sheet, paper="letter")
>>> pages[0].answers[0].bubbles[0]          # question 1, bubble A on version A's first sheet page
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass

from .sheet import OPTION_LETTERS, Sheet, Version, citation

PAPERS: dict[str, tuple[float, float]] = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
"""Page width and height in points; typst's names for them are TYPST_PAPER's."""
TYPST_PAPER = {"a4": "a4", "letter": "us-letter"}
MANIFEST_SUFFIX = ".quizgen.json"

MARK_INSET = 36.0
"""Registration marks' centres lie this far in from both edges."""
MARK_SIDE = 14.0
BIG_MARK_SIDE = 22.0
"""The top-left mark is larger than the other three, so a sheet scanned upside down or sideways is turned back."""
RADIUS = 6.0
"""Bubble radius: 12 pt is about 4 mm, what OMR sheets commonly use."""
COLUMN_PITCH = 18.0
ROW_PITCH = 18.0
DIGIT_PITCH = 16.0
NUMBER_WIDTH = 24.0
"""Room for the question number left of a row's first bubble."""
BLOCK_GAP = 18.0
MARGIN = 62.0
QR_SIZE = 74.0
VERSION_SIDE = 46.0
"""The version letter's box left of the QR code, large enough to sort a pile of sheets by."""
VERSION_GAP = 14.0
ANSWERS_TOP = 380.0
"""Where the first answer row sits. Every page of a sheet has its own student number, so each page a scanner
feeds in alone still says whose it is."""
BOTTOM = 66.0
"""Room kept free above the bottom edge (footer and bottom marks)."""


@dataclass(frozen=True)
class Bubble:
    """One circle to fill: `label` is a letter (answers) or a digit (student number)."""

    label: str
    x: float
    y: float
    r: float = RADIUS


@dataclass(frozen=True)
class Row:
    """The bubbles of one question, left to right."""

    number: int
    bubbles: tuple[Bubble, ...]


@dataclass(frozen=True)
class Mark:
    """A solid square registration mark: `corner` is tl, tr, br or bl."""

    corner: str
    x: float
    y: float
    side: float


@dataclass(frozen=True)
class SheetPage:
    """One page of one version's answer sheet."""

    version: str
    page: int
    """1-based page within this version's answer sheet."""
    pages: int
    size: tuple[float, float]
    marks: tuple[Mark, ...]
    qr: tuple[float, float, float]
    """x, y of the code's top-left corner and its side."""
    code: str
    """What the QR code says: `quizgen:<test>:<version>:<page>`."""
    student_number: tuple[tuple[Bubble, ...], ...]
    """Per digit position, the bubbles 0-9 top to bottom."""
    answers: tuple[Row, ...]


def test_id(sheet: Sheet) -> str:
    """A short id for this printed test: the same questions, orders and keys give the same id."""
    payload = [[v.label, [[q.id, list(q.options), q.answer] for q in v.questions]] for v in sheet.versions]
    digest = hashlib.sha256(json.dumps([sheet.deck, sheet.seed, payload]).encode()).hexdigest()
    return digest[:12]


def code_text(test: str, version: str, page: int) -> str:
    return f"quizgen:{test}:{version}:{page}"


def parse_code(text: str) -> tuple[str, str, int] | None:
    """(test, version, page) from a QR code's text, or None if it is no quizgen sheet code."""
    parts = text.split(":")
    if len(parts) != 4 or parts[0] != "quizgen" or not parts[3].isdigit():
        return None
    return parts[1], parts[2], int(parts[3])


def marks(size: tuple[float, float]) -> tuple[Mark, ...]:
    width, height = size
    inset = MARK_INSET
    return (
        Mark("tl", inset, inset, BIG_MARK_SIDE),
        Mark("tr", width - inset, inset, MARK_SIDE),
        Mark("br", width - inset, height - inset, MARK_SIDE),
        Mark("bl", inset, height - inset, MARK_SIDE),
    )


def layout(sheet: Sheet, paper: str = "a4", id_digits: int = 6) -> list[SheetPage]:
    """Every answer-sheet page of every version, in print order."""
    size = PAPERS[paper]
    test = test_id(sheet)
    out: list[SheetPage] = []
    for version in sheet.versions:
        widths = [len(q.options) for q in version.questions]
        rows_by_page = _paginate(widths, size)
        for index, rows in enumerate(rows_by_page, 1):
            out.append(
                SheetPage(
                    version=version.label,
                    page=index,
                    pages=len(rows_by_page),
                    size=size,
                    marks=marks(size),
                    qr=(size[0] - MARGIN - QR_SIZE, 52.0, QR_SIZE),
                    code=code_text(test, version.label, index),
                    student_number=_number_grid(id_digits),
                    answers=rows,
                )
            )
    return out


def _number_grid(digits: int) -> tuple[tuple[Bubble, ...], ...]:
    top = 206.0  # below the label and the write-in boxes
    return tuple(
        tuple(Bubble(str(d), MARGIN + 4 + RADIUS + i * COLUMN_PITCH, top + d * DIGIT_PITCH) for d in range(10))
        for i in range(digits)
    )


def _paginate(widths: list[int], size: tuple[float, float]) -> list[tuple[Row, ...]]:
    """Rows in column blocks, left to right, then onto further pages when a page is full; a page's rows are shared
    evenly among the fewest columns that hold them (40 rows in three columns of 19 go 14, 13, 13, not 19, 19, 2)."""
    width, height = size
    block = NUMBER_WIDTH + max(widths, default=4) * COLUMN_PITCH + BLOCK_GAP
    columns = max(1, int((width - 2 * MARGIN + BLOCK_GAP) // block))
    per_column = int((height - BOTTOM - ANSWERS_TOP) // ROW_PITCH)
    pages: list[tuple[Row, ...]] = []
    number = 0
    while number < len(widths) or not pages:
        on_page = min(len(widths) - number, columns * per_column)
        used = max(1, -(-on_page // per_column))
        rows = []
        for column in range(used):
            x0 = MARGIN + column * block + NUMBER_WIDTH + RADIUS
            for slot in range(on_page // used + (column < on_page % used)):
                y = ANSWERS_TOP + slot * ROW_PITCH
                letters = OPTION_LETTERS[: widths[number]]
                number += 1
                rows.append(Row(number, tuple(Bubble(c, x0 + k * COLUMN_PITCH, y) for k, c in enumerate(letters))))
        pages.append(tuple(rows))
    return pages


def qr_svg(code: str) -> str:
    """The code as an SVG of its modules without a quiet zone (the sheet leaves white around it)."""
    import segno

    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(
        buffer, kind="svg", border=0, xmldecl=False, svgclass=None, lineclass=None
    )
    return buffer.getvalue().decode("ascii")


def typst_data(pages: list[SheetPage]) -> list[dict]:
    """What sheet.typ draws, per version label."""
    return [
        {
            "version": p.version,
            "page": p.page,
            "pages": p.pages,
            "marks": [{"x": m.x, "y": m.y, "side": m.side} for m in p.marks],
            "qr": {"x": p.qr[0], "y": p.qr[1], "size": p.qr[2], "svg": qr_svg(p.code)},
            "label": {"x": p.qr[0] - VERSION_GAP - VERSION_SIDE, "y": p.qr[1], "size": VERSION_SIDE},
            "number": [[_bubble(b) for b in column] for column in p.student_number],
            "rows": [{"number": r.number, "bubbles": [_bubble(b) for b in r.bubbles]} for r in p.answers],
        }
        for p in pages
    ]


def _bubble(b: Bubble) -> dict:
    return {"label": b.label, "x": b.x, "y": b.y, "r": b.r}


def manifest(sheet: Sheet, pages: list[SheetPage], pdf_pages: list[int], paper: str) -> dict:
    """The manifest grading reads: versions with their keys, and where every bubble of every sheet page is.

    `pdf_pages[i]` is the 1-based PDF page on which `pages[i]` was printed.
    """
    return {
        "format": 1,
        "test": test_id(sheet),
        "title": sheet.title,
        "deck": sheet.deck,
        "seed": sheet.seed,
        "paper": paper,
        "versions": [_version_entry(v) for v in sheet.versions],
        "sheets": [_sheet_entry(p, pdf_page) for p, pdf_page in zip(pages, pdf_pages, strict=True)],
    }


def _version_entry(version: Version) -> dict:
    """A version's questions as the manifest lists them: what grading scores against and item analysis names."""
    return {
        "label": version.label,
        "questions": [
            {
                "number": n,
                "id": q.id,
                "key": OPTION_LETTERS[q.answer],
                "letters": q.letters,
                "stem": q.stem,
                "options": list(q.options),
                "source": citation(q),
            }
            for n, q in enumerate(version.questions, 1)
        ],
    }


def _sheet_entry(page: SheetPage, pdf_page: int) -> dict:
    """Where everything on one answer-sheet page is, in points from its top-left corner."""
    return {
        "version": page.version,
        "page": pdf_page,
        "sheet_page": page.page,
        "code": page.code,
        "size": list(page.size),
        "marks": [{"corner": m.corner, "x": m.x, "y": m.y, "side": m.side} for m in page.marks],
        "qr": {"x": page.qr[0], "y": page.qr[1], "size": page.qr[2]},
        "student_number": [
            [{"digit": int(b.label), "x": b.x, "y": b.y, "r": b.r} for b in column] for column in page.student_number
        ],
        "answers": [
            {"number": r.number, "bubbles": [{"letter": b.label, "x": b.x, "y": b.y, "r": b.r} for b in r.bubbles]}
            for r in page.answers
        ],
    }
