"""The installed `quizgen quiz` in a pseudo-terminal: setup, arrow keys, shortcut keys, Enter after the feedback, keys
typed ahead, Ctrl-C and Ctrl-D, exit codes."""

import os
import signal
import sqlite3

import pytest
from conftest import QUIZGEN, TERMINAL, finish, go_on, needs_quizgen, run_process, spawn

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters, select
from quizgen.study.session import present

pexpect = pytest.importorskip("pexpect")

DOWN, ENTER, CTRL_C, CTRL_D = "\x1b[B", "\r", "\x03", "\x04"

pytestmark = needs_quizgen


def shown(content_dir, n, seed):
    bank = load_content(content_dir).bank(None, seed)
    return [present(q, seed) for q in select(bank.questions, Filters(), n, seed)]


def expect_feedback(child, question, chosen):
    if chosen == question.answer:
        child.expect_exact("Correct!")
    else:
        child.expect_exact("Wrong.")  # styled apart from the rest of the line
        child.expect_exact(" The answer is ")
        child.expect_exact(f"\u2713 {'abcd'[question.answer]}) {question.correct}")  # styled too, and marked
    child.expect_exact(question.explanation)
    child.expect_exact("Ann Author, Test Times, 3 Mar 2024, para. ")


def test_arrow_keys_and_shortcut_keys(content_dir, tmp_path):
    questions = shown(content_dir, 4, 21)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "4", "--seed", "21")
    keys = [(DOWN + ENTER, 1), ("c", 2), ("4", 3), (DOWN + DOWN + DOWN + DOWN + ENTER, 0)]  # the pointer wraps
    for number, (question, (key, chosen)) in enumerate(zip(questions, keys, strict=True), 1):
        child.expect_exact(f"Question {number}/4")
        child.expect_exact("a-d / 1-4)")
        child.send(key)
        expect_feedback(child, question, chosen)
        go_on(child)
    child.expect_exact("Summary")
    right = sum(q.answer == chosen for q, (_, chosen) in zip(questions, keys, strict=True))
    child.expect_exact(f"{right} of 4 correct")
    if right < 4:
        child.expect_exact("Retry the")
        child.send("n")
    assert finish(child) == 0
    stored = (
        sqlite3.connect(tmp_path / "history.sqlite3")
        .execute("SELECT question_id, chosen FROM answers ORDER BY id")
        .fetchall()
    )
    assert stored == [(q.id, chosen) for q, (_, chosen) in zip(questions, keys, strict=True)]


def test_setup_enter_enter_starts_ten_questions(content_dir, tmp_path):
    child = spawn(content_dir, "quiz", tmp_path, "--seed", "1")  # a seed whose ten questions all go together
    child.expect_exact("What do you want to study?")
    child.expect_exact("Everything (27)")
    child.send(ENTER)
    child.expect_exact("How many questions?")
    child.send(ENTER)
    child.expect_exact("Question 1/10")
    child.send(CTRL_C)  # as the question appears, before its prompt is drawn: it was lost under load
    child.expect_exact("Stopped after 0 of 10 questions.")
    assert finish(child) == 130


def test_ctrl_c_ends_with_a_summary_keeps_answers_and_exits_130(content_dir, tmp_path):
    q1, q2, _ = shown(content_dir, 3, 2)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "3", "--seed", "2")
    child.expect_exact("Question 1/3")
    child.expect_exact("a-d / 1-4)")  # drawn: keys typed before are dropped
    child.send("b")
    expect_feedback(child, q1, 1)
    go_on(child)
    child.expect_exact("Question 2/3")
    child.expect_exact("a-d / 1-4)")
    child.send(CTRL_C)
    child.expect_exact("Stopped after 1 of 3 questions.")
    child.expect_exact(f"{int(q1.answer == 1)} of 1 correct")
    assert finish(child) == 130
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT question_id, chosen FROM answers").fetchall() == [(q1.id, 1)]
    assert db.execute("SELECT ended_by FROM sessions").fetchall() == [("interrupt",)]


def answers(data_dir):
    return sqlite3.connect(data_dir / "history.sqlite3").execute("SELECT question_id, chosen FROM answers").fetchall()


def test_enter_after_a_letter_goes_on_and_answers_nothing(content_dir, tmp_path):
    """A letter answers at once; the Enter a learner habitually presses after it now leads to the next question. It
    answered that question with its first option, unread, and the answer was kept and scheduled."""
    q1, _, _ = shown(content_dir, 3, 5)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "3", "--seed", "5")
    child.expect_exact("a-d / 1-4)")
    child.send("b")
    expect_feedback(child, q1, 1)
    child.expect_exact("Press Enter for the next question")
    child.send(ENTER + ENTER)  # a double Enter: the second comes before the next question is drawn
    child.expect_exact("Question 2/3")
    child.expect_exact("a-d / 1-4)")
    child.send(CTRL_C)
    child.expect_exact("Stopped after 1 of 3 questions.")
    assert finish(child) == 130
    assert answers(tmp_path) == [(q1.id, 1)]


def test_keys_typed_before_a_question_is_drawn_answer_nothing(content_dir, tmp_path):
    """Keys typed while the feedback prints (here with the answer, in one burst) answered the next question before
    its options were drawn."""
    q1, q2, _ = shown(content_dir, 3, 5)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "3", "--seed", "5")
    child.expect_exact("a-d / 1-4)")
    child.send("b" + "c" + ENTER + "d" + ENTER + "a")
    expect_feedback(child, q1, 1)
    child.expect_exact("Press Enter for the next question")
    child.send(ENTER)
    child.expect_exact("Question 2/3")
    child.expect_exact("a-d / 1-4)")
    child.send("c")
    expect_feedback(child, q2, 2)
    child.expect_exact("Press Enter for the next question")
    child.send(CTRL_C)
    child.expect_exact("Stopped after 2 of 3 questions.")
    assert finish(child) == 130
    assert answers(tmp_path) == [(q1.id, 1), (q2.id, 2)]


def test_ctrl_d_ends_with_a_summary_keeps_answers_and_exits_3(content_dir, tmp_path):
    q1, _, _ = shown(content_dir, 3, 2)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "3", "--seed", "2")
    child.expect_exact("a-d / 1-4)")
    child.send("b")
    go_on(child)
    child.expect_exact("Question 2/3")
    child.expect_exact("a-d / 1-4)")
    child.send(CTRL_D)  # ignored before
    child.expect_exact("Stopped after 1 of 3 questions.")
    child.expect_exact(f"{int(q1.answer == 1)} of 1 correct")
    assert finish(child) == 3
    assert answers(tmp_path) == [(q1.id, 1)]
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT ended_by FROM sessions").fetchall() == [("eof",)]


def test_ctrl_d_after_the_last_answer_is_the_normal_end_and_exits_0(content_dir, tmp_path):
    """It said "Stopped after 2 of 2 questions." and exited 3; with every question answered, Ctrl-D at "Press Enter
    for the summary", and again at the retry offer, finishes as Enter does."""
    q1, q2 = shown(content_dir, 2, 6)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "2", "--seed", "6")
    for number, question in enumerate((q1, q2), 1):
        child.expect_exact(f"Question {number}/2")
        child.expect_exact("a-d / 1-4)")
        child.send("abcd"[(question.answer + 1) % 4])  # wrong, so the retry offer comes too
        expect_feedback(child, question, (question.answer + 1) % 4)
        if number == 1:
            go_on(child)
    child.expect_exact("Press Enter for the summary")
    child.send(CTRL_D)
    child.expect_exact("Summary")
    child.expect_exact("Retry the 2 missed questions now?")
    assert "0 of 2 correct" in child.before and "Stopped" not in child.before  # "Stopped after 2 of 2 questions."
    child.expect_exact("(y/N)")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    assert finish(child) == 0
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT ended_by FROM sessions").fetchall() == [("done",)]
    assert answers(tmp_path) == [(q1.id, (q1.answer + 1) % 4), (q2.id, (q2.answer + 1) % 4)]


def test_ctrl_c_after_the_last_answer_leaves_with_the_normal_summary_and_exits_130(content_dir, tmp_path):
    (q1,) = shown(content_dir, 1, 6)
    child = spawn(content_dir, "quiz", tmp_path, "-n", "1", "--seed", "6")
    child.expect_exact("a-d / 1-4)")
    child.send("abcd"[(q1.answer + 1) % 4])
    child.expect_exact("Press Enter for the summary")
    child.send(CTRL_C)
    child.expect_exact("Summary")
    child.expect(pexpect.EOF)
    assert "0 of 1 correct" in child.before
    assert "Stopped" not in child.before and "Retry" not in child.before  # it said "Stopped after 1 of 1"
    assert finish(child) == 130


def test_ctrl_d_during_setup_exits_3(content_dir, tmp_path):
    child = spawn(content_dir, "quiz", tmp_path, "--seed", "1")
    child.expect_exact("What do you want to study?")
    child.send(CTRL_D)
    child.expect_exact("No questions answered.")
    assert finish(child) == 3


def test_sigint_while_a_question_is_on_screen_stops(content_dir, tmp_path):
    """A Ctrl-C typed in the moment before the prompt switches the terminal to raw mode arrives as SIGINT while the
    prompt runs, as `kill -INT` does; prompt_toolkit turned it into a key questionary ignores, and it was lost."""
    child = spawn(content_dir, "quiz", tmp_path, "-n", "3", "--seed", "2")
    child.expect_exact("a-d / 1-4)")
    child.kill(signal.SIGINT)
    child.expect_exact("Stopped after 0 of 3 questions.")
    assert finish(child) == 130


def test_ctrl_c_during_setup_exits_130(content_dir, tmp_path):
    child = spawn(content_dir, "quiz", tmp_path, "--seed", "1")  # a seed whose ten questions all go together
    child.expect_exact("What do you want to study?")
    child.send(CTRL_C)
    child.expect_exact("No questions answered.")
    assert finish(child) == 130


def test_retry_missed_questions(content_dir, tmp_path):
    (q1,) = shown(content_dir, 1, 6)
    wrong = (q1.answer + 1) % 4
    child = spawn(content_dir, "quiz", tmp_path, "-n", "1", "--seed", "6")
    child.expect_exact("Question 1/1")
    child.expect_exact("a-d / 1-4)")  # drawn: keys typed before are dropped
    child.send("abcd"[wrong])
    expect_feedback(child, q1, wrong)
    go_on(child)
    child.expect_exact("Retry the 1 missed question now?")
    child.expect_exact("(y/N)")  # No unless asked for: an Enter to finish started another round
    child.send("y")
    child.expect_exact("Question 1/1")
    child.expect_exact("a-d / 1-4)")
    child.send(CTRL_C)
    child.expect_exact("Retry 1")
    assert finish(child) == 130


def test_stdout_not_a_terminal_exits_2(content_dir, tmp_path):
    child = pexpect.spawn(
        "bash",
        ["-c", f"'{QUIZGEN}' --content '{content_dir}' quiz --data-dir '{tmp_path}' | cat; exit ${{PIPESTATUS[0]}}"],
        env={**os.environ, **TERMINAL},
        encoding="utf-8",
        timeout=15,
    )
    child.expect_exact(
        "error: quizgen quiz needs a terminal, but standard output is not one; "
        "use `quizgen quiz --plain` to answer line by line from standard input"
    )
    assert finish(child) == 2


def test_stdin_not_a_terminal_exits_2_without_traceback(content_dir, tmp_path):
    proc = run_process(content_dir, "quiz", tmp_path, input="a\n")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "error: quizgen quiz needs a terminal, but standard input is not one; "
        "use `quizgen quiz --plain` to answer line by line from standard input\n"
    )


def test_plain_ctrl_c_exits_130_with_summary(content_dir, tmp_path):
    child = spawn(content_dir, "quiz", tmp_path, "--plain", "-n", "3", "--seed", "1")
    child.expect_exact("Answer (a-d or 1-4): ")
    child.sendline("a")
    child.expect_exact("Question 2/3")
    child.expect_exact("Answer (a-d or 1-4): ")
    child.sendintr()
    child.expect_exact("Stopped after 1 of 3 questions.")
    child.expect(r"Score: [01]/1\r\n")
    assert finish(child) == 130


@pytest.mark.parametrize("no_color", ["", "1"])
def test_the_pointed_option_and_the_right_answer_stand_out(content_dir, tmp_path, monkeypatch, no_color):
    import re

    monkeypatch.setenv("NO_COLOR", no_color)
    (question,) = shown(content_dir, 1, 8)
    wrong = (question.answer + 1) % 4
    child = spawn(content_dir, "quiz", tmp_path, "-n", "1", "--seed", "8")
    # The option under the pointer: the » marker, then the option in reverse video (SGR 7), coloured unless NO_COLOR.
    child.expect(
        re.escape(" \u00bb ") + r"(?:\x1b\[[0-9;]*m)*\x1b\[([0-9;]*)m" + re.escape(f"a) {question.options[0]}")
    )
    params = child.match.group(1).split(";")
    assert "7" in params
    assert ("36" in params) == (not no_color)
    child.send("abcd"[wrong])
    child.expect_exact(" The answer is ")
    child.expect(r"((?:\x1b\[[0-9;]*m)*)" + re.escape(f"\u2713 {'abcd'[question.answer]}) {question.correct}"))
    if not no_color:
        assert "\x1b[32m" in child.match.group(1)  # green, as "Correct!" is
    go_on(child)
    child.expect_exact("Summary")
    child.expect_exact("Retry the")
    child.send("n")
    assert finish(child) == 0
