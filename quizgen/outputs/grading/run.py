"""One `quizgen grade` run: the pages not graded before, the results store updated, and what to say about it.

>>> run = start("build/exam.quizgen.json", ["scans.pdf"])
>>> graded = run.grade(Path("flags"))
>>> data, lines = graded.to("csv"), graded.summary()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import ArgumentError
from ...util.atomic import write_bytes
from . import default_jobs, grade_scans, pending
from .grade import OTHER_TEST, SheetResult, page_keys, save_flag_images
from .manifest import Manifest, load_manifest
from .results import default_store, gradebook, load_store, save_store, to_csv, to_json
from .review import page_name, review, students


@dataclass(frozen=True)
class Run:
    """A grading run about to start: the test, its results store, and the scans in the order given."""

    manifest: Manifest
    manifest_path: Path
    store_path: Path
    store: dict[str, SheetResult]
    scans: list[str | Path]

    @property
    def todo(self) -> int:
        """How many pages are not graded yet (for a progress bar)."""
        return pending(self.scans, self.store)

    def grade(self, flags_dir: Path, progress: Callable[[int], None] = lambda done: None) -> Graded:
        """Grade the new pages (flag crops go to `flags_dir`) and save the store; nothing is written when no scan
        is of this test (an ArgumentError naming the test they are of)."""
        pages, graded = grade_scans(self.manifest, self.scans, self.store, None, progress, default_jobs())
        self._check_test(pages)
        pages = {key: save_flag_images(result, flags_dir) for key, result in pages.items()}
        save_store(self.store_path, self.manifest.test, pages)
        return Graded(self.manifest, review(self.manifest, list(pages.values())), graded)

    def _check_test(self, pages: dict[str, SheetResult]) -> None:
        """Scans of another test only (the wrong --test, most likely) would just fill the results with strangers."""
        given = [pages[key] for scan in self.scans for key in page_keys(scan)]
        others = sorted({f.reason for p in given for f in p.flags if f.reason.startswith(OTHER_TEST)})
        if any(p.version for p in given) or not others:
            return
        tests = ", ".join(reason.removeprefix(OTHER_TEST).strip(" ()") for reason in others)
        title = f"'{self.manifest.title}'" if self.manifest.title else f"test {self.manifest.test}"
        raise ArgumentError(
            "test",
            "{test}: the scans are of another test ({tests}), not of {title} ({value}); "
            "give {test} the .quizgen.json printed with them",
            value=self.manifest_path,
            tests=tests,
            title=title,
        )


def start(test: str | Path, scans: Sequence[str | Path], results: str | Path | None = None) -> Run:
    """Read the manifest `test` and the pages graded before (`results`, default `<stem>.graded.json` beside it)."""
    manifest = load_manifest(test)
    store_path = Path(results) if results else default_store(test)
    return Run(manifest, Path(test), store_path, load_store(store_path, manifest.test), list(dict.fromkeys(scans)))


@dataclass(frozen=True)
class Graded:
    """Every sheet graded so far for a test, and how many pages were new in this run."""

    manifest: Manifest
    sheets: list[SheetResult]
    graded: int

    def to(self, fmt: str) -> bytes:
        """The results as `json` (every sheet with its answers, score and flags) or `csv`."""
        return to_json(self.manifest, self.sheets) if fmt == "json" else to_csv(self.manifest, self.sheets)

    def summary(self) -> list[str]:
        """How many pages were new, sheets and flagged sheets, then each sheet scanned twice, then each student
        number that different sheets claim."""
        sheets = self.sheets
        flagged = sum(1 for s in sheets if s.flags and not s.duplicate_of)
        duplicates = [s for s in sheets if s.duplicate_of]
        counted = len(sheets) - len(duplicates)
        claims = (f.reason for s in sheets if not s.duplicate_of for f in s.flags if f.reason.startswith("student "))
        return [
            f"graded {self.graded} new page{'s' * (self.graded != 1)} ({len(sheets) - self.graded} from earlier runs); "
            f"{counted} sheet{'s' * (counted != 1)}, {flagged} with flags for you to check",
            *(f"{page_name(s)}: the same sheet as {s.duplicate_of}; counted once" for s in duplicates),
            *dict.fromkeys(claims),
        ]

    def write_gradebook(self, path: Path) -> list[str]:
        """Write the gradebook CSV Canvas and Moodle import; what to say about it and the sheets left out."""
        book, left_out = gradebook(self.manifest, self.sheets)
        write_bytes(path, book)
        rows = students(self.sheets)
        empty = sum(1 for row in rows if row.score is None)
        undecided = f", {empty} without a score until you decide" if empty else ""
        lines = [f"wrote {path}: {len(rows)} student{'s' * (len(rows) != 1)}{undecided}"]
        for sheet in left_out:
            why = next(
                (f.reason for f in sheet.flags if f.question is None and sheet.score is None),
                "no readable student number",
            )
            lines.append(f"{page_name(sheet)}: {why}; left out of the gradebook")
        return lines
