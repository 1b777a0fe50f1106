import pytest

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters, check_filters, select
from quizgen.errors import QuizgenError


def test_filters_and_reproducible_sample(content_dir):
    questions = load_content(content_dir).bank().questions
    events = select(questions, Filters(kinds=("event",)))
    assert events and all(q.kind == "event" for q in events)
    assert [q.id for q in select(questions, n=5, seed=3)] == [q.id for q in select(questions, n=5, seed=3)]
    assert [q.id for q in select(questions, n=5, seed=3)] != [q.id for q in select(questions, n=5, seed=4)]


def test_sample_prefers_one_question_per_fact(content_dir):
    questions = load_content(content_dir).bank().questions
    facts = {q.fact for q in questions}
    picked = select(questions, n=len(facts), seed=1)
    assert len({q.fact for q in picked}) == len(facts)


def test_typos_in_filters_name_the_option(content_dir):
    content = load_content(content_dir)
    questions = content.bank().questions
    with pytest.raises(QuizgenError, match=r"--source: unknown seed 'test-2025' \(did you mean 'test-2024'\?\)"):
        check_filters(Filters(sources=("test-2025",)), questions, content.seeds)
    with pytest.raises(QuizgenError, match="--tag: no question has tag 'trades'"):
        check_filters(Filters(tags=("trades",)), questions, content.seeds)
    with pytest.raises(QuizgenError, match="no questions match"):
        select(questions, Filters(kinds=("event",), tags=("economy",)))
