"""The teacher's whole paper workflow through the CLI: print → fill → grade → gradebook → analyze → lint."""

import json
import re

import cv2
import numpy as np
from click.testing import CliRunner
from print_fixtures import write_nasty_content
from scan_fixtures import distort, fill_exact, render_page

from quizgen.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_print_fill_grade_gradebook_analyze_lint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_nasty_content(tmp_path / "content")
    assert invoke("--content", content, "print", "-n", "8", "--versions", "1", "-o", "exam.pdf").exit_code == 0
    pdf = (tmp_path / "exam.pdf").read_bytes()
    raw = json.loads((tmp_path / "exam.quizgen.json").read_text(encoding="utf-8"))
    (sheet,) = raw["sheets"]
    questions = raw["versions"][0]["questions"]
    # Twelve students: question q (1-7) is answered right by students from q + 1 on, so stronger students know
    # more; question 8 only by the four weakest (a flawed item). A wrong answer is always the first wrong letter.
    scans = []
    for student in range(12):
        answers = {}
        for q in questions:
            right = student < 4 if q["number"] == 8 else student > q["number"]
            wrong = next(letter for letter in q["letters"] if letter != q["key"])
            answers[q["number"]] = q["key"] if right else wrong
        image = render_page(pdf, sheet["page"], 150)
        fill_exact(image, sheet, answers, f"{100000 + student}", 150, seed=student)
        name = f"scan{student:02d}.jpg"
        cv2.imwrite(name, distort(image, np.random.default_rng(student)), [cv2.IMWRITE_JPEG_QUALITY, 75])
        scans.append(name)
    result = invoke("grade", "--test", "exam.quizgen.json", *scans, "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 12 new pages (0 from earlier runs); 12 sheets, 0 with flags for you to check\n"
        "wrote marks.json\n"
        "wrote lms.csv: 12 students\n"
    )
    scores = [sum(1 for q in range(1, 8) if s > q) + (s < 4) for s in range(12)]
    assert (tmp_path / "lms.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        f",,{100000 + s},,,{score}" for s, score in enumerate(scores)
    ]

    result = invoke("analyze", "marks.json", "-o", "items.html")
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()
    assert re.fullmatch(r"12 graded sheets, 8 questions, reliability \(KR-20\) 0\.\d\d; 8 questions flagged "
                        r"\(quizgen lint --responses marks\.json\)", first), first  # fmt: skip
    assert second == "wrote items.html"
    html = (tmp_path / "items.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "Score histogram" in html
    for q in questions:
        assert q["id"] in html and q["source"] in html

    result = invoke("lint", "--responses", "marks.json", "--all")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "12 graded sheets, 8 questions (questions answered fewer than 10 times are not judged)"
    flagged = [re.match(r"  (\S+): \[([a-z ]+)\] (.*)", line).groups() for line in lines[2:]]
    negative = [(qid, message) for qid, check, message in flagged if check == "negative discrimination"]
    assert [qid for qid, _ in negative] == [questions[7]["id"]]
    assert negative[0][1].startswith("point-biserial -") and "upper-lower -" in negative[0][1]
    # Every wrong option but the first was never chosen.
    unchosen = sorted((qid, message) for qid, check, message in flagged if check == "unchosen distractor")
    expected = sorted(
        (q["id"], f"nobody chose “{option}” (n=12)")
        for q in questions
        for letter, option in zip(q["letters"], q["options"], strict=True)
        if letter != q["key"] and letter != next(x for x in q["letters"] if x != q["key"])
    )
    assert unchosen == expected
    assert lines[1] == f"flagged items ({len(flagged)}):"
