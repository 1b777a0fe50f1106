"""Moodle XML parsed back with lxml: the shape Moodle's importer reads, one fraction=100 answer per question,
every text intact after XML and HTML unescaping."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lms_fixtures import BANK, CATEGORY, COUNTS, COUNTS_BANK, QUESTIONS, html_to_text
from lxml import etree

from quizgen.errors import QuizgenError
from quizgen.model.models import Bank
from quizgen.outputs.exporters.lms import KIND_LABELS, feedback_html
from quizgen.outputs.exporters.moodle_xml import to_moodle_xml

# Element order as Moodle's own export writes a multichoice question; the importer reads them by name.
MULTICHOICE = [
    "name",
    "questiontext",
    "generalfeedback",
    "defaultgrade",
    "penalty",
    "hidden",
    "single",
    "shuffleanswers",
    "answernumbering",
    "answer",
    "answer",
    "answer",
    "answer",
    "idnumber",
    "tags",
]


@pytest.fixture(scope="module")
def quiz():
    return etree.fromstring(to_moodle_xml(BANK))


def test_declares_utf8_and_parses_strictly():
    data = to_moodle_xml(BANK)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=False))
    assert root.tag == "quiz"
    assert data == to_moodle_xml(BANK)


def test_structure_of_each_multichoice_question(quiz):
    questions = quiz.findall("question[@type='multichoice']")
    assert len(questions) == len(QUESTIONS)
    for question in questions:
        assert [child.tag for child in question] == MULTICHOICE
        for tag in ("name", "questiontext", "generalfeedback"):
            assert len(question.findall(f"{tag}/text")) == 1
        assert question.find("questiontext").get("format") == "html"
        assert question.find("generalfeedback").get("format") == "html"
        assert question.findtext("single") == "true" and question.findtext("shuffleanswers") == "1"
        assert question.findtext("defaultgrade") == "1"
        for answer in question.findall("answer"):
            assert answer.get("format") == "html" and answer.find("feedback").get("format") == "html"


def test_exactly_one_correct_answer_and_text_intact(quiz):
    by_id = {q.findtext("idnumber"): q for q in quiz.findall("question[@type='multichoice']")}
    for q in QUESTIONS:
        question = by_id[q.id]
        assert html_to_text(question.findtext("questiontext/text")) == q.stem
        answers = question.findall("answer")
        assert [a.get("fraction") for a in answers] == ["100" if i == q.answer else "0" for i in range(4)]
        assert [html_to_text(a.findtext("text")) for a in answers] == list(q.options)
        assert question.findtext("generalfeedback/text") == feedback_html(q)


def test_html_is_escaped_inside_xml():
    data = to_moodle_xml(BANK).decode("utf-8")
    # `<i & j` in a stem is HTML-escaped (&lt; &amp;) and then XML-escaped again.
    assert "h &amp;lt; i &amp;amp; j" in data
    assert "<b>" not in data and "&amp;lt;b&amp;gt;not bold" in data
    assert "پاکستان اور امریکہ" in data  # UTF-8 as is, not character references


def test_one_category_per_kind_before_its_questions(quiz):
    current, seen = None, []
    for question in quiz.findall("question"):
        if question.get("type") == "category":
            current = question.findtext("category/text")
            seen.append(current)
            continue
        q = next(q for q in QUESTIONS if q.id == question.findtext("idnumber"))
        assert current == f"{CATEGORY}/{KIND_LABELS[q.kind]}"
    assert seen == [f"{CATEGORY}/{k}" for k in ("Events", "Figures", "Positions", "Numbers")]


def test_readable_names_ids_and_tags(quiz):
    questions = quiz.findall("question[@type='multichoice']")
    assert [(q.findtext("name/text"), q.findtext("idnumber")) for q in questions[:2]] == [
        ("Which a ~ b = c # d { e } f : g \\ h < i & j \" k ' l > m?", "nasty-event/event-when"),
        ("Plain second event question?", "second-event/event-what"),
    ]
    assert questions[0].xpath("tags/tag/text/text()") == [
        "kind:event",
        "source:test-2024",
        "topic:tag-a",
        "topic:tag-b",
    ]


def test_the_title_names_the_category_and_a_long_stem_is_cut_at_a_word():
    long = replace(QUESTIONS[4], stem="When did " + "very " * 30 + "long things happen?")
    quiz = etree.fromstring(to_moodle_xml(Bank(BANK.deck, (long,), {}, 0), title="Unit 4 / part 2"))
    assert quiz.findtext("question/category/text") == "$course$/top/Unit 4 // part 2/Events"
    name = quiz.findtext("question[@type='multichoice']/name/text")
    assert name == "When did " + "very " * 13 + "very\u2026"
    assert len(name) <= 80


def test_a_character_xml_cannot_carry_is_a_user_error():
    bad = replace(QUESTIONS[4], stem="bell \x07 here?")
    with pytest.raises(QuizgenError, match=r"question second-event/event-what: character U\+0007"):
        to_moodle_xml(Bank(BANK.deck, (bad,), {}, 0))


# --- option counts and true/false ------------------------------------------------------------------------------------

TRUEFALSE = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "answer", "answer"]


def test_option_counts_and_moodles_truefalse_type():
    quiz = etree.fromstring(to_moodle_xml(COUNTS_BANK))
    by_id = {q.findtext("idnumber"): q for q in quiz.findall("question") if q.get("type") != "category"}
    for q in COUNTS:
        question = by_id[q.id]
        assert html_to_text(question.findtext("questiontext/text")) == q.stem
        assert question.findtext("generalfeedback/text") == feedback_html(q)
        answers = question.findall("answer")
        assert [a.get("fraction") for a in answers] == ["100" if i == q.answer else "0" for i in range(len(q.options))]
        if q.true_false:
            # Moodle's importer (import_truefalse) takes the answer texts `true` and `false` and their fractions.
            assert question.get("type") == "truefalse"
            assert [child.tag for child in question][: len(TRUEFALSE)] == TRUEFALSE
            assert [a.findtext("text") for a in answers] == ["true", "false"]
        else:
            assert question.get("type") == "multichoice"
            assert [html_to_text(a.findtext("text")) for a in answers] == list(q.options)
            assert question.findtext("answernumbering") == "ABCD"  # Moodle's setting for capital letters
        assert question.xpath("tags/tag/text/text()")[0] == f"kind:{q.kind}"
