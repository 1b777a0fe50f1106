"""Reading scanned answer sheets back: registration, QR code, student number, marks, scores and item analysis.

Needs the `grade` extra (`pip install 'quizgen[grade]'`: OpenCV, pypdfium2, zxing-cpp); nothing else in quizgen
imports this package.

>>> manifest = load_manifest("exam.quizgen.json")
>>> graded = grade_scans(manifest, ["scans.pdf"], store=load_store(Path("exam.graded.json"), manifest.test))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .grade import Flag, ScanPage, SheetResult, grade_page, load_page, page_keys, save_flag_images, scan_pages
from .manifest import Manifest, load_manifest
from .results import default_store, gradebook, load_store, save_store, to_csv, to_json, with_duplicates


def grade_scans(
    manifest: Manifest,
    scans: list[str | Path],
    store: dict[str, SheetResult],
    flags_dir: Path,
    progress: Callable[[int], None] = lambda done: None,
    jobs: int = 1,
) -> tuple[dict[str, SheetResult], int]:
    """Grade every page of `scans` not already in `store`; the updated store and how many pages were new.

    Flag crops are written to `flags_dir`; `progress(1)` is called after each page. With `jobs` > 1 and enough
    pages, pages are graded in that many processes (each page on its own, so the result is the same).
    """
    pages = dict(store)
    tasks: dict[str, tuple[str, int]] = {}
    for scan in scans:
        for number, key in enumerate(page_keys(scan), 1):
            if key not in pages:
                tasks.setdefault(key, (str(scan), number))
    if jobs > 1 and len(tasks) >= 4 * jobs:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: OpenCV's and pdfium's threads in this process would not survive a fork.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(manifest,)) as pool:
            work = [(path, number, key) for key, (path, number) in tasks.items()]
            for result in pool.map(_grade_in_worker, work, chunksize=2):
                pages[result.key] = save_flag_images(result, flags_dir)
                progress(1)
    else:
        for key, (path, number) in tasks.items():
            pages[key] = save_flag_images(grade_page(manifest, load_page(path, number, key)), flags_dir)
            progress(1)
    return pages, len(tasks)


_WORKER_MANIFEST: list[Manifest] = []


def _start_worker(manifest: Manifest) -> None:
    _WORKER_MANIFEST[:] = [manifest]


def _grade_in_worker(task: tuple[str, int, str]) -> SheetResult:
    path, number, key = task
    return grade_page(_WORKER_MANIFEST[0], load_page(path, number, key))


def default_jobs() -> int:
    """Processes to grade in: two where there are two cores, one under `QUIZGEN_JOBS=1`."""
    import os

    from ...bank.parallel import JOBS_VAR

    wanted = os.environ.get(JOBS_VAR, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2, cores)


def pending(scans: list[str | Path], store: dict[str, SheetResult]) -> int:
    """How many pages of `scans` are not graded yet (for a progress bar)."""
    return sum(1 for scan in scans for key in page_keys(scan) if key not in store)


__all__ = [
    "Flag",
    "Manifest",
    "ScanPage",
    "SheetResult",
    "default_jobs",
    "default_store",
    "grade_page",
    "grade_scans",
    "load_page",
    "gradebook",
    "load_manifest",
    "load_store",
    "pending",
    "save_store",
    "scan_pages",
    "to_csv",
    "to_json",
    "with_duplicates",
]
