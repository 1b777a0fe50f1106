"""An Excel workbook (.xlsx, written with openpyxl): the CSV's columns and rows, for opening in a spreadsheet.

Every cell is a text cell in the Text number format, so a spreadsheet shows exactly the text: "April 2025" stays
text rather than becoming a date, "19%" rather than a number, and a cell starting with `=` is not a formula. The
header row is bold and frozen, columns are sized to their text (long ones wrap). The same questions give a
byte-identical file: the zip entries and the document's dates are fixed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ...errors import QuizgenError
from ...model.models import Bank, Question
from .csv_export import columns, row
from .lms import check_xml, quiz_title

MAX_CELL = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit; openpyxl would cut the text silently)."""
MIN_WIDTH, MAX_WIDTH = 6, 60
"""Column widths, in characters: at least a short id's, at most what fits a screen; longer text wraps."""
FIXED_TIME = datetime(1980, 1, 1)
"""The document's created/modified dates and every zip entry's time, so a rebuild is byte-identical."""


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry FIXED_TIME, whatever openpyxl passes."""

    def writestr(self, name: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if isinstance(name, str):
            name = zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6])
            name.compress_type = zipfile.ZIP_DEFLATED
            name.external_attr = 0o644 << 16
        super().writestr(name, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        with open(filename, "rb") as stream:  # the worksheet, which openpyxl writes to a temporary file first
            self.writestr(arcname or str(filename), stream.read())


def _width(texts: list[str]) -> int:
    longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
    return max(MIN_WIDTH, min(longest + 2, MAX_WIDTH))


def to_xlsx(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a one-sheet workbook with a header row; `title` becomes the document's title."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    questions = bank.questions if questions is None else questions
    header = columns(questions)
    width = sum(c.startswith("option_") for c in header)
    rows = []
    for q in questions:
        check_xml(q)  # an .xlsx is XML: the same characters are impossible
        cells = row(q, width)
        for column, text in zip(header, cells, strict=True):
            if len(text) > MAX_CELL:
                raise QuizgenError(f"question {q.id}: {column} has {len(text)} characters; a cell holds {MAX_CELL}")
        rows.append(cells)

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet: a new one is typed as a worksheet
    sheet = workbook.create_sheet("Questions")
    sheet.append(list(header))
    for cells in rows:
        sheet.append(cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.data_type = "s"  # openpyxl reads a leading `=` as a formula and `#N/A` as an error: text it is
            cell.number_format = "@"  # Text, so editing a cell keeps it text too
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _width([column, *(r[index - 1] for r in rows)])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = quiz_title(bank, title)
    workbook.properties.creator = "quizgen"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME

    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()
