"""Where things land on the printed page: fresh sheets for duplex, short options on one line, no overprinting."""

import io
import itertools

import pypdf
import pypdfium2
import pytest
from print_fixtures import FOOTER, SHEET_FOOTER, nasty_bank, plain

from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.sheet import build_sheet


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return nasty_bank(tmp_path_factory.mktemp("content"))


def section_starts(data: bytes) -> dict[str, int]:
    """The 1-based PDF page each section ('Version A', 'Answer sheet A', 'Answer key') starts on."""
    starts: dict[str, int] = {}
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        text = plain(page.extract_text())
        if match := FOOTER.search(text):
            starts.setdefault(match.group(1), number)
        elif match := SHEET_FOOTER.search(text):
            starts.setdefault(f"Answer sheet {match.group(1)}", number)
        else:
            assert text == "", text[-80:]  # the only pages without a footer are the blank ones
    return starts


def test_every_version_sheet_and_key_starts_on_a_fresh_sheet_of_paper(bank):
    for versions in (1, 2, 3):
        data, _ = pdf.to_pdf_with_sheets(build_sheet(bank, n=None, versions=versions, seed=versions), "a4")
        starts = section_starts(data)
        assert len(starts) == 2 * versions + 1
        assert all(page % 2 == 1 for page in starts.values()), starts
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) % 2 == 1 or versions  # the key may end on either side


def boxes(data: bytes, page: int) -> list[tuple[float, float, float, float]]:
    document = pypdfium2.PdfDocument(data)
    text = document[page - 1].get_textpage()
    # pdfium reports a shaped Arabic cluster's box once per character: one box each is enough.
    out = list(dict.fromkeys(text.get_rect(i) for i in range(text.count_rects())))
    document.close()
    return out


def first_line_of(data: bytes, page: int, word: str, after: str) -> float:
    """The bottom of the first occurrence of `word` after the text `after` on a page."""
    document = pypdfium2.PdfDocument(data)
    text = document[page - 1].get_textpage()
    start = text.search(after, match_case=True).get_next()
    assert start, after
    found = text.search(word, index=start[0], match_case=True, match_whole_word=True).get_next()
    assert found, word
    bottom = text.get_charbox(found[0])[1]
    document.close()
    return bottom


def test_short_options_share_a_line_and_long_ones_do_not(bank):
    sheet = build_sheet(bank, n=None, versions=1, seed=2)
    data = pdf.to_pdf(sheet)
    reader = pypdf.PdfReader(io.BytesIO(data))
    checked = set()
    for q in sheet.versions[0].questions:
        page = next((i for i, p in enumerate(reader.pages, 1) if plain(q.stem) in plain(p.extract_text())), None)
        if page is None:  # the Urdu stem, whose extracted text is reordered
            continue
        if all(len(o) <= 6 and o.isalnum() for o in q.options) and "short" not in checked:
            # years like 2019: one line, A to D left to right
            heights = {round(first_line_of(data, page, o, q.stem[:30])) for o in q.options}
            assert len(heights) == 1, (q.options, heights)
            checked.add("short")
        if min(len(o) for o in q.options) > 40 and "long" not in checked:
            words = [o.split()[-1] for o in q.options]
            if len(set(words)) == 4:
                heights = [round(first_line_of(data, page, w, q.stem[:30])) for w in words]
                assert len(set(heights)) == 4, (q.options, heights)
                checked.add("long")
    assert checked == {"short", "long"}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_title_wraps_without_overprinting(bank, paper):
    title = "Unit 4 quiz on US–Pakistan–India relations since 2017, their causes, and what the five sources disagree on"
    assert len(title) > 100
    data, manifest = pdf.to_pdf_with_sheets(build_sheet(bank, n=6, versions=1, title=title), paper)
    starts = section_starts(data)
    for section in ("Version A", "Answer sheet A", "Answer key"):
        rects = boxes(data, starts[section])
        for a, b in itertools.combinations(rects, 2):
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            assert width <= 1.5 or height <= 1.5, (section, a, b)  # no two runs of text on the same spot
        text = plain(pypdf.PdfReader(io.BytesIO(data)).pages[starts[section] - 1].extract_text())
        assert plain(title) in text or plain(title).replace(" ", "") in text.replace(" ", "")
