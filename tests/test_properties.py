"""Property tests: any text a deck may hold reaches every output unchanged, and no output's markup breaks.

Each example writes a one-seed, one-fact content folder whose every text field (deck title, text metadata, quote,
fact fields, curated distractors, a hand-written question) is drawn by hypothesis from all of Unicode plus the
characters formats give meaning to (`< & # { } ~ = $ \\`, newlines, right-to-left script), loads it through the
real loader, and reads each output back with a real reader: json, the plain terminal UI, Anki's collection
database, Moodle's GIFT rules (tests/moodle_gift.py), lxml for Moodle XML and QTI, csv, python-docx and pypdf.
The texts a deck may not hold (control characters, lone surrogates) are tested in test_fuzz_loader.py.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import string
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lms_fixtures import html_to_text
from moodle_gift import assert_same, moodle_questions

from quizgen.bank.content import load_content
from quizgen.load.schema import bad_character
from quizgen.model.models import Bank, Question
from quizgen.model.textnorm import for_option, quoted
from quizgen.outputs.exporters.csv_export import COLUMNS, to_csv, unneutralise
from quizgen.outputs.exporters.gift import to_gift
from quizgen.outputs.exporters.json_export import question_dict, to_json
from quizgen.outputs.exporters.lms import feedback_html
from quizgen.outputs.exporters.moodle_xml import to_moodle_xml
from quizgen.outputs.exporters.qti import to_qti

MARKUP = [
    *"<>&#{}~=$\\:%[]*_`'\"@/|",
    "\n",
    "\t",
    "<b>x</b>",
    "&amp;",
    "&#65;",
    "]]>",
    "<!--",
    "{{c1::x}}",
    "{{Stem}}",
    "$x^2$",
    "#set text(red)",
    "\\n",
    "\\t",
    "C:\\temp",
    "\\\\",
    "%50%",
    "[html]",
    "::",
    "--",
    "=,",
    "عُزیر یُونس",  # Urdu
    "שלום עולם",  # Hebrew
    "\u200f",  # right-to-left mark
    "\u202b",  # right-to-left embedding
    "\u2028",  # line separator
    "\ufeff",
    "e\u0301",  # combining accent
    "👩\u200d🔬",
]


def texts(chars: st.SearchStrategy[str], markup: list[str]) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """Any text and one-line text made of `chars` and `markup` pieces, as the loader keeps them: outer whitespace
    stripped, never empty (control characters other than tab and newline are refused; see test_fuzz_loader.py)."""
    piece = st.one_of(st.sampled_from(markup), st.text(chars, min_size=1, max_size=4))
    text = st.lists(piece, min_size=1, max_size=5).map("".join).map(str.strip).filter(bool)
    # the quote (a blank line would end its passage) and the metadata fields are one line
    return text, text.map(lambda t: " ".join(t.split())).filter(bool)


text, line = texts(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), MARKUP)
# What the bundled PDF fonts can set: Latin, Greek, Cyrillic, Hebrew and Arabic, with combining marks after any
# character. CJK and emoji print as empty boxes: see the xfail test at the end.
print_text, print_line = texts(
    st.characters(max_codepoint=0x6FF, blacklist_categories=("Cs", "Cc")), [m for m in MARKUP if m != "👩\u200d🔬"]
)


def distinct(values: list[str]) -> bool:
    keys = [for_option(v) for v in values]
    return all(keys) and len(set(keys)) == len(keys)


@st.composite
def contents(draw: st.DrawFn, text: st.SearchStrategy[str] = text, line: st.SearchStrategy[str] = line) -> dict:
    """Every text field of the content, drawn independently."""
    fields = {
        name: draw(text)
        for name in ("title", "description", "name", "affiliation", "explanation", "stem", "q_explanation")
    }
    fields.update({name: draw(line) for name in ("seed_title", "author", "outlet", "type", "quote", "according")})
    fields["role"], *fields["role_distractors"] = draw(st.lists(text, min_size=4, max_size=4).filter(distinct))
    fields["answer"], *fields["distractors"] = draw(st.lists(text, min_size=4, max_size=4).filter(distinct))
    fields["attributed"] = draw(st.booleans())
    return fields


def write(root: Path, f: dict) -> Path:
    """A content folder: seed `s`, deck `d` with one figure fact asked by a template and by a hand-written question."""
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "s.txt").write_text(f"Heading\n\n{f['quote']}\n", encoding="utf-8")
    meta = {
        "title": f["seed_title"],
        "authors": [f["author"]],
        "cite_as": "Author",
        "outlet": f["outlet"],
        "date": "2024-01-02",
        "type": f["type"],
        "not_citable": [1],
    }
    dump = {"allow_unicode": True, "sort_keys": False, "width": 1_000_000}
    (root / "seeds" / "s.yaml").write_text(yaml.safe_dump(meta, **dump), encoding="utf-8")
    deck = root / "decks" / "d"
    deck.mkdir(parents=True)
    (deck / "deck.yaml").write_text(
        yaml.safe_dump({"title": f["title"], "description": f["description"]}, **dump), encoding="utf-8"
    )
    template = {
        "id": "figure-role",
        "kind": "figure",
        "stem": "Who is {name}?",
        "answer": "role",
        "distractors": "curated",
    }
    (deck / "templates.yaml").write_text(yaml.safe_dump({"templates": [template]}, **dump), encoding="utf-8")
    fact = {
        "id": "f",
        "kind": "figure",
        "name": f["name"],
        "role": f["role"],
        "affiliation": f["affiliation"],
        "tags": ["t"],
        "explanation": f["explanation"],
        "distractors": {"role": f["role_distractors"]},
        "source": {"seed": "s", "quote": f["quote"]},
        "questions": [
            {
                "id": "q",
                "stem": f["stem"],
                "answer": f["answer"],
                "distractors": f["distractors"],
                "explanation": f["q_explanation"],
            }
        ],
    }
    if f["attributed"]:
        fact["according_to"] = f["according"]
    (deck / "facts.yaml").write_text(yaml.safe_dump({"facts": [fact]}, **dump), encoding="utf-8")
    return root


def bank_of(tmp: Path, f: dict) -> Bank:
    content = load_content(write(tmp, f))
    assert not content.errors, [p.format() for p in content.errors]
    return content.bank(seed=3)


def upper_first(t: str) -> str:
    return t[:1].upper() + t[1:]


def check_bank(bank: Bank, f: dict) -> dict[str, Question]:
    """The loader and generator keep every text as written (options only capitalised, as for any deck)."""
    by_id = {q.id: q for q in bank.questions}
    assert set(by_id) == {"f/figure-role", "f/q/q"}
    asked, custom = by_id["f/figure-role"], by_id["f/q/q"]
    who = f"Who is {f['name']}?"
    assert asked.stem == (f"According to {f['according']}, w{who[1:]}" if f["attributed"] else who)
    assert sorted(asked.options) == sorted(upper_first(t) for t in [f["role"], *f["role_distractors"]])
    assert asked.correct == upper_first(f["role"]) and asked.explanation == f["explanation"]
    assert custom.stem == f["stem"] and custom.explanation == f["q_explanation"]
    assert sorted(custom.options) == sorted([f["answer"], *f["distractors"]]) and custom.correct == f["answer"]
    for q in (asked, custom):
        assert q.source.quote == f["quote"]
        paragraph = q.source.passage.split(":p")[1]
        assert q.source.citation == f"{f['author']}, {f['outlet']}, 2 Jan 2024, para. {paragraph}"
    assert bank.deck.title == f["title"] and bank.deck.description == f["description"]
    return by_id


def xml_safe(bank: Bank) -> bool:
    """Whether every text can be written as XML 1.0 (the deck's check refuses the rest already)."""
    return all(bad_character(t) is None for q in bank.questions for t in (q.stem, *q.options, q.explanation))


def examples(n: int) -> settings:
    """n examples per run, no deadline: each builds content on disk (and for print, a document)."""
    return settings(
        max_examples=n, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
    )


FAST = examples(25)


# --- JSON, terminal, Anki, CSV ---------------------------------------------------------------------------------


@FAST
@given(f=contents())
def test_text_survives_json_terminal_anki_and_csv(tmp_path_factory, f):
    bank = bank_of(tmp_path_factory.mktemp("c"), f)
    check_bank(bank, f)
    assert xml_safe(bank)

    data = json.loads(to_json(bank))
    assert data["questions"] == [question_dict(q) for q in bank.questions]
    assert (data["deck"]["title"], data["deck"]["description"]) == (f["title"], f["description"])

    for q in bank.questions:
        check_plain_terminal(q)
    check_anki(bank)
    check_csv(bank)


def check_plain_terminal(q: Question) -> None:
    from quizgen.study.session import run_session
    from quizgen.study.terminal import PlainUI

    out = io.StringIO()
    summary = run_session([q], PlainUI(io.StringIO("b\n"), out), seed=1)
    shown = summary.answers[0].question
    text = out.getvalue()
    assert f"Question 1/1\n{q.stem}\n" in text
    for letter, option in zip("abcd", shown.options, strict=True):
        assert f"  {letter}) {option}\n" in text
    assert f"{q.explanation}\n{quoted(q.source.quote)}\n\u2014 {q.source.citation}\n" in text
    assert summary.answers[0].chosen == 1


class _Choices(HTMLParser):
    """The option texts of an Anki Choices field, read as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "span" and self.depth:
            self.depth += 1  # the span around a backslash, inside the option's text
        elif tag == "span" and ("class", "text") in attrs:
            self.texts.append("")
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def check_anki(bank: Bank) -> None:
    from quizgen.outputs.anki import MC_FIELDS, apkg_bytes

    data = apkg_bytes(bank, bank.questions, timestamp=1_767_225_600)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        collection = archive.read("collection.anki2")
    db = sqlite3.connect(":memory:")
    db.deserialize(collection)
    notes = [row[0].split("\x1f") for row in db.execute("select flds from notes")]
    assert len(notes) == len(bank.questions)
    by_id = {q.id: q for q in bank.questions}
    for values in notes:
        assert len(values) == len(MC_FIELDS)  # no text added a field separator
        field = dict(zip(MC_FIELDS, values, strict=True))
        q = by_id[html.unescape(field["Id"])]
        cite = ('<div class="citation" dir="auto">', "</div>")  # each citation in an element of its own
        assert field["Citation"].startswith(cite[0]) and field["Citation"].endswith(cite[1])
        field["Citation"] = field["Citation"][len(cite[0]) : -len(cite[1])]
        for name, expected in (
            ("Stem", q.stem),
            ("A", q.options[0]),
            ("B", q.options[1]),
            ("C", q.options[2]),
            ("D", q.options[3]),
            ("Explanation", q.explanation),
            ("Quote", quoted(q.source.quote)),
            ("Citation", q.source.citation),
        ):
            text = field[name].replace('<span class="lit">\\</span>', "\\")  # a backslash kept from MathJax
            assert "<" not in text and html.unescape(text) == expected, name
        assert field["Answer"] == "ABCD"[q.answer]
        for name in ("Choices", "Revealed"):
            parser = _Choices()
            parser.feed(field[name])
            assert parser.texts == list(q.options), name


def check_csv(bank: Bank) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(bank).decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(bank.questions) + 1
    for q, row in zip(bank.questions, rows[1:], strict=True):
        got = dict(zip(COLUMNS, map(unneutralise, row), strict=True))
        assert [got["stem"], got["option_a"], got["option_b"], got["option_c"], got["option_d"]] == [q.stem, *q.options]
        assert (got["answer"], got["explanation"], got["quote"], got["citation"]) == (
            "ABCD"[q.answer],
            q.explanation,
            q.source.quote,
            q.source.citation,
        )


# --- LMS formats -----------------------------------------------------------------------------------------------


@FAST
@given(f=contents())
def test_text_survives_gift_moodle_xml_and_qti(tmp_path_factory, f):
    from lxml import etree

    bank = bank_of(tmp_path_factory.mktemp("c"), f)
    by_id = check_bank(bank, f)

    read, _ = moodle_questions(to_gift(bank).decode("utf-8"))
    assert sorted(r["idnumber"] for r in read) == sorted(by_id)
    for r in read:
        assert_same(r, by_id[r["idnumber"]])

    root = etree.fromstring(to_moodle_xml(bank))
    items = root.xpath("question[@type='multichoice']")
    assert len(items) == len(bank.questions)
    for item in items:
        q = by_id[item.findtext("idnumber")]
        assert html_to_text(item.findtext("questiontext/text")) == q.stem
        answers = item.findall("answer")
        assert [html_to_text(a.findtext("text")) for a in answers] == list(q.options)
        assert [a.get("fraction") for a in answers] == ["100" if i == q.answer else "0" for i in range(4)]
        assert item.findtext("generalfeedback/text") == feedback_html(q)

    with zipfile.ZipFile(io.BytesIO(to_qti(bank))) as archive:
        name = next(n for n in archive.namelist() if n.count("/") == 1 and not n.endswith("assessment_meta.xml"))
        root = etree.fromstring(archive.read(name))
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    items = root.xpath("//q:item", namespaces=ns)
    assert len(items) == len(bank.questions)
    for item in items:
        q = by_id[item.get("title")]
        texts = item.xpath("q:presentation//q:mattext/text()", namespaces=ns)
        assert [html_to_text(t) for t in texts] == [q.stem, *q.options]
        labels = item.xpath("q:presentation//q:response_label/@ident", namespaces=ns)
        assert item.xpath("string(.//q:varequal)", namespaces=ns) == labels[q.answer]
        assert item.xpath("string(q:itemfeedback//q:mattext)", namespaces=ns) == feedback_html(q)


# --- print --------------------------------------------------------------------------------------------------------

PRINT = examples(6)


@PRINT
@given(f=contents())
def test_text_survives_docx(tmp_path_factory, f):
    import docx

    from quizgen.outputs.printing import build_sheet, render
    from quizgen.outputs.printing.sheet import option_columns

    bank = bank_of(tmp_path_factory.mktemp("c"), f)
    check_bank(bank, f)
    sheet = build_sheet(bank, n=None, versions=1, seed=0, explanations=True)
    document = docx.Document(io.BytesIO(render(sheet, "docx")))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    paragraphs = [p.text for p in document.paragraphs] + cells
    for q in sheet.versions[0].questions:
        assert any(p.endswith("\t" + q.stem) for p in paragraphs), q.stem
        lettered = [f"{letter}.\t{option}" for letter, option in zip("ABCDE", q.options, strict=False)]
        columns = option_columns(q)  # short options share a line, tab-separated
        for start in range(0, len(lettered), columns):
            assert "\t".join(lettered[start : start + columns]) in paragraphs
        assert q.explanation in paragraphs and q.correct in paragraphs
    assert bank.deck.title in paragraphs


# Letters and digits, as PDF text extraction gives them back; everything else in the PDF is layout.
_WORD = set(string.ascii_letters + string.digits)
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _letters(t: str) -> str:
    """The Latin letters and digits of a text, compatibility-decomposed (a ligature is its letters, an accent is
    dropped from its letter), leaving out each character that has combining marks written after it: the PDF draws
    it right, but has its text only as the /ActualText of its glyphs, or twice (see `_pdf_text`)."""
    chars = list(t)
    for i, c in enumerate(t):
        if i and unicodedata.category(c) in ("Mn", "Me"):
            chars[i - 1] = " "
    return "".join(c for c in unicodedata.normalize("NFKD", "".join(chars)) if c in _WORD)


def _pdf_text(data: bytes) -> str:
    """The text of a PDF from typst as a reader copies it: each glyph's ToUnicode text, but the /ActualText of a
    marked span in place of the glyphs in it (PDF 32000-1, 14.9.4); a glyph with neither is U+FFFD.

    Not pypdf's extract_text, which ignores /ActualText and gives a glyph without ToUnicode text as its code. Where a
    character and a combining mark on it are drawn as two glyphs, typst often gives the mark no ToUnicode text and
    the pair as /ActualText: pypdf read a mark on ")" as ")\u0300\x18", and one on a space as "0" (glyph 0x30).
    Sometimes it gives both glyphs the text of the pair instead, and every reader, poppler's pdftotext too, reads an
    "A" with U+0339 below it twice: that is why `_letters` leaves such characters out.
    """
    import pypdf
    from pypdf.generic import ContentStream, DictionaryObject

    reader = pypdf.PdfReader(io.BytesIO(data))
    copied: list[str] = []
    for page in reader.pages:
        fonts = {name: _to_unicode(font.get_object()) for name, font in page["/Resources"].get("/Font", {}).items()}
        font: dict[bytes, str] = {}
        spans: list[str | None] = []  # the /ActualText of each marked span the content is in, or None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            replaced = any(text is not None for text in spans)
            if operator == b"Tf":
                font = fonts[operands[0]]
            elif operator in (b"BMC", b"BDC"):
                properties = operands[1] if operator == b"BDC" and isinstance(operands[1], DictionaryObject) else {}
                spans.append(properties.get("/ActualText"))
                if spans[-1] is not None and not replaced:
                    copied.append(str(spans[-1]))
            elif operator == b"EMC":
                spans.pop()
            elif operator in (b"Tj", b"TJ") and not replaced:
                for string in operands[0] if operator == b"TJ" else operands:
                    if isinstance(string, str | bytes):  # not a kerning number in a TJ array
                        codes = string.original_bytes  # two bytes a glyph: typst's fonts are Identity-H
                        copied.extend(font.get(codes[i : i + 2], "\ufffd") for i in range(0, len(codes), 2))
            else:
                assert operator not in (b"'", b'"'), "a text operator typst does not write"
    return "".join(copied)


def _to_unicode(font) -> dict[bytes, str]:
    """A typst font's glyph codes and their ToUnicode texts."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    assert font["/Encoding"] == "/Identity-H" and "bfrange" not in cmap, "not a font as typst writes it"
    pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S)))
    return {bytes.fromhex(code): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs}


@PRINT
@given(f=contents(print_text, print_line))
def test_text_survives_pdf(tmp_path_factory, f):
    """typst gets the texts as data, never as markup: the letters and digits of every text are printed, in order.
    Texts with right-to-left script are only typeset here: extraction gives them back in visual order, with
    neighbouring Latin words moved (tests/test_print_pdf.py checks Urdu on its own)."""
    from quizgen.outputs.printing import build_sheet, render

    bank = bank_of(tmp_path_factory.mktemp("c"), f)
    check_bank(bank, f)
    sheet = build_sheet(bank, n=None, versions=1, seed=0, explanations=True)
    texts = [t for q in sheet.versions[0].questions for t in (q.stem, *q.options, q.explanation)]
    printed = _letters(_pdf_text(render(sheet, "pdf")))
    for t in texts:
        # Letters and digits only, without the spaces and punctuation between them: fonts join "--" into one dash
        # glyph and break lines at hyphens, and extraction does not always give those back.
        if not _RTL.search(t):
            assert _letters(t) in printed, t


def _pdf_text_of_an_answer(tmp_path: Path, answer: str) -> str:
    import pypdf

    from quizgen.outputs.printing import build_sheet, render

    f = dict.fromkeys(
        (
            "title",
            "description",
            "name",
            "affiliation",
            "explanation",
            "stem",
            "q_explanation",
            "seed_title",
            "author",
            "outlet",
            "type",
            "quote",
            "according",
        ),
        "x",
    )
    f.update(role="r", role_distractors=["s", "t", "u"], answer=answer, distractors=["5", "6", "7"], attributed=False)
    sheet = build_sheet(bank_of(tmp_path, f), n=None, versions=1, seed=0)
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render(sheet, "pdf"))).pages)


def test_a_tab_in_a_text_still_separates_words_in_the_pdf(tmp_path):
    """The one loss the property test above cannot see, as it compares letters and digits only."""
    assert "12 34" in _pdf_text_of_an_answer(tmp_path, "12\t34")


def test_a_backslash_before_t_prints_as_typed_in_the_pdf(tmp_path):
    assert "C:\\temp" in _pdf_text_of_an_answer(tmp_path, "C:\\temp")


@pytest.mark.xfail(strict=True, reason="no bundled font has CJK or emoji glyphs: they print as empty boxes")
def test_chinese_and_emoji_print_in_the_pdf(tmp_path):
    assert "\x00" not in _pdf_text_of_an_answer(tmp_path, "中文 👩\u200d🔬")
