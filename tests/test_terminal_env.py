"""The installed quiz under any locale, width and terminal: no traceback, no lost or clipped text, no colour when
asked for none (probes K8-K11), in a pseudo-terminal as a learner runs it and through pipes as a script does."""

import os
import re
import time

import pytest
from conftest import QUIZGEN, TERMINAL, TEXT_META, go_on, needs_quizgen, run_process, write_content

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters, select
from quizgen.study.session import present

pexpect = pytest.importorskip("pexpect")
pytestmark = needs_quizgen

ESCAPED = "\\u0639\\u064f\\u0632\\u06cc\\u0631 \\u06cc\\u064f\\u0648\\u0646\\u0633"
"""URDU as a Latin-1 or ASCII terminal shows it."""
URDU = "\u0639\u064f\u0632\u06cc\u0631 \u06cc\u064f\u0648\u0646\u0633"  # Uzair Younus, as the bundled deck has him
ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture
def urdu_content(tmp_path):
    """The test content, with an outlet name a Latin-1 or ASCII terminal cannot show: every feedback cites it."""
    root = write_content(tmp_path / "content")
    meta = root / "seeds" / "test-2024.yaml"
    meta.write_text(TEXT_META.replace("outlet: Test Times", f"outlet: Test Times {URDU}"), encoding="utf-8")
    return root


def spawn(content_dir, data_dir, *args, env=(), columns=100):
    child = pexpect.spawn(
        str(QUIZGEN),
        ["--content", str(content_dir), "quiz", "--data-dir", str(data_dir), *args],
        env={**os.environ, **TERMINAL, "COLUMNS": str(columns), **dict(env)},
        dimensions=(40, columns),
        encoding="latin-1",  # every byte is a character: what a Latin-1 terminal would show, never a decode error
        timeout=15,
    )
    child.logfile_read = log = _Log()
    return child, log


class _Log:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self):
        return "".join(self.parts)


def answer_all(child, n):
    for number in range(1, n + 1):
        child.expect_exact(f"Question {number}/{n}")
        child.expect_exact("1-4)")
        child.send("a")
        go_on(child)
    return end(child)


def end(child):
    """Decline a retry if offered; the exit status."""
    child.expect_exact("Summary")
    if child.expect(["Retry the", pexpect.EOF]) == 0:
        child.send("n")
        child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def asked(content_dir, n, seed):
    """The questions a quiz of `n` with `seed` asks."""
    return select(load_content(content_dir).bank(None, seed).questions, Filters(), n, seed)


def alike(text: str) -> str:
    """`text` with its typographic quotes as a Latin-1 or ASCII terminal shows them."""
    return text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})


def colours(output: str) -> list[str]:
    """The SGR sequences in `output` that set a colour (foreground or background), not bold, dim or reverse."""
    found = []
    for params in COLOUR.findall(output):
        numbers = [int(p) for p in params.split(";") if p]
        if any(30 <= n <= 49 and n not in (39, 49) or 90 <= n <= 107 for n in numbers):
            found.append(params)
    return found


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"])
def test_no_colour_at_all(urdu_content, tmp_path, env):
    child, log = spawn(urdu_content, tmp_path, "-n", "3", "--seed", "4", env=env)
    assert answer_all(child, 3) == 0
    assert "Traceback" not in log.text
    assert colours(log.text) == []


def test_colour_is_there_otherwise(urdu_content, tmp_path):
    """So that the test above can fail: the same quiz in an ordinary terminal is coloured."""
    child, log = spawn(urdu_content, tmp_path, "-n", "3", "--seed", "4")
    assert answer_all(child, 3) == 0
    assert colours(log.text)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_cannot_show_every_character_gets_visible_replacements(urdu_content, tmp_path, encoding):
    """Probe K8: UnicodeEncodeError right after the first feedback."""
    child, log = spawn(urdu_content, tmp_path, "-n", "3", "--seed", "4", env={"PYTHONIOENCODING": encoding})
    assert answer_all(child, 3) == 0
    assert "Traceback" not in log.text
    text = ESCAPE.sub("", log.text)
    # typographic quotes and dashes become their look-alikes, the rest a visible \uXXXX, none dropped
    for question in asked(urdu_content, 3, 4):
        assert f'"{alike(question.source.quote)}"' in " ".join(text.split())
    assert f"Ann Author, Test Times {ESCAPED}, 3 Mar 2024" in text
    assert "\u2014" not in text and "\u201c" not in text


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_plain_quiz_in_any_encoding(urdu_content, tmp_path, encoding):
    result = run_process(
        urdu_content, "quiz", tmp_path, "--plain", "-n", "3", "--seed", "4", input="a\n" * 3,
        env={"PYTHONIOENCODING": encoding},
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    cited = re.findall(rf"-- Ann Author, Test Times {re.escape(ESCAPED)}, 3 Mar 2024, para\. \d+\n", result.stdout)
    assert len(cited) == 3
    for question in asked(urdu_content, 3, 4):
        assert f'\n"{alike(question.source.quote)}"\n' in result.stdout
    assert "Score: " in result.stdout


def test_a_20_column_terminal_wraps_the_question_instead_of_clipping_it(content_dir, tmp_path):
    """Probe K11: in a 20-column tmux the stem lines were cut at 20 columns ("According to Mahap")."""
    (question,) = [present(q, 9) for q in select(load_content(content_dir).bank(None, 9).questions, Filters(), 1, 9)]
    child, log = spawn(content_dir, tmp_path, "-n", "1", "--seed", "9", columns=20)
    child.expect_exact("1-4)")
    wanted = [" ".join(text.split()) for text in (question.stem, *question.options)]

    def shown() -> str:
        return " ".join(ESCAPE.sub("", log.text).split()).replace("? (a-d / 1-4)", "?")

    # The options are drawn after the prompt line: read on until the last one is there (or 10 s pass).
    deadline = time.monotonic() + 10
    while not all(text in shown() for text in wanted) and time.monotonic() < deadline:
        child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.2)
    for text in wanted:
        assert text in shown(), (text, shown())
    child.send("a")
    go_on(child)
    assert end(child) == 0
