"""DOCX reopened with python-docx, Markdown read by a CommonMark parser, HTML parsed with lxml."""

import io
import re
import zipfile

import docx
import lxml.html
import pytest
from markdown_it import MarkdownIt
from print_fixtures import NASTY_ID, NASTY_STEM, URDU, nasty_bank

from quizgen.outputs.printing import render
from quizgen.outputs.printing.docx import COMPLEX_SCRIPT_FONT, FONT, to_docx
from quizgen.outputs.printing.html import to_html
from quizgen.outputs.printing.markdown import to_markdown
from quizgen.outputs.printing.sheet import build_sheet, citation, option_columns


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return nasty_bank(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="module")
def sheet(bank):
    # The hard question plus others; every version holds it.
    chosen = build_sheet(bank, n=None, versions=2, seed=2)
    assert any(q.id == NASTY_ID for q in chosen.versions[0].questions)
    return chosen


@pytest.fixture(scope="module")
def explained(bank):
    return build_sheet(bank, n=5, versions=2, seed=2, explanations=True)


def options(q):
    return [f"{'ABCDE'[i]}. {o}" for i, o in enumerate(q.options)]


# --- DOCX ------------------------------------------------------------------------------------------------------------


def docx_versions(document):
    """Body paragraphs split at each version's title line."""
    out, current = {}, None
    for paragraph in document.paragraphs:
        if re.fullmatch(r"Version [A-Z]", paragraph.text):
            current = out.setdefault(paragraph.text[-1], [])
        elif paragraph.text == "Answer key":
            current = None
        elif current is not None and paragraph.text:
            current.append(paragraph)
    return out


def test_docx_reopens_with_every_question_in_order_and_kept_together(sheet):
    document = docx.Document(io.BytesIO(to_docx(sheet)))
    versions = docx_versions(document)
    assert list(versions) == ["A", "B"]
    for version in sheet.versions:
        paragraphs = versions[version.label]
        assert paragraphs[0].text == sheet.title and paragraphs[0].style.name == "Title"
        assert paragraphs[1].text.startswith("Name \t") and "Class" in paragraphs[1].text
        assert paragraphs[2].text.startswith("Date \t") and paragraphs[2].text.endswith(f"/ {sheet.size}")
        body = paragraphs[4:]
        for number, q in enumerate(version.questions, 1):
            stem, *lines = body[: 1 + docx_rows(q)]
            body = body[1 + docx_rows(q) :]
            assert stem.text == f"{number}.\t{q.stem}"
            assert "\t".join(line.text for line in lines) == "\t".join(
                f"{'ABCDE'[i]}.\t{o}" for i, o in enumerate(q.options)
            )
            # Word keeps stem and options on one page: each keeps with the next, the last ends the chain.
            assert [p.paragraph_format.keep_with_next for p in (stem, *lines)] == [True] * len(lines) + [False]
            assert all(p.paragraph_format.keep_together for p in (stem, *lines))
        assert body == []


def docx_rows(q) -> int:
    """Paragraphs a question's options take: one per row of option_columns(q) options."""
    return -(-len(q.options) // option_columns(q))


def test_docx_sections_footers_and_fonts(sheet):
    document = docx.Document(io.BytesIO(to_docx(sheet)))
    footers = [s.footer.paragraphs[0].text for s in document.sections]
    assert footers == ["Version A · page ", "Version B · page ", "Answer key · page "]  # then the PAGE field
    for section in document.sections:
        assert section._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]
        # In schema order (Word refuses a file otherwise): after the margins, before the columns.
        tags = [child.tag.split("}")[1] for child in section._sectPr]
        assert tags.index("pgMar") < tags.index("pgNumType") < tags.index("cols")
        assert section.footer.paragraphs[0]._p.xpath("./w:fldSimple/@w:instr") == ["PAGE"]
    normal = document.styles["Normal"]
    assert normal.font.name == FONT == "Cambria"
    assert normal.element.rPr.rFonts.get(docx.oxml.ns.qn("w:cs")) == COMPLEX_SCRIPT_FONT
    urdu_runs = [r for p in document.paragraphs for r in p.runs if URDU in r.text]
    assert urdu_runs and all(r.font.rtl and r.text == URDU for r in urdu_runs)


def test_docx_urdu_runs_keep_size_and_weight(bank):
    document = docx.Document(io.BytesIO(to_docx(build_sheet(bank, n=2, title=f"Names: {URDU}", explanations=True))))
    title_run = next(r for r in document.paragraphs[1].runs if r.text == URDU)
    # Word sets Arabic script with the complex-script size and bold: without these the name shrinks to 11 pt.
    assert title_run.font.rtl and title_run.font.cs_bold
    assert title_run._r.rPr.xpath("./w:sz/@w:val") == title_run._r.rPr.xpath("./w:szCs/@w:val") == ["36"]


def test_docx_keys(sheet, explained):
    document = docx.Document(io.BytesIO(to_docx(sheet)))
    assert len(document.tables) == 2
    for version, table in zip(sheet.versions, document.tables, strict=True):
        cells = [c.text for row in table.rows for c in row.cells if c.text]
        assert cells == [f"{n}. {letter}" for n, letter in enumerate(version.key, 1)]
    document = docx.Document(io.BytesIO(to_docx(explained)))
    for version, table in zip(explained.versions, document.tables, strict=True):
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] == ["#", "Answer", "Explanation"]
        assert rows[1:] == [
            [str(n), letter, f"{q.correct}\n{q.explanation}\nSource: {citation(q)}"]
            for n, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1)
        ]


def test_docx_no_key_and_reproducible(sheet, bank):
    no_key = build_sheet(bank, n=3, versions=2, key=False)
    document = docx.Document(io.BytesIO(to_docx(no_key)))
    assert not document.tables and len(document.sections) == 2
    data = to_docx(sheet)
    assert data == to_docx(sheet)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert b"dcterms:created" not in archive.read("docProps/core.xml")


# --- Markdown --------------------------------------------------------------------------------------------------------


def md_tree(data: bytes):
    html = MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))
    return lxml.html.fromstring(f"<div>{html}</div>")


def test_markdown_reads_back_as_the_same_text(sheet):
    tree = md_tree(to_markdown(sheet))
    assert [h.text_content() for h in tree.iter("h1")] == [
        "Test deck — Version A",
        "Test deck — Version B",
        "Answer key — Test deck",
    ]
    paragraphs = [p.text_content() for p in tree.iter("p")]
    lists = [[li.text_content() for li in ul.iter("li")] for ul in tree.iter("ul")]
    stems = [p for p in paragraphs if re.match(r"\d+\. ", p)]
    expected = [(f"{n}. {q.stem}", options(q)) for v in sheet.versions for n, q in enumerate(v.questions, 1)]
    assert list(zip(stems, lists, strict=True)) == expected
    assert sum(s.endswith(f". {NASTY_STEM}") for s in stems) == 2  # in each version, character for character
    assert not tree.xpath("//em[contains(., 'crisis')]")  # *crisis* stayed literal
    score = next(p for p in paragraphs if p.startswith("Name:"))
    assert score.endswith(f"Score: ________ / {sheet.size}")


def test_markdown_keys_are_tables(sheet, explained):
    tables = list(md_tree(to_markdown(sheet)).iter("table"))
    for version, table in zip(sheet.versions, tables, strict=True):
        rows = [[c.text_content() for c in tr] for tr in table.iter("tr")][1:]
        assert rows == [[str(n), letter] for n, letter in enumerate(version.key, 1)]
    tables = list(md_tree(to_markdown(explained)).iter("table"))
    for version, table in zip(explained.versions, tables, strict=True):
        rows = [[c.text_content() for c in tr] for tr in table.iter("tr")][1:]
        assert rows == [
            [str(n), letter, q.correct, q.explanation, citation(q)]
            for n, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1)
        ]


# --- HTML ------------------------------------------------------------------------------------------------------------


def test_html_parses_back_to_the_same_text_and_prints_cleanly(sheet):
    data = to_html(sheet)
    tree = lxml.html.fromstring(data)
    sections = tree.xpath("//section")
    assert [s.get("id") for s in sections] == ["version-A", "version-B", None]
    for version, section in zip(sheet.versions, sections[:-1], strict=True):
        assert section.xpath("string(.//span[@class='label'])") == f"Version {version.label}"
        items = section.xpath("./ol[@class='questions']/li")
        assert [i.xpath("string(./p)") for i in items] == [q.stem for q in version.questions]
        assert [[li.text_content() for li in i.xpath(".//li")] for i in items] == [
            options(q) for q in version.questions
        ]
    assert b"&lt;risks&gt;" in data and b"<risks>" not in data
    css = tree.xpath("string(//style)")
    assert "break-inside: avoid" in css and "break-before: page" in css
    key = sections[-1]
    for version, table in zip(sheet.versions, key.xpath(".//table"), strict=True):
        rows = [[c.text_content() for c in tr] for tr in table.xpath(".//tr")][1:]
        assert rows == [[str(n), letter] for n, letter in enumerate(version.key, 1)]


def test_html_says_on_screen_that_double_sided_printing_needs_the_pdf(sheet):
    from quizgen.outputs.printing.html import DUPLEX_NOTE

    tree = lxml.html.fromstring(to_html(sheet))
    (note,) = tree.xpath("//body/aside[@class='screen-note']")
    assert note.text_content() == DUPLEX_NOTE and "quizgen print --format pdf" in DUPLEX_NOTE
    assert tree.xpath("//body/*")[0] is note  # above the first version, outside every printed section
    assert "@media print { .screen-note { display: none; } }" in tree.xpath("string(//style)")


def test_html_explained_key(explained):
    tree = lxml.html.fromstring(to_html(explained))
    for version, table in zip(explained.versions, tree.xpath("//table"), strict=True):
        rows = [[c.text_content() for c in tr] for tr in table.xpath(".//tr")][1:]
        assert rows == [
            [str(n), letter, q.correct, f"{q.explanation}Source: {citation(q)}"]
            for n, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1)
        ]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "html"])
def test_every_format_is_reproducible(bank, fmt):
    assert render(build_sheet(bank, n=4, seed=1), fmt) == render(build_sheet(bank, n=4, seed=1), fmt)


def test_html_names_the_version_on_every_printed_page(bank, tmp_path):
    """Each section prints on its own named page whose top margin says which version (or the key) it is; Chromium,
    where installed, prints it and every page carries its label."""
    import shutil
    import subprocess

    import pypdf

    sheet = build_sheet(bank, n=None, versions=2, seed=3, title='Unit "4" quiz')
    data = to_html(sheet)
    tree = lxml.html.fromstring(data)
    css = tree.xpath("string(//style)")
    for name, label in (("version-a", "Version A"), ("version-b", "Version B"), ("answer-key", "Answer key")):
        assert f'@page {name} {{ @top-right {{ content: "Unit \\"4\\" quiz · {label}";' in css
        assert f"section.{name} {{ page: {name}; }}" in css
        assert len(tree.xpath(f"//section[contains(concat(' ', @class, ' '), ' {name} ')]")) == 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium to print with")
    page = tmp_path / "test.html"
    page.write_bytes(data)
    printed = tmp_path / "test.pdf"
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", page.as_uri()], capture_output=True, timeout=120, check=True)  # fmt: skip
    texts = [p.extract_text() for p in pypdf.PdfReader(printed).pages]
    assert not any("double-sided" in text for text in texts)  # the note about duplex is for the screen only
    labels = [text.split("\n", 1)[0] for text in texts]
    assert len(labels) > 3 and labels[0] == 'Unit "4" quiz · Version A' and labels[-1] == 'Unit "4" quiz · Answer key'
    assert set(labels) == {f'Unit "4" quiz · {label}' for label in ("Version A", "Version B", "Answer key")}
    assert labels == sorted(labels, key=lambda x: ("Version A" not in x, "Answer key" in x))


def test_docx_styles_are_plain_black_without_rules(sheet):
    document = docx.Document(io.BytesIO(to_docx(sheet)))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Normal"} <= used
    for name in used:
        xml = document.styles[name].element.xml
        assert "w:pBdr" not in xml and "themeColor" not in xml, name  # no coloured rule, no theme colour
        color = document.styles[name].font.color
        assert color.rgb in (None, docx.shared.RGBColor(0, 0, 0)), name
