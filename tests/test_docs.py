"""The format documentation's worked example is valid content."""

import re
import shutil
from pathlib import Path

from quizgen.bank.content import load_content

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
