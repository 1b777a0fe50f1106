"""Benchmark: answer sheets graded per second from a scanner's PDF at 200 dpi, and whether time grows linearly.

Prints a 20-question test, fills and distorts its answer sheets with the tests' scan generator (tests/
scan_fixtures.py), puts them into PDFs of N pages as a scanner's "scan to PDF" does (JPEG pages at 200 dpi), then
times `grade_scans` on each: rasterising, registration, the QR code, every bubble. Scan generation is not timed.

    .venv/bin/python benchmarks/bench_grade.py                    # 25, 50, 100 pages; 1 and 2 processes (fork)
    .venv/bin/python benchmarks/bench_grade.py --pages 40 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import numpy as np  # noqa: E402
from scan_fixtures import make_scan, scans_pdf  # noqa: E402

from quizgen.bank.content import load_content  # noqa: E402
from quizgen.outputs.grading import grade_scans  # noqa: E402
from quizgen.outputs.grading.manifest import parse_manifest  # noqa: E402
from quizgen.outputs.printing import pdf  # noqa: E402
from quizgen.outputs.printing.sheet import build_sheet  # noqa: E402

DISTINCT = 25
"""Different filled sheets; longer PDFs repeat them (each page is still graded on its own)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="25,50,100", help="PDF lengths to time, comma-separated")
    parser.add_argument("--jobs", default="1,2", help="process counts to time, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QUIZGEN_CACHE", "off")
    bank = load_content(None).bank(seed=0)
    data, raw = pdf.to_pdf_with_sheets(build_sheet(bank, n=20, versions=2, seed=1), "a4")
    manifest = parse_manifest(raw)
    images = [make_scan(data, raw, i % 2, np.random.default_rng(i), dpi=200)[0] for i in range(DISTINCT)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pages in (int(p) for p in args.pages.split(",")):
            scan = Path(tmp) / f"scan-{pages}.pdf"
            scan.write_bytes(scans_pdf([images[i % DISTINCT] for i in range(pages)], dpi=200))
            for jobs in (int(j) for j in args.jobs.split(",")):
                times, cpus = [], []
                for _ in range(args.runs):
                    cpu = _cpu()
                    start = time.perf_counter()
                    graded, count = grade_scans(manifest, [scan], {}, Path(tmp) / "flags", jobs=jobs)
                    times.append(time.perf_counter() - start)
                    cpus.append(_cpu() - cpu)
                    unread = [(r.page, [f.reason for f in r.flags]) for r in graded.values() if not r.version]
                    assert count == pages and not unread, (count, unread[:3])
                median, cpu = statistics.median(times), statistics.median(cpus)
                rows.append({"pages": pages, "jobs": jobs, "seconds": round(median, 2),
                             "sheets_per_second": round(pages / median, 1),
                             "cpu_seconds_per_sheet": round(cpu / pages, 4)})  # fmt: skip
                print(f"{pages:4} pages, {jobs} process{'es' * (jobs > 1)}: {median:6.2f} s, "
                      f"{pages / median:5.1f} sheets/s, {1000 * cpu / pages:5.1f} ms CPU a sheet")  # fmt: skip
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_grade.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


def _cpu() -> float:
    """CPU seconds used by this process and its finished children: under a loaded machine, wall time lies."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
