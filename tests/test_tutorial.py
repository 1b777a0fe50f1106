"""The README's tutorial, run as written by the installed quizgen: a handout to a printed test and an Anki deck."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import zipfile
from pathlib import Path

from conftest import QUIZGEN, REPO, needs_quizgen

# Five paragraphs on another subject, as a teacher would paste them from a handout.
HANDOUT = """\
The Treaty of Versailles

By A. Teacher

The Treaty of Versailles was signed on 28 June 1919 in the Hall of Mirrors. It ended the state of war between Germany and the Allied Powers.

Georges Clemenceau, the French prime minister, wanted harsh terms. He argued that Germany must never again be able to threaten France.

Germany lost about 13 percent of its European territory. The reparations bill, set in 1921, came to 132 billion gold marks.

According to John Maynard Keynes, the reparations were unwise because they would ruin Germany's economy.
"""


def tutorial_blocks() -> list[list[str]]:
    """The command lines of each code block in the README's tutorial section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Tutorial:", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.DOTALL)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


def run(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    args = shlex.split(line)
    assert args[0] == "quizgen", line
    return subprocess.run(
        [str(QUIZGEN), *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        input="a\n" * 3,  # the quiz's three answers: every question has an a), a true/false one too (quiz ends 0)
        timeout=120,
        env={**os.environ, "QUIZGEN_DATA_DIR": str(cwd / "data")},
    )


def accept_drafts(draft: Path) -> None:
    """What the tutorial asks the teacher to do by hand, done the laziest way: keep every candidate as drafted."""
    draft.write_text(draft.read_text(encoding="utf-8").replace("  draft: true\n", ""), encoding="utf-8")


@needs_quizgen
def test_the_tutorial_runs_as_written(tmp_path):
    (tmp_path / "handout.txt").write_text(HANDOUT, encoding="utf-8")
    draft_block, use_block = tutorial_blocks()
    for line in draft_block:
        result = run(line, tmp_path)
        assert result.returncode == 0, (line, result.stderr)
    drafted = tmp_path / "my-unit" / "decks" / "my-unit" / "draft-versailles.yaml"
    assert drafted.read_text(encoding="utf-8").count("\n  draft: true\n") >= 5
    # Each event reads as the noun phrase "When did ___ take place?" needs, so the laziest teacher's stems are English.
    whats = re.findall(r"^  what: (.*)$", drafted.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert whats == [
        "the signing of the Treaty of Versailles in the Hall of Mirrors",
        "the setting of the reparations bill",
    ]
    assert "  measures: the reparations bill\n  value: 132\n  unit: gold marks\n" in drafted.read_text(encoding="utf-8")
    accept_drafts(drafted)
    outputs = {}
    for line in use_block:
        result = run(line, tmp_path)
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        outputs[shlex.split(line)[3]] = result
    # The small deck makes the questions it can and says which it left out, and why.
    assert "so that question is left out" in outputs["validate"].stdout + outputs["validate"].stderr
    assert "reads as a clause" not in outputs["validate"].stdout + outputs["validate"].stderr
    assert "Score:" in outputs["quiz"].stdout
    pdf = tmp_path / "my-unit-test.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(tmp_path / "my-unit.apkg") as apkg:
        assert any(name.startswith("collection.anki2") for name in apkg.namelist())
    assert b'<question type="multichoice">' in (tmp_path / "my-unit.xml").read_bytes()
