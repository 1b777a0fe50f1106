"""QTI 1.2 as Canvas imports it (Settings → Import course content → QTI .zip file).

The zip holds `imsmanifest.xml`, the assessment `<id>/<id>.xml` (one item per question, one point each, with
Canvas's `question_type` and the Common Cartridge `cc_profile` metadata) and `<id>/assessment_meta.xml` with the
quiz settings Canvas reads. The layout follows Canvas's own QTI export and text2qti's. Layered like text2qti:
`assessment_xml` → `zip_bytes` → the CLI writes the file atomically.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence

from ...model.models import Bank, Question
from .lms import check_options, check_xml, feedback_html, quiz_title, to_html

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry gets this timestamp, so the same questions give a byte-identical file."""

_UNSAFE = re.compile(r"[^A-Za-z0-9-]")


def ident(question_id: str) -> str:
    """A QTI identifier for a question id: stable across exports, so re-importing can match items.

    `chel-aid-post/event-when` → `qg-chel-aid-post.event-when`; other characters become `_hex_`.
    """
    return "qg-" + _UNSAFE.sub(lambda m: "." if m.group() == "/" else f"_{ord(m.group()):x}_", question_id)


def assessment_id(bank: Bank, questions: Sequence[Question]) -> str:
    """The quiz identifier: the deck and which questions it holds (ids, not wording), e.g. `qg-deck-1a2b3c4d`."""
    digest = hashlib.sha256("\n".join(q.id for q in questions).encode("utf-8")).hexdigest()[:8]
    return f"qg-{bank.deck.slug}-{digest}"


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = html


_TYPES = {
    "choice": ("multiple_choice_question", "cc.multiple_choice.v0p1"),
    "true-false": ("true_false_question", "cc.true_false.v0p1"),
}
"""Canvas's question_type and the Common Cartridge profile of each question format."""


def item_element(q: Question) -> ET.Element:
    """One `multiple_choice_question` (or `true_false_question`) item worth one point: SCORE 100 when the correct
    label is chosen."""
    check_options(q)
    check_xml(q)
    item_id = ident(q.id)
    labels = [f"{item_id}.{letter}" for letter in q.letters]
    item = ET.Element("item", {"ident": item_id, "title": q.id})
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    question_type, profile = _TYPES[q.format]
    _field(meta, "question_type", question_type)
    _field(meta, "points_possible", "1.0")
    _field(meta, "original_answer_ids", ",".join(labels))
    _field(meta, "assessment_question_identifierref", f"{item_id}.ref")
    _field(meta, "cc_profile", profile)

    presentation = ET.SubElement(item, "presentation")
    _material(presentation, to_html(q.stem))
    lid = ET.SubElement(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    # Dates and numbers stay in ascending order (QTI's per-item switch; Canvas reads the quiz's, see meta_xml).
    choices = ET.SubElement(lid, "render_choice", {"shuffle": "No"} if q.ordered else {})
    for label, option in zip(labels, q.options, strict=True):
        _material(ET.SubElement(choices, "response_label", {"ident": label}), to_html(option))

    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(
        ET.SubElement(processing, "outcomes"),
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    feedback = feedback_html(q)
    if feedback:
        shown = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
        ET.SubElement(ET.SubElement(shown, "conditionvar"), "other")
        ET.SubElement(shown, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    correct = ET.SubElement(processing, "respcondition", {"continue": "No"})
    right = ET.SubElement(ET.SubElement(correct, "conditionvar"), "varequal", {"respident": "response1"})
    right.text = labels[q.answer]
    ET.SubElement(correct, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    if feedback:
        _material(ET.SubElement(ET.SubElement(item, "itemfeedback", {"ident": "general_fb"}), "flow_mat"), feedback)
    return item


def assessment_xml(bank: Bank, questions: Sequence[Question], aid: str, title: str | None = None) -> bytes:
    """`<questestinterop>` with one assessment, one section and an item per question."""
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
        },
    )
    assessment = ET.SubElement(root, "assessment", {"ident": aid, "title": quiz_title(bank, title)})
    _field(ET.SubElement(assessment, "qtimetadata"), "cc_maxattempts", "1")
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    section.extend([item_element(q) for q in questions])
    return _serialise(root)


def meta_xml(bank: Bank, questions: Sequence[Question], aid: str, title: str | None = None) -> bytes:
    """Canvas's quiz settings: title, description, one point per question, answers shuffled, results and correct
    answers shown after submission, one attempt, unpublished.

    Canvas shuffles every question's answers or none: with date or number questions, whose options must stay in
    ascending order, none (quizgen has already shuffled the others).
    """
    root = ET.Element("quiz", {"identifier": aid, "xmlns": CANVAS_NS})
    for tag, value in (
        ("title", quiz_title(bank, title)),
        ("description", to_html(bank.deck.description)),
        # Canvas keeps True before False itself: only dates and numbers need the switch off.
        ("shuffle_answers", "false" if any(q.ordered and not q.true_false for q in questions) else "true"),
        ("scoring_policy", "keep_highest"),
        ("hide_results", ""),  # empty: students see their results (and the feedback) after submitting
        ("quiz_type", "assignment"),
        ("points_possible", f"{len(questions)}.0"),
        ("show_correct_answers", "true"),
        ("show_correct_answers_last_attempt", "false"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("allowed_attempts", "1"),
        ("available", "false"),
    ):
        ET.SubElement(root, tag).text = value
    return _serialise(root)


def manifest_xml(aid: str) -> bytes:
    """`imsmanifest.xml`: the assessment resource and the Canvas metadata it depends on."""
    root = ET.Element("manifest", {"identifier": f"{aid}.manifest", "xmlns": CP_NS})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    quiz = ET.SubElement(resources, "resource", {"identifier": aid, "type": "imsqti_xmlv1p2"})
    ET.SubElement(quiz, "file", {"href": f"{aid}/{aid}.xml"})
    ET.SubElement(quiz, "dependency", {"identifierref": f"{aid}.meta"})
    meta = ET.SubElement(
        resources,
        "resource",
        {
            "identifier": f"{aid}.meta",
            "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            "href": f"{aid}/assessment_meta.xml",
        },
    )
    ET.SubElement(meta, "file", {"href": f"{aid}/assessment_meta.xml"})
    return _serialise(root)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    )


def to_qti(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a Canvas QTI 1.2 zip, a quiz named by title, byte-identical for the same questions and seed."""
    questions = bank.questions if questions is None else questions
    aid = assessment_id(bank, questions)
    files = {
        "imsmanifest.xml": manifest_xml(aid),
        f"{aid}/{aid}.xml": assessment_xml(bank, questions, aid, title),
        f"{aid}/assessment_meta.xml": meta_xml(bank, questions, aid, title),
    }
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return stream.getvalue()
