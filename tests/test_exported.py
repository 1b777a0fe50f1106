"""export / Exported.target: where `quizgen export` writes, and its binary-format error for a Python caller."""

import pytest
from print_fixtures import nasty_bank

from quizgen.bank.select import Filters
from quizgen.errors import ArgumentError
from quizgen.outputs.exporters.exported import export


@pytest.fixture
def bank(tmp_path):
    return nasty_bank(tmp_path / "content")


def test_text_goes_to_standard_output_and_binary_to_build_by_default(bank, tmp_path):
    text, binary = export(bank, "gift", Filters()), export(bank, "qti", Filters(), n=2, seed=1)
    assert text.target() == "-" and text.target(str(tmp_path)) == str(tmp_path / f"{bank.deck.slug}.gift.txt")
    assert binary.target() == f"build/{bank.deck.slug}.qti.zip" and len(binary.questions) == 2
    with pytest.raises(ArgumentError, match="^fmt=qti is binary; give a file with output$") as error:
        binary.target("-")
    assert error.value.parameters() == ["fmt", "output"]
