"""The first run after an edit: only the edited facts file is parsed, only the questions that may have changed are
generated, and everything is byte for byte what a cold run on the edited content gives."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FACTS, REPO, write_content

import quizgen.bank.cache as cache
from quizgen.bank import kept
from quizgen.bank.content import load_content
from quizgen.cli import main

# The conftest deck split in two files, with hand-written questions (one naming a fact of the other file), a fact
# short of distractors (a problem generating reports, at its line) and an entity registry.
FIRST, SECOND = FACTS.split("  - id: jones-pact\n")
SECOND = "facts:\n  - id: jones-pact\n" + SECOND
CUSTOM = """\
    questions:
      - id: why
        level: cause
        see_also: [jones-pact]
        stem: "Why did Examplia suspend its aid?"
        answer: "After a dispute"
        distractors: [After an election, After a flood, After a war, After a strike]
"""
FIRST = FIRST.replace("    explanation: Examplia suspended aid in January 2018.\n", "    explanation: x.\n" + CUSTOM, 1)
SHORT = """\
  - id: park-view
    kind: position
    holder: Di Park
    topic: the reserves
    stance: reserves had fallen too far
    tags: [economy]
    explanation: Park warned about the reserves.
    source: {seed: test-2024, quote: "reserves had fallen by 40 percent since 2017"}
"""
DAYS = """\
  - id: summit-days
    kind: number
    measures: how long the summit lasted
    value: 3
    unit: days
    tags: [diplomacy]
    explanation: The summit lasted three days.
    source: {seed: test-2024, quote: "In June 2020 a summit in Capital City ended without agreement"}
"""
ENTITIES = """\
entities:
  - {name: Bo Smith, country: Examplia, roles: [minister], active: [2018, 2018]}
  - {name: Cy Jones, country: Examplia, roles: [commentator], active: [2019, 2019]}
  - {name: Di Park, country: Testland, roles: [official], active: [2017, 2024]}
  - {name: Ed Lee, country: Testland, roles: [official], active: [2021, 2021]}
"""


def fixture(root: Path) -> Path:
    write_content(root, FIRST)
    deck = root / "decks" / "d"
    (deck / "more.yaml").write_text(SECOND + SHORT + DAYS, encoding="utf-8")
    (deck / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def a_comment(root: Path) -> None:
    replace_in(root / "decks" / "d" / "facts.yaml", "facts:\n", "# a comment\n\nfacts:\n")


def a_numbers_value(root: Path) -> None:
    replace_in(root / "decks" / "d" / "more.yaml", "    value: 50\n", "    value: 55\n")


def another_kind_of_number(root: Path) -> None:
    replace_in(root / "decks" / "d" / "more.yaml", "    value: 3\n", "    value: 4\n")


def a_date(root: Path) -> None:
    replace_in(root / "decks" / "d" / "facts.yaml", 'when: "2020-06"', 'when: "2020-07"')


def a_new_fact(root: Path) -> None:
    path = root / "decks" / "d" / "more.yaml"
    path.write_text(path.read_text(encoding="utf-8") + SHORT.replace("park-view", "park-view-2"), encoding="utf-8")


def a_removed_fact(root: Path) -> None:
    replace_in(root / "decks" / "d" / "more.yaml", SHORT, "")


def the_named_facts_source(root: Path) -> None:
    replace_in(root / "decks" / "d" / "more.yaml", "argued that the pact was a mistake", "argued that the pact")


def a_moved_line(root: Path) -> None:
    replace_in(root / "decks" / "d" / "more.yaml", "facts:\n", "facts:\n\n\n")


def a_template(root: Path) -> None:
    replace_in(root / "decks" / "d" / "templates.yaml", "stem: ", "stem: Quiz. ")


def a_text(root: Path) -> None:
    replace_in(root / "seeds" / "test-2024.txt", "Next Story", "A new paragraph.\n\nNext Story")


def the_entities(root: Path) -> None:
    replace_in(root / "decks" / "d" / "entities.yaml", "country: Testland, roles: [official]", "country: Testland")


def a_duplicate_id(root: Path) -> None:
    path = root / "decks" / "d" / "facts.yaml"  # loaded first: more.yaml's park-view is dropped
    path.write_text(path.read_text(encoding="utf-8") + SHORT.replace("40 percent", "40 percent since"), "utf-8")


def back_to_the_start(root: Path) -> None:
    shutil.rmtree(root)
    fixture(root)


EDITS: list[Callable[[Path], None]] = [
    a_comment,
    a_numbers_value,
    another_kind_of_number,
    a_date,
    a_new_fact,
    a_removed_fact,
    the_named_facts_source,
    a_moved_line,
    a_template,
    a_text,
    the_entities,
    a_duplicate_id,
    back_to_the_start,
]


def run(root: Path, out: Path, *args: str) -> tuple[int, str, bytes]:
    """`quizgen validate` and `export --format json` on the content: exit codes, what they print, the export."""
    validated = CliRunner().invoke(main, ["--content", str(root), "validate", *args])
    exported = CliRunner().invoke(main, ["--content", str(root), "export", "--format", "json", "-o", str(out)])
    data = out.read_bytes() if out.exists() else b""
    out.unlink(missing_ok=True)
    return validated.exit_code * 10 + exported.exit_code, validated.output + exported.output, data


def test_every_edit_gives_what_a_cold_run_gives(tmp_path, monkeypatch):
    """Each edit in turn, on the cache the previous run left, against the same content without a cache."""
    root = fixture(tmp_path / "content")
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "cache"))
    run(root, tmp_path / "out.json")
    for edit in EDITS:
        edit(root)
        warm = run(root, tmp_path / "out.json")
        monkeypatch.setenv("QUIZGEN_CACHE", "off")
        cold = run(root, tmp_path / "out.json")
        monkeypatch.delenv("QUIZGEN_CACHE")
        assert warm == cold, edit.__name__
        assert cold[2] or edit is a_duplicate_id, edit.__name__  # every edit but that one still exports


def edited(root: Path, edit: Callable[[Path], None]) -> tuple[int, int]:
    """What the first load after `edit` did: (facts files parsed, facts whose questions were generated)."""
    load_content(root)
    edit(root)
    before = (cache.stats.parsed, cache.stats.regenerated)
    load_content(root)
    return cache.stats.parsed - before[0], cache.stats.regenerated - before[1]


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "cache"))
    return fixture(tmp_path / "content")


def test_a_comment_parses_one_file_and_generates_nothing(content):
    assert edited(content, a_comment) == (1, 0)


def test_a_moved_line_moves_the_problems_of_the_facts_below_it(content):
    report = CliRunner().invoke(main, ["--content", str(content), "validate"]).output
    assert "decks/d/more.yaml:46:5: warning: fact 'park-view' cannot get 3 distractors" in report
    assert edited(content, a_moved_line) == (1, 0)
    report = CliRunner().invoke(main, ["--content", str(content), "validate"]).output
    assert "decks/d/more.yaml:48:5: warning: fact 'park-view' cannot get 3 distractors" in report


def test_a_numbers_value_generates_the_numbers_again_only(content):
    # The four numbers in percent (wrong options are drawn among those); not the one in days, nor aid-cut, whose
    # hand-written question names jones-pact in the same file.
    assert edited(content, a_numbers_value) == (1, 4)
    assert edited(content, another_kind_of_number) == (1, 1)


def test_a_changed_source_generates_the_questions_naming_it_again(content):
    # jones-pact's position facts (two), and aid-cut, whose hand-written question shows jones-pact's quote.
    assert edited(content, the_named_facts_source) == (1, 3)


def test_a_template_generates_its_kinds_facts_again_and_parses_nothing(content):
    assert edited(content, a_template) == (0, 4)  # the first template asks about events: four facts


def test_a_text_parses_every_file_again(content):
    assert edited(content, a_text)[0] == 2


def test_the_bundled_deck_after_a_fact_edit_is_a_cold_run(tmp_path, monkeypatch):
    """The bundled deck (entities, chronologies, true/false, curated and generated dates): a date and a number."""
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "decks", root / "decks", ignore=shutil.ignore_patterns("reviews"))
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "cache"))
    run(root, tmp_path / "out.json")
    deck = root / "decks" / "us-pakistan-india"
    for path, (old, new) in [
        (deck / "haq-2025.yaml", ("facts:\n", "# edited\nfacts:\n")),
        (deck / "husain-2025.yaml", ('when: "2025-06-18"', 'when: "2025-06-19"')),
        (deck / "chellaney-2025.yaml", ("    value: ", "    value: 1")),
    ]:
        replace_in(path, old, new)
        before = (cache.stats.parsed, cache.stats.regenerated)
        warm = run(root, tmp_path / "out.json")
        if new.startswith("# edited"):  # a comment: one file parsed, nothing generated
            assert (cache.stats.parsed - before[0], cache.stats.regenerated - before[1]) == (1, 0)
        monkeypatch.setenv("QUIZGEN_CACHE", "off")
        cold = run(root, tmp_path / "out.json")
        monkeypatch.delenv("QUIZGEN_CACHE")
        assert warm == cold and cold[2], path.name


def test_a_fact_is_the_same_fact_once_unpickled():
    """What a fact is (kept._unlocated) must not depend on whether it was parsed or read from a part: the bundled
    deck's facts skip several templates, a set whose order pickling does not keep."""
    content = load_content(None, cache=False)
    facts = [fact for deck in content.decks.values() for fact in deck.facts]
    assert any(len(fact.skip) > 1 for fact in facts)
    back = pickle.loads(pickle.dumps(tuple(facts), protocol=pickle.HIGHEST_PROTOCOL))
    assert [kept._unlocated(fact) for fact in back] == [kept._unlocated(fact) for fact in facts]


def test_a_kinds_part_keeps_each_question_without_what_its_fact_gives():
    """A kind's part keeps a question's own fields only; restored, it is the question generated, field by field."""
    from dataclasses import replace

    content = load_content(None, cache=False)
    deck = content.deck()
    questions = content.generated(deck.slug).questions
    facts = {fact.id: fact for fact in deck.facts}
    options: dict[str, str] = {}
    rows = [kept._row(facts[q.fact], q, facts, options) for q in questions]
    assert all(row.__class__ is tuple for row in rows)
    kept_rows = pickle.loads(pickle.dumps(rows))
    by_id = kept._ById(deck.facts)
    back = [kept._question(facts[q.fact], row, by_id) for q, row in zip(questions, kept_rows, strict=True)]
    assert [q.__dict__ for q in back] == [q.__dict__ for q in questions]
    assert [list(q.__dict__) for q in back] == [list(q.__dict__) for q in questions]  # as __init__ sets them
    assert any(q.true_false for q in back) and any(q.see_also for q in back) and any(q.same_point for q in back)
    # The fact's explanation and the quotes of the facts see_also names are kept by reference, not copied.
    assert any(row[4] is None for row in rows) and any(row[4] is not None for row in rows)
    assert any(row[6] and all(i.__class__ is str for i in row[6]) for row in rows)
    # An option offered in several questions is one string in the part.
    texts = [option for row in rows for option in row[2]]
    assert len({id(t) for t in texts}) == len(set(texts)) < len(texts)
    # A question whose fields are not its fact's is kept whole.
    odd = replace(questions[0], tags=("another",))
    assert kept._row(facts[odd.fact], odd, facts, {}) is odd
    assert kept._question(facts[odd.fact], odd, by_id) is odd
    # see_also quotes that are not those of the facts it names now are kept as they are.
    asks = next(q for q in questions if q.see_also)
    moved = replace(asks, see_also=(asks.source,))
    row = kept._row(facts[moved.fact], moved, facts, {})
    assert row[6] == (asks.source,)
    assert kept._question(facts[moved.fact], row, by_id).__dict__ == moved.__dict__
