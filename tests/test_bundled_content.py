"""The shipped question bank: valid under --strict, lint-clean, and as broad as issue 3 asks."""

from collections import Counter

import pytest
from click.testing import CliRunner

from quizgen.bank.content import load_content
from quizgen.cli import main


@pytest.fixture(scope="module")
def bank():
    return load_content(None).bank()


def test_validate_strict_passes():
    result = CliRunner().invoke(main, ["validate", "--strict"])
    assert result.exit_code == 0, result.output


def test_lint_passes():
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0, result.output


def test_breadth(bank):
    kinds = Counter(f.kind for f in bank.deck.facts)
    assert len(bank.deck.facts) >= 150
    assert kinds["event"] >= 45 and kinds["figure"] >= 35 and kinds["position"] >= 35 and kinds["number"] >= 20
    per_seed = Counter(f.source.seed for f in bank.deck.facts)
    assert set(per_seed) == {"chellaney-2025", "mahapatra-2025", "dominic-et-al", "husain-2025", "haq-2025"}
    assert min(per_seed.values()) >= 15


def test_depth(bank):
    assert len({q.id for q in bank.questions}) == len(bank.questions) >= 400
    assert len({q.template for q in bank.questions if q.kind == "event"}) >= 3


def test_opinions_are_attributed(bank):
    """A question about a position names whose position it is (or says whose account it follows)."""
    facts = {f.id: f for f in bank.deck.facts}
    for q in bank.questions:
        fact = facts[q.fact]
        if q.kind == "position" and q.template == "position-stance":
            assert fact.holder.split()[-1] in q.stem or q.stem.startswith("According to"), q.stem
        if fact.according_to and q.template in ("event-when", "number-value", "figure-role"):
            assert "ccording to" in q.stem or q.stem != q.stem.lower(), q.stem


def test_disagreements_are_recorded(bank):
    conflicted = {f.id for f in bank.deck.facts if f.conflicts_with}
    assert {"chel-clash-three-days", "haq-wsj-clash-four-days", "chel-33bn-post"} <= conflicted
    for fact in bank.deck.facts:
        if fact.conflicts_with:
            assert fact.according_to, fact.id
