"""Item analysis from learners' terminal histories: `quizgen analyze --history`, made by real `quiz --plain` runs."""

import hashlib
import json
import statistics
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import invoke

from quizgen.bank.content import load_content
from quizgen.bank.select import Filters, select
from quizgen.cli import main
from quizgen.study.history import ANSWER_COLUMNS, FILENAME, History, HistoryError
from quizgen.study.learners import first_answers
from quizgen.study.session import present

SEED = 8


def quiz(content_dir: Path, folder: Path, right: list[bool], seed: int = SEED, n: int = 4) -> list[str]:
    """A `quiz --plain` session answering each question right or wrong as `right` says, then a wrong retry's
    right answer; the ids of the questions asked, in order."""
    bank = load_content(content_dir).bank(None, seed)
    asked = [present(q, seed) for q in select(bank.questions, Filters(), n, seed)]
    typed = "".join(f"{'abcd'[q.answer if ok else (q.answer + 1) % 4]}\n" for q, ok in zip(asked, right, strict=True))
    retries = "".join("a\nb\nc\nd\n" for ok in right if not ok)  # missed ones come back; any answer will do
    result = invoke(content_dir, "quiz", folder, "--plain", "-n", str(n), "--seed", str(seed),
                    input=typed + retries)  # fmt: skip
    assert result.exit_code == 0, result.output
    return [q.id for q in asked]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_first_answers_come_from_a_copy_and_only_the_first_counts(content_dir, tmp_path):
    ids = quiz(content_dir, tmp_path / "ann", [True, False, True, False])
    before = digest(tmp_path / "ann")
    answers = first_answers(tmp_path / "ann")
    assert [a.question_id for a in answers] == ids  # the retries of the two missed ones are not counted
    assert [a.chosen == a.answer for a in answers] == [True, False, True, False]
    assert first_answers(tmp_path / "ann" / FILENAME) == answers
    assert digest(tmp_path / "ann") == before  # neither migrated nor switched to WAL, no lock left behind
    with pytest.raises(HistoryError, match=r"^nowhere: no quizgen history there \(a data folder holding "):
        first_answers("nowhere")
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all, just text " * 4)
    with pytest.raises(HistoryError, match=f"history {tmp_path / 'junk.sqlite3'} is not an SQLite database"):
        first_answers(tmp_path / "junk.sqlite3")


def test_analyze_history_reports_and_feeds_lint(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marks = {"ann": [True, True, True, True], "bo": [True, True, False, False], "cy": [False, True, False, False]}
    for name, right in marks.items():
        quiz(content_dir, tmp_path / name, right)
    (tmp_path / "cy" / FILENAME).rename(tmp_path / "cy.sqlite3")  # a history file handed in under another name
    result = CliRunner().invoke(main, ["--content", str(content_dir), "analyze", "--history", "ann", "bo/",
                                       "cy.sqlite3", "-o", "out/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    # Every learner answered the same 4 questions: KR-20 over them, by its definition.
    shares = [sum(m[i] for m in marks.values()) / 3 for i in range(4)]
    totals = [sum(m) for m in marks.values()]
    kr20 = 4 / 3 * (1 - sum(p * (1 - p) for p in shares) / statistics.pvariance(totals))
    assert result.output == (
        "wrote out/history-items.responses.json: each learner's first answer to each question\n"
        f"3 learners, 4 questions, reliability (KR-20) {kr20:.2f}; 0 questions flagged "
        "(quizgen lint --responses out/history-items.responses.json)\n"
        "note: 3 learners are too few for difficulty, discrimination or reliability (KR-20) to mean anything: below "
        "10, one learner more or less changes them wholesale and KR-20 can come out far below 0; no question is "
        "flagged\n"
        "wrote out/history-items.html\n"
    )
    saved = json.loads((tmp_path / "out" / "history-items.responses.json").read_text(encoding="utf-8"))
    assert [s["version"] for s in saved["sheets"]] == ["ann", "bo/", "cy.sqlite3"]
    html = (tmp_path / "out" / "history-items.html").read_text(encoding="utf-8")
    assert "3 learners, 4 questions" in html and html.count("<svg") == 2
    result = CliRunner().invoke(main, ["lint", "--responses", "out/history-items.responses.json"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "3 learners, 4 questions (questions answered fewer than 10 times are not judged)\nno question flagged\n"
    )


def test_analyze_history_says_what_too_few_learners_cannot_give(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quiz(content_dir, tmp_path / "ann", [True, False], n=2)
    result = CliRunner().invoke(main, ["analyze", "--history", "ann", "-o", "one.html"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote one.responses.json: each learner's first answer to each question\n"
        "1 learner, 2 questions, reliability (KR-20) n/a; 0 questions flagged (quizgen lint --responses "
        "one.responses.json)\n"
        "note: 1 learner: discrimination and reliability need answers from at least 2 learners\n"
        "wrote one.html\n"
    )
    result = CliRunner().invoke(main, ["analyze", "--history", "nobody"])
    assert result.exit_code == 1
    assert result.output.startswith("error: nobody: no quizgen history there")
    result = CliRunner().invoke(main, ["analyze", "a.json", "b.json"])
    assert result.output == "error: RESULTS: give one `quizgen grade --format json` file (or --history for histories)\n"


def test_a_question_is_a_deck_and_an_id_and_one_deck_is_analysed(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ids = quiz(content_dir, tmp_path / "ann", [True, True], n=2)
    quiz(content_dir, tmp_path / "bo", [False, True], n=2)
    (first, *_) = first_answers(tmp_path / "ann")
    with History.open(tmp_path / "ann") as history:  # the same question id answered later in another deck
        session = history.start_session("quiz", deck="other", seed=1, planned=1, at=datetime(2030, 1, 1, tzinfo=UTC))
        row = {c: getattr(first, c) for c in ANSWER_COLUMNS if c not in ("answered_at", "correct")}
        history.insert_answer(session, {**row, "answered_at": "2030-01-01T00:00:00.000+00:00", "correct": 1})
    assert [(a.deck, a.question_id) for a in first_answers(tmp_path / "ann")] == [
        ("d", ids[0]), ("d", ids[1]), ("other", ids[0])
    ]  # fmt: skip
    assert [a.question_id for a in first_answers(tmp_path / "ann", "other")] == [ids[0]]
    result = CliRunner().invoke(main, ["analyze", "--history", "ann", "bo", "-o", "out.html"])
    assert result.exit_code == 1
    assert result.output == "error: --history: the histories hold answers in decks d, other; choose one with --deck\n"
    result = CliRunner().invoke(main, ["analyze", "--history", "ann", "bo", "--deck", "d", "-o", "out.html"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("2 learners, 2 questions")
    assert (
        json.loads((tmp_path / "out.responses.json").read_text(encoding="utf-8"))["title"] == "Learners' answers in d"
    )
