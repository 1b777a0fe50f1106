"""Printable tests: a sheet model (sheet.py) and one renderer per format, each `Sheet -> bytes`.

>>> from quizgen.printing import build_sheet, render
>>> data = render(build_sheet(bank, n=20, versions=2, seed=7), "pdf")
"""

from __future__ import annotations

import importlib

from ..errors import QuizgenError
from .sheet import Sheet, Version, build_sheet

# format -> (module, function); modules are imported on use so that typst and python-docx load only when needed.
RENDERERS: dict[str, tuple[str, str]] = {
    "pdf": ("quizgen.printing.pdf", "to_pdf"),
    "docx": ("quizgen.printing.docx", "to_docx"),
    "md": ("quizgen.printing.markdown", "to_markdown"),
    "html": ("quizgen.printing.html", "to_html"),
}


def render(sheet: Sheet, fmt: str) -> bytes:
    """The sheet in one of RENDERERS' formats."""
    if fmt not in RENDERERS:
        raise QuizgenError(f"--format: unknown format '{fmt}'; choose from {', '.join(RENDERERS)}")
    module, func = RENDERERS[fmt]
    return getattr(importlib.import_module(module), func)(sheet)


__all__ = ["RENDERERS", "Sheet", "Version", "build_sheet", "render"]
