"""Answer sheets: the PDF page rendered to pixels has its bubbles, marks and code exactly where the manifest says."""

import io
import json

import numpy as np
import pypdf
import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from print_fixtures import nasty_bank, read_sections, write_nasty_content

from quizgen.cli import main
from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.answersheet import PAPERS, _paginate, code_text, parse_code
from quizgen.outputs.printing.answersheet import test_id as id_of_test
from quizgen.outputs.printing.sheet import build_sheet

SCALE = 150 / 72  # pixels per point when rendered at 150 dpi


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return nasty_bank(tmp_path_factory.mktemp("content"))


def render(data: bytes, page: int) -> np.ndarray:
    """One PDF page (1-based) as a grey image at 150 dpi."""
    document = pypdfium2.PdfDocument(data)
    image = document[page - 1].render(scale=SCALE, grayscale=True).to_numpy()
    document.close()
    return image[..., 0] if image.ndim == 3 else image


def dark(image: np.ndarray, x: float, y: float) -> bool:
    """Is there ink within a pixel of (x, y) points?"""
    col, row = round(x * SCALE), round(y * SCALE)
    return bool(image[row - 1 : row + 2, col - 1 : col + 2].min() < 128)


def outline_at(image: np.ndarray, b: dict) -> bool:
    """A circle of radius r drawn round (x, y): ink all along it, none just outside it."""
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    on = all(dark(image, b["x"] + b["r"] * np.cos(a), b["y"] + b["r"] * np.sin(a)) for a in angles)
    off = not any(dark(image, b["x"] + 1.3 * b["r"] * np.cos(a), b["y"] + 1.3 * b["r"] * np.sin(a)) for a in angles)
    return on and off


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_bubbles_marks_and_code_sit_where_the_manifest_says(bank, paper):
    sheet = build_sheet(bank, n=None, versions=2, seed=3)
    data, manifest = pdf.to_pdf_with_sheets(sheet, paper, id_digits=7)
    assert manifest["test"] == id_of_test(sheet) and manifest["paper"] == paper and manifest["seed"] == 3
    assert [s["version"] for s in manifest["sheets"]] == ["A", "B"]
    sections = read_sections(data)
    assert list(sections) == ["Version A", "Answer sheet A", "Version B", "Answer sheet B", "Answer key"]
    for entry, version in zip(manifest["sheets"], sheet.versions, strict=True):
        # The manifest's page is the PDF page that holds this version's sheet: right after its question pages.
        # On a fresh sheet of paper (an odd page) when printed double-sided.
        text = pypdf.PdfReader(io.BytesIO(data)).pages[entry["page"] - 1].extract_text()
        assert f"Version {version.label} · answer sheet 1 of 1" in text and entry["page"] % 2 == 1
        assert entry["size"] == list(PAPERS[paper])
        image = render(data, entry["page"])
        height, width = image.shape
        assert abs(height - PAPERS[paper][1] * SCALE) < 1.5 and abs(width - PAPERS[paper][0] * SCALE) < 1.5
        assert len(entry["student_number"]) == 7
        for column in entry["student_number"]:
            assert [b["digit"] for b in column] == list(range(10))
            assert all(outline_at(image, b) for b in column)
        assert [row["number"] for row in entry["answers"]] == list(range(1, sheet.size + 1))
        for row, q in zip(entry["answers"], version.questions, strict=True):
            assert "".join(b["letter"] for b in row["bubbles"]) == "ABCD"[: len(q.options)]
            assert all(outline_at(image, b) for b in row["bubbles"]), row
        sides = []
        for mark in entry["marks"]:
            half = mark["side"] / 2
            assert dark(image, mark["x"], mark["y"]) and dark(image, mark["x"] - half + 1, mark["y"] - half + 1)
            assert not dark(image, mark["x"] - half - 2, mark["y"]) and not dark(image, mark["x"], mark["y"] + half + 2)
            sides.append(mark["side"])
        assert [m["corner"] for m in entry["marks"]] == ["tl", "tr", "br", "bl"]
        assert sides[0] > max(sides[1:])  # the top-left mark alone is larger: orientation is never in doubt
        qr = entry["qr"]
        crop = image[round(qr["y"] * SCALE) - 10 : round((qr["y"] + qr["size"]) * SCALE) + 10,
                     round(qr["x"] * SCALE) - 10 : round((qr["x"] + qr["size"]) * SCALE) + 10]  # fmt: skip
        (code,) = zxingcpp.read_barcodes(crop)
        assert code.text == code_text(manifest["test"], version.label, 1) == entry["code"]
        assert parse_code(code.text) == (manifest["test"], version.label, 1)
    for version, listed in zip(sheet.versions, manifest["versions"], strict=True):
        assert [(q["number"], q["id"], q["key"]) for q in listed["questions"]] == [
            (n, q.id, k) for n, (q, k) in enumerate(zip(version.questions, version.key, strict=True), 1)
        ]


def test_many_questions_run_onto_further_sheet_pages_inside_the_margins():
    for paper, size in PAPERS.items():
        pages = _paginate([4] * 150 + [3] * 30, size)
        assert len(pages) == 3, paper  # 84 rows a page on A4, 76 on Letter
        rows = [row for page in pages for row in page]
        assert [r.number for r in rows] == list(range(1, 181))
        for page in pages:
            centres = [(b.x, b.y) for r in page for b in r.bubbles]
            assert len(set(centres)) == len(centres)
            assert all(60 < x < size[0] - 60 and 370 < y < size[1] - 60 for x, y in centres)
        assert [len(r.bubbles) for r in rows[-30:]] == [3] * 30


def _column_lengths(page) -> list[int]:
    lengths: dict[float, int] = {}
    for row in page:
        lengths[row.bubbles[0].x] = lengths.get(row.bubbles[0].x, 0) + 1
    return [lengths[x] for x in sorted(lengths)]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(40, [[20, 20]]), (45, [[15, 15, 15]]), (21, [[21]]), (22, [[11, 11]]), (90, [[21] * 4, [6]]), (1, [[1]])],
)
def test_a_pages_rows_are_shared_evenly_among_the_fewest_columns(count, expected):
    """A4 holds 4 columns of 21 four-option rows: 40 rows go 20 + 20, not 21 + 19 (nor 19, 19, 2)."""
    assert [_column_lengths(page) for page in _paginate([4] * count, PAPERS["a4"])] == expected


def test_the_version_letter_is_printed_large_on_every_sheet_page(bank):
    sheet = build_sheet(bank, n=12, versions=2, seed=1)
    data, manifest = pdf.to_pdf_with_sheets(sheet, "a4")
    reader = pypdf.PdfReader(io.BytesIO(data))
    for entry in manifest["sheets"]:
        large: list[str] = []

        def visit(text, cm, tm, font, size, large=large):
            if text.strip() and size * tm[3] * cm[3] >= 24:
                large.append(text.strip())

        reader.pages[entry["page"] - 1].extract_text(visitor_text=visit)
        assert large == [entry["version"]]


def test_cli_writes_the_manifest_beside_the_pdf_and_no_sheet_leaves_both_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = str(write_nasty_content(tmp_path / "content"))
    result = CliRunner().invoke(main, ["--content", content, "print", "-n", "6", "--paper", "letter", "--id-digits",
                                       "4", "-o", "out/exam.pdf"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote out/exam.pdf: 6 questions, versions A, B, answer sheets, answer keys\n"
        "wrote out/exam.quizgen.json: the manifest `quizgen grade --test` reads\n"
    )
    manifest = json.loads((tmp_path / "out" / "exam.quizgen.json").read_text(encoding="utf-8"))
    assert manifest["paper"] == "letter" and manifest["sheets"][0]["size"] == [612.0, 792.0]
    assert [len(s["student_number"]) for s in manifest["sheets"]] == [4, 4]
    result = CliRunner().invoke(main, ["--content", content, "print", "-n", "6", "--no-sheet", "-o", "plain.pdf"])
    assert result.output == "wrote plain.pdf: 6 questions, versions A, B, answer keys\n"
    assert list(read_sections((tmp_path / "plain.pdf").read_bytes())) == ["Version A", "Version B", "Answer key"]
    assert not (tmp_path / "plain.quizgen.json").exists()


def _first_pages(data: bytes, sheet) -> list[str]:
    """The text of each version's first page, whitespace folded."""
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    questions = [text for text in pages if "Name" in text and "Answer sheet" not in text]
    return [next(text for text in questions if f"Version {v.label}" in text) for v in sheet.versions]


def test_with_answer_sheets_the_question_pages_say_to_mark_the_sheet_and_without_to_circle(bank):
    sheet = build_sheet(bank, n=6, versions=2, seed=1)
    with_sheets, _ = pdf.to_pdf_with_sheets(sheet)
    for first in _first_pages(with_sheets, sheet):
        assert "fill its bubble on the answer sheet after the questions: only the answer sheet is scored." in first
        assert "circle its letter" not in first
    for first in _first_pages(pdf.to_pdf(sheet), sheet):
        assert "Choose the one best answer to each question and circle its letter." in first
        assert "answer sheet" not in first
