"""Every character class some output gives meaning to, through every export format and both Anki note types,
read back by the real consumer (or the rules it follows) as exactly the text the deck holds.

Classes: HTML, Anki's media/LaTeX/MathJax/cloze markup, GIFT's specials, CSV formula starts, what breaks XML,
the control characters a deck may hold (tab, newline), right-to-left text and marks. Questions are built in memory,
so each example is quick; test_properties.py runs the same formats from content written to disk.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lms_fixtures import html_to_text
from lxml import etree
from moodle_gift import assert_same, moodle_questions

from quizgen.errors import QuizgenError
from quizgen.model.dates import parse_date
from quizgen.model.models import Bank, Deck, Question, Quote, Quoted
from quizgen.model.textnorm import quoted
from quizgen.outputs.exporters import render
from quizgen.outputs.exporters.csv_export import COLUMNS, row, unneutralise
from quizgen.outputs.exporters.lms import feedback_html, question_name, quiz_title, tags

CLASSES = {
    "html": ["<b>x</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "&#65;", "<", "&"],
    "anki": [
        "[sound:x.mp3]",
        "[latex]\\input{/etc/passwd}[/latex]",
        "[$]x^2[/$]",
        "[$$]y[/$$]",
        "\\(a\\)",
        "\\[b\\]",
        "{{c1::x}}",
        "{{Stem}}",
        "[anki:play:q:0]",
    ],  # fmt: skip
    "gift": [*"~=#{}:\\", "%50%", "[html]", "::", "->", "####", "\\n", "$CATEGORY:", "//"],
    "csv": ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "'=x", ",", '"', "April 2025", "19%"],
    "xml": ["]]>", "<!--", "-->", "<!DOCTYPE x>", "&e;", "<?xml version='1.0'?>", "\u2028"],
    "control": ["\t", "\n"],
    "rtl": ["\u200f", "\u200e", "\u202b", "\u202e", "\u2066", "عُزیر یُونس", "שלום"],
}
PIECES = [piece for pieces in CLASSES.values() for piece in pieces]

# Texts as the loader keeps them: outer whitespace stripped, never empty.
text = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.text("ab ", min_size=1, max_size=3)), min_size=1, max_size=6)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    """A deck titled with special characters, holding two questions whose every text is drawn from CLASSES."""
    questions = []
    for qid, kind in (("p/one", "event"), ("q/two", "position")):
        source = Quote("s-2024", "s-2024:p7", draw(text), draw(text))
        options = tuple(draw(st.lists(text, min_size=4, max_size=4, unique=True)))
        fields = (draw(text), options, draw(st.integers(0, 3)), draw(text), ("t1", "t2"), source)
        questions.append(Question(qid, qid.split("/")[0], qid.split("/")[1], kind, *fields))
    return Bank(Deck("d", draw(text), draw(text), (), ()), tuple(questions), {}, 0)


# --- the LMS formats, JSON, CSV and xlsx ---------------------------------------------------------------------------


@EXAMPLES
@given(bank=banks())
def test_json_csv_and_xlsx_read_back_exactly(bank):
    data = json.loads(render("json", bank, bank.questions))
    assert tuple(_question_from(q) for q in data["questions"]) == bank.questions

    rows = list(csv.reader(io.StringIO(render("csv", bank, bank.questions).decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    assert [[unneutralise(cell) for cell in r] for r in rows[1:]] == [row(q) for q in bank.questions]
    for cell in (cell for r in rows for cell in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell  # no spreadsheet runs it

    sheet = openpyxl.load_workbook(io.BytesIO(render("xlsx", bank, bank.questions))).active
    cells = [[c.value if c.value is not None else "" for c in line] for line in sheet.iter_rows(min_row=2)]
    assert cells == [row(q) for q in bank.questions]
    assert {c.data_type for line in sheet.iter_rows(min_row=2) for c in line if c.value} == {"s"}


def _question_from(data):
    """The Question a JSON export's entry describes: what a consumer reading the export gets back."""
    return Question(
        data["id"],
        data["fact"],
        data.get("template", ""),
        data["kind"],
        data["stem"],
        tuple(data["options"]),
        data["answer"],
        data["explanation"],
        tuple(data["tags"]),
        _quote_from(data["source"]),
        data.get("level", "recall"),
        tuple(_quote_from(q) for q in data.get("see_also", ())),
        data.get("ordered", False),
    )


def _quote_from(data):
    quoted = data.get("quoted")
    if quoted is not None:
        quoted = Quoted(quoted["by"], quoted["kind"], parse_date(quoted["date"]) if quoted.get("date") else None)
    return Quote(data["seed"], data["passage"], data["quote"], data["citation"], quoted)


@EXAMPLES
@given(bank=banks(), title=text)
def test_gift_reads_back_by_moodles_rules(bank, title):
    read, where = moodle_questions(render("gift", bank, bank.questions, title=title).decode("utf-8"))
    assert [r["idnumber"] for r in read] == [q.id for q in bank.questions]
    for r, q in zip(read, bank.questions, strict=True):
        assert_same(r, q)
    # The reader undoes `\\` in a category as Moodle does, the only escape quizgen writes there.
    assert {_moodle_category(path) for path in where.values()} == {quiz_title(bank, title)}


def _moodle_category(path: str) -> str:
    """The quiz's category name as Moodle reads a path (qformat_default::split_category_path)."""
    names = [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]
    assert names[:2] == ["$course$", "top"] and len(names) == 4, names
    return names[2]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@settings(max_examples=10, deadline=None)
@given(bank=banks())
def test_gift_pegjs_reads_back_exactly(bank):
    script = (
        "const p = require(process.argv[1]); let s = ''; process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify(p.parse(s))));"
    )
    pegjs = Path(__file__).parent / "vendor" / "gift-pegjs" / "pegjs-gift.js"
    data = render("gift", bank, bank.questions)
    out = subprocess.run(["node", "-e", script, str(pegjs)], input=data, capture_output=True, check=True, timeout=60)
    read = [p for p in json.loads(out.stdout) if p["type"] == "MC"]
    for r, q in zip(read, bank.questions, strict=True):
        assert html_to_text(r["stem"]["text"]) == q.stem
        assert [html_to_text(c["text"]["text"]) for c in r["choices"]] == list(q.options)
        assert [c["isCorrect"] for c in r["choices"]] == [i == q.answer for i in range(4)]
        assert r["globalFeedback"]["text"] == feedback_html(q)


@EXAMPLES
@given(bank=banks(), title=text)
def test_moodle_xml_and_qti_read_back_exactly(bank, title):
    strict = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    quiz = etree.fromstring(render("moodle-xml", bank, bank.questions, title=title), strict)
    assert {_moodle_category(c) for c in quiz.xpath("question/category/text/text()")} == {quiz_title(bank, title)}
    items = quiz.findall("question[@type='multichoice']")
    for item, q in zip(items, bank.questions, strict=True):
        assert (item.findtext("idnumber"), item.findtext("name/text")) == (q.id, question_name(q))
        assert item.xpath("tags/tag/text/text()") == tags(q)
        assert html_to_text(item.findtext("questiontext/text")) == q.stem
        assert [html_to_text(a.findtext("text")) for a in item.findall("answer")] == list(q.options)
        assert item.findtext("generalfeedback/text") == feedback_html(q)

    with zipfile.ZipFile(io.BytesIO(render("qti", bank, bank.questions, title=title))) as archive:
        files = {name: etree.fromstring(archive.read(name), strict) for name in archive.namelist()}
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    (assessment,) = [x for name, x in files.items() if name.count("/") == 1 and not name.endswith("_meta.xml")]
    assert assessment.xpath("q:assessment/@title", namespaces=ns) == [quiz_title(bank, title)]
    for item, q in zip(assessment.xpath("//q:item", namespaces=ns), bank.questions, strict=True):
        texts = [html_to_text(t) for t in item.xpath(".//q:mattext/text()", namespaces=ns)]
        assert texts[:5] == [q.stem, *q.options]
        assert texts[5] == html_to_text(feedback_html(q))


@pytest.mark.parametrize("fmt", ["moodle-xml", "qti", "xlsx"])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0b", "\ufffe"])
def test_a_character_xml_cannot_carry_is_refused_by_name(fmt, char):
    bank = Bank(Deck("d", "T", "D", (), ()), (), {}, 0)
    q = Question(
        "p/one", "p", "one", "event", f"bad {char} stem", ("a", "b", "c", "d"), 0, "", (), Quote("s", "s:p1", "q", "c")
    )
    with pytest.raises(QuizgenError, match=rf"question p/one: character U\+{ord(char):04X} cannot be written to XML"):
        render(fmt, replace(bank, questions=(q,)), (q,))


# --- Anki -----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    from anki.collection import Collection

    folder = tmp_path_factory.mktemp("anki")
    col = Collection(str(folder / "collection.anki2"))
    yield col, folder
    col.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bank=banks(), style=st.sampled_from(["mc", "recall"]))
def test_anki_cards_show_every_field_literally(collection, bank, style):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from quizgen.outputs.anki import apkg_bytes, recall_stem

    col, folder = collection
    col.remove_notes(col.find_notes(""))
    path = folder / "p.apkg"
    path.write_bytes(apkg_bytes(bank, bank.questions, timestamp=1_767_225_600, style=style))
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    col.import_anki_package(request)
    notes = {col.get_note(n)["Id"]: col.get_note(n) for n in col.find_notes("")}
    assert set(notes) == {q.id for q in bank.questions}
    for q in bank.questions:
        (card,) = notes[q.id].cards()
        rendered = card.render_output()
        assert rendered.question_av_tags == [] and rendered.answer_av_tags == []
        back = lxml.html.fromstring(card.answer())
        stem = q.stem if style == "mc" else recall_stem(q.stem)
        assert back.xpath("string(//div[@class='stem'])") == stem
        assert lxml.html.fromstring(card.question()).xpath("string(//div[@class='stem'])") == stem
        assert back.xpath("string(//div[@class='explanation'])") == q.explanation
        assert back.xpath("string(//blockquote)") == quoted(q.source.quote)
        assert back.xpath("string(//div[@class='citation'])") == q.source.citation
        if style == "mc":
            assert [li.xpath("string(span[@class='text'])") for li in back.xpath("//li")] == list(q.options)
        else:
            assert back.xpath("string(//div[@class='answer'])") == q.correct
        for side in (card.question(), card.answer()):
            assert "<script" not in side and "<img" not in side and "[anki:" not in side
            runs = re.split(r"<[^>]*>", side)  # MathJax and Anki look within a run of text
            assert not any(m in run for run in runs for m in ("\\(", "\\[", "\\)", "\\]", "[sound:", "{{")), side
        assert len(col.decks.name(card.did).split("::")) == 2  # the title's deck, then the kind's subdeck
    assert len({col.decks.name(notes[q.id].cards()[0].did).split("::")[0] for q in bank.questions}) == 1
