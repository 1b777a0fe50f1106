"""The Canvas QTI 1.2 zip: manifest resources resolve, one item per question worth one point, exactly one
correct choice, texts intact, element order as the QTI 1.2 ASI information model prescribes.

No QTI 1.2 XSD is available offline, so the content models of the elements quizgen writes are checked here
against the ASI binding (ims_qtiasiv1p2p1): each element's children must match its DTD-style sequence.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from lms_fixtures import BANK, COUNTS, COUNTS_BANK, QUESTIONS, html_to_text
from lxml import etree

from quizgen.model.models import Bank
from quizgen.outputs.exporters.lms import feedback_html
from quizgen.outputs.exporters.qti import assessment_id, ident, to_qti

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"

# QTI 1.2 ASI content models of the elements written (only the alternatives quizgen can use are listed).
CONTENT = {
    "questestinterop": r"(qticomment )?(assessment )",
    "assessment": r"(qticomment )?(duration )?(qtimetadata )*(objectives )*(assessmentcontrol )*(rubric )*"
    r"(presentation_material )?(outcomes_processing )*(assessproc_extension )?(assessfeedback )*"
    r"(selection_ordering )?(reference )?((sectionref|section) )+",
    "section": r"(qticomment )?(duration )?(qtimetadata )*(objectives )*(sectioncontrol )*(sectionprecondition )*"
    r"(sectionpostcondition )*(rubric )*(presentation_material )?(outcomes_processing )*"
    r"(sectionproc_extension )?(sectionfeedback )*(selection_ordering )?(reference )?"
    r"((itemref|item|sectionref|section) )*",
    "item": r"(qticomment )?(duration )?(itemmetadata )?(objectives )*(itemcontrol )*(itemprecondition )*"
    r"(itempostcondition )*((itemrubric|rubric) )*(presentation )?(resprocessing )*"
    r"(itemproc_extension )?(itemfeedback )*(reference )?",
    "itemmetadata": r"(qtimetadata )*",
    "qtimetadata": r"(vocabulary )?(qtimetadatafield )+",
    "qtimetadatafield": r"(fieldlabel )(fieldentry )",
    "presentation": r"(qticomment )?((material|response_lid|flow) )+",
    "material": r"(qticomment )?((mattext|matemtext|matimage) )+",
    "response_lid": r"(material )?(render_choice )(material )?",
    "render_choice": r"((material|response_label) )*",
    "response_label": r"((material|flow_mat) )*",
    "resprocessing": r"(qticomment )?(outcomes )(respcondition )+(itemproc_extension )?",
    "outcomes": r"(qticomment )?(decvar )+(interpretvar )*",
    "respcondition": r"(qticomment )?(conditionvar )((setvar|displayfeedback|respcond_extension) )*",
    "conditionvar": r"((not|and|or|unanswered|other|varequal) )+",
    "itemfeedback": r"((flow_mat|material|solution|hint) )+",
    "flow_mat": r"(qticomment )?((flow_mat|material) )+",
}
REQUIRED = {
    "assessment": {"ident", "title"},
    "section": {"ident"},
    "item": {"ident"},
    "response_lid": {"ident"},
    "response_label": {"ident"},
    "varequal": {"respident"},
    "setvar": {"varname", "action"},
    "decvar": {"varname", "vartype"},
    "itemfeedback": {"ident"},
    "displayfeedback": {"linkrefid"},
}


@pytest.fixture(scope="module")
def package():
    with zipfile.ZipFile(io.BytesIO(to_qti(BANK))) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _assessment(package):
    aid = assessment_id(BANK, QUESTIONS)
    return etree.fromstring(package[f"{aid}/{aid}.xml"])


def test_zip_layout_and_manifest(package):
    aid = assessment_id(BANK, QUESTIONS)
    assert sorted(package) == sorted(["imsmanifest.xml", f"{aid}/{aid}.xml", f"{aid}/assessment_meta.xml"])
    manifest = etree.fromstring(package["imsmanifest.xml"])
    assert manifest.tag == f"{CP}manifest"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    quiz = resources[aid]
    assert quiz.get("type") == "imsqti_xmlv1p2"
    hrefs = [f.get("href") for r in resources.values() for f in r.iter(f"{CP}file")]
    assert all(href in package for href in hrefs) and len(hrefs) == 2
    (dependency,) = quiz.iter(f"{CP}dependency")
    meta = resources[dependency.get("identifierref")]
    # Canvas finds the quiz settings as <assessment id>/assessment_meta.xml of a learning-application-resource.
    assert meta.get("type").endswith("learning-application-resource")
    assert meta.get("href") == f"{aid}/assessment_meta.xml"


def test_one_item_per_question_one_point_each(package):
    root = _assessment(package)
    items = list(root.iter(f"{QTI}item"))
    assert len(items) == len(QUESTIONS)
    assert [i.get("ident") for i in items] == [ident(q.id) for q in QUESTIONS]
    assert len({i.get("ident") for i in items}) == len(items)
    for item in items:
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")
        }
        assert fields["question_type"] == "multiple_choice_question"
        assert fields["cc_profile"] == "cc.multiple_choice.v0p1"
        assert float(fields["points_possible"]) == 1.0
        labels = [label.get("ident") for label in item.iter(f"{QTI}response_label")]
        assert fields["original_answer_ids"].split(",") == labels
    meta = etree.fromstring(package[f"{assessment_id(BANK, QUESTIONS)}/assessment_meta.xml"])
    assert meta.findtext(f"{CANVAS}points_possible") == f"{len(QUESTIONS)}.0"
    assert meta.findtext(f"{CANVAS}title") == BANK.deck.title


def test_exactly_one_correct_choice_and_texts_intact(package):
    items = {i.get("ident"): i for i in _assessment(package).iter(f"{QTI}item")}
    for q in QUESTIONS:
        item = items[ident(q.id)]
        stem = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")
        assert stem.get("texttype") == "text/html" and html_to_text(stem.text) == q.stem
        labels = item.findall(f".//{QTI}response_label")
        assert [html_to_text(label.findtext(f".//{QTI}mattext")) for label in labels] == list(q.options)
        scoring = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
        assert len(scoring) == 1 and scoring[0].findtext(f"{QTI}setvar") == "100"
        (correct,) = scoring[0].iter(f"{QTI}varequal")
        assert correct.get("respident") == item.find(f".//{QTI}response_lid").get("ident")
        assert correct.text == labels[q.answer].get("ident")
        feedback = item.find(f"{QTI}itemfeedback")
        links = [d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")]
        assert links == [feedback.get("ident")]
        assert feedback.findtext(f".//{QTI}mattext") == feedback_html(q)


def test_element_order_follows_qti_1_2(package):
    root = _assessment(package)
    assert root.tag == f"{QTI}questestinterop"
    checked = set()
    for element in root.iter(f"{QTI}*"):
        name = etree.QName(element).localname
        assert REQUIRED.get(name, set()) <= set(element.attrib), name
        if name in CONTENT:
            children = "".join(etree.QName(c).localname + " " for c in element if isinstance(c.tag, str))
            assert re.fullmatch(CONTENT[name], children), (name, children)
            checked.add(name)
    assert checked == set(CONTENT)


def test_identifiers_are_stable_and_distinct():
    assert ident("chel-aid-post/event-when") == "qg-chel-aid-post.event-when"
    assert ident("a/b") != ident("a.b") != ident("a_b")
    assert re.fullmatch(r"qg-test-deck-[0-9a-f]{8}", assessment_id(BANK, QUESTIONS))
    # Same questions with new wording keep the quiz id; another selection gets another.
    reworded = tuple(replace(q, stem=q.stem + " (edited)") for q in QUESTIONS)
    assert assessment_id(BANK, reworded) == assessment_id(BANK, QUESTIONS)
    assert assessment_id(BANK, QUESTIONS[:2]) != assessment_id(BANK, QUESTIONS)


def test_byte_identical_for_the_same_input():
    assert to_qti(BANK) == to_qti(BANK)
    other = Bank(BANK.deck, QUESTIONS[:1], {}, 0)
    with zipfile.ZipFile(io.BytesIO(to_qti(other))) as archive:
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())


def test_the_title_names_the_quiz_and_the_settings_teachers_expect():
    with zipfile.ZipFile(io.BytesIO(to_qti(BANK, QUESTIONS[:2], title="  Unit 4\nquiz "))) as archive:
        aid = assessment_id(BANK, QUESTIONS[:2])
        meta = etree.fromstring(archive.read(f"{aid}/assessment_meta.xml"))
        assessment = etree.fromstring(archive.read(f"{aid}/{aid}.xml")).find(f"{QTI}assessment")
    assert assessment.get("title") == "Unit 4 quiz"
    settings = {child.tag.removeprefix(CANVAS): child.text or "" for child in meta}
    assert settings["title"] == "Unit 4 quiz"
    assert settings["points_possible"] == "2.0"  # one point per question
    assert settings["shuffle_answers"] == "true"
    assert settings["hide_results"] == ""  # results and feedback shown after submission
    assert settings["show_correct_answers"] == "true"


# --- option counts and true/false ------------------------------------------------------------------------------------


def test_option_counts_and_canvas_true_false_items_follow_qti_1_2():
    with zipfile.ZipFile(io.BytesIO(to_qti(COUNTS_BANK))) as archive:
        aid = assessment_id(COUNTS_BANK, COUNTS)
        root = etree.fromstring(archive.read(f"{aid}/{aid}.xml"))
        meta = etree.fromstring(archive.read(f"{aid}/assessment_meta.xml"))
    items = {i.get("ident"): i for i in root.iter(f"{QTI}item")}
    for q in COUNTS:
        item = items[ident(q.id)]
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")
        }
        kind = "true_false" if q.true_false else "multiple_choice"
        assert fields["question_type"] == f"{kind}_question"
        assert fields["cc_profile"] == f"cc.{kind}.v0p1"
        labels = item.findall(f".//{QTI}response_label")
        assert [html_to_text(label.findtext(f".//{QTI}mattext")) for label in labels] == list(q.options)
        assert fields["original_answer_ids"].split(",") == [label.get("ident") for label in labels]
        (correct,) = item.iter(f"{QTI}varequal")
        assert correct.text == labels[q.answer].get("ident")
    for element in root.iter(f"{QTI}*"):
        name = etree.QName(element).localname
        if name in CONTENT:
            children = "".join(etree.QName(c).localname + " " for c in element if isinstance(c.tag, str))
            assert re.fullmatch(CONTENT[name], children), (name, children)
    # Canvas keeps True before False itself: true/false items leave the quiz's shuffle on for the others.
    assert all(q.ordered for q in COUNTS if q.true_false)
    assert meta.findtext(f"{CANVAS}shuffle_answers") == "true"
