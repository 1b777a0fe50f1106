"""The terminal UIs: questionary prompts driven through prompt_toolkit pipe input, and --plain through stdin."""

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import weakref
from dataclasses import replace

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_TEMPLATES, invoke, run_process, write_content
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from test_session import QUESTIONS, Clock

from quizgen.bank.content import load_content
from quizgen.bank.leaks import LeakCheck
from quizgen.bank.select import Filters, select
from quizgen.cli import main
from quizgen.study.session import EndOfInput, play, present, run_session
from quizgen.study.terminal import (
    ENTER_GUARD,
    InteractiveUI,
    NotATerminal,
    PlainUI,
    check_terminal,
    feedback_lines,
    summary_lines,
)

DOWN, UP, ENTER, CTRL_C, CTRL_D = "\x1b[B", "\x1b[A", "\r", "\x03", "\x04"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

CITED = "Ann Author, Test Times, 3 Mar 2024"


class Typist:
    """Types into a prompt_toolkit pipe as each prompt is drawn, one string per prompt, in order: the UI drops keys
    typed before a prompt is on screen. With nothing left to type it closes the input (the UI then ends as at end of
    input) rather than hang the test. `early` is typed at once, before any prompt."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.per_prompt = []

    def type(self, *keys):
        self.per_prompt.extend(keys)

    def early(self, text):
        self.pipe.send_text(text)

    def __call__(self):
        if self.per_prompt:
            self.pipe.send_text(self.per_prompt.pop(0))
        else:
            self.pipe.close()


@pytest.fixture
def keys():
    """A prompt_toolkit pipe to type into, prompt by prompt; an InteractiveUI reading it prints to `ui.stream`."""
    with create_pipe_input() as pipe:
        yield Typist(pipe)


def interactive(keys, enter_guard=0.0, **kwargs):
    """An InteractiveUI typed at by `keys`, without the Enter guard unless asked (tests type at once)."""
    pipe = keys.pipe if keys else None
    return InteractiveUI(
        input=pipe, output=DummyOutput(), stream=io.StringIO(), width=80, ready=keys, enter_guard=enter_guard, **kwargs
    )


def text(lines):
    return ["".join(t for _, t in line) for line in lines]


# --- interactive, through real questionary prompts -------------------------------------------------------------------


def test_arrow_keys_and_enter_choose_the_option_under_the_pointer(keys):
    ui = interactive(keys)
    keys.type(DOWN + DOWN + UP + ENTER)
    assert ui.ask(present(QUESTIONS[0], 1), 1, 4) == 1


def test_enter_alone_takes_the_first_option(keys):
    keys.type(ENTER)
    assert interactive(keys).ask(QUESTIONS[0], 1, 1) == 0


@pytest.mark.parametrize(("key", "index"), [("a", 0), ("b", 1), ("c", 2), ("d", 3), ("1", 0), ("2", 1), ("4", 3)])
def test_one_shortcut_key_answers(keys, key, index):
    keys.type(key)  # no Enter: the key alone is the answer
    assert interactive(keys).ask(QUESTIONS[1], 2, 4) == index


def test_other_keys_are_ignored(keys):
    keys.type("xz9e" + DOWN + ENTER)
    assert interactive(keys).ask(QUESTIONS[1], 2, 4) == 1


def test_ctrl_c_at_a_question_raises_keyboard_interrupt(keys):
    keys.type(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        interactive(keys).ask(QUESTIONS[0], 1, 1)


def test_keys_typed_before_a_question_is_drawn_are_dropped(keys):
    keys.early("b" + ENTER + "4")  # typed while the feedback before printed: nobody has seen this question
    keys.type("c")
    assert interactive(keys).ask(QUESTIONS[0], 1, 1) == 2


@pytest.mark.parametrize("early", [CTRL_C, "b" + CTRL_C + "c"])
def test_a_ctrl_c_typed_ahead_still_stops(keys, early):
    keys.early(early)
    keys.type("c")
    with pytest.raises(KeyboardInterrupt):
        interactive(keys).ask(QUESTIONS[0], 1, 1)


@pytest.mark.parametrize("early", ["", "b" + CTRL_D])
def test_ctrl_d_at_a_question_is_end_of_input(keys, early):
    keys.early(early)
    keys.type(CTRL_D)
    with pytest.raises(EndOfInput):
        interactive(keys).ask(QUESTIONS[0], 1, 1)


def test_a_closed_input_is_end_of_input(keys):
    keys.pipe.close()
    with pytest.raises(EndOfInput):
        interactive(keys).ask(QUESTIONS[0], 1, 1)


def test_a_signal_while_a_question_is_on_screen_stops():
    """SIGINT comes as a signal when Ctrl-C is typed just before the prompt switches the terminal to raw mode (or
    from `kill -INT`); prompt_toolkit turned it into a key nobody binds, and the Ctrl-C was lost."""
    with create_pipe_input() as pipe:
        ui = InteractiveUI(input=pipe, output=DummyOutput(), ready=lambda: signal.raise_signal(signal.SIGINT))
        with pytest.raises(KeyboardInterrupt):
            ui.ask(QUESTIONS[0], 1, 1)


def test_a_ctrl_c_while_python_runs_a_weakref_callback_still_stops(keys):
    """Python raises KeyboardInterrupt wherever the program is; in a weakref callback (prompt_toolkit leaves many
    as one prompt ends and the next is built) it is printed as "Exception ignored" and lost. The quiz holds it."""
    ui = interactive(keys)

    class Gone:
        pass

    with ui.holding_interrupts():
        gone = Gone()
        ref = weakref.ref(gone, lambda _: signal.raise_signal(signal.SIGINT))
        del gone  # the callback runs here, and the signal with it
        assert ref() is None
        with pytest.raises(KeyboardInterrupt):
            ui.ask(QUESTIONS[0], 1, 1)
        keys.type("b")
        assert ui.ask(QUESTIONS[0], 1, 1) == 1  # held once, raised once
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_enter_right_after_a_question_is_drawn_does_nothing(keys):
    """A double or held Enter must not answer a question nobody has read: within ENTER_GUARD seconds of the drawing,
    with no other key first, Enter is ignored, and each ignored one starts the wait again."""
    times = iter([100.0, 100.1, 100.55, 101.2])  # drawn; Enter; Enter (0.45 s after the first); Enter (0.65 s)
    keys.type(ENTER + ENTER + ENTER)
    assert interactive(keys, enter_guard=ENTER_GUARD, timer=lambda: next(times)).ask(QUESTIONS[0], 1, 1) == 0
    assert next(times, None) is None
    times = iter([100.0, 100.1, 100.2])  # drawn; Enter; Enter: both ignored, then the letter answers
    keys.type(ENTER + ENTER + "c")
    assert interactive(keys, enter_guard=ENTER_GUARD, timer=lambda: next(times)).ask(QUESTIONS[0], 1, 1) == 2
    times = iter([100.0, 100.1])  # drawn; an arrow key first: the Enter is meant
    keys.type(DOWN + UP + ENTER)
    assert interactive(keys, enter_guard=ENTER_GUARD, timer=lambda: next(times)).ask(QUESTIONS[0], 1, 1) == 0
    assert ENTER_GUARD == 0.5


def test_a_whole_session_with_feedback(keys):
    shown = [present(q, 1) for q in QUESTIONS]
    ui = interactive(keys)
    # each answer, then a key to go on (the first of them the Enter a learner presses after a letter)
    keys.type(DOWN + ENTER, ENTER, "c", ENTER, "4", " ", CTRL_C)
    summary = run_session(QUESTIONS, ui, seed=1, clock=Clock())
    assert [a.chosen for a in summary.answers] == [1, 2, 3]
    assert summary.ended_by == "interrupt"
    out = ui.stream.getvalue()
    assert "Question 1/4" in out and "Question 4/4" in out
    for answer, q in zip(summary.answers, shown, strict=False):
        if answer.correct:
            assert f"\u2713 Correct!\n  {q.explanation}" in out
        else:
            assert f"\u2717 Wrong. The answer is \u2713 {'abcd'[q.answer]}) {q.correct}\n  {q.explanation}" in out
        assert f"  \u201c{q.source.quote}\u201d\n  \u2014 {q.source.citation}\n" in out


def test_after_the_feedback_a_key_brings_the_next_question(keys):
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=80), term="xterm")
    ui = InteractiveUI(input=keys.pipe, output=output, stream=io.StringIO(), width=80, ready=keys, enter_guard=0)
    keys.type("b", ENTER, "c", "x")
    summary = run_session(QUESTIONS[:2], ui, seed=1, clock=Clock())
    assert [a.chosen for a in summary.answers] == [1, 2]
    assert summary.ended_by == "done"
    shown = ANSI.sub("", screen.getvalue())
    assert shown.count("  Press Enter for the next question") == 1
    assert shown.count("  Press Enter for the summary") == 1


def test_keys_left_over_by_an_answer_do_not_answer_the_next_question(keys):
    ui = interactive(keys)
    keys.type("b" + "c" + ENTER + "d", ENTER, "a", ENTER)  # "c", Enter and "d" were typed before the feedback
    summary = run_session(QUESTIONS[:2], ui, seed=1, clock=Clock())
    assert [a.chosen for a in summary.answers] == [1, 0]
    assert summary.ended_by == "done"


@pytest.mark.parametrize(("after", "ended_by"), [(CTRL_C, "interrupt"), (CTRL_D, "eof")])
def test_ctrl_c_or_ctrl_d_after_an_answer_ends_the_session_and_keeps_it(keys, after, ended_by):
    ui = interactive(keys)
    keys.type("b", after)
    recorded = []
    summary = run_session(QUESTIONS[:2], ui, seed=1, on_answer=recorded.append, clock=Clock())
    assert [a.chosen for a in summary.answers] == [a.chosen for a in recorded] == [1]
    assert (summary.ended_by, summary.planned) == (ended_by, 2)


def test_the_prompt_shows_question_number_stem_and_lettered_options(keys):
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=60), term="xterm")
    ui = InteractiveUI(input=keys.pipe, output=output, stream=io.StringIO(), width=60, ready=keys)
    long = replace(
        QUESTIONS[0],
        stem="Which view did Dominic, Liaqat and Tanveer express on diaspora influence on US policy in South Asia?",
        options=tuple(
            f"The Pakistani community lobbies Congress far more actively than the Indian one ({i})" for i in range(4)
        ),
    )
    keys.type(DOWN + ENTER)
    ui.ask(long, 3, 10)
    assert "Question 3/10" in ui.stream.getvalue()
    shown = ANSI.sub("", screen.getvalue()).replace("\r\n", "\n")
    # wrapped at word breaks with a hanging indent: questionary would cut long lines at the screen edge
    assert (
        "? Which view did Dominic, Liaqat and Tanveer express on\n  diaspora influence on US policy in South Asia?\n"
        in shown
    )
    assert "(\u2191\u2193 Enter, or a-d / 1-4)" in shown
    assert (
        " \u00bb a) The Pakistani community lobbies Congress far more\n      actively than the Indian one (0)\n"
        in shown
    )
    assert "   d) The Pakistani community" in shown
    # once answered, the prompt keeps the choice, letter included, wrapped below the stem
    assert (
        "South Asia?\n  b) The Pakistani community lobbies Congress far more\n     actively than the Indian one (1)"
        in shown
    )


def test_setup_defaults_with_enter_enter(keys):
    keys.type(ENTER, ENTER)
    texts = {"alpha-2024": "Alpha", "beta-2025": "Beta"}
    questions = QUESTIONS * 6  # 24 questions
    assert interactive(keys).setup(questions, texts) == (Filters(), 10, False)


def test_setup_choices(keys):
    texts = {"alpha-2024": "Alpha", "beta-2025": "Beta"}
    keys.type(DOWN + ENTER, DOWN + ENTER)  # On event facts; the pointer starts on 10, one down is "all"
    assert interactive(keys).setup(QUESTIONS * 6, texts) == (Filters(kinds=("event",)), 12, False)
    # kinds with no question are not offered: event, figure, number, then the two sources
    keys.type(DOWN * 4 + ENTER, ENTER)
    assert interactive(keys).setup(QUESTIONS * 6, texts) == (Filters(sources=("alpha-2024",)), 10, False)


def test_setup_offers_my_mistakes_when_there_are_any(keys):
    texts = {"alpha-2024": "Alpha", "beta-2025": "Beta"}
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=60), term="xterm")
    keys.type(DOWN + ENTER, ENTER)  # My mistakes, just below Everything; all 3 of them
    ui = InteractiveUI(input=keys.pipe, output=output, stream=io.StringIO(), width=60, ready=keys)
    assert ui.setup(QUESTIONS * 6, texts, QUESTIONS[:3]) == (Filters(), 3, True)
    shown = ANSI.sub("", screen.getvalue())
    assert "Everything (24)" in shown and "My mistakes (3)" in shown
    # kinds are kinds of fact: a question on a number fact may be worded, and the picker says what it groups by
    assert "On event facts (12)" in shown and "On number facts (6)" in shown and "From alpha-2024 (12)" in shown
    keys.type(DOWN + ENTER, ENTER)  # without mistakes, one down is "On event facts"
    assert interactive(keys).setup(QUESTIONS * 6, texts)[::2] == (Filters(kinds=("event",)), False)


@pytest.mark.parametrize(("key", "error"), [(CTRL_C, KeyboardInterrupt), (CTRL_D, EndOfInput)])
def test_setup_stops_on_ctrl_c_and_ctrl_d(keys, key, error):
    keys.type(key)
    with pytest.raises(error):
        interactive(keys).setup(QUESTIONS * 6, {"alpha-2024": "Alpha", "beta-2025": "Beta"})


def test_retry_offer(keys):
    """No unless asked for: the Enter that ends a quiz does not start another round."""
    keys.type(ENTER)
    assert interactive(keys).offer_retry(3) is False
    keys.type("y")
    assert interactive(keys).offer_retry(3) is True
    keys.type("n")
    assert interactive(keys).offer_retry(3) is False
    keys.type(CTRL_D)
    with pytest.raises(EndOfInput):
        interactive(keys).offer_retry(3)


def test_play_retries_missed_questions_with_new_option_order(keys):
    ui = interactive(keys)
    first = [present(q, 2, 0) for q in QUESTIONS[:2]]
    wrong = "abcd"[(first[1].answer + 1) % 4]
    retried = present(QUESTIONS[1], 2, 1)
    keys.type("abcd"[first[0].answer], ENTER, wrong, ENTER, "y", "abcd"[retried.answer], ENTER)  # yes, retry
    recorded = []
    outcome = play(QUESTIONS[:2], ui, seed=2, on_answer=recorded.append, clock=Clock())
    assert [len(r.answers) for r in outcome.rounds] == [2, 1]
    assert outcome.rounds[1].answers[0].question == retried
    assert [a.attempt for a in recorded] == [0, 0, 1]
    assert (outcome.ended_by, outcome.exit_code) == ("done", 0)
    out = ui.stream.getvalue()
    assert "\nSummary\n1 of 2 correct (50%)" in out and "\nRetry 1\n1 of 1 correct (100%)" in out


def test_ctrl_d_at_the_last_feedback_is_the_normal_end(keys):
    """Every question answered: Ctrl-D at "Press Enter for the summary" ends as Enter does, not as input that ran
    out ("Stopped after 2 of 2 questions", exit 3)."""
    ui = interactive(keys)
    first = [present(q, 0) for q in QUESTIONS[:2]]
    keys.type("abcd"[first[0].answer], ENTER, "abcd"[(first[1].answer + 1) % 4], CTRL_D, ENTER)  # Enter: no retry
    outcome = play(QUESTIONS[:2], ui, seed=0, clock=Clock())
    (summary,) = outcome.rounds
    assert (summary.ended_by, summary.aborted, len(summary.answers)) == ("done", False, 2)
    assert (outcome.ended_by, outcome.exit_code) == ("done", 0)
    out = ui.stream.getvalue()
    assert "\nSummary\n1 of 2 correct (50%)" in out and "Stopped" not in out


def test_ctrl_c_at_the_last_feedback_leaves_with_the_normal_summary_and_130(keys):
    """Every question answered: the summary said "Stopped after 2 of 2 questions."; Ctrl-C still means leave now
    (130, no retry offer), but it stopped no question."""
    ui = interactive(keys)
    first = [present(q, 0) for q in QUESTIONS[:2]]
    keys.type("abcd"[first[0].answer], ENTER, "abcd"[(first[1].answer + 1) % 4], CTRL_C)
    outcome = play(QUESTIONS[:2], ui, seed=0, clock=Clock())
    assert (outcome.ended_by, outcome.exit_code, len(outcome.rounds[0].answers)) == ("interrupt", 130, 2)
    out = ui.stream.getvalue()
    assert "\nSummary\n1 of 2 correct (50%)" in out and "Stopped" not in out and "Retry" not in out


class CtrlCDuringTheSummary(InteractiveUI):
    """A learner pressing Ctrl-C as the summary prints (SIGINT, as the terminal sends it, held by the UI)."""

    def show_summary(self, summary, title="Summary"):
        os.kill(os.getpid(), signal.SIGINT)
        super().show_summary(summary, title)


def test_ctrl_c_while_the_summary_prints_is_not_lost(keys):
    """The UI holds a Ctrl-C for the next prompt; after a round with nothing missed there is none, and the quiz
    exited 0 as if no Ctrl-C had come. Now it ends as Ctrl-C does (130), the summary whole."""
    ui = CtrlCDuringTheSummary(input=keys.pipe, output=DummyOutput(), stream=io.StringIO(), width=80, ready=keys)
    keys.type("abcd"[present(QUESTIONS[0], 0).answer], ENTER)
    with ui.holding_interrupts():
        outcome = play(QUESTIONS[:1], ui, seed=0, clock=Clock())
    assert (outcome.ended_by, outcome.exit_code) == ("interrupt", 130)
    assert "\nSummary\n1 of 1 correct (100%)" in ui.stream.getvalue()


def test_plain_ctrl_c_while_the_summary_prints_exits_130_not_aborted(content_dir, tmp_path, monkeypatch):
    """--plain does not hold Ctrl-C: raised in the summary it escaped as click's "Aborted!", exit 1, and the
    session's end was never recorded."""

    def interrupted(self, summary, title="Summary"):
        self._write()
        raise KeyboardInterrupt

    monkeypatch.setattr(PlainUI, "show_summary", interrupted)
    result = invoke(content_dir, "quiz", tmp_path, "--plain", "-n", "1", "--seed", "1", input="a\n")
    assert result.exit_code == 130 and "Aborted" not in result.output
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT ended_by FROM sessions").fetchall() == [("interrupt",)]


@pytest.mark.parametrize(("key", "ended_by", "code"), [(CTRL_C, "interrupt", 130), (CTRL_D, "done", 0)])
def test_ctrl_c_or_ctrl_d_at_the_retry_offer(keys, key, ended_by, code):
    """Ctrl-D after every question was answered declines the retry, as Enter does."""
    ui = interactive(keys)
    keys.type("abcd"[(present(QUESTIONS[0], 0).answer + 1) % 4], ENTER, key)
    outcome = play(QUESTIONS[:1], ui, seed=0, clock=Clock())
    assert (outcome.ended_by, outcome.exit_code, len(outcome.rounds[0].answers)) == (ended_by, code, 1)


# --- what both UIs say -------------------------------------------------------------------------------------------------


def test_feedback_lines():
    q = present(QUESTIONS[2], 0)
    summary = run_session([QUESTIONS[2]], PlainUI(io.StringIO("a\n"), io.StringIO()), seed=0, clock=Clock())
    answer = summary.answers[0]
    right = f"{'abcd'[q.answer]}) {q.correct}"
    first = f"Correct! {right}" if answer.correct else f"Wrong. You chose a) {q.options[0]}. The answer is {right}"
    assert text(feedback_lines(answer)) == [
        first,
        "Because c/t.",
        "\u201cquote for c/t\u201d",
        "\u2014 Citation of beta-2025",
    ]
    unanswered = replace(answer, chosen=None, correct=False)
    assert text(feedback_lines(unanswered))[0] == f"No answer. The answer is {right}"


def test_summary_lines():
    shown = [present(q, 4) for q in QUESTIONS]
    script = io.StringIO(
        "".join("abcd"[s.answer if i % 2 == 0 else (s.answer + 1) % 4] + "\n" for i, s in enumerate(shown))
    )
    summary = run_session(QUESTIONS, PlainUI(script, io.StringIO()), seed=4, clock=Clock(10))
    assert text(summary_lines(summary)) == [
        "Summary",
        "2 of 4 correct (50%) in 1m 30s",
        "By kind: event 2/2 (100%), figure 0/1 (0%), number 0/1 (0%)",
        "By source: alpha-2024 1/2 (50%), beta-2025 1/2 (50%)",
        "Missed (2):",
        "  - Stem of b/t? Answer: b/t option 1",
        "  - Stem of d/t? Answer: d/t option 3",
    ]
    stopped = replace(summary, planned=6, ended_by="interrupt")  # no retry offer after Ctrl-C: how to drill them
    assert text(summary_lines(stopped))[1] == "Stopped after 4 of 6 questions."
    assert text(summary_lines(stopped))[-1] == "Drill them again any time: quizgen quiz --missed"


def test_the_right_answer_is_styled_and_marked_apart(keys):
    q = present(QUESTIONS[2], 0)
    summary = run_session([QUESTIONS[2]], PlainUI(io.StringIO("a\nb\n"), io.StringIO()), seed=0, clock=Clock())
    wrong = replace(summary.answers[0], chosen=(q.answer + 1) % 4, correct=False)
    label = f"{'abcd'[q.answer]}) {q.correct}"
    assert feedback_lines(wrong, echo=False, marks=True)[0] == [
        ("bad", "\u2717 Wrong."),
        ("", " The answer is "),
        ("right", f"\u2713 {label}"),
    ]
    keys.type(ENTER, ENTER)  # after each feedback
    coloured = interactive(keys, color=True)
    coloured.feedback(wrong)
    assert f"The answer is \x1b[32m\x1b[1m\u2713 {label}\x1b[0m" in coloured.stream.getvalue()
    plain = interactive(keys, color=False)
    plain.feedback(wrong)
    assert f"  \u2717 Wrong. The answer is \u2713 {label}\n" in plain.stream.getvalue()  # the mark stays


def test_the_summary_names_sources_as_the_menu_does():
    shown = [present(q, 4) for q in QUESTIONS]
    script = io.StringIO("".join("abcd"[s.answer] + "\n" for s in shown))
    summary = run_session(QUESTIONS, PlainUI(script, io.StringIO()), seed=4, clock=Clock(10))
    names = {"alpha-2024": "Alpha", "beta-2025": "Beta"}
    assert text(summary_lines(summary, names=names))[3] == "By source: Alpha 2/2 (100%), Beta 2/2 (100%)"
    out = io.StringIO()
    PlainUI(io.StringIO(), out, names=names).show_summary(summary)
    assert "By source: Alpha 2/2 (100%), Beta 2/2 (100%)\n" in out.getvalue()


def test_wrapped_lines_keep_one_hanging_indent():
    ui = InteractiveUI(stream=io.StringIO(), width=40, color=False)
    ui._echo([("", "word " * 20)], "  ")
    ui._echo([("", "  - " + "item " * 12)])
    lines = ui.stream.getvalue().splitlines()
    feedback, item = lines[:3], lines[3:]
    assert all(line.startswith("  word") for line in feedback)  # under the first line's text, not 2 further
    assert item[0].startswith("  - item") and all(line.startswith("    item") for line in item[1:])
    assert all(len(line) <= 40 for line in lines)


# --- plain ---------------------------------------------------------------------------------------------------------


def test_plain_asks_again_at_most_three_times_then_moves_on():
    out = io.StringIO()
    ui = PlainUI(io.StringIO("x\n\n9\nhello\nb\n"), out)
    assert ui.ask(QUESTIONS[0], 1, 1) is None
    assert out.getvalue().count("Please answer with a letter a-d or a number 1-4.") == 3
    assert out.getvalue().endswith("Answer (a-d or 1-4): hello\nNo valid answer; counted as not answered.\n")
    assert ui.ask(QUESTIONS[0], 1, 1) == 1  # the next line belongs to the next question


def test_plain_end_of_input():
    ui = PlainUI(io.StringIO("zz\n"), io.StringIO())
    with pytest.raises(EndOfInput):
        ui.ask(QUESTIONS[0], 1, 1)


def test_not_a_terminal():
    with pytest.raises(NotATerminal) as error:
        check_terminal(io.StringIO(), io.StringIO())
    assert error.value.exit_code == 2
    assert str(error.value) == (
        "quizgen quiz needs a terminal, but standard input is not one; "
        "use `quizgen quiz --plain` to answer line by line from standard input"
    )


def expected_questions(content_dir, n, seed):
    bank = load_content(content_dir).bank(None, seed)
    return [present(q, seed) for q in select(bank.questions, Filters(), n, seed)]


def test_plain_quiz_transcript(content_dir, tmp_path):
    q1, q2 = expected_questions(content_dir, 2, 9)
    wrong = (q1.answer + 1) % 4
    typed = f"{'abcd'[wrong]}\nmaybe\n{q2.answer + 1}\n"
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "-n", "2", "--seed", "9", input=typed)
    assert result.exit_code == 0, result.output

    def block(q):
        return [
            f"Question {[q1, q2].index(q) + 1}/2",
            q.stem,
            *(f"  {'abcd'[i]}) {o}" for i, o in enumerate(q.options)),
        ]

    kind_line = ", ".join(f"{k} {'0/1 (0%)' if k == q1.kind else '1/1 (100%)'}" for k in sorted({q1.kind, q2.kind}))
    if q1.kind == q2.kind:
        kind_line = f"{q1.kind} 1/2 (50%)"
    expected = [
        "",
        *block(q1),
        f"Answer (a-d or 1-4): {'abcd'[wrong]}",
        f"Wrong. You chose {'abcd'[wrong]}) {q1.options[wrong]}. The answer is {'abcd'[q1.answer]}) {q1.correct}",
        q1.explanation,
        f"\u201c{q1.source.quote}\u201d",
        f"\u2014 {CITED}, para. {q1.source.passage.split(':p')[1]}",
        "",
        *block(q2),
        "Answer (a-d or 1-4): maybe",
        "Please answer with a letter a-d or a number 1-4.",
        f"Answer (a-d or 1-4): {q2.answer + 1}",
        f"Correct! {'abcd'[q2.answer]}) {q2.correct}",
        q2.explanation,
        f"\u201c{q2.source.quote}\u201d",
        f"\u2014 {CITED}, para. {q2.source.passage.split(':p')[1]}",
        "",
        "Summary",
        "1 of 2 correct (50%) in Ns",
        f"By kind: {kind_line}",
        "By source: Author 1/2 (50%)",
        "Missed (1):",
        f"  - {q1.stem} Answer: {q1.correct}",
        "Score: 1/2",
    ]
    assert re.sub(r" in \d+s\n", " in Ns\n", result.output).splitlines() == expected


def test_plain_end_of_input_ends_with_summary(content_dir, tmp_path):
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "-n", "3", "--seed", "1", input="a\n")
    assert result.exit_code == 3  # the answers ran out before the quiz did: a script can tell
    lines = result.output.splitlines()
    assert "Stopped after 1 of 3 questions." in lines
    assert re.fullmatch(r"Score: [01]/1", lines[-1])
    assert "Question 2/3" in lines and "Question 3/3" not in lines


def test_plain_with_nothing_on_stdin(content_dir, tmp_path):
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "--seed", "1", input="")  # ten go together
    assert result.exit_code == 3
    assert result.output.splitlines()[-3:] == [
        "Stopped after 0 of 10 questions.",
        "No questions answered.",
        "Score: 0/0",
    ]


def test_without_plain_and_without_a_terminal_exits_2(content_dir, tmp_path):
    result = invoke(content_dir, "quiz", tmp_path / "data", input="a\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: quizgen quiz needs a terminal, but standard input is not one; "
        "use `quizgen quiz --plain` to answer line by line from standard input\n"
    )
    assert not (tmp_path / "data").exists()  # nothing started


def test_filters_and_bad_filter(content_dir, tmp_path):
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "--kind", "number", "-n", "50", input="a\n" * 20)
    # eight number questions match, but the two of each fact, and those on one quote, give each other away
    assert result.output.splitlines()[0] == (
        "Only 3 of the 8 matching questions can go together without one giving away another's answer; -n asked for 50."
    )
    assert result.output.splitlines()[-1] == f"Score: {result.output.count('Correct!')}/3"
    with sqlite3.connect(tmp_path / "data" / "history.sqlite3") as db:
        asked = {qid for (qid,) in db.execute("SELECT question_id FROM answers")}
    bank = load_content(content_dir).bank().questions
    assert len(asked) == 3 and LeakCheck(bank).pairs([q for q in bank if q.id in asked]) == []
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "--kind", "position", "-n", "5", input="a\n")
    assert result.output.splitlines()[0] == "" and result.output.splitlines()[-1].endswith("/1")  # as before: no word
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "--tag", "trad")
    assert result.exit_code == 1
    assert result.stderr == "error: --tag: no question has tag 'trad' (did you mean 'trade'?)\n"


def test_plain_in_a_real_process(content_dir, tmp_path):
    q1, q2, q3 = expected_questions(content_dir, 3, 5)
    answers = f"{'abcd'[q1.answer]}\n{q2.answer + 1}\n"  # then end of input
    proc = run_process(content_dir, "quiz", tmp_path / "d", "--plain", "-n", "3", "--seed", "5", input=answers)
    assert (proc.returncode, proc.stderr) == (3, "")  # stopped by end of input
    assert proc.stdout.count("Correct! ") == 2
    assert proc.stdout.splitlines()[-1] == "Score: 2/2"
    rows = (
        sqlite3.connect(tmp_path / "d" / "history.sqlite3")
        .execute("SELECT question_id, chosen, correct FROM answers ORDER BY id")
        .fetchall()
    )
    assert rows == [(q1.id, q1.answer, 1), (q2.id, q2.answer, 1)]


def test_plain_never_imports_questionary_or_prompt_toolkit(content_dir, tmp_path):
    code = (
        "import sys\n"
        "from quizgen.cli import main\n"
        "try:\n"
        f"    main(['--content', {str(content_dir)!r}, 'quiz', '--plain', '-n', '2', '--data-dir', "
        f"{str(tmp_path / 'd')!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('questionary', 'prompt_toolkit')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], input="a\nb\n", capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


def test_a_quiz_served_from_the_cache_reads_no_yaml(content_dir, tmp_path):
    """The start-up target of issue 7 rests on this: a warm run unpickles the content and never imports yaml."""
    code = (
        "import sys\n"
        "from quizgen.cli import main\n"
        "try:\n"
        f"    main(['--content', {str(content_dir)!r}, 'quiz', '--plain', '-n', '1', '--data-dir', "
        f"{str(tmp_path / 'd')!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 3, e.code\n"  # no answer given: stopped by end of input
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml'))\n"
    )
    env = {**os.environ, "QUIZGEN_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", code], input="", capture_output=True, text=True, timeout=30, env=env)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert runs[0].stdout.splitlines()[-1] != "[]"  # the first run loads the YAML (the test can tell)
    assert runs[1].stdout.splitlines()[-1] == "[]"


def test_smoke_on_the_bundled_content(tmp_path):
    from quizgen.errors import QuizgenError

    try:
        load_content(None).bank()
    except QuizgenError:
        pytest.skip("the bundled content does not validate right now")
    result = CliRunner().invoke(
        main, ["quiz", "--plain", "-n", "3", "--seed", "1", "--data-dir", str(tmp_path)], input="a\nb\nc\n"
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Score: [0-3]/3", result.output.splitlines()[-1])


# --- option counts and true/false ------------------------------------------------------------------------------------

FIVE = replace(QUESTIONS[1], options=("one", "two", "three", "four", "five"), answer=4)
TRUE_FALSE = replace(
    QUESTIONS[1], stem="According to Ann Author, the tariff was 19%.", options=("True", "False"), answer=0,
    ordered=True, format="true-false",
)  # fmt: skip


@pytest.mark.parametrize(("key", "index"), [("e", 4), ("5", 4), ("a", 0)])
def test_five_options_answer_to_e_and_5(keys, key, index):
    keys.type(key)
    assert interactive(keys).ask(FIVE, 1, 1) == index


@pytest.mark.parametrize(("key", "index"), [("t", 0), ("f", 1), ("a", 0), ("b", 1), ("2", 1)])
def test_true_false_answers_to_t_and_f_as_well(keys, key, index):
    keys.type(key)
    assert interactive(keys).ask(TRUE_FALSE, 1, 1) == index


def test_true_false_ignores_the_letters_it_does_not_offer(keys):
    keys.type("cd3" + ENTER)
    assert interactive(keys).ask(TRUE_FALSE, 1, 1) == 0


def test_the_instruction_names_the_questions_own_keys(keys):
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=80), term="xterm")
    keys.type("f")
    InteractiveUI(input=keys.pipe, output=output, stream=io.StringIO(), width=80, ready=keys).ask(TRUE_FALSE, 1, 1)
    shown = ANSI.sub("", screen.getvalue())
    assert "(\u2191\u2193 Enter, or a-b / 1-2 / t/f)" in shown and " \u00bb a) True" in shown and "b) False" in shown


def test_plain_five_options_and_true_false():
    out = io.StringIO()
    ui = PlainUI(io.StringIO("f\ne\n"), out)
    assert ui.ask(FIVE, 1, 2) == 4
    assert "  e) five\nAnswer (a-e or 1-5): " in out.getvalue()
    assert "Please answer with a letter a-e or a number 1-5." in out.getvalue()  # "f" is no option of five
    out = io.StringIO()
    ui = PlainUI(io.StringIO("x\nfalse\nT\n"), out)
    assert ui.ask(TRUE_FALSE, 2, 2) == 1
    assert ui.ask(TRUE_FALSE, 2, 2) == 0
    assert out.getvalue().startswith(
        "\nQuestion 2/2\nAccording to Ann Author, the tariff was 19%.\n  a) True\n  b) False\n"
        "Answer (a-b or 1-2 or t/f): x\nPlease answer with a letter a-b or a number 1-2 (or t, f).\n"
    )


def test_plain_quiz_takes_t_and_f_for_true_false_statements(tmp_path):
    content_dir = write_content(tmp_path / "content", templates=BUNDLED_TEMPLATES)
    bank = load_content(content_dir).bank(None, 5)
    asked = [present(q, 5) for q in select(bank.questions, Filters(kinds=("number",)), 12, 5)]
    statements = [q for q in asked if q.true_false]
    assert statements and len(statements) < len(asked)
    typed = "".join(("tf"[q.answer] if q.true_false else "abcd"[q.answer]) + "\n" for q in asked)
    result = invoke(content_dir, "quiz", tmp_path / "data", "--plain", "--kind", "number", "-n", "12", "--seed", "5",
                    input=typed)  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Score: {len(asked)}/{len(asked)}" in lines
    for q in statements:
        at = lines.index(q.stem)
        assert lines[at + 1 : at + 4] == ["  a) True", "  b) False", f"Answer (a-b or 1-2 or t/f): {'tf'[q.answer]}"]
        assert lines[at + 4] == f"Correct! {'ab'[q.answer]}) {q.correct}"
        assert lines[at + 5] == q.explanation and q.explanation.startswith(f"{q.correct}: ")


def test_quiz_missed_drills_the_questions_whose_latest_answer_was_wrong(content_dir, tmp_path):
    data = tmp_path / "data"
    result = invoke(content_dir, "quiz", data, "--plain", "--missed")
    assert (result.exit_code, result.output) == (
        1,
        "error: --missed: nothing to drill: no question of this deck has a wrong latest answer\n",
    )
    asked = expected_questions(content_dir, 4, 3)
    right = [True, False, True, False]
    typed = "".join(f"{'abcd'[q.answer if ok else (q.answer + 1) % 4]}\n" for q, ok in zip(asked, right, strict=True))
    assert invoke(content_dir, "quiz", data, "--plain", "-n", "4", "--seed", "3", input=typed).exit_code == 0
    missed = {q.stem: q for q, ok in zip(asked, right, strict=True) if not ok}

    def drill(*args, answers):
        result = invoke(content_dir, "quiz", data, "--plain", "--missed", *args, input=answers)
        lines = result.output.splitlines()
        return result, [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Question ")]

    result, stems = drill("--seed", "1", answers="")  # ten by default; only the two missed ones are left
    assert result.exit_code == 3 and "Stopped after 0 of 2 questions." in result.output and set(stems) <= set(missed)
    result, stems = drill("--seed", "1", "-n", "1", answers="z\nz\nz\nz\n")  # no valid answer: still missed
    assert len(stems) == 1 and stems[0] in missed and "Question 1/1" in result.output
    # put one right: only the other is left to drill
    first = missed[stems[0]]
    letter = re.search(rf"^  ([a-d])\) {re.escape(first.correct)}$", result.output, re.M)
    assert letter is not None
    result, _ = drill("--seed", "1", "-n", "1", answers=f"{letter[1]}\n")
    assert result.exit_code == 0 and "Correct!" in result.output
    result, stems = drill("--seed", "2", answers="a\n")
    assert stems == sorted(set(missed) - {first.stem}) and "Question 1/1" in result.output
    (left,) = [q for q in missed.values() if q is not first]
    other = next(k for k in ("event", "figure", "position", "number") if k != left.kind)
    result = invoke(content_dir, "quiz", data, "--plain", "--missed", "--kind", other)
    assert (result.exit_code, result.output) == (
        1,
        "error: --missed: none of your 1 missed question matches the filters\n",
    )


def test_the_summarys_wrapped_lines_hang_under_their_first_item():
    ui = InteractiveUI(stream=io.StringIO(), width=40, color=False)
    answers = tuple(
        replace(a, question=replace(a.question, kind=kind))
        for a, kind in zip(_answers(4), ["event", "figure", "position", "number"], strict=True)
    )
    ui.show_summary(replace(_summary(answers), answers=answers))
    lines = ui.stream.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("By kind: "))
    assert lines[start + 1].startswith(" " * 9) and not lines[start + 1].startswith(" " * 10)
    assert all(len(line) <= 40 for line in lines)


def _answers(n):
    shown = [present(q, 4) for q in QUESTIONS[:n]]
    script = io.StringIO("".join("abcd"[s.answer] + "\n" for s in shown))
    return run_session(QUESTIONS[:n], PlainUI(script, io.StringIO()), seed=4, clock=Clock(10)).answers


def _summary(answers):
    from quizgen.study.session import Summary

    return Summary(answers, len(answers), 60.0)


@pytest.mark.parametrize(("height", "repeated"), [(12, True), (60, False)])
def test_feedback_taller_than_the_screen_shows_the_verdict_again_above_press_enter(keys, height, repeated):
    """30 of the bundled 540 questions have feedback over 24 lines at 80 columns: the verdict ("✗ Wrong. The answer
    is ...") scrolled away before "Press Enter"."""
    long = replace(QUESTIONS[0], explanation="A long explanation of why. " * 30)
    answer = run_session([long], PlainUI(io.StringIO("b\n"), io.StringIO()), seed=0).answers[0]
    keys.type(ENTER)
    ui = interactive(keys, height=height, color=False)
    ui.feedback(answer)
    lines = ui.stream.getvalue().splitlines()
    verdict = lines[0]
    assert verdict.startswith("  \u2717 Wrong. The answer is ")
    assert (lines[-1] == verdict and lines.count(verdict) == 2) is repeated
    assert lines.count(verdict) == (2 if repeated else 1)


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_plain_wraps_at_word_breaks_on_a_terminal_and_never_in_a_pipe(monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    long = replace(QUESTIONS[0], stem="Which of these long words describes the question being asked here?",
                   options=("an option whose text is long enough to wrap", *QUESTIONS[0].options[1:]))  # fmt: skip
    on_a_terminal, piped = _Tty(), io.StringIO()
    PlainUI(io.StringIO("a\n"), on_a_terminal).ask(long, 1, 1)
    PlainUI(io.StringIO("a\n"), piped).ask(long, 1, 1)
    assert piped.getvalue().splitlines()[2] == long.stem  # a screen reader or a script gets whole lines
    shown = on_a_terminal.getvalue().splitlines()
    assert shown[2:5] == ["Which of these long words", "describes the question being", "asked here?"]
    assert shown[5:7] == ["  a) an option whose text is", "     long enough to wrap"]
    assert all(len(line) < 30 for line in shown[:-1])
