"""The format documentation: its worked example is valid content, its key tables are the loader's field tables."""

import re
import shutil
from pathlib import Path

from quizgen.bank.content import load_content
from quizgen.load.entities import ENTITY
from quizgen.load.facts import COMMON, FACTS, QUESTION
from quizgen.load.templates import TEMPLATE

REPO = Path(__file__).resolve().parent.parent


def test_worked_example_loads_against_the_real_seeds(tmp_path):
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
