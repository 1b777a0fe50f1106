"""One citation, worded by models.cite, reaches every output: terminal feedback, Anki, printed keys, every export.

Material quoted inside a text is cited as its own source and where it appears; the quotes of a hand-written
question's see_also facts are shown and cited with its own.
"""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from conftest import FACTS, write_content

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters
from quizgen.model.dates import PartialDate
from quizgen.model.models import Quoted, cite
from quizgen.outputs.anki import citation_field, mc_fields, recall_fields
from quizgen.outputs.exporters.csv_export import to_csv
from quizgen.outputs.exporters.gift import to_gift
from quizgen.outputs.exporters.json_export import to_json
from quizgen.outputs.exporters.moodle_xml import to_moodle_xml
from quizgen.outputs.exporters.qti import to_qti
from quizgen.outputs.printing import build_sheet, render
from quizgen.outputs.printing.pdf import sheet_json
from quizgen.study.session import Answer
from quizgen.study.terminal import feedback_lines

NOW = datetime(2026, 1, 1, tzinfo=UTC)
WHERE = "Riaz Haq, Haq's Musings (blog), 28 Jul 2025"


def test_cite_words_the_text_the_paragraph_and_whose_words_they_are():
    assert cite(WHERE, 4) == "Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 4"
    wsj = Quoted("Wall Street Journal", "report", PartialDate(2025, 7, 30))
    assert cite(WHERE, 107, wsj) == (
        "Wall Street Journal (report, 30 Jul 2025), quoted in Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 107"
    )
    assert cite(WHERE, 90, Quoted("Bloomberg", "report")) == (
        "Bloomberg (report), quoted in Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 90"
    )
    assert cite(WHERE, 120, Quoted("Anonymous", "comment", PartialDate(2025, 7, 30))) == (
        "Comment by Anonymous (30 Jul 2025) on Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 120"
    )
    assert cite(WHERE, 120, Quoted("Anonymous", "comment")) == (
        "Comment by Anonymous on Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 120"
    )


SMITH = "Test Wire (report, 2 Mar 2024), quoted in Ann Author, Test Times, 3 Mar 2024, para. 4"
PARK = "Ann Author, Test Times, 3 Mar 2024, para. 7"
JONES = "Ann Author, Test Times, 3 Mar 2024, para. 6"
PARK_QUOTE = "The central bank governor, Di Park, warned"

QUOTED_FACTS = FACTS.replace(
    '    source: {seed: test-2024, quote: "Minister Bo Smith said the aid"}',
    '    source:\n      seed: test-2024\n      quote: "Minister Bo Smith said the aid"\n'
    '      quoted: {by: Test Wire, kind: report, date: "2024-03-02"}',
).replace(
    "    skip: [position-holder]\n",
    """    skip: [position-holder]
    questions:
      - id: compare
        level: comparison
        see_also: [park]
        stem: "How does Jones's view of the pact differ from Park's warning?"
        answer: "Jones faults the pact; Park warns about reserves"
        distractors: ["Both praise the pact", "Both warn about reserves", "Both fault the pact"]
""",
)


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_content(write_content(tmp_path_factory.mktemp("cite"), QUOTED_FACTS)).bank(seed=0)


def _pick(bank, qid):
    return next(q for q in bank.questions if q.id == qid)


def test_the_loader_stores_the_whole_citation(bank):
    assert _pick(bank, "smith/figure-role").source.citation == SMITH
    compare = _pick(bank, "jones-pact/q/compare")
    assert [s.citation for s in compare.sources] == [JONES, PARK]


def test_terminal_feedback(bank):
    for qid, shown in (("smith/figure-role", [SMITH]), ("jones-pact/q/compare", [JONES, PARK])):
        q = _pick(bank, qid)
        lines = ["".join(text for _, text in line) for line in feedback_lines(Answer(q, q.answer, True, 1.0, NOW))]
        assert [line[2:] for line in lines if line.startswith("\u2014 ")] == shown
    assert f"\u201c{PARK_QUOTE}\u201d" in lines


def test_anki_fields(bank):
    smith = _pick(bank, "smith/figure-role")
    cite = '<div class="citation" dir="auto">{}</div>'
    assert mc_fields(smith)[9] == recall_fields(smith)[5] == cite.format(html.escape(SMITH))
    compare = _pick(bank, "jones-pact/q/compare")
    assert citation_field(compare) == (
        cite.format(html.escape(JONES))
        + f'<blockquote class="quote" dir="auto">\u201c{html.escape(PARK_QUOTE)}\u201d</blockquote>'
        + cite.format(html.escape(PARK))
    )


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_printed_keys(bank, fmt):
    sheet = build_sheet(bank, Filters(), n=None, versions=1, explanations=True)
    if fmt == "docx":
        text = _docx_text(render(sheet, fmt))
    elif fmt == "pdf":
        text = sheet_json(sheet)  # what the typst template prints as "Source: ..." (test_print_pdf reads PDFs)
    else:
        text = html.unescape(render(sheet, fmt).decode("utf-8")).replace("\\", "")
    assert SMITH in text
    assert "Ann Author, Test Times, 3 Mar 2024, paras. 6\u20137" in text  # JONES (para. 6) and PARK (para. 7)


def test_json_export(bank):
    data = {q["id"]: q for q in json.loads(to_json(bank))["questions"]}
    assert data["smith/figure-role"]["source"]["citation"] == SMITH
    assert data["smith/figure-role"]["source"]["quoted"] == {"by": "Test Wire", "kind": "report", "date": "2024-03-02"}
    assert [(s["quote"], s["citation"]) for s in data["jones-pact/q/compare"]["see_also"]] == [(PARK_QUOTE, PARK)]


def test_csv_export(bank):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(bank).decode("utf-8-sig"), newline=""))}
    assert rows["smith/figure-role"]["citation"] == SMITH and rows["smith/figure-role"]["see_also"] == ""
    assert rows["jones-pact/q/compare"]["see_also"] == f"\u201c{PARK_QUOTE}\u201d \u2014 {PARK}"


@pytest.mark.parametrize("export", [to_gift, to_moodle_xml, to_qti])
def test_lms_feedback(bank, export):
    data = export(bank)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = b"".join(z.read(name) for name in z.namelist())
    # Each format escapes in its own way (GIFT backslashes, XML entities twice over): compare the plain text.
    text = html.unescape(html.unescape(data.decode("utf-8"))).replace("\\", "")
    assert f"Source: {SMITH}" in text
    assert f"Source: {JONES}" in text and f"<blockquote>{PARK_QUOTE}</blockquote>" in text and f"Source: {PARK}" in text
