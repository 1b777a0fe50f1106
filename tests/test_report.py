"""The order problems are listed in, and a repeated one given once (load/report.py)."""

from quizgen.errors import Location, Problem
from quizgen.load.report import arranged


def at(path, line, message="m", severity="error"):
    return Problem(Location(path, line, 5), message, severity)


def test_what_facts_use_comes_before_the_facts_each_file_by_line():
    problems = [
        at("decks/b/a-facts.yaml", 1),
        at("decks/a/z-facts.yaml", 9),
        at("decks/a/z-facts.yaml", 2, "w", "warning"),
        at("decks/a/entities.yaml", 4),
        at("decks/a/templates.yaml", 7),
        at("decks/a/deck.yaml", 3),
        at("decks/a/b-facts.yaml", 8),
        at("seeds/x.yaml", 6),
    ]
    assert [(p.location.path, p.location.line) for p in arranged(problems)] == [
        ("seeds/x.yaml", 6),
        ("decks/a/deck.yaml", 3),
        ("decks/a/templates.yaml", 7),
        ("decks/a/entities.yaml", 4),
        ("decks/a/b-facts.yaml", 8),
        ("decks/a/z-facts.yaml", 2),
        ("decks/a/z-facts.yaml", 9),
        ("decks/b/a-facts.yaml", 1),
    ]


def test_a_message_repeated_in_one_file_is_given_once_with_a_count_and_its_other_lines():
    same = [at("f.yaml", line, "unknown seed 'x'") for line in (40, 10, 20, 30, 50)]
    shown = arranged([*same, at("g.yaml", 1, "unknown seed 'x'"), at("f.yaml", 15, "other")])
    assert [p.format() for p in shown] == [
        "f.yaml:10:5: unknown seed 'x' (5 times in this file; also at lines 20, 30, 40 and 1 more)",
        "f.yaml:15:5: other",
        "g.yaml:1:5: unknown seed 'x'",
    ]
    two = arranged([at("f.yaml", 3, "m"), at("f.yaml", 8, "m"), at("f.yaml", 8, "m", "warning")])
    assert [p.format() for p in two] == [
        "f.yaml:3:5: m (2 times in this file; also at line 8)",
        "f.yaml:8:5: warning: m",
    ]


def test_problems_without_repeats_are_only_ordered():
    problems = [at("f.yaml", 2), at("f.yaml", 1, "n")]
    assert arranged(problems) == [problems[1], problems[0]]
