"""Item analysis on small hand-made results: each statistic checked against the standard library's own."""

import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizgen.authoring.item_analysis import analyse, findings, from_learners
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


def too_few(them, one):
    return (f"{them} too few for difficulty, discrimination or reliability (KR-20) to mean anything: below 10, one "
            f"{one} more or less changes them wholesale and KR-20 can come out far below 0; no question is flagged")  # fmt: skip


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
    analysis = analyse(upside_down)
    (f1, _, _) = analysis.items
    assert f1.point_biserial is not None and f1.point_biserial < -0.05 and f1.upper_lower == -1.0
    (negative,) = [f for f in findings(analysis) if f.check == "negative discrimination"]
    assert (negative.id, negative.message) == (
        "f1/q",
        f"point-biserial {f1.point_biserial:+.2f}, upper-lower -1.00: the higher a sheet's score on the other "
        "questions, the less often it got this one right; the top 27% got it right less often than the bottom 27%, "
        "by 100 percentage points (n=10)",
    )


def test_negative_discrimination_only_when_every_measure_says_so_past_noise():
    """A point-biserial of -0.04 with an upper-lower of +0.12 (the teacher's case) is no finding; nor is -0.04 alone."""
    from dataclasses import replace

    sheets = [sheet("A", ["A", "A", "D"]) for _ in range(3)] + [sheet("A", ["B", "B", "C"]) for _ in range(7)]
    analysis = analyse({**RESULTS, "sheets": sheets})
    item = analysis.items[0]

    def negative(point_biserial, upper_lower):
        changed = replace(analysis, items=(replace(item, point_biserial=point_biserial, upper_lower=upper_lower),))
        return [f.message for f in findings(changed) if f.check == "negative discrimination"]

    assert negative(-0.04, 0.12) == [] and negative(-0.3, 0.12) == [] and negative(0.2, -0.3) == []
    assert negative(-0.04, None) == [] and negative(-0.04, -0.3) == []
    assert negative(-0.3, None) == [
        "point-biserial -0.30, upper-lower n/a: the higher a sheet's score on the other questions, the less often it "
        "got this one right (n=10)"
    ]


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


def test_too_few_sheets_are_said_to_mean_nothing_in_the_terminal_and_the_report(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from quizgen.cli import main

    monkeypatch.chdir(tmp_path)
    two = {**RESULTS, "sheets": [sheet("A", ["A", "C", "C"]), sheet("A", ["B", "B", "D"])]}  # 2 and 1 right
    Path("two.json").write_text(json.dumps(two), encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "two.json"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2 graded sheets, 3 questions, reliability (KR-20) -3.00; 0 questions flagged (quizgen lint --responses "
        "two.json)\n"
        f"note: {too_few('2 graded sheets are', 'sheet')}\n"
        "wrote two.html\n"
    )
    assert f'<p class="muted">{too_few("2 graded sheets are", "sheet")}.</p>' in Path("two.html").read_text("utf-8")
    # From 10 sheets on, the count at which lint starts judging questions, no such note.
    sheets = [sheet("A", answers) for answers in (["A", "B", "C"], ["B", "B", "D"], ["A", "C", "C"])] * 4
    assert analyse({**RESULTS, "sheets": sheets[:9]}).notes == (too_few("9 graded sheets are", "sheet"),)
    assert analyse({**RESULTS, "sheets": sheets[:10]}).notes == ()
    assert analyse({**RESULTS, "sheets": sheets[:1]}).notes == (too_few("1 graded sheet is", "sheet"),)


# --- learners' histories -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What item analysis reads of a stored answer (quizgen.study.history.StoredAnswer has the same fields)."""

    question_id: str
    options: tuple[str, ...]
    answer: int
    chosen: int | None
    stem: str = "Stem?"
    source: str = "seed-2024"


def said(qid: str, correct: str, picked: str | None, options: tuple[str, ...] = ("a", "b", "c")) -> Answer:
    """`picked` (None: no answer) among `options` in the order this learner saw them."""
    return Answer(qid, options, options.index(correct), None if picked is None else options.index(picked))


def test_learners_first_answers_are_analysed_over_the_questions_they_share():
    learners = [
        ("ann", [said("q1", "a", "a"), said("q2", "b", "b"), said("q3", "c", "a", ("c", "a"))]),
        ("bo", [said("q1", "a", "b", ("b", "c", "a")), said("q2", "b", "b"), said("q3", "c", "c", ("a", "c"))]),
        ("cy", [said("q2", "b", None), said("q1", "a", "a", ("c", "a", "b", "d", "e"))]),
        ("di", [said("q4", "x", "x", ("x", "y"))]),
    ]
    results = from_learners(learners, title="Class 4")
    assert [v["label"] for v in results["versions"]] == ["ann", "bo", "cy", "di"]
    assert results["versions"][2]["questions"][1]["letters"] == "ABCDE"
    assert results["sheets"][2]["answers"] == {"1": None, "2": "B"}
    analysis = analyse(results)
    assert (analysis.sheets, analysis.respondents, analysis.title) == (4, "learners", "Class 4")
    q1, q2, q3, q4 = analysis.items
    assert [i.id for i in analysis.items] == ["q1", "q2", "q3", "q4"]
    assert (q1.responses, q1.difficulty) == (3, 2 / 3)
    # q1's learners (ann, bo, cy) share q2 only: each one's rest score is their q2.
    assert q1.point_biserial == pytest.approx(statistics.correlation([1, 0, 1], [1, 1, 0]))
    # q3's learners (ann, bo) share q1 and q2: ann 2, bo 1; ann missed q3, bo got it.
    assert q3.point_biserial == pytest.approx(-1.0) and q3.upper_lower == -1.0
    assert q2.choices == {"a": 0, "b": 2, "c": 0, "": 1}  # cy gave no answer
    assert q1.choices == {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0}  # cy saw five options
    assert q3.choices == {"c": 1, "a": 1}
    assert q4.point_biserial is None and q4.upper_lower is None and q4.difficulty == 1.0
    assert analysis.kr20 is None
    assert analysis.notes == (
        too_few("4 learners are", "learner"),
        "discrimination needs at least 2 learners who answered the question and another question in common: "
        "n/a for 1 question answered by only 1 learner and 0 questions whose learners share no other question",
        "reliability (KR-20) needs at least 2 questions that every learner answered (and scores that differ); "
        "these 4 learners have 0 in common",
    )
    html = to_html(analysis).decode()
    assert "4 learners, 4 questions" in html and "these 4 learners have 0 in common" in html


def test_learners_reliability_is_over_the_questions_all_answered():
    right = {"ann": (1, 1, 1), "bo": (1, 1, 0), "cy": (1, 0, 0), "di": (0, 0, 0), "ed": (0, 1, 1)}
    learners = [
        (name, [said(f"q{i}", "a", "a" if ok else "b") for i, ok in enumerate(marks, 1)] + [said(name, "a", "a")])
        for name, marks in right.items()
    ]  # each also answered a question of their own, which KR-20 leaves out
    analysis = analyse(from_learners(learners))
    shares = [sum(m[i] for m in right.values()) / 5 for i in range(3)]
    totals = [sum(m) for m in right.values()]
    expected = 3 / 2 * (1 - sum(p * (1 - p) for p in shares) / statistics.pvariance(totals))
    assert analysis.kr20 == pytest.approx(expected)
    assert analysis.notes == (
        too_few("5 learners are", "learner"),
        "discrimination needs at least 2 learners who answered the question and another question in common: "
        "n/a for 5 questions answered by only 1 learner and 0 questions whose learners share no other question",
    )
    (alone,) = analyse(from_learners(learners[:1])).notes
    assert alone == "1 learner: discrimination and reliability need answers from at least 2 learners"


def test_another_of_quizgens_files_is_named_with_what_to_pass_instead(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from quizgen.cli import main

    monkeypatch.chdir(tmp_path)
    manifest = {"format": 1, "test": "abc", "title": "Unit 4", "versions": [], "sheets": [{"qr": {"x": 1, "y": 2}}]}
    Path("unit4.quizgen.json").write_text(json.dumps(manifest), encoding="utf-8")
    Path("unit4.graded.json").write_text(json.dumps({"test": "abc", "pages": {}}), encoding="utf-8")
    Path("marks.csv").write_text("\ufefffile,page,version,student_number\n", encoding="utf-8")
    runner = CliRunner()
    expected = {
        "unit4.quizgen.json": "the test's manifest, not the marks: pass what `quizgen grade --format json` wrote",
        "unit4.graded.json": "grade's store of graded pages, not the marks: pass what `quizgen grade --format json` "
        "wrote",
        "marks.csv": "the marks as CSV; run quizgen grade again with --format json -o marks.json and pass that",
    }
    for name, what in expected.items():
        result = runner.invoke(main, ["analyze", name])
        assert (result.exit_code, result.output) == (1, f"error: RESULTS: {name} is {what}\n")
        result = runner.invoke(main, ["lint", "--responses", name])
        assert (result.exit_code, result.output) == (1, f"error: --responses: {name} is {what}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["marks.csv", "unit4.graded.json", "unit4.quizgen.json"]
