"""The test as a Word document for teachers who edit: one section per version, then the answer keys.

Questions are kept on one page (keep-together, keep-with-next), text is set in Cambria, which ships with Word,
and Urdu or Arabic text goes into right-to-left runs in Times New Roman, which ships with Word and has Arabic glyphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ...model.models import Question
from .sheet import INSTRUCTIONS, OPTION_LETTERS, Sheet, Version, citation, option_columns

FONT = "Cambria"
COMPLEX_SCRIPT_FONT = "Times New Roman"
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"  # Hebrew, Arabic (with Urdu), and their presentation forms
# A right-to-left run: such characters, with the spaces and joiners between them.
_RTL = re.compile(f"([{_RTL_CHARS}]+(?:[ \u200c\u200d]+[{_RTL_CHARS}]+)*)")
# What follows w:pgNumType in a w:sectPr (ECMA-376 CT_SectPr): Word rejects elements out of order.
_AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def to_docx(sheet: Sheet) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm

    doc = Document()
    _base_styles(doc)
    props = doc.core_properties
    props.title, props.author, props.comments = sheet.title, "quizgen", f"seed {sheet.seed}"
    first = doc.sections[0]
    first.page_width, first.page_height = Cm(21), Cm(29.7)
    for i, version in enumerate(sheet.versions):
        section = first if i == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _section_setup(section, f"Version {version.label}")
        _version(doc, sheet, version)
    if sheet.key:
        _section_setup(doc.add_section(WD_SECTION.NEW_PAGE), "Answer key")
        _keys(doc, sheet)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    stream = io.BytesIO()
    doc.save(stream)
    return _reproducible(stream.getvalue())


def _base_styles(doc: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    all_fonts = [defaults.get_or_add_rFonts()]
    for name in ("Normal", "Title", "Heading 2"):
        style = doc.styles[name]
        all_fonts.append(style.element.get_or_add_rPr().get_or_add_rFonts())
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
            # The default template's Title has a blue rule under it and letter-spacing: a test wants neither.
            p_pr = style.element.find(qn("w:pPr"))
            for border in [] if p_pr is None else p_pr.findall(qn("w:pBdr")):
                p_pr.remove(border)
            for spacing in style.element.get_or_add_rPr().findall(qn("w:spacing")):
                style.element.rPr.remove(spacing)
            style.paragraph_format.space_after = Pt(6)
    for fonts in all_fonts:
        # Theme fonts (Calibri, Calibri Light) win over named ones in Word; drop them so Cambria shows.
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)


def _section_setup(section: Any, name: str) -> None:
    """A footer "Version A · page 1", with page numbers restarting in every section.

    Not "page 1 of 3": Word's per-section total (SECTIONPAGES) shows a wrong number in LibreOffice and Google Docs.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.style.font.size = Pt(9)
    paragraph.add_run(f"{name} · page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    sect = section._sectPr
    numbering = sect.find(qn("w:pgNumType"))  # a new section starts as a copy of the one before
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        sect.insert_element_before(numbering, *_AFTER_PGNUMTYPE)
    numbering.set(qn("w:start"), "1")


def _add_text(paragraph: Any, text: str, **style: Any) -> None:
    """Runs of `text`; Urdu or Arabic parts become right-to-left runs with the same size and weight.

    Word sets Arabic script with the complex-script font and its own size and bold (szCs, bCs), so those follow.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, part in enumerate(_RTL.split(text)):
        if not part:
            continue
        run = paragraph.add_run(part)
        for name, value in style.items():
            setattr(run.font, name, value)
        if i % 2:
            run.font.rtl = True
            run.font.complex_script = True
            run.font.cs_bold = style.get("bold")
            if "size" in style:
                size = OxmlElement("w:szCs")
                size.set(qn("w:val"), str(int(style["size"].pt * 2)))
                run._r.rPr.sz.addnext(size)


TEXT_WIDTH_CM = 21 - 4.4
"""A4 less the left and right margins."""
NUMBER_CM = 0.9
"""Room for a question's number; stem and options hang from here."""
LETTER_CM = 0.8
"""Room for an option's letter."""


def _version(doc: Any, sheet: Sheet, version: Version) -> None:
    _heading(doc, sheet, version)
    for number, q in enumerate(version.questions, 1):
        _question(doc, number, q)


def _heading(doc: Any, sheet: Sheet, version: Version) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt

    width = Cm(TEXT_WIDTH_CM)
    # The label on its own line above the title, so a long title never pushes it onto a line of its own.
    label = doc.add_paragraph()
    label.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    label_run = label.add_run(f"Version {version.label}")
    label_run.bold, label_run.font.size = True, Pt(14)
    _add_text(doc.add_paragraph(style="Title"), sheet.title, size=Pt(18), bold=True)
    for left, right, stop in (("Name", "Class", Cm(11.5)), ("Date", "Score", Cm(7))):
        line = doc.add_paragraph()
        line.paragraph_format.space_before = Pt(10)
        stops = line.paragraph_format.tab_stops
        stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
        stops.add_tab_stop(width - Cm(1.5) if right == "Score" else width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        line.add_run(f"{left} \t   {right} \t")
        if right == "Score":
            line.add_run(f" / {sheet.size}")
    instructions = doc.add_paragraph()
    instructions.paragraph_format.space_before = Pt(14)
    instructions.paragraph_format.space_after = Pt(6)
    instructions.add_run(INSTRUCTIONS).italic = True


def _question(doc: Any, number: int, q: Question) -> None:
    """The stem, then the options a line each, or several to a line (tab stops) as sheet.option_columns says, as
    the PDF sets them. Every paragraph keeps with the next but the last, so Word never splits a question."""
    from docx.shared import Cm, Pt

    stem = doc.add_paragraph()
    fmt = stem.paragraph_format
    fmt.space_before = Pt(10)
    fmt.left_indent, fmt.first_line_indent = Cm(NUMBER_CM), Cm(-NUMBER_CM)
    fmt.tab_stops.add_tab_stop(Cm(NUMBER_CM))
    fmt.keep_with_next = fmt.keep_together = True
    stem.add_run(f"{number}.\t").bold = True
    _add_text(stem, q.stem)
    columns = option_columns(q)
    rows = [list(range(len(q.options)))[i : i + columns] for i in range(0, len(q.options), columns)]
    column_cm = (TEXT_WIDTH_CM - NUMBER_CM) / columns
    for r, row in enumerate(rows):
        line = doc.add_paragraph()
        fmt = line.paragraph_format
        fmt.space_before = Pt(2)
        fmt.left_indent, fmt.first_line_indent = Cm(NUMBER_CM + LETTER_CM), Cm(-LETTER_CM)
        fmt.keep_together = True
        fmt.keep_with_next = r < len(rows) - 1  # the question's last line may end the page
        for k in range(len(row)):
            start = NUMBER_CM + k * column_cm
            if k:
                fmt.tab_stops.add_tab_stop(Cm(start))
            fmt.tab_stops.add_tab_stop(Cm(start + LETTER_CM))
        for k, i in enumerate(row):
            line.add_run(("\t" if k else "") + f"{OPTION_LETTERS[i]}.\t")
            _add_text(line, q.options[i])


def _keys(doc: Any, sheet: Sheet) -> None:
    from docx.shared import Cm, Pt

    doc.add_paragraph(style="Title").add_run("Answer key").font.size = Pt(18)
    doc.add_paragraph(f"{sheet.title} · {sheet.size} questions · seed {sheet.seed}")
    for version in sheet.versions:
        heading = doc.add_paragraph(style="Heading 2")
        heading.add_run(f"Version {version.label}")
        heading.paragraph_format.keep_with_next = True
        if sheet.explanations:
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            table.autofit = False
            for cell, text in zip(table.rows[0].cells, ("#", "Answer", "Explanation"), strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for number, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1):
                cells = table.add_row().cells
                cells[0].text = str(number)
                cells[1].paragraphs[0].add_run(letter).bold = True
                body = cells[2].paragraphs[0]
                _add_text(body, q.correct, bold=True)
                _add_text(cells[2].add_paragraph(), q.explanation)
                _add_text(cells[2].add_paragraph(), f"Source: {citation(q)}", size=Pt(9))
            widths = (Cm(1.1), Cm(2.0), Cm(13.5))
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # the grid, which LibreOffice reads
            for row in table.rows:  # and every cell, which Word reads
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = width
        else:
            columns = 10
            rows = -(-len(version.key) // columns)
            table = doc.add_table(rows=rows, cols=columns)
            table.style = "Table Grid"
            for index, letter in enumerate(version.key):
                paragraph = table.cell(index // columns, index % columns).paragraphs[0]
                paragraph.add_run(f"{index + 1}. ").font.size = Pt(8)
                paragraph.add_run(letter).bold = True
        doc.add_paragraph()


def _reproducible(data: bytes) -> bytes:
    """The same document as the same bytes: fixed zip timestamps, no creation or modification time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", body)
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                body,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
