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


def test_a_test_of_n_questions_is_the_printed_one_with_only_its_facts_arranged(monkeypatch, tmp_path):
    """`quizgen export -n` arranges the options of the questions it chose, not the whole bank's, and writes the same
    bytes as exporting from the arranged bank (as_printed, what `quizgen print` uses)."""
    from click.testing import CliRunner

    from quizgen.bank import arrange
    from quizgen.bank.content import load_content
    from quizgen.cli import main

    content = load_content()
    whole = content.bank(seed=3)
    expected = {kinds: export(whole, "json", Filters(kinds=kinds), n=12, seed=3).data for kinds in ((), ("event",))}
    sizes: list[int] = []
    real = arrange.arrange_options
    monkeypatch.setattr(arrange, "arrange_options", lambda qs, seed: sizes.append(len(qs)) or real(qs, seed))
    for kinds, data in expected.items():
        out = tmp_path / f"test{len(kinds)}.json"
        options = ["--format=json", "-n", "12", "--seed=3", *(f"--kind={k}" for k in kinds)]
        result = CliRunner().invoke(main, ["export", *options, "-o", str(out)])
        assert (result.exit_code, out.read_bytes()) == (0, data), result.output
    assert len(sizes) == 2 and max(sizes) < len(whole.questions) / 4
