"""The order of a whole bank (Anki's new cards): one fact's questions spread out, leaking pairs kept apart."""

from dataclasses import replace
from itertools import pairwise

from quizgen.bank.leaks import LeakCheck
from quizgen.bank.spacing import GAP, spaced, spread_evenly
from quizgen.model.models import Question, Quote


def q(qid, *, passage=None, quote=None):
    """An unrelated question of its own words; its fact is the id's first part."""
    n = qid.replace("/", "")
    return Question(qid, qid.split("/")[0], qid.split("/")[1], "event", f"Which name is {n}?",
                    (f"{n}a", f"{n}b", f"{n}c", f"{n}d"), 0, "", (),
                    Quote("s", passage or f"s:{qid}", quote or f"words of {n}", "c"))  # fmt: skip


def leaking(a, b):
    """a and b quoting one sentence of one passage: each gives the other away."""
    shared = Quote("s", "s:p9", "the aid will not return soon, calling the decision final", "c")
    return replace(a, source=shared), replace(b, source=shared)


def distances(order, apart):
    """Distances in `order` between every two questions for which apart(a, b) holds."""
    return [j - i for i, a in enumerate(order) for j in range(i + 1, len(order)) if apart(a, order[j])]


def test_each_facts_questions_are_spread_over_the_whole_order_in_their_own_order():
    bank = [q(f"big/t{j}") for j in range(4)] + [q(f"one-{i}/t") for i in range(20)]
    order = spread_evenly(bank)
    assert sorted(x.id for x in order) == sorted(x.id for x in bank)
    places = [i for i, x in enumerate(order) if x.fact == "big"]
    assert [order[i].id for i in places] == ["big/t0", "big/t1", "big/t2", "big/t3"]
    # 24 questions, 4 of one fact: about 6 apart, never bunched at either end.
    assert all(5 <= b - a <= 7 for a, b in pairwise(places)), places
    # Facts next to each other in the bank (often one passage) start far apart.
    assert min(abs(order.index(a) - order.index(b)) for a, b in pairwise(bank[4:])) >= 3


def test_no_two_of_one_fact_within_the_gap_and_the_order_is_the_same_every_time():
    bank = [q(f"f{i}/t{j}") for i in range(6) for j in range(3)]  # in bank order: each fact's three together
    order = spaced([bank], LeakCheck(bank))
    assert sorted(x.id for x in order) == sorted(x.id for x in bank)
    assert min(distances(order, lambda a, b: a.fact == b.fact)) >= GAP
    assert [x.id for x in spaced([bank], LeakCheck(bank))] == [x.id for x in order]


def test_a_leaking_pair_the_even_spread_puts_side_by_side_is_moved_apart():
    bank = [q(f"f{i}/t") for i in range(16)]
    spread = spread_evenly(bank)
    a, b = leaking(spread[6], spread[7])
    bank = [a if x.id == a.id else b if x.id == b.id else x for x in bank]
    check = LeakCheck(bank)
    assert check.why(a, b) == "their quotes overlap in s:p9"
    assert [x.id for x in spread_evenly(bank)] == [x.id for x in spread]  # side by side before spacing
    order = spaced([bank], check)
    assert abs(order.index(a) - order.index(b)) >= GAP


def test_a_leaking_pair_at_the_very_end_goes_back_to_where_it_fits():
    bank = [q(f"f{i}/t") for i in range(6)]
    spread = spread_evenly(bank)
    a, b = leaking(spread[-2], spread[-1])
    bank = [a if x.id == a.id else b if x.id == b.id else x for x in bank]
    order = spaced([bank], LeakCheck(bank))
    assert abs(order.index(a) - order.index(b)) == 5 == GAP  # six questions: as far apart as they can be


def test_the_end_of_one_group_counts_for_the_start_of_the_next():
    first = [q(f"e{i}/t") for i in range(3)]
    second = [q(f"n{i}/t") for i in range(8)]
    a, b = leaking(spaced([first], LeakCheck(first))[-1], spread_evenly(second)[0])
    first = [a if x.id == a.id else x for x in first]
    second = [b if x.id == b.id else x for x in second]
    order = spaced([first, second], LeakCheck(first + second))
    assert order[:3] == spaced([first], LeakCheck(first))  # each group stays together, in turn
    assert sorted(x.id for x in order[3:]) == sorted(x.id for x in second)
    assert order.index(b) - order.index(a) >= GAP


def test_where_the_questions_cannot_stand_apart_all_are_still_placed_once():
    bank = [q(f"only/t{j}") for j in range(3)]
    assert [x.id for x in spaced([bank], LeakCheck(bank))] == ["only/t0", "only/t1", "only/t2"]
    assert spaced([[], bank[:1], []], LeakCheck(bank)) == bank[:1]


def test_the_leak_check_keeps_no_words_afterwards():
    bank = [q(f"f{i}/t{j}") for i in range(30) for j in range(2)]
    check = LeakCheck(bank)
    spaced([bank[:20], bank[20:]], check)
    assert not check._words  # a large bank's words would otherwise all stay in memory (issue 16)


def test_a_question_left_too_close_is_swapped_to_where_both_stand_clear():
    from quizgen.bank.spacing import _Apart, _swap_apart

    # big/t0 stands 2 after big/t1: a swap with the nearest question that is clear where the other stood fixes it
    # without moving anyone else.
    placed = [q("big/t1"), *[q(f"one-{i}/t") for i in range(8)]]
    placed.insert(2, q("big/t0"))
    apart = _Apart(LeakCheck(placed))
    before = [x.id for x in placed]
    _swap_apart(placed, 2, 0, apart, GAP)
    assert distances(placed, apart) == [GAP]  # big/t0 went from place 2 to place 5
    moved = [i for i, (a, b) in enumerate(zip(before, [x.id for x in placed], strict=True)) if a != b]
    assert moved == [2, 5]
    # Where no swap clears both, nothing moves.
    crowded = [q("big/t1"), q("big/t0"), q("big/t2")]
    _swap_apart(crowded, 1, 0, _Apart(LeakCheck(crowded)), GAP)
    assert [x.id for x in crowded] == ["big/t1", "big/t0", "big/t2"]
