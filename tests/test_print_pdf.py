"""The PDF read back with pypdf: what a teacher prints is what the sheet says, on the pages it should be."""

import io
import re
from pathlib import Path

import pypdf
import pytest
from print_fixtures import (
    NASTY_ID,
    NASTY_STEM,
    URDU,
    block,
    fonts_and_mapped_text,
    nasty_bank,
    plain,
    read_sections,
    skeleton,
)

from quizgen.errors import QuizgenError
from quizgen.outputs.printing import pdf
from quizgen.outputs.printing.sheet import build_sheet, citation


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return nasty_bank(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="module")
def sheet(bank):
    # Every question of the fixture, so each version runs over several pages and questions meet page ends.
    return build_sheet(bank, n=None, versions=2, seed=3)


@pytest.fixture(scope="module")
def sections(sheet):
    return read_sections(pdf.to_pdf(sheet))


def test_every_version_prints_every_question_with_options_in_order_and_never_split(sheet, sections):
    assert list(sections) == ["Version A", "Version B", "Answer key"]
    for version in sheet.versions:
        pages = sections[f"Version {version.label}"]
        assert len(pages) >= 3  # long enough that questions meet page ends
        header = pages[0][:200]
        assert all(part in header for part in (sheet.title, f"Version {version.label}", "Name", "Class", "Date"))
        assert plain(f"Score / {sheet.size}") in header
        for number, q in enumerate(version.questions, 1):
            expected = block(number, q)
            if re.search(r"[\u0600-\u06ff]", q.stem + "".join(q.options)):
                where = [p for p in pages if skeleton(expected) in skeleton(p)]
            else:
                where = [p for p in pages if expected in p]
            # The whole block — number, stem, A to D in the promised order — is on exactly one page.
            assert len(where) == 1, (version.label, number, expected)


def test_versions_differ_in_question_order_in_the_pdf(sheet, sections):
    def first_stems(label):
        text = " ".join(sections[f"Version {label}"])
        return [text.index(plain(q.stem)) for q in sheet.versions[0].questions if q.id != NASTY_ID]

    a, b = first_stems("A"), first_stems("B")
    assert a == sorted(a) and b != sorted(b)


def test_compact_key_matches_each_version(bank, sheet, sections):
    key = " ".join(sections["Answer key"])
    originals = {q.id: q for q in bank.questions}
    chunks = re.split(r"Version ([A-Z]) ", key)[1:]
    assert [chunks[i] for i in range(0, len(chunks), 2)] == ["A", "B"]
    for version, chunk in zip(sheet.versions, chunks[1::2], strict=True):
        pairs = re.findall(r"(\d+)\. ([A-D])\b", chunk)
        assert pairs == [(str(n), letter) for n, letter in enumerate(version.key, 1)]
        for q, (_, letter) in zip(version.questions, pairs, strict=True):
            assert q.options["ABCD".index(letter)] == originals[q.id].correct


def test_explained_key_keeps_the_grids_then_explains_each_question_once(bank):
    sheet = build_sheet(bank, n=6, versions=2, seed=5, explanations=True)
    sections = read_sections(pdf.to_pdf(sheet))
    key = " ".join(sections["Answer key"])
    grids, explained = key.split(" Explanations ")
    for version in sheet.versions:  # the quick grid of every version, as without --explanations
        assert plain(f"Version {version.label} " + " ".join(f"{n}. {k}" for n, k in enumerate(version.key, 1))) in grids
    numbers = {v.label: [q.id for q in v.questions] for v in sheet.versions}
    for number, q in enumerate(sheet.versions[0].questions, 1):  # each question once, in version A's order
        where = " · ".join(f"{label} {ids.index(q.id) + 1}" for label, ids in numbers.items())
        entry = plain(f"{number}. {q.correct} {where} {q.explanation} Source: {citation(q)}")
        assert entry in explained or skeleton(entry) in skeleton(explained)
        assert skeleton(explained).count(skeleton(q.explanation)) == 1
    assert "Source: Ann Author, Test Times, 3 Mar 2024, para." in explained


def test_no_key_prints_no_key_pages(bank):
    sections = read_sections(pdf.to_pdf(build_sheet(bank, n=4, versions=3, key=False)))
    assert list(sections) == ["Version A", "Version B", "Version C"]


def test_every_character_renders_with_a_real_glyph(bank):
    """Accented Latin, curly quotes, dashes and the Urdu name all come from the two fonts the template names;
    a character neither has would show up as glyph 0 (extracted as NUL) or in one of typst's fallback fonts."""
    from fontTools.ttLib import TTFont

    data = pdf.to_pdf(build_sheet(bank, n=None, versions=1, explanations=True))
    fonts = fonts_and_mapped_text(data)
    assert {re.sub(r"-(Regular|Bold|Italic|BoldItalic)(-Identity-H)?$", "", f) for f in fonts} == {
        "LibertinusSerif",
        "NotoSansArabic",
    }
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "\x00" not in text
    wanted = {c for q in bank.questions for s in (q.stem, *q.options, q.explanation, citation(q)) for c in s}
    assert set("“”‘’–—…éúñüÇğë") | set(URDU) <= wanted  # the fixture really has them
    arabic = {c for c in wanted if "\u0600" <= c <= "\u06ff"}
    # Latin glyphs map back one to one; shaped Arabic does not (a zain is drawn as a reh plus a dot), so the Arabic
    # characters are checked against the cmap of the font that drew them.
    assert wanted - arabic - {" "} <= set("".join(fonts.values()))
    (arabic_font,) = Path(pdf.font_paths()[0]).glob("NotoSansArabic*.ttf")
    assert {ord(c) for c in arabic} <= set(TTFont(arabic_font).getBestCmap())
    assert any(k.startswith("NotoSansArabic") for k in fonts)


def test_markup_characters_print_literally(sections):
    text = " ".join(sections["Version A"])
    assert plain("on the *crisis* & <risks> #1 $5 [sic] \\ @x?") in text
    assert NASTY_STEM.startswith("Whose post")


def test_same_sheet_same_bytes(bank):
    one = pdf.to_pdf(build_sheet(bank, n=5, seed=9))
    assert one == pdf.to_pdf(build_sheet(bank, n=5, seed=9))
    assert one != pdf.to_pdf(build_sheet(bank, n=5, seed=10))
    assert one.startswith(b"%PDF-")


def test_a_failing_typeset_is_a_one_line_error(bank, tmp_path, monkeypatch):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let data = json(bytes(sys.inputs.data))\n#data.nope\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "TEMPLATE", broken)
    with pytest.raises(QuizgenError) as err:
        pdf.to_pdf(build_sheet(bank, n=2))
    assert str(err.value).startswith("typesetting the PDF failed: ")
    assert "\n" not in str(err.value)
