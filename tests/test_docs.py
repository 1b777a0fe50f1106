"""The format documentation: its worked example is valid content, its key tables are the loader's field tables."""

import re
import shutil
from pathlib import Path

from quizgen.bank.content import load_content
from quizgen.load.entities import ENTITY
from quizgen.load.facts import COMMON, FACTS, QUESTION
from quizgen.load.templates import TEMPLATE

REPO = Path(__file__).resolve().parent.parent


def test_worked_example_loads_against_the_real_texts(tmp_path):
    readme = (REPO / "decks" / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A worked example", 1)[1]
    (block,) = re.findall(r"```yaml\n(.*?)```", example, re.S)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    deck = tmp_path / "decks" / "example"
    deck.mkdir(parents=True)
    shutil.copy(REPO / "decks" / "us-pakistan-india" / "templates.yaml", deck)
    (deck / "deck.yaml").write_text('title: "Example"\n', encoding="utf-8")
    (deck / "facts.yaml").write_text(block, encoding="utf-8")
    content = load_content(tmp_path)
    assert [p.format() for p in content.problems if p.severity == "error"] == []
    assert {f.id for f in content.deck().facts} == {
        "trump-2018-aid-post",
        "chellaney-unreliable-partner",
        "us-tariff-pakistan-19",
    }
    stems = {q.id: q.stem for q in content.bank(check=False).questions}
    assert stems["us-tariff-pakistan-19/number-value"] == (
        "According to Javid Husain, what was the US tariff rate on imports from Pakistan?"
    )


def test_every_key_table_lists_the_keys_the_loader_reads():
    readme = (REPO / "decks" / "README.md").read_text(encoding="utf-8")
    tables, rows = [], []
    for line in [*readme.splitlines(), ""]:
        if line.startswith("| `"):
            rows.append(line.split("`")[1])
        elif rows:
            tables.append(set(rows))
            rows = []
    common = {f.key for f in COMMON}
    loader = [
        common,
        {f.key for f in QUESTION.fields},
        {f.key for f in TEMPLATE.fields},
        {f.key for f in ENTITY.fields},
    ]
    loader += [{f.key for f in table.fields} - common for table in FACTS.values()]
    assert [keys for keys in loader if keys not in tables] == []


def readme_command_lines() -> list[list[str]]:
    """Every `quizgen ...` line of the README's code blocks that works on the bundled deck, as arguments."""
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```\n(.*?)```", readme, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("quizgen ") and "--content" not in line:
                lines.append(shlex.split(line.split("<", 1)[0], comments=True)[1:])  # no redirection
    return lines


def test_the_readmes_filter_examples_select_questions_on_the_bundled_deck():
    """A learner's first try of filters must work: every README line with --kind/--source/--tag (or -n) selects the
    questions it asks for, whatever the seed, with no shortfall."""
    from quizgen.bank.select import Filters, check_filters, given_away, select
    from quizgen.cli import main

    content = load_content(REPO)
    bank = content.bank()
    tried = []
    for args in readme_command_lines():
        command = main.get_command(main.make_context("quizgen", ["list"]), args[0])
        if command is None or "kinds" not in {p.name for p in command.params}:
            continue
        params = command.make_context(args[0], args[1:], resilient_parsing=True).params
        filters = Filters(tuple(params["kinds"]), tuple(params["sources"]), tuple(params["tags"]))
        if filters == Filters() and not params.get("n"):
            continue
        check_filters(filters, bank.questions, content.texts)
        filters = given_away(filters, content.texts)
        for seed in range(10):
            chosen = select(bank.questions, filters, params.get("n"), seed)
            assert len(chosen) == (params.get("n") or len(chosen)) > 0, (args, seed, len(chosen))
        tried.append(args)
    assert ["quiz", "-n", "20", "--kind", "position", "--source", "haq-2025", "--tag", "us-india"] in tried


def test_the_readmes_example_of_an_empty_filter_is_the_error_quizgen_gives():
    from click.testing import CliRunner

    from quizgen.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (said,) = re.findall(r"`(error: no questions match: [^`]*)`", readme.replace("\n", " "))
    result = CliRunner().invoke(
        main, ["quiz", "--plain", "--kind", "event", "--source", "husain-2025", "--tag", "ceasefire"]
    )
    assert (result.exit_code, result.output) == (1, said + "\n")
