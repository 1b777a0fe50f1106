"""make_test / write_test: the files `quizgen print` writes, and its errors worded for a Python caller."""

import json

import pytest
from print_fixtures import nasty_bank

from quizgen.bank.select import Filters
from quizgen.errors import ArgumentError
from quizgen.outputs.printing.printed import make_test, write_test


@pytest.fixture
def bank(tmp_path):
    return nasty_bank(tmp_path / "content")


def test_a_binary_format_or_exports_cannot_go_to_standard_output(bank):
    with pytest.raises(ArgumentError, match="^output: fmt=docx is binary; give a file name$") as error:
        make_test(bank, Filters(), 2, fmt="docx", output="-")
    assert (error.value.parameter, error.value.value) == ("output", "docx")
    with pytest.raises(ArgumentError, match="^also writes files next to the test; give output a file name$"):
        make_test(bank, Filters(), 2, fmt="md", also=("gift",), output="-")


def test_the_test_its_exports_and_nothing_else_are_written_where_asked(bank, tmp_path):
    printed = make_test(bank, Filters(), 2, versions=1, fmt="md", key=False, also=("gift", "csv"))
    assert printed.holds == "2 questions, version A, no answer key"
    written = write_test(printed, str(tmp_path / "out") + "/")
    assert [(p.name, what) for p, what in written] == [
        (f"{printed.sheet.deck}-test.md", "2 questions, version A, no answer key"),
        (f"{printed.sheet.deck}-test.gift.txt", "version A's 2 questions"),
        (f"{printed.sheet.deck}-test.csv", "version A's 2 questions"),
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p, _ in written)
    assert written[0][0].read_bytes() == printed.data


def test_a_pdf_with_answer_sheets_writes_the_manifest_beside_it(bank, tmp_path):
    printed = make_test(bank, Filters(), 2, fmt="pdf")
    written = write_test(printed, str(tmp_path / "exam.pdf"))
    assert [p.name for p, _ in written] == ["exam.pdf", "exam.quizgen.json"]
    assert json.loads((tmp_path / "exam.quizgen.json").read_text(encoding="utf-8")) == printed.manifest
