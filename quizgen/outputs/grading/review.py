"""What the graded pages come to: a rescan counted once, two sheets claiming one student flagged, a sheet's missing
page noticed, the gradebook.

A rescan is a page whose version, sheet page, student number and marks are an earlier page's. Two pages that claim
one student number otherwise (other marks, or another version) are a conflict: both are kept and flagged, and the
student gets no score until the teacher decides. Pages 1..N of one version's sheet add up; while one of them is
not scanned, the student gets no score either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from .decisions import apply, page_name
from .grade import Flag, SheetResult, mark_duplicates
from .manifest import Manifest

NUMBERS = {2: "two", 3: "three", 4: "four"}


def counted(sheet: SheetResult) -> bool:
    """A page that claims a student: graded against a version, not a rescan, its number read."""
    return (
        sheet.duplicate_of is None
        and not sheet.ignored
        and sheet.score is not None
        and bool(sheet.student_number)
        and "?" not in (sheet.student_number or "?")
    )


def review(manifest: Manifest, pages: list[SheetResult], decisions: dict[str, dict] | None = None) -> list[SheetResult]:
    """Every page in the order first graded: rescans marked (on what was read), the teacher's `decisions` applied
    (by page key), then pages whose student number other pages claim too, and the pages of a sheet that lacks one,
    flagged."""
    decisions = decisions or {}
    sheets = [s if s.duplicate_of else apply(manifest, s, decisions.get(s.key)) for s in mark_duplicates(pages)]
    claims: dict[str, list[int]] = defaultdict(list)
    for index, sheet in enumerate(sheets):
        if counted(sheet):
            claims[str(sheet.student_number)].append(index)
    for number, indexes in claims.items():
        claimed = [sheets[i] for i in indexes]
        if not _one_sheet(claimed):
            reason = _conflict(number, claimed)
        elif not any("accept" in p.decided for p in claimed) and (missing := _missing(manifest, claimed)):
            reason = f"student {number}: {missing} of the answer sheet not scanned"
        else:
            continue
        for i in indexes:
            sheets[i] = replace(sheets[i], flags=(*sheets[i].flags, Flag(None, reason)))
    return sheets


def _missing(manifest: Manifest, pages: list[SheetResult]) -> str:
    """`page 2 of 2` (or `pages 2 and 3 of 3`) when a multi-page sheet lacks pages; '' when it is whole."""
    version = pages[0].version
    expected = sorted(page for v, page in manifest.layouts if v == version)
    missing = [str(page) for page in expected if page not in {p.sheet_page for p in pages}]
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return f"page{'s' * (len(missing) > 1)} {listed} of {len(expected)}"


def _one_sheet(pages: list[SheetResult]) -> bool:
    """Pages of one version, each page of its answer sheet at most once."""
    return len({p.version for p in pages}) == 1 and len({p.sheet_page for p in pages}) == len(pages)


def _conflict(number: str, pages: list[SheetResult]) -> str:
    count = NUMBERS.get(len(pages), str(len(pages)))
    listed = [f"{page_name(p)} ({_which(p)}, {p.score}/{p.out_of})" for p in pages]
    both = "neither" if len(pages) == 2 else "none"
    return (
        f"student {number}: {count} different sheets, {', '.join(listed[:-1])} and {listed[-1]}; "
        f"{both} counted until decided"
    )


def _which(page: SheetResult) -> str:
    return f"version {page.version}" + (f" page {page.sheet_page}" if page.sheet_page and page.sheet_page > 1 else "")


@dataclass(frozen=True)
class Student:
    """One gradebook row: the score of the student's pages, or None and why while something is undecided."""

    number: str
    score: int | None
    why: str = ""


def students(sheets: list[SheetResult]) -> list[Student]:
    """One per student number read, in number order; a student with an undecided flag on any page gets no score."""
    pages: dict[str, list[SheetResult]] = defaultdict(list)
    for sheet in sheets:
        if counted(sheet):
            pages[str(sheet.student_number)].append(sheet)
    out = []
    for number in sorted(pages):
        reasons = list(dict.fromkeys(_why(p, f) for p in pages[number] for f in p.flags))
        if reasons:
            out.append(Student(number, None, "; ".join(reasons)))
        else:
            out.append(Student(number, sum(p.score or 0 for p in pages[number])))
    return out


def _why(page: SheetResult, flag: Flag) -> str:
    if flag.question is not None:
        return f"{page_name(page)} q{flag.question}: {flag.reason}"
    return flag.reason.split(": ", 1)[1] if flag.reason.startswith("student ") else f"{page_name(page)}: {flag.reason}"


def status(sheet: SheetResult) -> str:
    """`counted`, `undecided` (a flag is waiting for the teacher), `duplicate` (a rescan) or `ignored`."""
    if sheet.duplicate_of:
        return "duplicate"
    if sheet.ignored:
        return "ignored"
    return "undecided" if sheet.flags else "counted"


def advice(manifest: Manifest, sheet: SheetResult, flag: Flag) -> str:
    """The flag as one terminal line that says how to decide it."""
    name = page_name(sheet)
    if flag.question is not None and sheet.version is not None:
        letters = _either(list(manifest.question(sheet.version, flag.question).letters) + ["blank"])
        return (
            f'{name} q{flag.question}: {flag.reason}; decide with --decide "{name} q{flag.question}=X" (X: {letters})'
        )
    if flag.reason.startswith("student ") and flag.reason.endswith("not scanned"):
        return f'{flag.reason}; scan it, or --decide "{name} accept" to count the pages there are'
    if flag.reason.startswith("student "):
        return f'{flag.reason}: --decide "{name} student=NUMBER" (its right number) or --decide "{name} ignore"'
    if "student number" in flag.reason:
        return f'{name}: {flag.reason}; decide with --decide "{name} student=NUMBER"'
    if flag.reason == "unreadable code":
        versions = _either(sorted({v for v, _ in manifest.layouts}))
        return f'{name}: unreadable code; decide with --decide "{name} version=X" (X: {versions})'
    return f'{name}: {flag.reason}; not counted: rescan it, or --decide "{name} ignore"'


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def advice_lines(manifest: Manifest, sheets: list[SheetResult]) -> list[str]:
    """Every undecided flag once, in the order of the pages; a flag on several pages (two sheets claim a student)
    is said of the last of them, the one most likely to be decided."""
    lines: dict[tuple, str] = {}
    for sheet in sheets:
        if sheet.duplicate_of or sheet.ignored:
            continue
        for flag in sheet.flags:
            shared = flag.question is None and flag.reason.startswith("student ")
            lines[(flag.reason,) if shared else (sheet.key, flag.question, flag.reason)] = advice(manifest, sheet, flag)
    return list(lines.values())
