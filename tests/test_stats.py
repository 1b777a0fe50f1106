"""`quizgen stats`: numbers from a hand-built history at a fixed time, the chart, --json, and an empty history."""

import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import QUIZGEN, invoke, run_process
from test_review import key, new_ones
from test_session import Clock, make

from quizgen.bank.content import load_content
from quizgen.study.history import History
from quizgen.study.review import run_review
from quizgen.study.session import Answer, Tally
from quizgen.study.stats import MIN_TOPIC_ANSWERS, bar, can_draw, compute, render, to_json, wants_colour
from quizgen.study.terminal import PlainUI

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 6, day, hour, minute, tzinfo=UTC)


# (question, kind, source, tags, correct, attempt, when, session)
ANSWERS = [
    ("e1/t", "event", "alpha-2024", ("aid",), False, 0, at(6, 10), 1),
    ("e2/t", "event", "alpha-2024", ("aid", "solid"), True, 0, at(8, 9), 2),
    ("f1/t", "figure", "beta-2025", ("aid", "trade"), False, 0, at(8, 9, 1), 2),
    ("f1/t", "figure", "beta-2025", ("aid", "trade"), True, 1, at(8, 9, 2), 2),  # a retry: not a first attempt
    ("e3/t", "event", "beta-2025", ("aid",), False, 0, at(9, 20), 3),
    ("n1/t", "number", "alpha-2024", ("trade", "solid"), True, 0, at(9, 20, 1), 3),
    ("f2/t", "figure", "alpha-2024", ("trade", "solid"), True, 0, at(10, 8), 4),
    ("n2/t", "number", "beta-2025", ("trade", "economy"), False, 0, at(10, 8, 1), 4),
    ("e1/t", "event", "alpha-2024", ("aid",), True, 0, at(10, 8, 2), 4),
    ("n3/t", "number", "beta-2025", ("trade", "solid"), True, 0, at(10, 8, 3), 4),
    ("p1/t", "position", "beta-2025", ("economy", "solid"), True, 0, at(10, 8, 4), 4),
]
CARDS = {
    "e1/t": at(9, 12),  # overdue
    "e2/t": at(10, 11),  # due an hour ago
    "e3/t": at(10, 20),  # due later today: due all day, from 4:00 (days.ROLLOVER_HOUR)
    "f1/t": at(12, 9),
    "f2/t": at(17, 3, 59),  # the last minute of "this week": today and the six study days after, ending at 4:00
    "n1/t": at(17, 4),  # next week
    "gone/t": at(1, 0),  # a question the deck no longer has
}
KNOWN = {a[0] for a in ANSWERS}


def fill(folder: Path, answers=ANSWERS, cards=CARDS) -> History:
    history = History.open(folder)
    sessions: dict[int, int] = {}
    for qid, kind, source, tags, correct, attempt, when, session in answers:
        if session not in sessions:
            sessions[session] = history.start_session("quiz", deck="d", seed=0, planned=5, at=when)
        question = replace(make(qid, kind, source), tags=tags)
        chosen = question.answer if correct else question.answer + 1
        history.record(sessions[session], Answer(question, chosen, correct, 4.0, when, attempt))
    for qid, due in cards.items():
        history.save_card("d", qid, "{}", due=due, at=due - timedelta(days=1))
    return history


@pytest.fixture
def stored(tmp_path):
    with fill(tmp_path) as history:
        return history.answers(), history.cards()


def test_accuracy_counts_first_attempts_by_kind_and_source(stored):
    stats = compute(*stored, now=NOW, known=KNOWN, tz=UTC)
    assert (stats.answers, stats.sessions) == (11, 4)
    assert stats.first_attempts == Tally(6, 10)
    assert stats.by_kind == {
        "event": Tally(2, 4),
        "figure": Tally(1, 2),
        "number": Tally(2, 3),
        "position": Tally(1, 1),
    }
    assert list(stats.by_kind) == ["event", "figure", "position", "number"]  # the order of quizgen.model.models.KINDS
    assert stats.by_source == {"alpha-2024": Tally(4, 5), "beta-2025": Tally(2, 5)}


def test_weakest_topics_need_enough_answers_and_a_miss(stored):
    stats = compute(*stored, now=NOW, known=KNOWN, tz=UTC)
    # economy (2 answers) is too small a sample; solid (5 of 5) is not weak
    assert MIN_TOPIC_ANSWERS == 5
    assert stats.weakest == (("aid", Tally(2, 5)), ("trade", Tally(3, 5)))


def test_due_now_today_and_this_week_skip_questions_the_deck_lost(stored):
    stats = compute(*stored, now=NOW, known=KNOWN, tz=UTC)
    assert (stats.scheduled, stats.due_now, stats.due_today, stats.due_week) == (6, 3, 3, 5)
    assert stats.next_due == at(12, 4)  # f1/t, due at 9:00 on the 12th: from the start of that study day
    everything = compute(*stored, now=NOW, tz=UTC)  # no deck to check against: the lost question counts
    assert (everything.scheduled, everything.due_now) == (7, 4)


@pytest.mark.parametrize(
    ("now", "streak", "last"),
    [
        (NOW, 3, date(2025, 6, 10)),  # 8, 9 and 10 June; 7 June has no answer
        (NOW + timedelta(days=1), 3, date(2025, 6, 10)),  # not lost before today's review
        (NOW + timedelta(days=2), 0, date(2025, 6, 10)),
        (at(9, 23, 59), 2, date(2025, 6, 10)),  # answers after `now` are not counted back from it
    ],
)
def test_streak_ends_today_or_yesterday(stored, now, streak, last):
    stats = compute(*stored, now=now, known=KNOWN, tz=UTC)
    assert (stats.streak, stats.last_day) == (streak, last)


def test_days_are_study_days_from_4am_where_the_learner_is(tmp_path):
    answers = [
        ("e1/t", "event", "alpha-2024", ("aid",), True, 0, at(9, 23, 30), 1),
        ("e2/t", "event", "alpha-2024", ("aid",), True, 0, at(10, 2), 1),  # after midnight: still 9 June's study day
        ("e3/t", "event", "alpha-2024", ("aid",), True, 0, at(10, 4), 1),
    ]
    with fill(tmp_path, answers, {"e1/t": at(11, 5)}) as history:
        stored = history.answers(), history.cards()
    utc = compute(*stored, now=NOW, tz=UTC)
    assert (utc.today, utc.streak, utc.due_today, utc.due_tomorrow, utc.due_week) == (date(2025, 6, 10), 2, 0, 1, 1)
    chicago = compute(*stored, now=NOW, tz=timezone(timedelta(hours=-5)))  # all three answers fall on 9 June there
    assert (chicago.today, chicago.streak, chicago.due_today, chicago.due_tomorrow) == (date(2025, 6, 10), 1, 1, 0)
    assert compute(*stored, now=at(10, 3, 59), tz=UTC).today == date(2025, 6, 9)  # before 4:00: the day before


def test_the_report_with_bar_charts(stored):
    stats = compute(*stored, now=NOW, known=KNOWN, tz=UTC)
    assert render(stats) == "\n".join(
        [
            "11 answers in 4 sessions; first attempts 6 of 10 right (60%)",
            "Streak: 3 days",
            "",
            "Accuracy by kind (first attempts)",
            "  event       ██████████░░░░░░░░░░  2/4   50%",
            "  figure      ██████████░░░░░░░░░░  1/2   50%",
            "  position    ████████████████████  1/1  100%",
            "  number      █████████████▍░░░░░░  2/3   67%",
            "",
            "Accuracy by source",
            "  alpha-2024  ████████████████░░░░  4/5   80%",
            "  beta-2025   ████████░░░░░░░░░░░░  2/5   40%",
            "",
            "Weakest topics (at least 5 answers)",
            "  aid         ████████░░░░░░░░░░░░  2/5   40%",
            "  trade       ████████████░░░░░░░░  3/5   60%",
            "",
            "Due: 3 today, 0 tomorrow, 5 this week (of 6 questions scheduled; days start at 4:00)",
        ]
    )
    later = render(compute(*stored, now=at(11, 12), known={"f1/t", "f2/t"}, tz=UTC))
    assert later.splitlines()[1] == "Streak: 3 days (answer today to keep it)"
    assert later.splitlines()[-2:] == [
        "Due: 0 today, 1 tomorrow, 2 this week (of 2 questions scheduled; days start at 4:00)",
        "Next review: Thu 12 Jun 2025, 04:00 (in 16 hours)",
    ]
    assert (
        render(compute(*stored, now=at(13, 12), tz=UTC)).splitlines()[1] == "Streak: 0 days (last answer 10 Jun 2025)"
    )


def test_ascii_bars_when_the_terminal_cannot_draw_blocks(stored):
    text = render(compute(*stored, now=NOW, known=KNOWN, tz=UTC), unicode=False)
    assert "  number      #############.......  2/3   67%" in text.splitlines()
    text.encode("ascii")
    assert bar(0.0) == "░" * 20 and bar(1 / 16, 4) == "▎░░░" and bar(0.5, 4, unicode=False) == "##.."
    assert can_draw(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert not can_draw(io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert not can_draw(io.TextIOWrapper(io.BytesIO(), encoding="cp1252"))


def test_bars_in_colour_and_sources_named_when_asked(stored):
    stats = compute(*stored, now=NOW, known=KNOWN, tz=UTC)
    text = render(stats, colour=True, names={"alpha-2024": "Alpha", "beta-2025": "Beta"})
    lines = text.splitlines()
    # green from 70%, yellow from 50%, red below; the track dim; the same characters as without colour
    assert "  Alpha     \x1b[32m████████████████\x1b[0m\x1b[2m░░░░\x1b[0m  4/5   80%" in lines
    assert "  Beta      \x1b[31m████████\x1b[0m\x1b[2m░░░░░░░░░░░░\x1b[0m  2/5   40%" in lines
    assert "  event     \x1b[33m██████████\x1b[0m\x1b[2m░░░░░░░░░░\x1b[0m  2/4   50%" in lines
    assert ANSI.sub("", text) == render(stats, names={"alpha-2024": "Alpha", "beta-2025": "Beta"})


def test_colour_only_on_a_terminal_without_no_color():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert wants_colour(Tty(), {"TERM": "xterm-256color"})
    assert not wants_colour(io.StringIO(), {"TERM": "xterm-256color"})  # piped
    assert not wants_colour(Tty(), {"NO_COLOR": "1", "TERM": "xterm"})
    assert wants_colour(Tty(), {"NO_COLOR": ""})  # no-color.org: only a non-empty value counts
    assert not wants_colour(Tty(), {"TERM": "dumb"})


def test_json_object(stored):
    data = to_json(compute(*stored, now=NOW, known=KNOWN, tz=UTC))
    assert json.loads(json.dumps(data)) == {
        "today": "2025-06-10",
        "answers": 11,
        "sessions": 4,
        "first_attempts": {"right": 6, "total": 10, "percent": 60},
        "by_kind": {
            "event": {"right": 2, "total": 4, "percent": 50},
            "figure": {"right": 1, "total": 2, "percent": 50},
            "number": {"right": 2, "total": 3, "percent": 67},
            "position": {"right": 1, "total": 1, "percent": 100},
        },
        "by_source": {
            "alpha-2024": {"right": 4, "total": 5, "percent": 80},
            "beta-2025": {"right": 2, "total": 5, "percent": 40},
        },
        "weakest_topics": [
            {"tag": "aid", "right": 2, "total": 5, "percent": 40},
            {"tag": "trade", "right": 3, "total": 5, "percent": 60},
        ],
        "min_topic_answers": 5,
        "due": {
            "now": 3,
            "today": 3,
            "tomorrow": 0,
            "this_week": 5,
            "scheduled": 6,
            "next": "2025-06-12T04:00:00+00:00",
        },
        "streak": {"days": 3, "last_day": "2025-06-10"},
        "waiting": 0,
    }


# --- the command -----------------------------------------------------------------------------------------------------


def test_empty_history_is_a_friendly_message_and_creates_nothing(content_dir, tmp_path):
    result = invoke(content_dir, "stats", tmp_path / "data")
    assert (result.exit_code, result.output) == (0, "No answers yet: start with `quizgen quiz` or `quizgen review`.\n")
    assert not (tmp_path / "data").exists()
    data = json.loads(invoke(content_dir, "stats", tmp_path / "data", "--json").output)
    assert data["answers"] == 0 and data["first_attempts"] == {"right": 0, "total": 0, "percent": 0}
    assert data["due"] == {"now": 0, "today": 0, "tomorrow": 0, "this_week": 0, "scheduled": 0, "next": None}
    assert data["streak"] == {"days": 0, "last_day": None} and data["weakest_topics"] == []


def reviewed(content_dir, data):
    """A history of one review of three questions (one missed), plus a card of a question the deck lost."""
    asked = new_ones(content_dir, 3, 1)
    letters = "".join(f"{key(q, right)}\n" for q, right in zip(asked, (True, False, True), strict=True))
    ui = PlainUI(io.StringIO(letters), io.StringIO())
    run_review(load_content(content_dir), n=3, seed=1, ui=ui, data_dir=data, clock=Clock())
    with History.open(data) as history:
        history.save_card("d", "gone/t", "{}", due=NOW, at=NOW)
        answers = history.answers()
    assert sorted(a.correct for a in answers) == [False, True, True]
    return answers


def test_cli_json(content_dir, tmp_path):
    answers = reviewed(content_dir, tmp_path)
    result = invoke(content_dir, "stats", tmp_path, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"today", "answers", "sessions", "first_attempts", "by_kind", "by_source", "weakest_topics",
                         "min_topic_answers", "due", "streak", "waiting"}  # fmt: skip
    right = sum(a.correct for a in answers)
    assert (data["answers"], data["sessions"], data["first_attempts"]) == (
        3,
        1,
        {"right": right, "total": 3, "percent": round(100 * right / 3)},
    )
    assert data["by_source"] == {"test-2024": data["first_attempts"]}
    assert data["due"]["scheduled"] == 3  # not the lost question's card
    assert data["due"]["now"] == 3  # answered in January 2025: all due
    assert data["streak"]["last_day"] == "2025-01-01"  # answered at 03:04 on 2 January: the study day before


def test_cli_report_degrades_to_ascii(content_dir, tmp_path):
    reviewed(content_dir, tmp_path)
    if not QUIZGEN.exists():
        pytest.skip("needs the project installed in .venv")
    plain = run_process(content_dir, "stats", tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert plain.returncode == 0, plain.stderr
    assert "  Author  " in plain.stdout and "#" in plain.stdout and "." in plain.stdout  # named as the quiz does
    assert "\x1b[" not in plain.stdout  # piped: no colour
    plain.stdout.encode("ascii")
    fancy = run_process(content_dir, "stats", tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert "\u2591" in fancy.stdout
    assert len(fancy.stdout.splitlines()) == len(plain.stdout.splitlines())
    assert fancy.stdout.splitlines()[0] == plain.stdout.splitlines()[0]


@pytest.mark.parametrize("no_color", ["", "1"])
def test_cli_bars_in_colour_in_a_terminal_unless_no_color(content_dir, tmp_path, monkeypatch, no_color):
    from conftest import finish, spawn

    reviewed(content_dir, tmp_path)
    if not QUIZGEN.exists():
        pytest.skip("needs the project installed in .venv")
    monkeypatch.setenv("NO_COLOR", no_color)
    child = spawn(content_dir, "stats", tmp_path)
    child.expect_exact("Accuracy by source")
    child.expect(r"\r\n  Author  (.*)  \d/3")  # named as the quiz names it
    bar = child.match.group(1)
    assert ("\x1b[" in bar) == (not no_color)
    assert ANSI.sub("", bar).strip("█▏▎▍▌▋▊▉░") == ""  # the same bar, coloured or not
    assert finish(child) == 0
