"""`quizgen review`: due questions first (most overdue first), then new ones; FSRS state in the history afterwards."""

import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import finish, go_on, invoke, needs_quizgen, spawn
from test_session import T0, Clock

from quizgen.bank.content import load_content
from quizgen.bank.leaks import FeedbackLeakCheck, LeakCheck
from quizgen.bank.select import Filters, select
from quizgen.study.history import FILENAME, History, StoredCard
from quizgen.study.review import plan_review, run_review
from quizgen.study.scheduler import rate, review
from quizgen.study.session import present, until
from quizgen.study.terminal import PlainUI

DOWN, UP, ENTER, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x03"
DAY = timedelta(days=1)


def bank(content_dir, seed=0):
    return load_content(content_dir).bank(None, seed)


def new_ones(content_dir, n, seed, answered=()):
    """The new questions a review with this seed asks, as presented: none leaking with the answered ones."""
    questions = bank(content_dir, seed).questions
    never = [q for q in questions if q.id not in answered]
    due = [q for q in questions if q.id in answered]
    check = FeedbackLeakCheck(LeakCheck(questions))
    return [present(q, seed) for q in select(never, Filters(), n, seed, alongside=due, check=check)]


def key(question, right):
    return "abcd"[question.answer if right else (question.answer + 1) % 4]


def review_plain(content_dir, data, answers, clock, _cards=(), **options):
    """A review through the plain UI; `_cards` are stored first (state "{}": only their due times matter here)."""
    if _cards:
        with History.open(data) as history:
            for card in _cards:
                history.save_card(card.deck, card.question_id, card.card, due=card.due, at=card.updated_at)
    out = io.StringIO()
    ui = PlainUI(io.StringIO("".join(f"{a}\n" for a in answers)), out)
    code = run_review(load_content(content_dir), ui=ui, data_dir=data, clock=clock, tz=UTC, **options)
    return code, out.getvalue()


def db_rows(data, sql):
    with sqlite3.connect(Path(data) / FILENAME) as db:
        return db.execute(sql).fetchall()


def assert_cards_replay_the_answers(data):
    """Every stored card is what FSRS makes of that question's stored answers, in order."""
    expected = {}
    for qid, correct, seconds, stem, options, at in db_rows(
        data, "SELECT question_id, correct, seconds, stem, options, answered_at FROM answers ORDER BY answered_at, id"
    ):
        rating = rate(bool(correct), seconds, stem, json.loads(options))
        expected[qid] = review(expected.get(qid), rating, datetime.fromisoformat(at))
    stored = dict(db_rows(data, "SELECT question_id, card FROM cards"))
    assert stored == {qid: card.to_json() for qid, card in expected.items()}
    return {qid: json.loads(card) for qid, card in stored.items()}


def stems_asked(output):
    lines = output.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Question ")]


# --- planning --------------------------------------------------------------------------------------------------------


def test_plan_takes_due_most_overdue_first_then_new_and_skips_questions_the_deck_lost(content_dir):
    questions = bank(content_dir).questions
    a, b, c, d = "aid-cut/event-when", "smith/figure-role", "park/figure-name", "reserves/number-value"
    assert LeakCheck(questions).pairs([q for q in questions if q.id in (a, b, c, d)]) == []

    def card(qid, due):
        return StoredCard("d", qid, "{}", due, T0)

    cards = [card(a, T0 - DAY), card(b, T0 - 3 * DAY), card(c, T0 + 2 * DAY), card(d, T0 + DAY),
             card("gone/t", T0 - 9 * DAY), card("gone/u", T0 + 3600 * DAY)]  # fmt: skip
    plan = plan_review(questions, cards, now=T0, n=5, seed=1, tz=UTC)
    assert [q.id for q in plan.due] == [b, a]
    never = [q for q in questions if q.id not in (a, b, c, d)]
    assert [q.id for q in plan.new] == [q.id for q in select(never, Filters(), 3, 1, alongside=plan.due)]
    assert len(plan.new) == 3 and LeakCheck(questions).pairs(plan.questions) == []
    # d, not the lost question's card; due at 03:04 on 3 January, so from the start of its study day, 04:00 on the 2nd
    assert plan.next_due == datetime(2025, 1, 2, 4, tzinfo=UTC)

    assert [q.id for q in plan_review(questions, cards, now=T0, n=1, seed=1).questions] == [b]
    limited = plan_review(questions, cards, now=T0, n=5, new=1, seed=1)
    assert (len(limited.due), len(limited.new)) == (2, 1)
    later = plan_review(questions, cards, now=T0 + 2 * DAY, n=30, new=0)
    assert [q.id for q in later.due] == [b, a, d, c] and later.new == () and later.next_due is None


def test_a_review_never_asks_two_questions_that_give_away_each_others_answers(content_dir, tmp_path):
    questions = bank(content_dir).questions
    role, name = "smith/figure-role", "smith/figure-name"  # "Who is Bo Smith?" and "Who is the minister ...?"
    cards = [StoredCard("d", role, "{}", T0 - 2 * DAY, T0), StoredCard("d", name, "{}", T0 - DAY, T0)]
    plan = plan_review(questions, cards, now=T0, n=3, new=0)
    assert [q.id for q in plan.due] == [role] and plan.new == () and plan.left_out == 1
    plan = plan_review(questions, cards, now=T0, n=len(questions), seed=4)
    assert name not in {q.id for q in plan.questions} and LeakCheck(questions).pairs(plan.questions) == []
    # new questions fill the session, and the held-back due one is still named (it used to go unmentioned)
    code, out = review_plain(content_dir, tmp_path / "held", [], Clock(), n=3, seed=4, _cards=cards)
    assert out.splitlines()[0] == "Review: 1 due, 2 new; 1 left for later: each would give away an answer asked here"
    # more due than -n: the rest are left for later too, and said so; 1 + 1 is what stats counts due today
    other = StoredCard("d", "aid-cut/event-when", "{}", T0 - 3 * DAY, T0)
    code, out = review_plain(content_dir, tmp_path / "over", [], Clock(), n=1, seed=4, _cards=[other, cards[1]])
    assert out.splitlines()[0] == "Review: 1 due, 0 new; 1 more due than -n asks, left for later"

    # fewer than -n asks, and the first line says why
    fit = len(select(questions, Filters(), len(questions), 2, check=FeedbackLeakCheck(LeakCheck(questions))))
    code, out = review_plain(content_dir, tmp_path, ["a"] * fit, Clock(), n=len(questions), seed=2)
    assert code == 0 and fit < len(questions)
    assert out.splitlines()[0] == (
        f"Review: 0 due, {fit} new; {len(questions) - fit} left for later: each would give away an answer asked here"
    )


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=5), "in 1 minute"),
        (timedelta(minutes=42, seconds=20), "in 42 minutes"),
        (timedelta(minutes=59, seconds=40), "in 1 hour"),
        (timedelta(hours=23, minutes=10), "in 23 hours"),
        (timedelta(hours=47, minutes=20), "in 47 hours"),
        (timedelta(days=4, hours=6), "in 4 days"),
    ],
)
def test_until(delta, text):
    assert until(delta) == text


# --- sessions through the plain UI -----------------------------------------------------------------------------------


def test_due_questions_come_first_most_overdue_first_then_new_ones(content_dir, tmp_path):
    q1, q2, q3 = new_ones(content_dir, 3, 5)
    answers = [key(q1, True), key(q2, False), key(q3, False)]
    code, out = review_plain(content_dir, tmp_path, answers, Clock(), n=3, seed=5)
    assert code == 0 and out.startswith("Review: 0 due, 3 new\n") and out.endswith("Score: 1/3\n")
    first = assert_cards_replay_the_answers(tmp_path)
    gaps = {
        qid: datetime.fromisoformat(c["due"]) - datetime.fromisoformat(c["last_review"]) for qid, c in first.items()
    }
    assert gaps == {q1.id: 2 * DAY, q2.id: DAY, q3.id: DAY}

    # three days later: q2 and q3 (due after one day, q2 answered first), then q1 (after two), then two new ones
    clock = Clock()
    clock.now += 3 * DAY
    fresh = new_ones(content_dir, 2, 6, answered={q1.id, q2.id, q3.id})
    by_id = {q.id: q for q in bank(content_dir, 6).questions}
    shown = [present(by_id[q.id], 6) for q in (q2, q3, q1)] + fresh
    code, out = review_plain(content_dir, tmp_path, [key(q, True) for q in shown], clock, n=5, seed=6)
    assert code == 0
    assert out.startswith("Review: 3 due, 2 new\n")
    assert stems_asked(out) == [q.stem for q in shown]
    assert out.endswith("Score: 5/5\n")

    assert db_rows(tmp_path, "SELECT mode, planned, ended_by FROM sessions") == [
        ("review", 3, "done"),
        ("review", 5, "done"),
    ]
    assert db_rows(tmp_path, "SELECT question_id, correct FROM answers WHERE session_id = 2 ORDER BY id") == [
        (q.id, 1) for q in shown
    ]
    cards = assert_cards_replay_the_answers(tmp_path)
    assert len(cards) == 5
    assert cards[q2.id]["stability"] > first[q2.id]["stability"]  # right this time: remembered for longer
    assert datetime.fromisoformat(cards[q2.id]["due"]) > T0 + 5 * DAY


def test_nothing_due_says_when_the_next_review_is(content_dir, tmp_path):
    (position,) = [present(q, 3) for q in bank(content_dir, 3).questions if q.kind == "position"]
    only = Filters(kinds=("position",))
    code, out = review_plain(content_dir, tmp_path, [key(position, True)], Clock(), seed=3, filters=only)
    assert code == 0 and "Review: 0 due, 1 new" in out
    (due,) = db_rows(tmp_path, "SELECT due FROM cards")
    assert due == ("2025-01-04T03:04:15.000+00:00",)  # answered at T0 + 10 s, right: two days

    clock = Clock()
    clock.now += timedelta(hours=1)
    code, out = review_plain(content_dir, tmp_path, [], clock, seed=3, filters=only)
    assert code == 0  # due at 03:04 on 4 January: from the start of that study day, 04:00 on the 3rd
    assert out == "Nothing is due. Next review: Fri 3 Jan 2025, 04:00 (in 24 hours).\n"
    assert db_rows(tmp_path, "SELECT count(*) FROM sessions") == [(1,)]  # no empty session recorded


def test_the_walkthroughs_next_day_review_asks_what_stats_counts_today(content_dir, tmp_path):
    """Missed at 23:30, back at 22:32 the next evening (23 hours later): due, in `review` and in `stats` alike. Before
    study days, review said "Nothing is due. Next review: ... 23:30 (in 57 minutes)" while stats said "10 today"."""
    from quizgen.study.stats import stats_report

    evening = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)
    clock = Clock()
    clock.now = evening
    (q,) = new_ones(content_dir, 1, 4)
    code, out = review_plain(content_dir, tmp_path, [key(q, False)], clock, n=1, seed=4)
    assert code == 0 and "Wrong." in out
    (due,) = db_rows(tmp_path, "SELECT due FROM cards")
    assert due == ("2026-12-06T23:30:10.000+00:00",)  # answered at 23:30:10; stored as FSRS gives it, as before

    def stats_at(now):
        report = stats_report(lambda: bank(content_dir), data_dir=tmp_path, now=now, tz=UTC)
        return report.splitlines()[-2:]

    night = datetime(2026, 12, 6, 3, 59, tzinfo=UTC)  # before 4:00: still the study day it was missed on
    assert stats_at(night) == [
        "Due: 0 today, 1 tomorrow, 1 this week (of 1 question scheduled; days start at 4:00)",
        "Next review: Sun 6 Dec 2026, 04:00 (in 1 minute)",
    ]
    clock.now = night
    assert review_plain(content_dir, tmp_path, [], clock, new=0)[1] == (
        "Nothing is due. Next review: Sun 6 Dec 2026, 04:00 (in 1 minute).\n"
    )
    next_evening = datetime(2026, 12, 6, 22, 32, tzinfo=UTC)
    assert stats_at(next_evening)[-1] == (
        "Due: 1 today, 0 tomorrow, 1 this week (of 1 question scheduled; days start at 4:00)"
    )
    clock.now = next_evening
    code, out = review_plain(content_dir, tmp_path, [key(present(q, 1), True)], clock, new=0, seed=1)
    assert code == 0 and out.startswith("Review: 1 due, 0 new\n") and out.endswith("Score: 1/1\n")


def test_new_zero_with_nothing_answered(content_dir, tmp_path):
    result = invoke(content_dir, "review", tmp_path, "--plain", "--new", "0")
    assert result.exit_code == 0
    assert result.output == "Nothing is due: no question has been answered yet (--new 0 allows no new ones).\n"


def test_cards_of_questions_the_deck_no_longer_has_are_ignored(content_dir, tmp_path):
    with History.open(tmp_path) as history:
        history.save_card("d", "gone/t", review(None, rate(False, 1, "", ()), T0 - DAY).to_json(), due=T0, at=T0 - DAY)
    clock = Clock()
    clock.now += DAY
    questions = new_ones(content_dir, 2, 9)
    code, out = review_plain(content_dir, tmp_path, [key(q, True) for q in questions], clock, n=2, seed=9)
    assert code == 0 and out.startswith("Review: 0 due, 2 new\n") and out.endswith("Score: 2/2\n")
    assert sorted(db_rows(tmp_path, "SELECT question_id FROM cards")) == sorted(
        [("gone/t",)] + [(q.id,) for q in questions]
    )
    code, out = review_plain(content_dir, tmp_path, [], clock, new=0)
    assert out.startswith("Nothing is due. Next review: ")  # the two just answered, not the lost one, due long ago


def test_plain_review_through_the_cli(content_dir, tmp_path):
    questions = new_ones(content_dir, 3, 5)
    answers = [key(questions[0], False), "x", key(questions[1], True), key(questions[2], True)]
    result = invoke(
        content_dir, "review", tmp_path, "--plain", "-n", "3", "--seed", "5", input="".join(f"{a}\n" for a in answers)
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Review: 0 due, 3 new\n\nQuestion 1/3\n")
    assert "Please answer with a letter a-d or a number 1-4." in result.output
    assert "Wrong. You chose" in result.output and result.output.endswith("Score: 2/3\n")
    assert db_rows(tmp_path, "SELECT mode, seed, ended_by FROM sessions") == [("review", "5", "done")]
    assert db_rows(tmp_path, "SELECT question_id, correct FROM answers ORDER BY id") == [
        (questions[0].id, 0),
        (questions[1].id, 1),
        (questions[2].id, 1),
    ]
    cards = assert_cards_replay_the_answers(tmp_path)
    assert cards[questions[0].id]["stability"] < cards[questions[1].id]["stability"]


def test_review_without_a_terminal_suggests_plain(content_dir, tmp_path):
    result = invoke(content_dir, "review", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: quizgen review needs a terminal, but standard input is not one; "
        "use `quizgen review --plain` to answer line by line from standard input\n"
    )


def test_unknown_filter_is_named(content_dir, tmp_path):
    result = invoke(content_dir, "review", tmp_path, "--plain", "--tag", "trde")
    assert result.exit_code == 1
    assert result.stderr == "error: --tag: no question has tag 'trde' (did you mean 'trade'?)\n"


# --- the real CLI in a pseudo-terminal -------------------------------------------------------------------------------


@needs_quizgen
def test_review_in_a_terminal_with_shortcut_and_arrow_keys(content_dir, tmp_path):
    q1, q2 = new_ones(content_dir, 2, 5)
    code, _ = review_plain(content_dir, tmp_path, [key(q1, False), key(q2, False)], Clock(), n=2, seed=5)
    assert code == 0  # both missed on 2 Jan 2025: long overdue now
    (new,) = new_ones(content_dir, 1, 4, answered={q1.id, q2.id})
    by_id = {q.id: q for q in bank(content_dir, 4).questions}
    shown = [present(by_id[q1.id], 4), present(by_id[q2.id], 4), new]
    wrong = (shown[1].answer + 1) % 4
    keys = [key(shown[0], True), str(wrong + 1), DOWN + UP + DOWN * shown[2].answer + ENTER]  # an arrow, then Enter

    child = spawn(content_dir, "review", tmp_path, "-n", "3", "--seed", "4")
    child.expect_exact("Review: 2 due, 1 new")
    for number, (question, sent) in enumerate(zip(shown, keys, strict=True), 1):
        child.expect_exact(f"Question {number}/3")
        child.expect_exact(question.stem[:40])
        child.expect_exact("a-d / 1-4)")
        child.send(sent)
        child.expect_exact("Correct!" if number != 2 else "Wrong.")
        child.expect_exact("Ann Author, Test Times, 3 Mar 2024")
        go_on(child)
    child.expect_exact("2 of 3 correct")
    child.expect_exact("Retry the 1 missed question now?")
    child.send("n")
    assert finish(child) == 0

    assert db_rows(tmp_path, "SELECT id, mode, ended_by FROM sessions") == [
        (1, "review", "done"),
        (2, "review", "done"),
    ]
    assert db_rows(tmp_path, "SELECT question_id, chosen, correct FROM answers WHERE session_id = 2 ORDER BY id") == [
        (shown[0].id, shown[0].answer, 1),
        (shown[1].id, wrong, 0),
        (shown[2].id, shown[2].answer, 1),
    ]
    cards = assert_cards_replay_the_answers(tmp_path)
    now = datetime.now(UTC)
    for question in shown:
        card = cards[question.id]
        reviewed = datetime.fromisoformat(card["last_review"])
        assert now - timedelta(minutes=2) < reviewed <= now
        gap = datetime.fromisoformat(card["due"]) - reviewed
        assert gap == DAY if question is shown[1] else gap >= DAY, question.id
    assert cards[q2.id]["state"] == 3  # missed again: relearning, back tomorrow


@needs_quizgen
def test_ctrl_c_in_a_review_keeps_what_was_answered_and_exits_130(content_dir, tmp_path):
    q1, _ = new_ones(content_dir, 2, 2)
    child = spawn(content_dir, "review", tmp_path, "-n", "2", "--seed", "2")
    child.expect_exact("Review: 0 due, 2 new")
    child.expect_exact("Question 1/2")
    child.expect_exact("a-d / 1-4)")
    child.send(key(q1, True))
    child.expect_exact("Correct!")
    go_on(child)
    child.expect_exact("Question 2/2")
    child.expect_exact("a-d / 1-4)")
    child.send(CTRL_C)
    child.expect_exact("Stopped after 1 of 2 questions.")
    assert finish(child) == 130
    assert db_rows(tmp_path, "SELECT ended_by FROM sessions") == [("interrupt",)]
    assert list(assert_cards_replay_the_answers(tmp_path)) == [q1.id]
