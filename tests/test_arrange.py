"""Option order: every order reachable from a question's two draws, dates and numbers ascending."""

import itertools
import math

from quizgen.bank.arrange import _order, arrange_options, ascending
from quizgen.model.questions import Question, Quote

QUOTE = Quote("t", "t:p1", "A quote.", "T, 2025.")


def question(options, answer=0, **more):
    return Question(
        id=more.pop("id", "f/t"), fact="f", template="t", kind="number", stem="How much?", options=tuple(options),
        answer=answer, explanation="Because.", tags=(), source=QUOTE, **more,
    )  # fmt: skip


def test_each_order_comes_from_exactly_one_slot_and_pick_with_the_answer_at_the_slot():
    for count in range(2, 6):
        for answer in range(count):
            orders = {
                (slot, pick): _order(count, answer, slot, pick)
                for slot in range(count)
                for pick in range(math.factorial(count - 1))
            }
            assert sorted(orders.values()) == sorted(itertools.permutations(range(count)))
            assert all(order[slot] == answer for (slot, _), order in orders.items())


def test_ascending_sorts_by_value_and_the_numbers_named_decide_ties():
    shuffled = question(["$33 billion", "33,000 million", "$2 billion", "$1 billion"], answer=1, ordered=True)
    q = ascending(shuffled)
    assert (q.options, q.correct) == (("$1 billion", "$2 billion", "$33 billion", "33,000 million"), "33,000 million")
    text = question(["In 2021 and 2023", "In 2019 and 2021", "In 2015 and 2019"], answer=2, ordered=True)
    assert ascending(text).options == ("In 2015 and 2019", "In 2019 and 2021", "In 2021 and 2023")
    assert ascending(text).correct == "In 2015 and 2019"


def test_arranging_keeps_every_question_and_its_correct_option():
    questions = [question("abcd", id=f"f/t{i}") for i in range(8)]
    questions += [question(["4 May 2019", "2017", "March 2018", "1999"], id="f/d", ordered=True)]
    questions += [question(["True", "False"], answer=1, id="f/tf", ordered=True, format="true-false")]
    arranged = arrange_options(questions, 3)
    assert [q.id for q in arranged] == [q.id for q in questions]
    assert [q.correct for q in arranged] == [q.correct for q in questions]
    assert [sorted(q.options) for q in arranged] == [sorted(q.options) for q in questions]
    assert sorted(q.answer for q in arranged[:8]) == [0, 0, 1, 1, 2, 2, 3, 3]  # the answer rotates within a fact
    assert arranged[8].options == ("1999", "2017", "March 2018", "4 May 2019") and arranged[9] == questions[9]
    assert arrange_options(questions, 3) == arranged != arrange_options(questions, 4)
