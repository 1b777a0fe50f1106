"""The test as a PDF, typeset by typst from sheet.typ with the sheet passed in as JSON (so nothing needs escaping)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import QuizgenError
from .sheet import INSTRUCTIONS, Sheet, citation

TEMPLATE = Path(__file__).with_name("sheet.typ")


def sheet_json(sheet: Sheet, paper: str = "a4") -> str:
    """What sheet.typ reads from `sys.inputs.data`."""
    data: dict[str, Any] = {
        "title": sheet.title,
        "instructions": INSTRUCTIONS,
        "size": sheet.size,
        "seed": sheet.seed,
        "key": sheet.key,
        "explanations": sheet.explanations,
        "paper": paper,
        "versions": [
            {
                "label": version.label,
                "questions": [
                    {
                        "stem": q.stem,
                        "options": list(q.options),
                        "answer": q.answer,
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
    import typst

    try:
        # System fonts are ignored so that the same sheet gives the same PDF on every machine.
        return typst.compile(
            str(TEMPLATE),
            sys_inputs={"data": sheet_json(sheet, paper)},
            font_paths=font_paths(),
            ignore_system_fonts=True,
        )
    except typst.TypstError as exc:
        raise QuizgenError(f"typesetting the PDF failed: {str(exc).splitlines()[0]}") from None
