"""Questions with 2 to 5 options (and true/false) on paper: the PDF, its answer sheet and manifest, DOCX, HTML."""

import io
import math

import docx
import numpy as np
import pypdf
import pypdfium2
import pytest
from print_fixtures import block, nasty_bank, plain, with_option_counts

from quizgen.model.models import Question, Quote
from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.sheet import OPTION_COLUMNS, build_sheet, option_columns


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return with_option_counts(nasty_bank(tmp_path_factory.mktemp("content")))


@pytest.fixture(scope="module")
def printed(bank):
    sheet = build_sheet(bank, n=None, versions=2, seed=4)
    data, manifest = pdf.to_pdf_with_sheets(sheet, "a4")
    return sheet, data, manifest


def test_the_fixture_mixes_every_option_count(bank):
    counts = {len(q.options) for q in bank.questions}
    assert counts == {2, 3, 4, 5}
    assert any(q.options == ("True", "False") for q in bank.questions)


def test_option_columns_rule():
    def question(*options):
        return Question("f/t", "f", "t", "event", "Stem?", options, 0, "", (), Quote("s", "s:p1", "q", "c"))

    assert option_columns(question("True", "False")) == 2
    assert option_columns(question("1998", "1999", "2001")) == 3
    assert option_columns(question("Ed Lee", "Di Park", "Bo Smith", "Cy Jones", "Al Green")) == 5
    long5 = "x" * (OPTION_COLUMNS[5] + 1)
    assert option_columns(question("a", "b", "c", "d", long5)) == 2  # A B / C D / E
    assert option_columns(question("a", "x" * (OPTION_COLUMNS[2] + 1))) == 1
    assert option_columns(question("a", "b", "c", "x" * OPTION_COLUMNS[4])) == 4
    # An Urdu vowel sign takes no room of its own.
    assert option_columns(question("a", "b", "c", "d", "یُ" * 5)) == 5


def test_every_question_prints_its_own_letters_in_rows_by_the_rule(printed):
    sheet, data, _ = printed
    reader = pypdf.PdfReader(io.BytesIO(data))
    texts = [plain(p.extract_text()) for p in reader.pages]
    seen = set()
    for version in sheet.versions:
        for number, q in enumerate(version.questions, 1):
            expected = block(number, q)
            if q.id == "younus/q/urdu":
                continue  # extraction reorders the Urdu; its layout is checked in test_print_pdf
            footer = f"Version {version.label} · page"
            pages = [i for i, text in enumerate(texts, 1) if expected in text and footer in text]
            assert len(pages) == 1, expected  # A to the last letter, in order, on one page
            words = [_own_word(o, q.options) for o in q.options]
            if None in words:
                continue
            bottoms = sorted(_line_of(data, pages[0], word, q.stem) for word in words)
            rows = 1 + sum(1 for a, b in zip(bottoms, bottoms[1:], strict=False) if b - a > 3)
            columns = option_columns(q)
            assert rows == math.ceil(len(q.options) / columns), (q.options, bottoms)
            seen.add((len(q.options), columns))
    assert {(2, 2), (3, 3), (4, 4), (5, 5), (5, 2), (5, 1), (4, 1), (3, 1), (2, 1)} <= seen, seen


def _own_word(option: str, options: tuple[str, ...]) -> str | None:
    """A word of `option` that no other text of the question's options contains, to find its line by."""
    text = " ".join(options)
    return next((w for w in reversed(option.split()) if text.count(w) == 1), None)


def _line_of(data: bytes, page: int, word: str, after: str) -> float:
    """The bottom of the line of the first `word` after the text `after` (past its end, so a stem's own words never
    count): the loose box, from the font's descent, so every word of a line has the same."""
    document = pypdfium2.PdfDocument(data)
    text = document[page - 1].get_textpage()
    start = text.search(after, match_case=True).get_next()
    assert start, after
    found = text.search(word, index=start[0] + start[1], match_case=True, match_whole_word=True).get_next()
    assert found, word
    bottom = text.get_charbox(found[0], loose=True)[1]
    document.close()
    return bottom


def test_each_answer_row_has_one_bubble_per_option_where_the_manifest_says(printed):
    sheet, data, manifest = printed
    scale = 150 / 72
    for entry, version, listed in zip(manifest["sheets"], sheet.versions, manifest["versions"], strict=True):
        assert [(q["letters"], q["key"]) for q in listed["questions"]] == [
            ("ABCDE"[: len(q.options)], "ABCDE"[q.answer]) for q in version.questions
        ]
        assert [q["options"] for q in listed["questions"]] == [list(q.options) for q in version.questions]
        document = pypdfium2.PdfDocument(data)
        image = document[entry["page"] - 1].render(scale=scale, grayscale=True).to_numpy()
        document.close()
        image = image[..., 0] if image.ndim == 3 else image
        for row, q in zip(entry["answers"], version.questions, strict=True):
            assert "".join(b["letter"] for b in row["bubbles"]) == "ABCDE"[: len(q.options)]
            for b in row["bubbles"]:
                assert _ring(image, b, scale, 1.0) and not _ring(image, b, scale, 1.3), (row["number"], b)
            # Nothing printed where a sixth bubble would be.
            last = row["bubbles"][-1]
            spare = dict(last, x=last["x"] + (row["bubbles"][1]["x"] - row["bubbles"][0]["x"]))
            if len(q.options) < 5:
                assert not _ring(image, spare, scale, 1.0, any_ink=True)


def _ring(image: np.ndarray, b: dict, scale: float, factor: float, any_ink: bool = False) -> bool:
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    inked = []
    for a in angles:
        col = round((b["x"] + factor * b["r"] * np.cos(a)) * scale)
        row = round((b["y"] + factor * b["r"] * np.sin(a)) * scale)
        inked.append(bool(image[row - 1 : row + 2, col - 1 : col + 2].min() < 128))
    return any(inked) if (any_ink or factor > 1) else all(inked)


def test_docx_short_options_share_a_paragraph_and_long_ones_do_not(bank):
    from docx.shared import Cm

    from quizgen.outputs.printing.docx import to_docx

    sheet = build_sheet(bank, n=None, versions=1, seed=4)
    paragraphs = [p for p in docx.Document(io.BytesIO(to_docx(sheet))).paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    checked = set()
    for number, q in enumerate(sheet.versions[0].questions, 1):
        at = texts.index(f"{number}.\t{q.stem}")
        lettered = [f"{'ABCDE'[i]}.\t{o}" for i, o in enumerate(q.options)]
        if all(len(o) <= 8 for o in q.options):  # years, True/False, five short names: one line
            line = paragraphs[at + 1]
            assert line.text == "\t".join(lettered) and not line.paragraph_format.keep_with_next
            stops = [stop.position for stop in line.paragraph_format.tab_stops]
            assert stops == sorted(stops) and len(stops) == 2 * len(q.options) - 1 and stops[-1] < Cm(21 - 4.4)
            checked.add(len(q.options))
        if min(map(len, q.options)) > 40:  # long options: a paragraph each, kept with the stem
            lines = paragraphs[at + 1 : at + 1 + len(q.options)]
            assert [p.text for p in lines] == lettered
            assert [p.paragraph_format.keep_with_next for p in lines] == [True] * (len(lines) - 1) + [False]
            checked.add("long")
    assert checked == {2, 3, 4, 5, "long"}, checked


def test_html_and_markdown_letter_every_option(bank):
    import lxml.html

    from quizgen.outputs.printing.html import to_html
    from quizgen.outputs.printing.markdown import to_markdown

    sheet = build_sheet(bank, n=None, versions=1, seed=4)
    tree = lxml.html.fromstring(to_html(sheet))
    items = tree.xpath("//section[@id='version-A']/ol[@class='questions']/li")
    assert [[li.text_content() for li in item.xpath(".//li")] for item in items] == [
        [f"{'ABCDE'[i]}. {o}" for i, o in enumerate(q.options)] for q in sheet.versions[0].questions
    ]
    layouts = [item.xpath("string(./ol/@class)") for item in items]
    assert layouts == [f"options columns-{option_columns(q)}" for q in sheet.versions[0].questions]
    by_options = dict(zip((q.options for q in sheet.versions[0].questions), layouts, strict=True))
    assert by_options[("True", "False")] == "options columns-2"
    assert by_options[("2019", "2020", "2021", "2022")] == "options columns-4"
    markdown = to_markdown(sheet).decode()
    letters = [line[2] for line in markdown.splitlines() if line[:2] == "- " and line[3:5] == ". "]
    assert "".join(letters) == "".join("ABCDE"[: len(q.options)] for q in sheet.versions[0].questions)


def test_html_short_options_share_a_line_when_printed(bank, tmp_path):
    """Printed by Chromium (where installed), the years of a question stand on one line, long options one a line."""
    import shutil
    import subprocess

    from quizgen.outputs.printing.html import to_html

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium to print with")
    page = tmp_path / "test.html"
    page.write_bytes(to_html(build_sheet(bank, n=None, versions=1, seed=4)))
    printed = tmp_path / "test.pdf"
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", page.as_uri()], capture_output=True, timeout=120, check=True)  # fmt: skip
    lines = [" ".join(line.split()) for p in pypdf.PdfReader(printed).pages for line in p.extract_text().splitlines()]
    assert "A. 2019 B. 2020 C. 2021 D. 2022" in lines and "A. True B. False" in lines
    assert "A. The summit in Capital City that ended without agreement" in lines
