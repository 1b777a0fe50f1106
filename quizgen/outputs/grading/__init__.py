"""Reading scanned answer sheets back: registration, QR code, student number, marks, scores and item analysis.

Needs the `grade` extra (`pip install 'quizgen[grade]'`: OpenCV, pypdfium2, zxing-cpp); nothing else in quizgen
imports this package.

>>> manifest = load_manifest("exam.quizgen.json")
>>> graded = grade_scans(manifest, ["scans.pdf"], store=load_store(Path("exam.graded.json"), manifest.test))
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ...bank.parallel import can_fork, split
from .grade import Flag, ScanPage, SheetResult, grade_page, load_page, page_keys, save_flag_images, scan_pages
from .manifest import Manifest, load_manifest
from .results import default_output, default_store, gradebook, load_store, save_store, to_csv, to_json
from .review import review


def grade_scans(
    manifest: Manifest,
    scans: list[str | Path],
    store: dict[str, SheetResult],
    flags_dir: Path | None,
    progress: Callable[[int], None] = lambda done: None,
    jobs: int = 1,
) -> tuple[dict[str, SheetResult], int]:
    """Grade every page of `scans` not already in `store`; the updated store and how many pages were new.

    Flag crops are written to `flags_dir` (None: kept in the results, for `save_flag_images` later); `progress(n)`
    is told of pages done. With `jobs` > 1 and at least 8 pages, the second half is
    graded in a forked child (each page on its own, so the result is the same).
    """
    pages = dict(store)
    tasks: dict[str, tuple[str, int]] = {}
    for scan in scans:
        for number, key in enumerate(page_keys(scan), 1):
            if key not in pages:
                tasks.setdefault(key, (str(scan), number))
    work = [(path, number, key) for key, (path, number) in tasks.items()]

    me = os.getpid()
    shown = 0

    def grade(start: int, stop: int) -> list[SheetResult]:
        nonlocal shown
        out = []
        for path, number, key in work[start:stop]:
            out.append(grade_page(manifest, load_page(path, number, key)))
            if os.getpid() == me:  # a forked child's copy of the progress bar would draw over this one
                progress(1)
                shown += 1
        return out

    # The second half in a forked child when there are two cores and enough pages (bank.parallel: a child that
    # fails just means this process grades its half too).
    halves = split(grade, len(work), threshold=8) if jobs > 1 else [grade(0, len(work))]
    progress(len(work) - shown)
    for result in (r for half in halves for r in half):
        pages[result.key] = result if flags_dir is None else save_flag_images(result, flags_dir)
    return pages, len(tasks)


def default_jobs() -> int:
    """Processes to grade in: two where a child can be forked on another core (not under `QUIZGEN_JOBS=1`)."""
    return 2 if can_fork() else 1


def pending(scans: list[str | Path], store: dict[str, SheetResult]) -> int:
    """How many pages of `scans` are not graded yet (for a progress bar)."""
    return sum(1 for scan in scans for key in page_keys(scan) if key not in store)


__all__ = [
    "Flag",
    "Manifest",
    "ScanPage",
    "SheetResult",
    "default_jobs",
    "default_output",
    "default_store",
    "grade_page",
    "grade_scans",
    "load_page",
    "gradebook",
    "load_manifest",
    "load_store",
    "pending",
    "review",
    "save_flag_images",
    "save_store",
    "scan_pages",
    "to_csv",
    "to_json",
]
