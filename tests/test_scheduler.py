"""FSRS over question ids: ratings, intervals in days, due order, and card state kept with each answer."""

import io
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_session import QUESTIONS, Clock

from quizgen.bank.content import load_content
from quizgen.study.days import ROLLOVER_HOUR, due_from, study_day
from quizgen.study.history import FILENAME, History, HistoryError, StoredCard, record
from quizgen.study.quiz import run_quiz
from quizgen.study.scheduler import Card, Rating, due_now, rate, rate_answer, review, slow_after
from quizgen.study.session import Answer, present
from quizgen.study.terminal import PlainUI

T = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def answer(question, correct: bool, seconds: float = 3.0, at: datetime = T) -> Answer:
    chosen = question.answer if correct else (question.answer + 1) % 4
    return Answer(question, chosen, correct, seconds, at)


# --- ratings ---------------------------------------------------------------------------------------------------------


def test_slow_means_longer_than_thinking_plus_reading_time():
    q = QUESTIONS[0]  # "Stem of a/t?" (12 characters) and four options of 12: 60 characters at 10 a second
    assert slow_after(q.stem, q.options) == 10 + 6.0
    long = replace(q, stem=q.stem + " and much more" * 10)
    assert slow_after(long.stem, long.options) == 10 + 20.0


def test_wrong_is_again_right_is_good_and_slow_right_is_hard():
    q = QUESTIONS[0]
    assert rate_answer(answer(q, True, 3.0)) is Rating.Good
    assert rate_answer(answer(q, True, 16.0)) is Rating.Good  # exactly the limit is still in time
    assert rate_answer(answer(q, True, 16.5)) is Rating.Hard
    assert rate_answer(answer(q, False, 1.0)) is Rating.Again
    assert rate_answer(answer(q, False, 60.0)) is Rating.Again
    assert rate_answer(Answer(q, None, False, 2.0, T)) is Rating.Again  # no valid answer
    assert rate(True, 100.0, "", ()) is Rating.Hard  # 10 s to think even with nothing to read


# --- the schedule ----------------------------------------------------------------------------------------------------


def test_a_new_question_comes_back_after_one_day_when_missed_or_slow_and_two_when_right():
    assert review(None, Rating.Again, T).due == T + DAY
    assert review(None, Rating.Hard, T).due == T + DAY
    assert review(None, Rating.Good, T).due == T + 2 * DAY
    card = review(None, Rating.Good, T)
    assert (card.last_review, card.card_id) == (T, int(T.timestamp() * 1000))  # from the given time, not the clock


def test_right_answers_space_out_a_miss_comes_back_next_day_and_the_schedule_is_reproducible():
    def run():
        card, intervals = None, []
        at = T
        for rating in [Rating.Good] * 5 + [Rating.Again, Rating.Good]:
            card = review(card, rating, at)
            intervals.append(card.due - at)
            at = card.due
        return intervals

    intervals = run()
    good = intervals[:5]
    assert good == sorted(good) and len(set(good)) == 5 and good[-1] > 60 * DAY
    assert all(i.seconds == 0 for i in intervals)  # whole days
    assert intervals[5] == DAY  # a miss after months still comes back the next day (the relearning step)
    assert DAY <= intervals[6] < good[-1]
    assert run() == intervals  # no fuzz: the same answers give the same days, intervals of 3+ days included


def test_review_takes_any_aware_time_zone():
    here = timezone(timedelta(hours=5, minutes=30))
    assert review(None, Rating.Good, T.astimezone(here)).due == T + 2 * DAY


def test_due_now_is_most_overdue_first():
    def card(qid, due):
        return StoredCard("d", qid, "{}", due, T)

    cards = [
        card("later/t", T + DAY),
        card("b/t", T - DAY),
        card("a/t", T - DAY),
        card("old/t", T - 10 * DAY),
        card("now/t", T),
    ]
    assert due_now(cards, T) == ["old/t", "a/t", "b/t", "now/t"]
    assert due_now(cards, T - 20 * DAY) == []


@pytest.mark.parametrize(
    ("answered", "due_from_", "not_yet"),
    [
        # missed at 22:30: due from 4:00 the next morning and all that day, not at 22:30 to the minute
        (datetime(2025, 3, 1, 22, 30), datetime(2025, 3, 2, 4), datetime(2025, 3, 2, 3, 59)),
        # missed at 1:00 in the night after: still 1 March's study day, so also due from 4:00 on 2 March
        (datetime(2025, 3, 2, 1, 0), datetime(2025, 3, 2, 4), datetime(2025, 3, 2, 3, 59)),
        # missed at 4:00: 2 March's study day, due on the 3rd
        (datetime(2025, 3, 2, 4, 0), datetime(2025, 3, 3, 4), datetime(2025, 3, 3, 3, 59)),
    ],
)
@pytest.mark.parametrize("tz", [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))])
def test_a_miss_is_due_all_the_next_study_day_from_4am_local_time(answered, due_from_, not_yet, tz):
    assert ROLLOVER_HOUR == 4
    at = answered.replace(tzinfo=tz)
    stored = StoredCard("d", "q/t", "{}", review(None, Rating.Again, at).due, at)
    assert stored.due == at + DAY  # FSRS's interval, stored as it is: only the mapping to days is ours
    assert due_from(stored.due, tz) == due_from_.replace(tzinfo=tz)
    assert due_now([stored], not_yet.replace(tzinfo=tz), tz) == []
    assert due_now([stored], due_from_.replace(tzinfo=tz), tz) == ["q/t"]
    end_of_day = due_from_.replace(tzinfo=tz) + DAY - timedelta(minutes=1)
    assert due_now([stored], end_of_day, tz) == ["q/t"] and study_day(end_of_day, tz) == due_from_.date()


# --- kept in the history, with the answer ----------------------------------------------------------------------------


def test_record_keeps_the_answer_and_the_card_and_reads_them_back(tmp_path):
    q = present(QUESTIONS[1], 4)
    with History.open(tmp_path) as history:
        session = history.start_session("review", deck="d", seed=4, planned=2, at=T)
        first = record(history, session, answer(q, False, at=T))
        second = record(history, session, answer(q, True, at=T + DAY + timedelta(hours=1)))
    assert first.due == T + DAY
    with History.open(tmp_path) as history:
        stored = history.card("d", q.id)
        assert [c.question_id for c in history.cards()] == [q.id]  # one row per question, updated in place
        assert [(a.question_id, a.correct) for a in history.answers()] == [(q.id, False), (q.id, True)]
    assert stored is not None
    assert (stored.due, stored.updated_at) == (second.due, T + DAY + timedelta(hours=1))
    assert stored.card == second.to_json()
    back = Card.from_json(stored.card)
    assert (back.state, back.step, back.stability, back.difficulty, back.due, back.last_review) == (
        second.state,
        second.step,
        second.stability,
        second.difficulty,
        second.due,
        second.last_review,
    )
    assert second == review(review(None, Rating.Again, T), Rating.Good, T + DAY + timedelta(hours=1))


def test_an_answer_is_not_kept_without_its_card(tmp_path, monkeypatch):
    q = present(QUESTIONS[0], 1)
    with History.open(tmp_path) as history:
        session = history.start_session("review", deck="d", seed=1, planned=1, at=T)

        def broken(*args, **kwargs):
            raise HistoryError("disk full")

        monkeypatch.setattr(history, "save_card", broken)
        with pytest.raises(HistoryError, match="disk full"):
            record(history, session, answer(q, True))
        assert history.answers() == [] and history.card("d", q.id) is None  # rolled back together
        monkeypatch.undo()
        record(history, session, answer(q, True))  # and the connection is usable again
        assert len(history.answers()) == 1


def test_an_unreadable_card_is_a_clear_error(tmp_path):
    q = present(QUESTIONS[0], 1)
    with History.open(tmp_path) as history:
        session = history.start_session("review", deck="d", seed=1, planned=1, at=T)
        history.save_card("d", q.id, '{"state": 2}', due=T, at=T)
        with pytest.raises(HistoryError) as error:
            record(history, session, answer(q, True))
    assert str(error.value).startswith(
        f"history {tmp_path / FILENAME}: the review state of a/t in deck d is unreadable"
    )


def test_quiz_answers_schedule_their_questions_too(content_dir, tmp_path):
    out = io.StringIO()
    code = run_quiz(
        load_content(content_dir),
        n=3,
        seed=8,
        ui=PlainUI(io.StringIO("a\nb\nc\n"), out),
        data_dir=tmp_path,
        clock=Clock(),
    )
    assert code == 0
    with sqlite3.connect(tmp_path / FILENAME) as db:
        answers = db.execute("SELECT question_id, correct, answered_at FROM answers ORDER BY id").fetchall()
        cards = dict(db.execute("SELECT question_id, due FROM cards").fetchall())
    assert len(answers) == 3 and set(cards) == {qid for qid, _, _ in answers}
    for qid, correct, at in answers:  # answered at once: Good (two days) or Again (one)
        due = datetime.fromisoformat(cards[qid]) - datetime.fromisoformat(at)
        assert due == (2 * DAY if correct else DAY), qid


WRITER = """
import sys
sys.path.insert(0, {tests!r})
from datetime import UTC, datetime
from quizgen.study.history import History, record
from quizgen.study.session import Answer
from test_session import QUESTIONS
with History.open({folder!r}) as history:
    session = history.start_session("review", deck="d", seed=0, planned=200, at=datetime.now(UTC))
    for i in range(200):
        q = QUESTIONS[i % 4]
        record(history, session, Answer(q, i % 4, i % 4 == q.answer, 0.5, datetime.now(UTC)))
    history.finish_session(session, "done", at=datetime.now(UTC))
"""


def test_two_reviews_at_once_keep_every_answer_and_one_card_per_question(tmp_path):
    code = WRITER.format(tests=str(Path(__file__).parent), folder=str(tmp_path))
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with sqlite3.connect(tmp_path / FILENAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM answers").fetchall() == [(400,)]
        cards = db.execute("SELECT question_id, card, updated_at FROM cards ORDER BY 1").fetchall()
        times = set(db.execute("SELECT question_id, answered_at FROM answers").fetchall())
    assert [qid for qid, _, _ in cards] == ["a/t", "b/t", "c/t", "d/t"]
    for qid, card, updated_at in cards:  # each card is whole, written with one of its question's answers
        assert (qid, updated_at) in times
        assert Card.from_json(card).last_review == datetime.fromisoformat(updated_at)
