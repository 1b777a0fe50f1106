"""Outputs that render a question bank to a file format. Each module renders to bytes; the CLI writes atomically.

>>> from quizgen.outputs.exporters import render
>>> data = render("moodle-xml", bank, questions, title="Unit 4 quiz")
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...errors import ArgumentError

if TYPE_CHECKING:  # the CLI reads EXPORTERS for its help: no models to import for that
    from ...model.models import Bank, Question

# format -> (module, function, default file suffix, binary). Each function takes (bank, questions, *, title) -> bytes;
# modules are imported on use so that openpyxl loads only for xlsx.
EXPORTERS: dict[str, tuple[str, str, str, bool]] = {
    "json": ("quizgen.outputs.exporters.json_export", "to_json", ".json", False),
    # LMS exports (issue 6): Moodle's GIFT and XML imports, Canvas's QTI zip, spreadsheets.
    "gift": ("quizgen.outputs.exporters.gift", "to_gift", ".gift.txt", False),
    "moodle-xml": ("quizgen.outputs.exporters.moodle_xml", "to_moodle_xml", ".moodle.xml", False),
    "qti": ("quizgen.outputs.exporters.qti", "to_qti", ".qti.zip", True),
    "csv": ("quizgen.outputs.exporters.csv_export", "to_csv", ".csv", False),
    "xlsx": ("quizgen.outputs.exporters.xlsx", "to_xlsx", ".xlsx", True),
}


def render(fmt: str, bank: Bank, questions: Sequence[Question], *, title: str | None = None) -> bytes:
    """The questions in one of EXPORTERS' formats; `title` names the quiz where the format has a place for it."""
    if fmt not in EXPORTERS:
        raise ArgumentError.unknown("fmt", "format", fmt, tuple(EXPORTERS))
    if title is not None and not title.strip():
        raise ArgumentError("title", "{title} must not be empty", value=title)
    module, func, _, _ = EXPORTERS[fmt]
    return getattr(importlib.import_module(module), func)(bank, questions, title=title)
