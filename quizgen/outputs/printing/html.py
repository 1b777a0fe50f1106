"""The test as one self-contained HTML page that prints cleanly: each version and the key start on a new page.

Not on an odd page: browsers print `break-before: right` (or `recto`) as a plain page break and add no blank page
(Chromium 156 checked; CSS 2 lets a browser treat right as always), so a note on screen, never printed, sends
whoever prints double-sided to the PDF, which does start every version on the front of a sheet.
"""

from __future__ import annotations

from html import escape

from .sheet import INSTRUCTIONS, OPTION_LETTERS, Sheet, Version, citation, option_columns

CSS = """\
@page { size: A4; margin: 2cm 2.2cm; }
body { font-family: Cambria, "Libertinus Serif", Georgia, serif; font-size: 11pt; line-height: 1.35;
       max-width: 46em; margin: 2em auto; color: #000; }
header { display: flex; justify-content: space-between; align-items: center; }
h1 { font-size: 1.5em; margin: 0; }
.label { border: 1px solid #000; border-radius: 2px; padding: .2em .6em; font-weight: bold; font-size: 1.15em; }
.blanks { display: grid; grid-template-columns: auto 1fr auto 10em; gap: 1em .5em; margin: 1.2em 0 .8em; }
.blank { border-bottom: 1px solid #000; }
.blank.score { display: inline-block; width: 3.5em; }
.instructions { font-style: italic; font-size: .9em; border-bottom: 1px solid #000; padding-bottom: .5em; }
ol.questions { padding-left: 1.8em; }
ol.questions > li { margin-top: 1em; break-inside: avoid; page-break-inside: avoid; }
ol.questions > li > p { margin: 0; }
ol.options { list-style: none; padding-left: 0; margin: .3em 0 0; }
ol.options .letter { display: inline-block; width: 1.7em; }
ol.options.columns-2, ol.options.columns-3, ol.options.columns-4, ol.options.columns-5 { display: grid; gap: 0 .4em; }
ol.options.columns-2 { grid-template-columns: repeat(2, 1fr); }
ol.options.columns-3 { grid-template-columns: repeat(3, 1fr); }
ol.options.columns-4 { grid-template-columns: repeat(4, 1fr); }
ol.options.columns-5 { grid-template-columns: repeat(5, 1fr); }
section + section { break-before: page; page-break-before: always; }
table.key { border-collapse: collapse; margin-bottom: 1.5em; }
table.key th, table.key td { border: 1px solid #999; padding: .2em .6em; text-align: left; vertical-align: top; }
table.key tr { break-inside: avoid; page-break-inside: avoid; }
table.key .source { color: #555; font-size: .85em; }
h2 { break-after: avoid; page-break-after: avoid; }
.screen-note { font-family: sans-serif; font-size: 10pt; background: #fff8d6; border: 1px solid #d9c36a;
               padding: .5em .8em; margin-bottom: 2em; }
@media print { .screen-note { display: none; } }
"""
DUPLEX_NOTE = (
    "Printing double-sided? Each version starts on a new page, but a browser does not add the blank page that "
    "would start it on the front of a sheet, so one student's copy may begin on the back of another's. "
    "For double-sided printing use the PDF: quizgen print --format pdf (with the same options). "
    "This note does not print."
)


def running_labels(sheet: Sheet) -> str:
    """CSS that prints the version's label at the top of every page of that version (named pages with a margin
    box: Chromium 131 and later), so a loose page still says which version it belongs to."""
    rules = []
    for label in [f"Version {v.label}" for v in sheet.versions] + (["Answer key"] if sheet.key else []):
        name = label.lower().replace(" ", "-")
        text = f"{sheet.title} · {label}".replace("\\", "\\\\").replace('"', '\\"')
        rules.append(
            f'@page {name} {{ @top-right {{ content: "{text}"; font-size: 9pt; color: #555; }} }}\n'
            f"section.{name} {{ page: {name}; }}\n"
        )
    return "".join(rules)


def to_html(sheet: Sheet) -> bytes:
    sections = [_version(sheet, version) for version in sheet.versions]
    if sheet.key:
        sections.append(_keys(sheet))
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(sheet.title)}</title>\n<style>\n{CSS}{running_labels(sheet)}</style>\n</head>\n<body>\n"
        + f'<aside class="screen-note">{escape(DUPLEX_NOTE)}</aside>\n'
        + "".join(sections)
        + "</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _version(sheet: Sheet, version: Version) -> str:
    out = [
        f'<section class="version version-{version.label.lower()}" id="version-{version.label}">\n',
        f'<header><h1>{escape(sheet.title)}</h1><span class="label">Version {version.label}</span></header>\n',
        '<div class="blanks"><span>Name</span><span class="blank"></span><span>Class</span>'
        '<span class="blank"></span>\n<span>Date</span><span class="blank"></span><span>Score</span>'
        f'<span><span class="blank score"></span> / {sheet.size}</span></div>\n',
        f'<p class="instructions">{escape(INSTRUCTIONS)}</p>\n',
        '<ol class="questions">\n',
    ]
    for q in version.questions:
        options = "".join(
            f'<li><span class="letter">{OPTION_LETTERS[i]}.</span> {escape(option)}</li>'
            for i, option in enumerate(q.options)
        )
        # Short options share a line, as in the PDF (sheet.option_columns).
        layout = f"options columns-{option_columns(q)}"
        out.append(f'<li><p>{escape(q.stem)}</p><ol class="{layout}">{options}</ol></li>\n')
    out.append("</ol>\n</section>\n")
    return "".join(out)


def _keys(sheet: Sheet) -> str:
    out = [
        '<section class="key answer-key">\n',
        f"<header><h1>Answer key</h1><span>{escape(sheet.title)} · "
        f"{sheet.size} questions · seed {sheet.seed}</span></header>\n",
    ]
    for version in sheet.versions:
        out.append(f'<h2>Version {version.label}</h2>\n<table class="key">\n')
        head = "<th>Correct option</th><th>Explanation</th>" if sheet.explanations else ""
        out.append(f"<tr><th>#</th><th>Answer</th>{head}</tr>\n")
        for number, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1):
            more = ""
            if sheet.explanations:
                more = (
                    f"<td>{escape(q.correct)}</td><td>{escape(q.explanation)}"
                    f'<br><span class="source">Source: {escape(citation(q))}</span></td>'
                )
            out.append(f"<tr><td>{number}</td><td><b>{letter}</b></td>{more}</tr>\n")
        out.append("</table>\n")
    out.append("</section>\n")
    return "".join(out)
