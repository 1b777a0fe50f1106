"""A question's own behaviour: its options in another order."""

import dataclasses

import pytest

from quizgen.model.dates import PartialDate
from quizgen.model.questions import Question, Quote, Quoted


def full_question(**more) -> Question:
    """A question with every field set to something other than its default."""
    quote = Quote("t", "t:p1", "A quote.", "T, 2025.", Quoted("Khan", "comment", PartialDate(2025, 7)))
    return Question(
        id="f/t", fact="f", template="t", kind="event", stem="When?", options=("a", "b", "c", "d"), answer=1,
        explanation="Because.", tags=("x",), source=quote, level="understand", see_also=(quote,), truth=("a", "b"),
        **more,
    )  # fmt: skip


def test_permuted_is_the_question_with_only_options_and_answer_changed():
    q = full_question()
    for order in ([2, 0, 3, 1], (1, 0, 2, 3), [0, 1, 2, 3]):
        got = q.permuted(order)
        expected = dataclasses.replace(q, options=tuple(q.options[i] for i in order), answer=list(order).index(1))
        assert got == expected and hash(got) == hash(expected) and got.correct == "b"
        assert [getattr(got, f.name) for f in dataclasses.fields(Question)] == [
            getattr(expected, f.name) for f in dataclasses.fields(Question)
        ]
    assert q.options == ("a", "b", "c", "d") and q.answer == 1  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.permuted([1, 0, 2, 3]).answer = 0  # type: ignore[misc]


def test_reordered_keeps_an_ordered_question_and_permuted_does_not():
    q = full_question(ordered=True)
    assert q.reordered([3, 2, 1, 0]) is q
    assert q.permuted([3, 2, 1, 0]).options == ("d", "c", "b", "a")
    assert full_question().reordered([3, 2, 1, 0]).options == ("d", "c", "b", "a")


def test_an_order_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="4 options, an order of 3"):
        full_question().permuted([0, 1, 2])
    with pytest.raises(ValueError):
        full_question().permuted([0, 2, 3, 0])  # the answer (1) has no place
