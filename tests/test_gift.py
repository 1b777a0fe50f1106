"""GIFT read back by two independent readers: gift-pegjs (a maintained PEG parser, run with node) and a
reader that follows Moodle's own import rules (qformat_gift::readquestion), on strings built to break escaping."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lms_fixtures import BANK, CATEGORY, COUNTS, COUNTS_BANK, QUESTIONS, URDU, html_to_text
from moodle_gift import assert_same, moodle_questions

from quizgen.model.models import Bank, Question
from quizgen.outputs.exporters.gift import escape, to_gift
from quizgen.outputs.exporters.lms import KIND_LABELS, feedback_html, question_name, to_html

PEGJS = Path(__file__).parent / "vendor" / "gift-pegjs" / "pegjs-gift.js"


def test_moodle_reads_every_question_back_exactly():
    questions, where = moodle_questions(to_gift(BANK).decode("utf-8"))
    assert len(questions) == len(QUESTIONS)
    by_id = {read["idnumber"]: read for read in questions}
    for q in QUESTIONS:
        assert_same(by_id[q.id], q)
        assert where[q.id] == f"{CATEGORY}/{KIND_LABELS[q.kind]}"


def test_feedback_carries_explanation_quote_and_citation():
    read = {r["idnumber"]: r for r in moodle_questions(to_gift(BANK).decode("utf-8"))[0]}
    nasty = QUESTIONS[0]
    general = read[nasty.id]["general"][1]
    assert to_html(nasty.explanation) in general and to_html(nasty.source.quote) in general
    assert to_html(nasty.source.citation) in general
    assert read["plain/number-value"]["general"][1] == f"<p>Source: {to_html(QUESTIONS[3].source.citation)}</p>"


_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[~=#{}:]")
_LINE = re.compile(r"::(.*?)::\[html\](.*)\{|\t(?:=|~|####)(.*)")


def test_every_special_character_is_escaped():
    assert escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert escape("a\nb\r\nc\rd") == "a\\nb\\nc\\nd"
    lines = to_gift(BANK).decode("utf-8").splitlines()
    checked = 0
    for line in lines:
        if not line or line.startswith(("//", "$CATEGORY: ")) or line == "}":
            continue
        match = _LINE.fullmatch(line)
        assert match, line
        # Outside the markup quizgen writes on purpose, no special character stands unescaped.
        for part in filter(None, match.groups()):
            assert not _UNESCAPED.search(part), line
            checked += 1
    assert checked == len(QUESTIONS) * 7  # name, stem, four options, feedback


def test_grouped_by_kind_with_one_category_each_and_a_header():
    gift = to_gift(BANK).decode("utf-8")
    assert gift.startswith("// Test deck -- with “quotes”, <angles> & dashes: 5 questions from quizgen")
    categories = re.findall(r"^\$CATEGORY: (.*)$", gift, re.M)
    assert categories == [f"{CATEGORY}/{k}" for k in ("Events", "Figures", "Positions", "Numbers")]
    names = re.findall(r"^::(.*?)::", gift, re.M)
    assert names == [
        r"""Which a \~ b \= c \# d \{ e \} f \: g \\ h < i & j " k ' l > m?""",
        "Plain second event question?",
        URDU + r"\: who is «" + URDU + "»?",
        r"$CATEGORY\: not a category second line // not a comment",
        r"What was the tariff, in percent, after the 2019 pact?",
    ]
    ids = re.findall(r"^// \[id:(.*?)\]", gift, re.M)
    assert ids == [
        "nasty-event/event-when",
        "second-event/event-what",
        "urdu-figure/figure-name",
        "multi-line/position-stance",
        "plain/number-value",
    ]
    assert to_gift(BANK) == to_gift(BANK)
    assert to_gift(BANK, QUESTIONS[:1]).decode().count("::") == 2


# Texts as content has them: no leading or trailing whitespace (Moodle trims it), anything inside.
_texts = st.text(st.sampled_from("~=#{}:\\<>&\"'%[]/-> \nabپاé–$"), min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None)
@given(
    stem=_texts,
    options=st.lists(_texts, min_size=4, max_size=4, unique=True),
    answer=st.integers(0, 3),
    explanation=_texts,
)
def test_any_text_round_trips_through_moodles_rules(stem, options, answer, explanation):
    q = Question("f/t", "f", "t", "event", stem, tuple(options), answer, explanation, (), QUESTIONS[0].source)
    bank = Bank(BANK.deck, (q,), {}, 0)
    (read,), _ = moodle_questions(to_gift(bank).decode("utf-8"))
    assert_same(read, q)


# --- gift-pegjs ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_gift_pegjs_parses_every_question_back_exactly():
    script = (
        "const p = require(process.argv[1]); let s = ''; process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify(p.parse(s))));"
    )
    out = subprocess.run(
        ["node", "-e", script, str(PEGJS)], input=to_gift(BANK), capture_output=True, check=True, timeout=60
    )
    parsed = json.loads(out.stdout)
    categories = [p["title"] for p in parsed if p["type"] == "Category"]
    assert categories == [f"{CATEGORY}/{k}" for k in ("Events", "Figures", "Positions", "Numbers")]
    questions = {p["title"]: p for p in parsed if p["type"] != "Category"}
    assert len(questions) == len(QUESTIONS)
    for q in QUESTIONS:
        read = questions[question_name(q)]
        assert read["type"] == "MC"
        assert read["stem"]["format"] == "html" and html_to_text(read["stem"]["text"]) == q.stem
        assert [html_to_text(c["text"]["text"]) for c in read["choices"]] == list(q.options)
        assert [c["isCorrect"] for c in read["choices"]] == [i == q.answer for i in range(4)]
        assert all(c["weight"] is None and c["feedback"] is None for c in read["choices"])
        assert read["globalFeedback"]["text"] == feedback_html(q)


# --- option counts and true/false ------------------------------------------------------------------------------------


def test_moodle_reads_two_three_and_five_options_and_true_false_statements():
    gift = to_gift(COUNTS_BANK).decode("utf-8")
    by_id = {read["idnumber"]: read for read in moodle_questions(gift)[0]}
    assert sorted(by_id) == sorted(q.id for q in COUNTS)
    for q in COUNTS:
        assert_same(by_id[q.id], q)
    assert "{\n\tT\n\t####" in gift and "{\n\tF\n\t####" in gift  # GIFT's own true/false answers


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_gift_pegjs_reads_option_counts_and_true_false():
    script = (
        "const p = require(process.argv[1]); let s = ''; process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify(p.parse(s))));"
    )
    out = subprocess.run(
        ["node", "-e", script, str(PEGJS)], input=to_gift(COUNTS_BANK), capture_output=True, check=True, timeout=60
    )
    read = {p["title"]: p for p in json.loads(out.stdout) if p["type"] != "Category"}
    for q in COUNTS:
        got = read[question_name(q)]
        assert html_to_text(got["stem"]["text"]) == q.stem
        if q.true_false:
            assert got["type"] == "TF" and got["isTrue"] == (q.answer == 0)
            assert got["globalFeedback"]["text"] == feedback_html(q)
        else:
            assert got["type"] == "MC"
            assert [html_to_text(c["text"]["text"]) for c in got["choices"]] == list(q.options)
            assert [c["isCorrect"] for c in got["choices"]] == [i == q.answer for i in range(len(q.options))]
