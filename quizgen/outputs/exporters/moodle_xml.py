"""Moodle XML: `multichoice` questions with one correct answer, shuffled answers, and a category per kind; a
true/false statement is Moodle's `truefalse` question.

Each question is named by the start of its stem, carries its quizgen id as `idnumber` (so a re-import can be matched
back) and tags for its kind, source and topics (for tag-filtered random quizzes). Categories are named by the quiz.

Texts are HTML (`format="html"`) escaped once more by the XML writer, so `<b>` in a stem reaches Moodle as
`&amp;lt;b&amp;gt;` and displays as typed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ...model.models import Bank, Question
from .lms import (
    by_kind,
    category_path,
    check_options,
    check_xml,
    feedback_html,
    question_name,
    quiz_title,
    tags,
    to_html,
)


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    """`<tag format="html"><text>...</text></tag>`, Moodle's shape for every text field."""
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _category(title: str, kind: str) -> ET.Element:
    question = ET.Element("question", {"type": "category"})
    category = ET.SubElement(question, "category")
    ET.SubElement(category, "text").text = category_path(title, kind)
    return question


def question_element(q: Question) -> ET.Element:
    """One `<question type="multichoice">`: fraction 100 for the answer, 0 for the distractors (`truefalse` for a
    true/false statement)."""
    check_options(q)
    check_xml(q)
    question = ET.Element("question", {"type": "truefalse" if q.true_false else "multichoice"})
    _text(question, "name", question_name(q), None)
    _text(question, "questiontext", to_html(q.stem))
    _text(question, "generalfeedback", feedback_html(q))
    if q.true_false:
        return _true_false(question, q)
    for tag, value in (
        ("defaultgrade", "1"),
        ("penalty", "0.3333333"),
        ("hidden", "0"),
        ("single", "true"),
        ("shuffleanswers", "0" if q.ordered else "1"),  # dates and numbers stay in ascending order
        ("answernumbering", "ABCD"),  # Moodle's name for capital letters, however many options
    ):
        ET.SubElement(question, tag).text = value
    for i, option in enumerate(q.options):
        answer = ET.SubElement(question, "answer", {"fraction": "100" if i == q.answer else "0", "format": "html"})
        ET.SubElement(answer, "text").text = to_html(option)
        _text(answer, "feedback", "")
    return _id_and_tags(question, q)


def _true_false(question: ET.Element, q: Question) -> ET.Element:
    """Moodle's truefalse body: answers `true` and `false` (its own words, shown in the learner's language)."""
    for tag, value in (("defaultgrade", "1"), ("penalty", "1"), ("hidden", "0")):
        ET.SubElement(question, tag).text = value
    for i, word in enumerate(("true", "false")):
        answer = ET.SubElement(
            question, "answer", {"fraction": "100" if i == q.answer else "0", "format": "moodle_auto_format"}
        )
        ET.SubElement(answer, "text").text = word
        _text(answer, "feedback", "")
    return _id_and_tags(question, q)


def _id_and_tags(question: ET.Element, q: Question) -> ET.Element:
    ET.SubElement(question, "idnumber").text = q.id
    listed = ET.SubElement(question, "tags")
    for tag in tags(q):
        ET.SubElement(ET.SubElement(listed, "tag"), "text").text = tag
    return question


def to_moodle_xml(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a Moodle XML question file (Question bank → Import → Moodle XML format)."""
    questions = bank.questions if questions is None else questions
    quiz = ET.Element("quiz")
    name = quiz_title(bank, title)
    shown = name.replace("-", "\u2010")  # `--` may not appear inside a comment
    quiz.append(ET.Comment(f" {shown}: {len(questions)} questions from quizgen, option order seed {bank.seed} "))
    for kind, group in by_kind(questions):
        quiz.append(_category(name, kind))
        quiz.extend([question_element(q) for q in group])
    ET.indent(quiz)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8", xml_declaration=False) + b"\n"
    )
