"""One `quizgen grade` run: the pages not graded before, the teacher's decisions, the results store updated, and
what to say about it.

>>> run = start("build/exam.quizgen.json", ["scans.pdf"], decide=["scans.pdf:5 q7=B"])
>>> graded = run.grade(Path("flags"))
>>> data, lines = graded.to("csv"), graded.summary()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import ArgumentError
from ...util.atomic import write_bytes
from . import decisions, default_jobs, grade_scans, pending
from .grade import OTHER_TEST, SheetResult, grade_page, load_page, mark_duplicates, page_keys, save_flag_images
from .manifest import Manifest, load_manifest
from .results import default_store, gradebook, load_decisions, load_store, save_store, to_csv, to_json
from .review import advice_lines, page_name, review, students


@dataclass(frozen=True)
class Run:
    """A grading run about to start: the test, its results store, the scans in the order given, and the decisions
    given now (each already matched to a page)."""

    manifest: Manifest
    manifest_path: Path
    store_path: Path
    store: dict[str, SheetResult]
    scans: list[str | Path]
    keys: dict[str, list[str]]
    """Each scan's page keys (its sha256 and page), by the scan's name as given."""
    decided: dict[str, dict]
    """Decisions kept from earlier runs, by page key."""
    decide: list[decisions.Decision]

    @property
    def todo(self) -> int:
        """How many pages are not graded yet (for a progress bar)."""
        return pending(self.scans, self.store)

    def grade(self, flags_dir: Path, progress: Callable[[int], None] = lambda done: None) -> Graded:
        """Grade the new pages, read again any page given a version, and save the store with the decisions (flag
        crops go to `flags_dir`). Nothing is written when no scan is of this test, or when a decision does not fit
        its page: an ArgumentError says which."""
        pages, graded = grade_scans(self.manifest, self.scans, self.store, None, progress, default_jobs())
        self._check_test(pages)
        for decision in self.decide:
            self._check_decision(pages, decision)
            pages[decision.key] = self._regraded(pages[decision.key], decision.settings)
            decisions.check(self.manifest, decision, pages[decision.key])
        decided = decisions.merged(self.decided, self.decide)
        pages = {key: save_flag_images(result, flags_dir) for key, result in pages.items()}
        save_store(self.store_path, self.manifest.test, pages, decided)
        sheets = review(self.manifest, [*pages.values(), *self._copies(pages)], decided)
        return Graded(self.manifest, sheets, graded, len(pages) - graded)

    def _check_test(self, pages: dict[str, SheetResult]) -> None:
        """Scans of another test only (the wrong --test, most likely) would just fill the results with strangers."""
        given = [pages[key] for keys in self.keys.values() for key in keys]
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

    def _check_decision(self, pages: dict[str, SheetResult], decision: decisions.Decision) -> None:
        """A decision about a rescan goes to the sheet counted; `version=` only to a page whose code is unread."""
        page = pages[decision.key]
        twin = next((s.duplicate_of for s in mark_duplicates(list(pages.values())) if s.key == decision.key), None)
        if twin:
            why = f"{page_name(page)} is the same sheet as {twin}, which is the one counted: decide about {twin}"
            raise ArgumentError("decide", "{decide}: '{value}': {why}", value=decision.text, why=why)
        if decisions.given_version(decision.settings) and page.version and not page.version_given:
            why = f"the code of {page_name(page)} was read (version {page.version}); version= is for an unread code"
            raise ArgumentError("decide", "{decide}: '{value}': {why}", value=decision.text, why=why)

    def _regraded(self, page: SheetResult, settings: dict) -> SheetResult:
        """The page read again as the version the teacher gave it, unless it was read so already."""
        given = decisions.given_version(settings)
        if given is None or given not in self.manifest.layouts or (page.version, page.sheet_page) == given:
            return page
        path = next((name for name, keys in self.keys.items() if page.key in keys), page.file)
        if not Path(path).is_file():
            why = f"{path} is needed to read the page again as version {given[0]}: give it among the scans"
            raise ArgumentError("decide", "{decide}: {why}", why=why)
        return grade_page(self.manifest, load_page(path, page.page, page.key), given)

    def _copies(self, pages: dict[str, SheetResult]) -> list[SheetResult]:
        """Pages of a file given now that are byte for byte a page graded under another name also given now: the
        store holds one page per content, so the copy is listed again under its own name (and reported as the same
        sheet, counted once)."""
        out = []
        for name, keys in self.keys.items():
            for number, key in enumerate(keys, 1):
                page = pages[key]
                if (page.file, page.page) != (name, number) and page.file in self.keys:
                    out.append(replace(page, file=name, page=number))
        return out


def start(
    test: str | Path, scans: Sequence[str | Path], results: str | Path | None = None, decide: Sequence[str] = ()
) -> Run:
    """Read the manifest `test`, the pages graded and decisions made before (`results`, default
    `<stem>.graded.json` beside it), and match each of `decide` to its page (an ArgumentError if one does not)."""
    manifest = load_manifest(test)
    store_path = Path(results) if results else default_store(test)
    store = load_store(store_path, manifest.test)
    scans = list(dict.fromkeys(scans))
    keys = {str(scan): page_keys(scan) for scan in scans}
    names = {page_name(page): key for key, page in store.items()}
    for scan, found in keys.items():  # this run's file names win over older ones
        names.update({f"{scan}:{number}": key for number, key in enumerate(found, 1)})
    given = [decisions.parse(text, names) for text in decide]
    decided = load_decisions(store_path, manifest.test)
    return Run(manifest, Path(test), store_path, store, scans, keys, decided, given)


@dataclass(frozen=True)
class Graded:
    """Every sheet graded so far for a test, with the teacher's decisions applied, and how many pages were new in
    this run."""

    manifest: Manifest
    sheets: list[SheetResult]
    graded: int
    earlier: int
    """Pages graded in earlier runs."""

    def to(self, fmt: str) -> bytes:
        """The results as `json` (every sheet with its answers, score and flags) or `csv`."""
        return to_json(self.manifest, self.sheets) if fmt == "json" else to_csv(self.manifest, self.sheets)

    def summary(self) -> list[str]:
        """How many pages were new, sheets and sheets with undecided flags, then each sheet scanned twice, then
        each undecided flag and how to decide it."""
        sheets = self.sheets
        flagged = sum(1 for s in sheets if s.flags and not s.duplicate_of and not s.ignored)
        duplicates = [s for s in sheets if s.duplicate_of]
        counted = len(sheets) - len(duplicates)
        return [
            f"graded {self.graded} new page{'s' * (self.graded != 1)} ({self.earlier} from earlier runs); "
            f"{counted} sheet{'s' * (counted != 1)}, {flagged} with flags for you to check",
            *(f"{page_name(s)}: the same sheet as {s.duplicate_of}; counted once" for s in duplicates),
            *advice_lines(self.manifest, sheets),
        ]

    def write_gradebook(self, path: Path) -> list[str]:
        """Write the gradebook CSV Canvas and Moodle import; what to say about it (the flags that leave scores
        empty or sheets out were said in the summary)."""
        book, _ = gradebook(self.manifest, self.sheets)
        write_bytes(path, book)
        rows = students(self.sheets)
        empty = sum(1 for row in rows if row.score is None)
        undecided = f", {empty} without a score until you decide" if empty else ""
        return [f"wrote {path}: {len(rows)} student{'s' * (len(rows) != 1)}{undecided}"]
