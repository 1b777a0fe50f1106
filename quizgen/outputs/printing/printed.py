"""A printed test as `quizgen print` makes it: the test in one format, the manifest grading reads back, and the same
questions in export formats beside it, all rendered before anything is written.

>>> printed = make_test(bank, Filters(), 20, versions=2, fmt="pdf", also=("qti",))
>>> for path, what in write_test(printed, "build/"): print(f"wrote {path}: {what}")
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...bank.select import Filters
from ...errors import ArgumentError
from ...model.models import Bank
from ...util.atomic import folder_of, into_folder, write_bytes
from .sheet import Sheet, build_sheet

BINARY = ("pdf", "docx")
"""Formats that cannot go to standard output."""


@dataclass(frozen=True)
class Printed:
    """A rendered test, ready to write."""

    sheet: Sheet
    fmt: str
    data: bytes
    manifest: dict | None = None
    """What `quizgen grade --test` reads, when the PDF has answer sheets."""
    also: dict[str, bytes] = field(default_factory=dict)
    """Export format -> version A's questions in it."""

    @property
    def holds(self) -> str:
        """What the test holds: `20 questions, versions A, B, answer sheets, answer keys`."""
        sheet = self.sheet
        labels = [v.label for v in sheet.versions]
        return (
            f"{sheet.size} question{'s' * (sheet.size != 1)}"
            + (f" ({sheet.shortfall})" if sheet.shortfall else "")
            + f", version{'s' * (len(labels) > 1)} {', '.join(labels)}"
            + (", answer sheets" if self.manifest else "")
            + (
                ", answer keys" + (" with explanations" if sheet.explanations else "")
                if sheet.key
                else ", no answer key"
            )
        )


def make_test(
    bank: Bank,
    filters: Filters,
    n: int,
    *,
    versions: int = 2,
    seed: int = 0,
    title: str | None = None,
    fmt: str = "pdf",
    key: bool = True,
    explanations: bool = False,
    answer_sheet: bool = True,
    id_digits: int = 6,
    paper: str = "a4",
    also: Sequence[str] = (),
    output: str | None = None,
) -> Printed:
    """Choose and lay out the test, render it and every `also` format; `output` "-" is standard output."""
    from .. import exporters
    from . import render

    sheet = build_sheet(bank, filters, n, versions=versions, seed=seed, title=title, key=key, explanations=explanations)
    if output == "-" and fmt in BINARY:
        raise ArgumentError("output", "{output}: {fmt:{value}} is binary; give a file name", value=fmt)
    if output == "-" and also:
        raise ArgumentError("also", "{also} writes files next to the test; give {output} a file name", value=also)
    if output not in (None, "-") and folder_of(output) is None:  # a device or FIFO: nothing can go next to it
        _nothing_beside(output, also, fmt == "pdf" and answer_sheet)
    manifest = None
    if fmt == "pdf":
        from . import pdf

        if answer_sheet:
            data, manifest = pdf.to_pdf_with_sheets(sheet, paper, id_digits)
        else:
            data = pdf.to_pdf(sheet, paper)
    else:
        data = render(sheet, fmt)
    extra = {f: exporters.render(f, bank, sheet.versions[0].questions, title=sheet.title) for f in dict.fromkeys(also)}
    return Printed(sheet, fmt, data, manifest, extra)


def _nothing_beside(output: str, also: Sequence[str], manifest: bool) -> None:
    """Refuse what would be written next to `output`, a device or FIFO (-o /dev/stdout): beside it is no place."""
    if also:
        template = (
            "{also} writes files next to the test; {output} {path} is not a regular file, so give a file or folder"
        )
        raise ArgumentError("also", template, value=also, path=output)
    if manifest:
        raise ArgumentError(
            "output",
            "{output}: {value} is not a regular file, and the answer sheets' manifest goes next to the test; "
            "give a file or folder, or {answer_sheet:False}",
            value=output,
        )


def write_test(printed: Printed, output: str | None = None) -> list[tuple[Path, str]]:
    """Write the test to `output` (a file, or a folder: build/ by default), the exports and the manifest beside it;
    each path written, with what it holds."""
    from .. import exporters
    from .answersheet import MANIFEST_SUFFIX

    sheet = printed.sheet
    path = Path(into_folder(output or "build/", f"{sheet.deck}-test.{printed.fmt}"))
    write_bytes(path, printed.data)
    written = [(path, printed.holds)]
    for fmt, data in printed.also.items():
        beside = path.with_name(path.with_suffix("").name + exporters.EXPORTERS[fmt][2])
        write_bytes(beside, data)
        written.append((beside, f"version A's {sheet.size} question{'s' * (sheet.size != 1)}"))
    if printed.manifest:
        target = path.with_name(path.stem + MANIFEST_SUFFIX)
        write_bytes(target, (json.dumps(printed.manifest, indent=1, ensure_ascii=False) + "\n").encode())
        written.append((target, "the manifest `quizgen grade --test` reads"))
    return written
