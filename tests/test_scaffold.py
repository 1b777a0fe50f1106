"""quizgen init, add-seed and draft: a teacher's own content folder, from nothing to drafted facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEXT_BODY, TEXT_META, write_content

from quizgen.bank.content import load_content
from quizgen.cli import main

HANDOUT = """\
The Treaty of Versailles

By A. Teacher

The Treaty of Versailles was signed on 28 June 1919 in the Hall of Mirrors.

Georges Clemenceau, the French prime minister, wanted harsh terms. He argued that Germany must never again be able to threaten France.

Germany lost about 13 percent of its European territory.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    folder = tmp_path / "unit"
    assert run("init", str(folder), "--title", "Versailles").exit_code == 0
    return folder


def test_init_lays_out_a_folder_that_validates(unit):
    assert sorted(p.relative_to(unit).as_posix() for p in unit.rglob("*")) == [
        "decks",
        "decks/unit",
        "decks/unit/deck.yaml",
        "decks/unit/facts.yaml",
        "decks/unit/templates.yaml",
        "seeds",
    ]
    result = run("--content", str(unit), "validate")
    assert result.exit_code == 0, result.output
    assert "0 facts, 0 questions; 0 errors" in result.output


def test_init_never_writes_into_a_folder_that_has_something_in_it(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "mine")])
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'mine'}: already exists and is not an empty folder; choose a new one\n"
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_add_text_copies_the_text_byte_for_byte_and_shows_its_passages(unit, tmp_path):
    source = tmp_path / "handout.txt"
    source.write_bytes(HANDOUT.encode() + b"\r\n")  # whatever the bytes, they are kept
    result = run(
        "--content",
        str(unit),
        "add-seed",
        str(source),
        "--title",
        "The Treaty",
        "--author",
        "A. Teacher",
        "--date",
        "2024-09",
        "--type",
        "textbook chapter",
        "--slug",
        "versailles",
    )
    assert result.exit_code == 0, result.output
    assert (unit / "seeds" / "versailles.txt").read_bytes() == source.read_bytes()
    lines = result.output.splitlines()
    assert lines[0] == "added seeds/versailles.txt and seeds/versailles.yaml; its passages:"
    assert lines[1:4] == [
        "  p1: The Treaty of Versailles",
        "  p2: By A. Teacher",
        "  p3: The Treaty of Versailles was signed on 28 June 1919 in the Hall of Mirrors.",
    ]
    text = load_content(unit).texts["versailles"]
    assert (text.title, text.authors, text.type, text.date.iso()) == (
        "The Treaty",
        ("A. Teacher",),
        "textbook chapter",
        "2024-09",
    )


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--date", "Sept 2024"], "error: --date: 'Sept 2024' must be YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--slug", "My Text"], "error: --slug: 'My Text' must be lowercase letters, digits and -"),
    ],
)
def test_add_text_refuses_bad_options_in_one_line(unit, tmp_path, args, error):
    source = tmp_path / "handout.txt"
    source.write_text(HANDOUT)
    result = CliRunner().invoke(
        main, ["--content", str(unit), "add-seed", str(source), "--title", "T", "--author", "A", *args]
    )
    assert (result.exit_code, result.output) == (1, error + "\n")
    assert list((unit / "seeds").iterdir()) == []


def test_add_text_never_replaces_a_text_and_refuses_one_that_is_not_utf8(unit, tmp_path):
    source = tmp_path / "handout.txt"
    source.write_text(HANDOUT)
    args = ["--content", str(unit), "add-seed", str(source), "--title", "T", "--author", "A"]
    assert run(*args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1
    assert "a seed named 'handout' already exists; choose another --slug" in again.output
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 society".encode("latin-1"))
    result = CliRunner().invoke(main, ["--content", str(unit), "add-seed", str(latin), "--title", "T", "--author", "A"])
    assert (result.exit_code, result.output) == (
        1,
        f"error: {latin}: not UTF-8 text (byte 3); save it as UTF-8 first\n",
    )


def test_draft_writes_candidates_that_validate_and_stay_out_of_every_output(unit, tmp_path):
    source = tmp_path / "handout.txt"
    source.write_text(HANDOUT)
    run(
        "--content",
        str(unit),
        "add-seed",
        str(source),
        "--title",
        "T",
        "--author",
        "A. Teacher",
        "--date",
        "2024",
        "--type",
        "textbook chapter",
        "--slug",
        "versailles",
    )
    result = run("--content", str(unit), "draft", "versailles")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "wrote decks/unit/draft-versailles.yaml: 4 candidate facts (1 event, 1 figure, 1 position, 1 number)"
    )
    drafted = (unit / "decks" / "unit" / "draft-versailles.yaml").read_text()
    assert drafted.count("\n  draft: true\n") == 4
    assert "holder: Georges Clemenceau" in drafted
    report = run("--content", str(unit), "validate")
    assert "4 draft facts kept out of every output" in report.output
    assert "0 facts, 0 questions; 0 errors, 0 warnings" in report.output
    assert load_content(unit).bank(None, 0).questions == ()
    # The author checks one fact and removes its flag: only that fact is used.
    first = drafted.index("\n  draft: true\n") + 1
    (unit / "decks" / "unit" / "draft-versailles.yaml").write_text(drafted[:first] + drafted[first + 14 :])
    facts = load_content(unit).deck(None).facts
    assert [f.id for f in facts] == ["versailles-p3-1"]


def test_draft_never_replaces_a_draft_file_without_force(unit, tmp_path):
    source = tmp_path / "handout.txt"
    source.write_text(HANDOUT)
    run("--content", str(unit), "add-seed", str(source), "--title", "T", "--author", "A", "--slug", "v")
    assert run("--content", str(unit), "draft", "v").exit_code == 0
    path = unit / "decks" / "unit" / "draft-v.yaml"
    path.write_text(path.read_text() + "# my notes\n")
    again = CliRunner().invoke(main, ["--content", str(unit), "draft", "v"])
    assert again.exit_code == 1 and "use --force to replace it" in again.output
    assert path.read_text().endswith("# my notes\n")
    assert run("--content", str(unit), "draft", "v", "--force").exit_code == 0
    assert not path.read_text().endswith("# my notes\n")


def test_draft_names_an_unknown_text(tmp_path):
    root = write_content(tmp_path / "c")
    result = CliRunner().invoke(main, ["--content", str(root), "draft", "tset"])
    assert result.exit_code == 1
    assert result.output.startswith("error: unknown seed 'tset'")


def test_a_draft_flag_must_be_true_or_false(tmp_path):
    root = write_content(tmp_path / "c")
    facts = next((root / "decks").glob("*/facts.yaml"))
    facts.write_text(facts.read_text().replace("    kind: event\n", "    kind: event\n    draft: maybe\n", 1))
    result = CliRunner().invoke(main, ["--content", str(root), "validate"])
    assert result.exit_code == 1
    assert "'draft' must be true or false, not text" in result.output


def test_conftest_seed_is_unchanged():  # the fixtures above rely on these shared texts
    assert "By Ann Author" in TEXT_BODY and "type: opinion column" in TEXT_META


def test_draft_suggests_wrong_answers_from_the_text_and_from_the_deck(tmp_path):
    root = write_content(tmp_path / "c")  # a deck whose curated facts date events in 2018, 2019 and 2020
    (root / "seeds" / "extra.txt").write_text(
        "The Extra Text\n\nThe border crossing was reopened in March 2016 after long talks between the sides.\n",
        encoding="utf-8",
    )
    (root / "seeds" / "extra.yaml").write_text(
        'title: "Extra"\nauthors: [Ann Author]\noutlet: unknown\ndate: "2024"\ntype: news report\n', encoding="utf-8"
    )
    assert run("--content", str(root), "draft", "extra").exit_code == 0
    drafted = (root / "decks" / "d" / "draft-extra.yaml").read_text()
    assert "  when: 2016-03\n" in drafted
    assert "    when: [2018-01, 2019-05, 2020-06]\n" in drafted
