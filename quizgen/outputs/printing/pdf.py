"""The test as a PDF, typeset by typst from sheet.typ with the sheet passed in as JSON (so nothing needs escaping)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...errors import QuizgenError
from .answersheet import MARGIN, PAPERS, TYPST_PAPER, SheetPage, layout, manifest, typst_data
from .sheet import INSTRUCTIONS, OPTION_LETTERS, SHEET_INSTRUCTIONS, Sheet, citation, option_columns

TEMPLATE = Path(__file__).with_name("sheet.typ")


def sheet_json(sheet: Sheet, paper: str = "a4", answer_sheets: Sequence[SheetPage] = ()) -> str:
    """What sheet.typ reads from `sys.inputs.data`."""
    data: dict[str, Any] = {
        "title": sheet.title,
        "instructions": SHEET_INSTRUCTIONS if answer_sheets else INSTRUCTIONS,
        "letters": OPTION_LETTERS,
        "size": sheet.size,
        "seed": sheet.seed,
        "key": sheet.key,
        "explanations": sheet.explanations,
        "paper": TYPST_PAPER[paper],
        "sheet-size": list(PAPERS[paper]),
        "sheet-margin": MARGIN,
        "sheets": typst_data(list(answer_sheets)),
        "explained": explained(sheet) if sheet.explanations else [],
        "versions": [
            {
                "label": version.label,
                "questions": [
                    {
                        "stem": q.stem,
                        "options": list(q.options),
                        "answer": q.answer,
                        "columns": option_columns(q),
                        "explanation": q.explanation,
                        "citation": citation(q),
                    }
                    for q in version.questions
                ],
            }
            for version in sheet.versions
        ],
    }
    return json.dumps(_untab(data), ensure_ascii=False)


def explained(sheet: Sheet) -> list[dict[str, Any]]:
    """Each question once, in version A's order, with its number in every version, for the explanations section."""
    numbers = {v.label: {q.id: n for n, q in enumerate(v.questions, 1)} for v in sheet.versions}
    return [
        {
            "numbers": [[label, numbers[label][q.id]] for label in numbers],
            "correct": q.correct,
            "explanation": q.explanation,
            "citation": citation(q),
        }
        for q in sheet.versions[0].questions
    ]


def _untab(value: Any) -> Any:
    """typst sets a tab as nothing ("0<tab>0" prints as "00"): a space keeps the words apart, as the author meant."""
    if isinstance(value, str):
        return value.replace("\t", " ")
    if isinstance(value, dict):
        return {k: _untab(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untab(v) for v in value]
    return value


def font_paths() -> list[str]:
    """Fonts beyond typst's built-in ones: Noto Sans Arabic (OFL, from PyPI) for Urdu and Arabic names."""
    import fontpkg_noto_sans_arabic

    return [str(fontpkg_noto_sans_arabic.ROOT / "files")]


def to_pdf(sheet: Sheet, paper: str = "a4") -> bytes:
    """The PDF: version A, B, ... each with its own page numbers, then the answer keys."""
    return _compile(sheet_json(sheet, paper))[0]


def to_pdf_with_sheets(sheet: Sheet, paper: str = "a4", id_digits: int = 6) -> tuple[bytes, dict]:
    """The PDF with an answer sheet after each version's questions, and the manifest that grading reads."""
    pages = layout(sheet, paper, id_digits)
    data, printed = _compile(sheet_json(sheet, paper, pages), query="<answer-sheet>")
    where = {item["value"]["key"]: item["value"]["page"] for item in printed}
    pdf_pages = [where[f"{p.version}:{p.page}"] for p in pages]
    return data, manifest(sheet, pages, pdf_pages, paper)


def _compile(data_json: str, query: str | None = None) -> tuple[bytes, list[dict]]:
    """The PDF, and for `query` each matching metadata's value with its 1-based page."""
    import typst

    try:
        # System fonts are ignored so that the same sheet gives the same PDF on every machine.
        compiler = typst.Compiler(
            str(TEMPLATE), sys_inputs={"data": data_json}, font_paths=font_paths(), ignore_system_fonts=True
        )
        # typst's stub has no overloads: with neither output nor format, compile returns the PDF's bytes.
        pdf: bytes = compiler.compile()  # type: ignore[assignment]
        found = json.loads(compiler.query(query)) if query else []
    except typst.TypstError as exc:
        raise QuizgenError(f"typesetting the PDF failed: {str(exc).splitlines()[0]}") from None
    return pdf, found
