"""Graded sheets kept between runs, and written out as JSON, CSV and an LMS gradebook.

The store (`<test stem>.graded.json` beside the manifest unless told otherwise) holds every page graded so far,
keyed by the scan file's sha256 and the page, so a re-run with more scans grades only the new pages.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ...errors import ArgumentError
from ...util.atomic import write_bytes
from .grade import SheetResult
from .manifest import Manifest
from .review import counted, status, students

STORE_SUFFIX = ".graded.json"
GRADEBOOK_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
"""Canvas's gradebook columns; Moodle maps "SIS User ID" to a user's ID number at import."""
REVIEW_COLUMN = "Needs review"
"""Why a student's score is empty: written only when some score is (Canvas asks what to do with a column it does
not know, and the teacher then ignores it)."""


def _stem(manifest_path: str | Path) -> str:
    """`exam` for `build/exam.quizgen.json`."""
    return Path(manifest_path).name.removesuffix(".json").removesuffix(".quizgen")


def default_store(manifest_path: str | Path) -> Path:
    return Path(manifest_path).with_name(_stem(manifest_path) + STORE_SUFFIX)


def default_output(manifest_path: str | Path, fmt: str) -> str:
    """The file name `quizgen grade -o FOLDER` writes in the folder: `exam-marks.json` for `exam.quizgen.json`."""
    return f"{_stem(manifest_path)}-marks.{fmt}"


def load_store(path: Path, test: str) -> dict[str, SheetResult]:
    """Pages graded before for this test, by key; a store of another test (the test was reprinted) is ignored."""
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("test") != test:
            return {}
        return {key: SheetResult.from_json(value) for key, value in raw["pages"].items()}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ArgumentError(
            "results",
            "{results}: {value} cannot be read ({why}); delete it to grade every scan again",
            value=path,
            why=exc,
        ) from None


def load_decisions(path: Path, test: str) -> dict[str, dict]:
    """The teacher's decisions kept in the store, by page key (see `decisions`); none for another test's store."""
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))  # load_store read it first, and would have said what is wrong
    return dict(raw.get("decisions", {})) if raw.get("test") == test else {}


def save_store(path: Path, test: str, pages: dict[str, SheetResult], decided: dict[str, dict] | None = None) -> None:
    data = {"test": test, "pages": {key: result.to_json() for key, result in pages.items()}, "decisions": decided or {}}
    write_bytes(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())


def sheet_json(result: SheetResult) -> dict:
    """One sheet as `quizgen grade --format json` writes it."""
    out = {
        "file": result.file,
        "page": result.page,
        "version": result.version,
        "student_number": result.student_number,
        "answers": {str(k): v for k, v in result.answers.items()},
        "score": result.score,
        "out_of": result.out_of,
        "flags": [{"question": f.question, "reason": f.reason, "image": f.image} for f in result.flags],
        "status": status(result),
    }
    if result.decided:
        out["decided"] = list(result.decided)
    if result.sheet_page is not None and result.sheet_page > 1:
        out["sheet_page"] = result.sheet_page
    if result.duplicate_of:
        out["duplicate_of"] = result.duplicate_of
    return out


def to_json(manifest: Manifest, results: list[SheetResult]) -> bytes:
    # The versions' questions ride along, so `quizgen analyze` and `lint --responses` need nothing else.
    data = {
        "test": manifest.test,
        "title": manifest.title,
        "sheets": [sheet_json(r) for r in results],
        "versions": manifest.raw["versions"],
    }
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def to_csv(manifest: Manifest, results: list[SheetResult]) -> bytes:
    """One row per sheet: who, score, status, flags, decisions, then the letter read (or decided) for every question
    (empty: blank or flagged)."""
    questions = max((len(v) for v in manifest.versions.values()), default=0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "page", "version", "student_number", "score", "out_of", "status", "flags", "decided",
                     "duplicate_of"] + [f"q{n}" for n in range(1, questions + 1)])  # fmt: skip
    for r in results:
        flags = "; ".join(f"{f.question}: {f.reason}" if f.question is not None else f.reason for f in r.flags)
        letters = [r.answers.get(n) or "" for n in range(1, questions + 1)]
        writer.writerow([r.file, r.page, r.version or "", r.student_number or "", _blank(r.score), _blank(r.out_of),
                         status(r), flags, " ".join(r.decided), r.duplicate_of or ""] + letters)  # fmt: skip
    return buffer.getvalue().encode()


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def gradebook(manifest: Manifest, results: list[SheetResult]) -> tuple[bytes, list[SheetResult]]:
    """A CSV Canvas and Moodle import, one row per student number (a sheet's pages summed; empty, with the reason
    in a last column, while a flag on any of the student's pages is undecided), and the sheets left out of it: no
    student number could be read, or the sheet itself could not be (no marks, no code)."""
    left_out = [r for r in results if r.duplicate_of is None and not r.ignored and not counted(r)]
    rows = students(results)
    review = any(s.score is None for s in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*GRADEBOOK_COLUMNS, manifest.title or manifest.test] + [REVIEW_COLUMN] * review)
    for student in rows:
        writer.writerow(["", "", student.number, "", "", _blank(student.score)] + [student.why] * review)
    return buffer.getvalue().encode(), left_out
