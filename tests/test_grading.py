"""Grading synthetic scans: printed sheets filled as students fill them, distorted as scanners and phones do."""

import cv2
import numpy as np
import pytest
from print_fixtures import nasty_bank, with_option_counts
from scan_fixtures import check, decode, distort, encode, fill_exact, make_scan, render_page, scans_pdf

from quizgen.errors import QuizgenError
from quizgen.outputs.grading import grade_page, load_manifest, scan_pages
from quizgen.outputs.grading.grade import ScanPage, mark_duplicates
from quizgen.outputs.grading.manifest import parse_manifest
from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.sheet import build_sheet


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """A two-version test of every fixture question (30), its PDF and its manifest."""
    bank = nasty_bank(tmp_path_factory.mktemp("content"))
    data, manifest = pdf.to_pdf_with_sheets(build_sheet(bank, n=None, versions=2, seed=3), "a4")
    return data, manifest, parse_manifest(manifest)


def page(image, name="scan.jpg", number=1):
    return ScanPage(name, number, f"{name}:{number}", image)


def test_thirty_distorted_sheets_read_right_or_flagged(printed):
    data, raw, manifest = printed
    ambiguous = clear = 0
    for i in range(30):
        rng = np.random.default_rng(i)
        # Half at 150 dpi, half at 200; every fifth upside down; JPEG at quality 50 to 90.
        image, truth = make_scan(data, raw, i % 2, rng, dpi=(150, 200)[i % 2], flip=i % 5 == 4)
        result = grade_page(manifest, page(decode(encode(image, rng))))
        assert check(result, truth) == [], i
        assert result.version == raw["sheets"][i % 2]["version"]
        key = {q.number: q.key for q in manifest.versions[result.version]}
        assert result.score == sum(1 for q, letter in truth.answers.items() if letter == key[q])
        assert all(f.png for f in result.flags)  # every flag comes with its picture
        ambiguous += len(truth.flagged)
        clear += sum(1 for letter in truth.answers.values() if letter)
    assert ambiguous >= 40 and clear >= 700  # the corpus really holds both kinds


def test_rows_of_two_to_five_bubbles_read_right_or_flagged(tmp_path_factory):
    """A test whose questions have 2, 3, 4 and 5 options (one true/false): filled, distorted, graded: 0 wrong."""
    bank = with_option_counts(nasty_bank(tmp_path_factory.mktemp("content")))
    data, raw = pdf.to_pdf_with_sheets(build_sheet(bank, n=None, versions=2, seed=6), "letter")
    manifest = parse_manifest(raw)
    widths = {len(row["bubbles"]) for s in raw["sheets"] for row in s["answers"]}
    assert widths == {2, 3, 4, 5}
    read = {2: 0, 3: 0, 4: 0, 5: 0}
    for i in range(12):
        rng = np.random.default_rng(100 + i)
        image, truth = make_scan(data, raw, i % 2, rng, dpi=(150, 200)[i % 2], flip=i % 4 == 3, ambiguous=0.12)
        result = grade_page(manifest, page(decode(encode(image, rng))))
        assert check(result, truth) == [], i
        key = {q.number: q.key for q in manifest.versions[result.version]}
        assert result.score == sum(1 for q, letter in truth.answers.items() if letter == key[q])
        assert result.out_of == len(bank.questions)
        rows = {row["number"]: len(row["bubbles"]) for row in raw["sheets"][i % 2]["answers"]}
        for number, letter in truth.answers.items():
            if letter:
                assert letter in "ABCDE"[: rows[number]]
                read[rows[number]] += 1
    assert min(read.values()) >= 20, read  # clear marks read in rows of every width


def test_a_clean_sheet_reads_blank_and_asks_for_the_student_number(printed):
    data, raw, manifest = printed
    image = render_page(data, raw["sheets"][1]["page"], 200)
    result = grade_page(manifest, page(image))
    assert result.version == "B" and result.score == 0 and result.out_of == 30
    assert set(result.answers.values()) == {None}
    assert [(f.question, f.reason) for f in result.flags] == [(None, "no student number")]


def test_a_sideways_scan_is_turned_back(printed):
    data, raw, manifest = printed
    rng = np.random.default_rng(7)
    image, truth = make_scan(data, raw, 0, rng)
    result = grade_page(manifest, page(cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)))
    assert check(result, truth) == []


def test_what_cannot_be_read_is_flagged_with_a_picture(printed):
    data, raw, manifest = printed
    blank = np.full((2339, 1654), 250, np.uint8)
    (flag,) = grade_page(manifest, page(blank)).flags
    assert (flag.question, flag.reason) == (None, "registration marks not found") and flag.png
    image = render_page(data, raw["sheets"][0]["page"], 200)
    qr = raw["sheets"][0]["qr"]
    scale = 200 / 72
    x, y, size = (round(v * scale) for v in (qr["x"], qr["y"], qr["size"]))
    hidden = image.copy()
    hidden[y : y + size, x : x + size] = 255
    result = grade_page(manifest, page(hidden))
    assert [(f.question, f.reason) for f in result.flags] == [(None, "unreadable code")]
    assert result.version is None and result.score is None
    other = parse_manifest({**raw, "test": "0" * 12})
    assert [f.reason for f in grade_page(other, page(image)).flags] == [f"sheet of another test ({raw['test']})"]


def test_a_covered_mark_stops_grading_instead_of_misreading(printed):
    data, raw, manifest = printed
    clean = render_page(data, raw["sheets"][0]["page"], 200)
    mark = raw["sheets"][0]["marks"][2]  # bottom right
    scale = 200 / 72
    x, y, half = round(mark["x"] * scale), round(mark["y"] * scale), round(mark["side"] * scale)
    clean[y - half : y + half, x - half : x + half] = 255
    # Nothing else may stand in for the missing mark.
    result = grade_page(manifest, page(clean))
    assert [(f.question, f.reason) for f in result.flags] == [(None, "registration marks not found")]
    assert result.answers == {} and result.score is None


def test_a_sheet_scanned_twice_counts_once(printed):
    data, raw, manifest = printed
    rng = np.random.default_rng(3)
    image, truth = make_scan(data, raw, 0, rng, ambiguous=0)
    first = grade_page(manifest, page(image, "a.jpg"))
    again = grade_page(manifest, page(distort(image, np.random.default_rng(4)), "b.jpg"))
    other, _ = make_scan(data, raw, 0, np.random.default_rng(5), ambiguous=0)
    third = grade_page(manifest, page(other, "c.jpg"))
    marked = mark_duplicates([first, again, third])
    assert [r.duplicate_of for r in marked] == [None, "a.jpg:1", None]


def test_pdf_tiff_and_png_scans_are_read_page_by_page(printed, tmp_path):
    data, raw, manifest = printed
    images, truths = [], []
    for i in range(3):
        image, truth = make_scan(data, raw, i % 2, np.random.default_rng(20 + i))
        images.append(image)
        truths.append(truth)
    (tmp_path / "batch.pdf").write_bytes(scans_pdf(images[:2]))
    ok, tiff = cv2.imencodemulti(".tiff", images[1:])
    (tmp_path / "batch.tiff").write_bytes(tiff.tobytes())
    cv2.imwrite(str(tmp_path / "one.png"), images[2])
    pages = list(scan_pages([tmp_path / "batch.pdf", tmp_path / "batch.tiff", tmp_path / "one.png"]))
    assert [(p.file.rsplit("/", 1)[1], p.page) for p in pages] == [
        ("batch.pdf", 1), ("batch.pdf", 2), ("batch.tiff", 1), ("batch.tiff", 2), ("one.png", 1)
    ]  # fmt: skip
    for scan, truth in zip(pages, [truths[0], truths[1], truths[1], truths[2], truths[2]], strict=True):
        assert check(grade_page(manifest, scan), truth) == [], (scan.file, scan.page)
    keys = {p.key for p in pages}
    assert len(keys) == 5
    skipped = list(scan_pages([tmp_path / "batch.pdf"], skip={pages[0].key}))
    assert [p.page for p in skipped] == [2]


def test_bad_inputs_are_one_line_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "broken.png").write_bytes(b"not a png")
    (tmp_path / "bad.quizgen.json").write_text("{}", encoding="utf-8")
    with pytest.raises(QuizgenError, match="notes.txt: not a scan"):
        list(scan_pages([tmp_path / "notes.txt"]))
    with pytest.raises(QuizgenError, match="broken.png: the image cannot be read"):
        list(scan_pages([tmp_path / "broken.png"]))
    with pytest.raises(QuizgenError, match="missing.pdf: no such file"):
        list(scan_pages([tmp_path / "missing.pdf"]))
    with pytest.raises(QuizgenError, match=r"bad.quizgen.json is not a quizgen manifest \(bad or missing 'versions'\)"):
        load_manifest(tmp_path / "bad.quizgen.json")


def test_a_sheet_of_several_pages_is_graded_page_by_page_and_summed(tmp_path, monkeypatch):
    from quizgen.outputs.grading import gradebook, review
    from quizgen.outputs.printing import answersheet

    # Fewer rows a page, so the 30-question fixture needs two answer-sheet pages.
    monkeypatch.setattr(answersheet, "ANSWERS_TOP", 640.0)
    bank = nasty_bank(tmp_path / "content")
    data, raw = pdf.to_pdf_with_sheets(build_sheet(bank, n=None, versions=1, seed=8), "a4")
    manifest = parse_manifest(raw)
    assert [(s["version"], s["sheet_page"], len(s["answers"])) for s in raw["sheets"]] == [("A", 1, 28), ("A", 2, 2)]
    key = {q["number"]: q["key"] for q in raw["versions"][0]["questions"]}
    results = {}
    for index, sheet in enumerate(raw["sheets"]):
        image = render_page(data, sheet["page"], 200)
        answers = {row["number"]: key[row["number"]] for row in sheet["answers"] if row["number"] % 3}
        fill_exact(image, sheet, answers, "424242", 200, seed=index)
        result = grade_page(manifest, page(distort(image, np.random.default_rng(index)), f"p{index}.jpg"))
        assert (result.sheet_page, result.student_number, result.flags) == (index + 1, "424242", ()), result.flags
        assert result.score == len(answers) and result.out_of == len(sheet["answers"])
        results[result.key] = result
    book, left_out = gradebook(manifest, review(manifest, list(results.values())))
    assert book.decode().splitlines()[1:] == [f",,424242,,,{sum(1 for n in key if n % 3)}"] and left_out == []
