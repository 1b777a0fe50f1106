"""Item analysis on small hand-made results: each statistic checked against the standard library's own."""

import statistics
from pathlib import Path

import pytest

from quizgen.authoring.item_analysis import analyse, findings
from quizgen.authoring.item_report import to_html
from quizgen.errors import ArgumentError, QuizgenError

QUESTIONS = [
    {"number": 1, "id": "f1/q", "key": "A", "letters": "ABCD", "stem": "One?", "source": "S, para. 1",
     "options": ["one", "two", "three", "four"]},
    {"number": 2, "id": "f2/q", "key": "B", "letters": "ABC", "stem": "Two?", "source": "S, para. 2",
     "options": ["x", "y", "z"]},
    {"number": 3, "id": "f3/q", "key": "C", "letters": "ABCD", "stem": "Three?", "source": "S, para. 3",
     "options": ["p", "q", "r", "s"]},
]  # fmt: skip
# Version B prints the same questions in another order, with other letters.
QUESTIONS_B = [
    {**QUESTIONS[2], "number": 1, "key": "A", "options": ["r", "p", "q", "s"]},
    {**QUESTIONS[0], "number": 2, "key": "D", "options": ["two", "three", "four", "one"]},
    {**QUESTIONS[1], "number": 3, "key": "C", "letters": "ABC", "options": ["x", "z", "y"]},
]


def sheet(version, answers, flags=(), duplicate=None):
    out = {"version": version, "answers": {str(i + 1): a for i, a in enumerate(answers)},
           "flags": [{"question": q, "reason": "two marks", "image": None} for q in flags]}  # fmt: skip
    if duplicate:
        out["duplicate_of"] = duplicate
    return out


RESULTS = {
    "title": "Unit 4",
    "versions": [{"label": "A", "questions": QUESTIONS}, {"label": "B", "questions": QUESTIONS_B}],
    "sheets": [
        sheet("A", ["A", "B", "C"]),  # 3
        sheet("A", ["A", "B", "D"]),  # 2
        sheet("B", ["A", "D", None]),  # f3 right, f1 right, f2 blank: 2
        sheet("A", ["B", "C", "C"]),  # 1
        sheet("B", ["B", "A", "A"], flags=[3]),  # f3 wrong (p), f1 wrong (two), f2 flagged: 0
        sheet("A", ["A", "B", "C"], duplicate="s1.jpg:1"),  # not counted
    ],
}


def test_statistics_match_their_definitions():
    analysis = analyse(RESULTS)
    assert analysis.sheets == 5 and analysis.totals == (3, 2, 2, 1, 0)
    f1, f2, f3 = analysis.items
    assert [i.id for i in analysis.items] == ["f1/q", "f2/q", "f3/q"]
    assert (f1.responses, f2.responses, f3.responses) == (5, 4, 5)  # the flagged row is left out
    assert f1.difficulty == 3 / 5 and f2.difficulty == 2 / 4 and f3.difficulty == 3 / 5
    # The corrected point-biserial: the item against the total of the other items, over sheets that answered it.
    right = [1, 1, 1, 0, 0]
    rest = [t - r for t, r in zip(analysis.totals, right, strict=True)]
    assert f1.point_biserial == pytest.approx(statistics.correlation(right, rest))
    # Upper and lower groups: round(27% of 5) = 1 sheet each, the best (3) and the worst (0).
    assert f1.upper_lower == 1.0 and f3.upper_lower == 1.0
    assert f2.upper_lower is None  # the worst sheet's f2 row was flagged: no lower group answer
    assert f1.choices == {"one": 3, "two": 2, "three": 0, "four": 0}
    assert f2.choices == {"x": 0, "y": 2, "z": 1, "": 1}
    assert f3.choices == {"p": 1, "q": 0, "r": 3, "s": 1}
    k = 3
    expected = (
        k / (k - 1) * (1 - sum(p * (1 - p) for p in [3 / 5, 2 / 4, 3 / 5]) / statistics.pvariance([3, 2, 2, 1, 0]))
    )
    assert analysis.kr20 == pytest.approx(expected)


def test_findings_name_unchosen_distractors_and_negative_discrimination():
    assert [(f.id, f.check, f.message) for f in findings(analyse(RESULTS), min_responses=5)] == [
        ("f1/q", "unchosen distractor", "nobody chose “three” (n=5)"),
        ("f1/q", "unchosen distractor", "nobody chose “four” (n=5)"),
        ("f3/q", "unchosen distractor", "nobody chose “q” (n=5)"),
    ]
    assert findings(analyse(RESULTS)) == []  # too few answers to judge at the default minimum
    # Three students know only f1; seven know f2 and f3 but not f1: the stronger ones miss f1.
    sheets = [sheet("A", ["A", "A", "D"]) for _ in range(3)] + [sheet("A", ["B", "B", "C"]) for _ in range(7)]
    upside_down = {**RESULTS, "sheets": sheets}
    (negative,) = [f for f in findings(analyse(upside_down)) if f.check == "negative discrimination"]
    assert negative.id == "f1/q" and negative.message.startswith("point-biserial -")


def test_report_names_every_question_and_draws_both_charts():
    html = to_html(analyse(RESULTS)).decode()
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2
    for q in QUESTIONS:
        assert q["id"] in html and q["stem"] in html and q["source"] in html
    assert "reliability (KR-20)" in html


def test_not_grading_results_is_an_error():
    with pytest.raises(QuizgenError, match=r"^results: not the JSON `quizgen grade --format json` writes"):
        analyse({"sheets": []})


def test_unreadable_results_name_the_option_or_argument_given(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.authoring.item_analysis import read_results
    from quizgen.cli import main

    monkeypatch.chdir(tmp_path)
    Path("notes.json").write_text("not json", encoding="utf-8")
    with pytest.raises(ArgumentError, match="^results: cannot read missing.json: ") as error:
        read_results("missing.json")
    assert error.value.parameter == "results"
    runner = CliRunner()
    assert runner.invoke(main, ["lint", "--responses", "missing.json"]).output == (
        "error: --responses: cannot read missing.json: No such file or directory\n"
    )
    assert runner.invoke(main, ["analyze", "notes.json"]).output.startswith("error: RESULTS: notes.json is not JSON: ")
