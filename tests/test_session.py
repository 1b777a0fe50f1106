"""Pure quiz logic: presentation order, answer parsing, timing, the runner and the end-of-session summary."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from quizgen.model.models import Question, Quote
from quizgen.study.session import (
    Answer,
    EndOfInput,
    Summary,
    Tally,
    format_duration,
    parse_choice,
    present,
    run_session,
)

T0 = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def make(qid: str, kind: str = "event", text: str = "alpha-2024", answer: int = 0) -> Question:
    fact = qid.split("/")[0]
    options = tuple(f"{qid} option {i}" for i in range(4))
    quote = Quote(text, f"{text}:p1", f"quote for {qid}", f"Citation of {text}")
    return Question(qid, fact, "t", kind, f"Stem of {qid}?", options, answer, f"Because {qid}.", ("tag",), quote)


QUESTIONS = [
    make("a/t", "event", "alpha-2024", 0),
    make("b/t", "figure", "alpha-2024", 1),
    make("c/t", "event", "beta-2025", 2),
    make("d/t", "number", "beta-2025", 3),
]


class Clock:
    """Advances by `step` seconds on every reading."""

    def __init__(self, step: float = 2.5):
        self.now, self.step = T0, timedelta(seconds=step)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


class ScriptedUI:
    """Answers from a script: an option text picks that option, an int an index, None gives no answer,
    EndOfInput / KeyboardInterrupt are raised."""

    def __init__(self, script):
        self.script = list(script)
        self.events: list[tuple] = []

    def ask(self, question, number, total):
        self.events.append(("ask", question.id, number, total))
        step = self.script.pop(0)
        if isinstance(step, type) and issubclass(step, BaseException):
            raise step
        return question.options.index(step) if isinstance(step, str) else step

    def feedback(self, answer):
        self.events.append(("feedback", answer.question.id, answer.correct))


def test_present_is_fixed_by_seed_and_attempt_and_keeps_the_answer():
    q = QUESTIONS[2]
    shown = present(q, 7, 0)
    assert shown == present(q, 7, 0)
    assert sorted(shown.options) == sorted(q.options)
    assert shown.correct == q.correct
    assert shown.id == q.id
    orders = {present(q, 7, attempt).options for attempt in range(12)}
    assert len(orders) > 4  # a new order on each presentation, not one fixed shuffle
    assert {present(q, seed, 0).options for seed in range(12)} != {shown.options}


def test_present_moves_the_right_answer_around():
    positions = {present(q, 3, attempt).answer for q in QUESTIONS for attempt in range(5)}
    assert positions == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("text", "index"),
    [("a", 0), ("B", 1), ("c)", 2), (" d \n", 3), ("1", 0), ("4", 3), (" 2.", 1)],
)
def test_parse_choice_accepts_letters_and_numbers(text, index):
    assert parse_choice(text) == index


@pytest.mark.parametrize("text", ["", "\n", "e", "5", "0", "ab", "12", "yes", "-1"])
def test_parse_choice_rejects_anything_else(text):
    assert parse_choice(text) is None


def test_run_session_records_each_answer_as_presented_and_timed():
    shown = [present(q, 11, 0) for q in QUESTIONS]
    ui = ScriptedUI([shown[0].correct, shown[1].options[(shown[1].answer + 1) % 4], None, shown[3].correct])
    seen: list[Answer] = []

    def on_answer(answer):
        seen.append(answer)
        ui.events.append(("recorded", answer.question.id))

    summary = run_session(QUESTIONS, ui, seed=11, on_answer=on_answer, clock=Clock(2.5))

    assert [a.question for a in summary.answers] == shown
    assert [a.correct for a in summary.answers] == [True, False, False, True]
    assert summary.answers[2].chosen is None
    assert summary.answers[0].chosen == shown[0].answer
    assert summary.answers[1].chosen_text == shown[1].options[(shown[1].answer + 1) % 4]
    assert [a.seconds for a in summary.answers] == [2.5] * 4  # one clock step between showing and answering
    assert summary.answers[0].answered_at == T0 + timedelta(seconds=7.5)
    assert all(a.answered_at.tzinfo is UTC and a.attempt == 0 for a in summary.answers)
    assert seen == list(summary.answers)
    # the history sees each answer before the learner sees the feedback, so Ctrl-C during feedback keeps it
    assert ui.events[:3] == [("ask", "a/t", 1, 4), ("recorded", "a/t"), ("feedback", "a/t", True)]
    assert summary.planned == 4 and summary.ended_by == "done" and not summary.aborted
    assert summary.seconds == 2.5 * 9  # from the start reading to the end one: 2 readings per question, +1


def test_summary_breakdowns_and_missed():
    shown = [present(q, 1, 0) for q in QUESTIONS]
    ui = ScriptedUI([shown[0].correct, 0 if shown[1].answer else 1, shown[2].correct, None])
    summary = run_session(QUESTIONS, ui, seed=1, clock=Clock())
    assert str(summary.score) == "2/4" and summary.percent == 50
    assert summary.by_kind == {"event": Tally(2, 2), "figure": Tally(0, 1), "number": Tally(0, 1)}
    assert summary.by_source == {"alpha-2024": Tally(1, 2), "beta-2025": Tally(1, 2)}
    assert [a.question.id for a in summary.missed] == ["b/t", "d/t"]


def test_end_of_input_ends_gracefully_keeping_answers():
    ui = ScriptedUI([1, EndOfInput])
    recorded = []
    summary = run_session(QUESTIONS, ui, seed=0, on_answer=recorded.append, clock=Clock())
    assert (summary.ended_by, summary.aborted, summary.planned) == ("eof", True, 4)
    assert len(summary.answers) == 1 and recorded == list(summary.answers)


def test_ctrl_c_ends_with_what_was_answered():
    ui = ScriptedUI([2, 3, KeyboardInterrupt])
    summary = run_session(QUESTIONS, ui, seed=0, clock=Clock())
    assert summary.ended_by == "interrupt"
    assert [a.question.id for a in summary.answers] == ["a/t", "b/t"]
    assert summary.score.total == 2


def test_retry_attempt_reshuffles_and_is_recorded():
    ui = ScriptedUI([0, 0])
    first = run_session(QUESTIONS[:2], ui, seed=5, attempt=0, clock=Clock())
    ui = ScriptedUI([0, 0])
    again = run_session(QUESTIONS[:2], ui, seed=5, attempt=1, clock=Clock())
    assert [a.attempt for a in again.answers] == [1, 1]
    assert [a.question.options for a in first.answers] != [a.question.options for a in again.answers]


def test_a_slow_clock_never_gives_negative_time():
    times = iter([T0, T0, T0 - timedelta(seconds=3), T0])  # the wall clock stepped back
    summary = run_session(QUESTIONS[:1], ScriptedUI([0]), seed=0, clock=lambda: next(times))
    assert summary.answers[0].seconds == 0.0


@pytest.mark.parametrize(("right", "total", "percent"), [(1, 8, 13), (2, 3, 67), (1, 3, 33), (0, 0, 0), (5, 5, 100)])
def test_tally_percent_rounds_half_up(right, total, percent):
    assert Tally(right, total).percent == percent


def test_empty_summary():
    summary = Summary((), 10, 0.0, "interrupt")
    assert (str(summary.score), summary.percent, summary.by_kind, summary.missed) == ("0/0", 0, {}, ())


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0s"), (45, "45s"), (59.6, "1m 00s"), (125, "2m 05s"), (3720, "1h 02m")]
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_sources_are_named_by_their_author_and_told_apart_when_alike():
    from types import SimpleNamespace

    from quizgen.study.session import source_names

    texts = {
        "chellaney-2025": SimpleNamespace(cite_as="Chellaney"),
        "chellaney-2019": SimpleNamespace(cite_as="Chellaney"),
        "husain-2025": SimpleNamespace(cite_as="Husain"),
    }
    assert source_names(texts) == {
        "chellaney-2025": "Chellaney (chellaney-2025)",
        "chellaney-2019": "Chellaney (chellaney-2019)",
        "husain-2025": "Husain",
    }


@pytest.mark.parametrize(
    ("text", "count", "true_false", "index"),
    [("e", 5, False, 4), ("5", 5, False, 4), ("e", 4, False, None), ("c", 2, False, None), ("t", 2, True, 0),
     ("False", 2, True, 1), ("f", 2, True, 1), ("t", 2, False, None), ("b", 2, True, 1)],
)  # fmt: skip
def test_parse_choice_follows_the_option_count_and_true_false(text, count, true_false, index):
    assert parse_choice(text, count, true_false) == index


def test_present_never_shuffles_true_and_false():
    tf = replace(QUESTIONS[0], options=("True", "False"), answer=1, ordered=True, format="true-false")
    assert {present(tf, 3, attempt).options for attempt in range(6)} == {("True", "False")}
