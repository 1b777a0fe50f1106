"""The corpus test: 320 synthetic scans (A4 and Letter; 150, 200 and 300 dpi; rotated, scaled, in perspective,
blurred, noisy, unevenly lit, JPEG 50-90, some upside down). Every clear mark read right, every ambiguous row
flagged: 0 wrong grades. About three minutes on the 2-core machine, so it is left out of the default run:

    .venv/bin/python -m pytest -m corpus tests/test_grading_corpus.py -s
"""

from collections import Counter

import numpy as np
import pytest
from print_fixtures import nasty_bank, with_option_counts
from scan_fixtures import check, decode, encode, make_scan

from quizgen.outputs.grading import grade_page
from quizgen.outputs.grading.grade import ScanPage
from quizgen.outputs.grading.manifest import parse_manifest
from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.sheet import build_sheet

SHEETS = 320


@pytest.mark.corpus
def test_corpus_of_320_sheets_has_no_wrong_grade(tmp_path):
    bank = nasty_bank(tmp_path / "content")
    printed = []
    # On Letter the questions have 2, 3, 4 and 5 options (one true/false), so rows of every width are read.
    for paper, questions in (("a4", bank), ("letter", with_option_counts(bank))):
        data, raw = pdf.to_pdf_with_sheets(build_sheet(questions, n=None, versions=3, seed=11), paper)
        printed.append((data, raw, parse_manifest(raw)))
    problems, styles, flagged_sheets = [], Counter(), 0
    for i in range(SHEETS):
        rng = np.random.default_rng(1000 + i)
        data, raw, manifest = printed[i % 2]
        dpi = (150, 200, 300)[i % 3]
        image, truth = make_scan(data, raw, i % 3, rng, dpi=dpi, flip=i % 9 == 0, ambiguous=0.1)
        result = grade_page(manifest, ScanPage(f"sheet{i}.jpg", 1, str(i), decode(encode(image, rng))))
        problems += [f"sheet {i} ({raw['paper']}, {dpi} dpi): {p}" for p in check(result, truth)]
        styles.update(truth.styles.values())
        flagged_sheets += bool(result.flags)
    rows = sum(styles.values())
    print(f"\n{SHEETS} sheets, {rows} rows: {dict(sorted(styles.items()))}; {flagged_sheets} sheets with a flag")
    assert problems == []
    assert rows == SHEETS * 30 and all(styles[s] >= 100 for s in ("tick", "cross", "pencil", "changed", "two"))
