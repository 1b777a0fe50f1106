"""The xlsx export read back with openpyxl: text cells that stay text, the CSV's columns, a frozen header, sized
columns, and the same bytes for the same questions."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest
from click.testing import CliRunner
from lms_fixtures import BANK, COUNTS, COUNTS_BANK, QUESTIONS

from quizgen.cli import main
from quizgen.errors import QuizgenError
from quizgen.model.models import Bank
from quizgen.outputs.exporters.csv_export import COLUMNS, row
from quizgen.outputs.exporters.xlsx import MAX_WIDTH, MIN_WIDTH, to_xlsx

# What a spreadsheet would turn into a date, a number, a formula or an error if it were not a text cell.
LOOKALIKES = ("April 2025", "19%", "=1+1", "#N/A", "2019-01-01", "0042", "1e5", "+92 300", "TRUE")


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_one_row_per_question_with_the_csv_columns_as_text():
    sheet = _sheet(to_xlsx(BANK))
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == list(COLUMNS)
    assert len(rows) == len(QUESTIONS) + 1
    for q, cells in zip(QUESTIONS, rows[1:], strict=True):
        assert [c.value or "" for c in cells] == row(q)
        assert {c.data_type for c in cells if c.value} == {"s"}


def test_text_that_looks_like_dates_numbers_or_formulas_stays_text():
    q = replace(QUESTIONS[4], stem=LOOKALIKES[0], options=LOOKALIKES[1:5], explanation=LOOKALIKES[5])
    q2 = replace(QUESTIONS[4], id="other/q", stem=LOOKALIKES[6], options=LOOKALIKES[7:] + ("a", "b"))
    sheet = _sheet(to_xlsx(Bank(BANK.deck, (q, q2), {}, 0)))
    cells = {c.value: c for line in sheet.iter_rows(min_row=2) for c in line}
    for text in LOOKALIKES:
        assert cells[text].data_type == "s", text
        assert cells[text].number_format == "@", text  # Text format: editing keeps it text


def test_header_frozen_bold_and_columns_sized():
    sheet = _sheet(to_xlsx(BANK))
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    widths = {sheet.cell(1, i).value: sheet.column_dimensions[chr(64 + i)].width for i in range(1, len(COLUMNS) + 1)}
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths.values())
    assert widths["answer"] == len("answer") + 2  # a one-letter column as wide as its header
    assert widths["stem"] == MAX_WIDTH  # long text wraps instead
    assert sheet["C2"].alignment.wrap_text


def test_byte_identical_and_titled():
    assert to_xlsx(BANK) == to_xlsx(BANK)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(BANK, title="Unit 4 quiz")))
    assert workbook.properties.title == "Unit 4 quiz"


def test_a_character_a_workbook_cannot_hold_is_a_user_error():
    bad = replace(QUESTIONS[4], explanation="bell \x07 here")
    with pytest.raises(QuizgenError, match=r"question second-event/event-what: character U\+0007"):
        to_xlsx(Bank(BANK.deck, (bad,), {}, 0))
    huge = replace(QUESTIONS[4], explanation="x" * 40_000)
    with pytest.raises(QuizgenError, match="explanation has 40000 characters; a cell holds 32767"):
        to_xlsx(Bank(BANK.deck, (huge,), {}, 0))


def test_cli_writes_a_workbook_and_refuses_stdout(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--content", str(content_dir), "export", "--format", "xlsx", "-n", "3"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote 3 questions to build/d.xlsx\n"
    assert _sheet((tmp_path / "build" / "d.xlsx").read_bytes()).max_row == 4
    result = CliRunner().invoke(main, ["--content", str(content_dir), "export", "--format", "xlsx", "-o", "-"])
    assert result.exit_code == 1
    assert result.output == "error: --format xlsx is binary; give a file with -o\n"


def test_option_counts_read_back_with_openpyxl():
    rows = list(_sheet(to_xlsx(COUNTS_BANK)).iter_rows(values_only=True))
    header = list(rows[0])
    assert header[3:9] == ["option_a", "option_b", "option_c", "option_d", "option_e", "answer"]
    for q, cells in zip(COUNTS, rows[1:], strict=True):
        assert [c or "" for c in cells] == row(q, 5)
        assert cells[3 : 3 + len(q.options)] == q.options and cells[8] == "ABCDE"[q.answer]
