"""Printable tests: a sheet model (sheet.py) and one renderer per format, each `Sheet -> bytes`.

>>> from quizgen.outputs.printing import build_sheet, render
>>> data = render(build_sheet(bank, n=20, versions=2, seed=7), "pdf")
"""

from __future__ import annotations

import importlib

from ...errors import ArgumentError
from .sheet import Sheet, Version, build_sheet

# format -> (module, function); modules are imported on use so that typst and python-docx load only when needed.
RENDERERS: dict[str, tuple[str, str]] = {
    "pdf": ("quizgen.outputs.printing.pdf", "to_pdf"),
    "docx": ("quizgen.outputs.printing.docx", "to_docx"),
    "md": ("quizgen.outputs.printing.markdown", "to_markdown"),
    "html": ("quizgen.outputs.printing.html", "to_html"),
}


def render(sheet: Sheet, fmt: str) -> bytes:
    """The sheet in one of RENDERERS' formats."""
    if fmt not in RENDERERS:
        raise ArgumentError.unknown("fmt", "format", fmt, tuple(RENDERERS))
    module, func = RENDERERS[fmt]
    return getattr(importlib.import_module(module), func)(sheet)


__all__ = ["RENDERERS", "Sheet", "Version", "build_sheet", "render"]
