"""`quizgen grade`: exact output, JSON and CSV results, the gradebook, re-runs that grade only new scans."""

import csv
import io
import json
import os
import stat
import threading

import cv2
import numpy as np
import pytest
from click.testing import CliRunner
from print_fixtures import write_nasty_content
from scan_fixtures import distort, fill_exact, render_page

from quizgen.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def exam(tmp_path, monkeypatch):
    """An 8-question test printed through the CLI, and a function that writes a filled, distorted scan of it."""
    monkeypatch.chdir(tmp_path)
    content = write_nasty_content(tmp_path / "content")
    result = invoke("--content", content, "print", "-n", "8", "--versions", "2", "--seed", "4", "-o", "exam.pdf")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "exam.pdf").read_bytes()
    raw = json.loads((tmp_path / "exam.quizgen.json").read_text(encoding="utf-8"))

    def scan(name, version, answers, number, seed):
        index = [s["version"] for s in raw["sheets"]].index(version)
        image = render_page(pdf, raw["sheets"][index]["page"], 200)
        fill_exact(image, raw["sheets"][index], answers, number, 200, seed)
        cv2.imwrite(name, distort(image, np.random.default_rng(seed)), [cv2.IMWRITE_JPEG_QUALITY, 80])

    return raw, scan


def keys(raw, version):
    (listed,) = [v for v in raw["versions"] if v["label"] == version]
    return [q["key"] for q in listed["questions"]]


def test_grade_writes_json_gradebook_then_adds_new_scans_only(exam, tmp_path):
    raw, scan = exam
    a, b = keys(raw, "A"), keys(raw, "B")
    # Student 204518 answers A's questions 1-6 right, 7 wrong, leaves 8 blank; 311007 answers B, with two marks on 3.
    wrong = "D" if a[6] != "D" else "C"
    scan("s1.jpg", "A", {**{n: a[n - 1] for n in range(1, 7)}, 7: wrong}, "204518", 1)
    other = "A" if b[2] != "A" else "B"
    scan("s2.jpg", "B", {**{n: b[n - 1] for n in range(1, 9)}, 3: (b[2], other)}, "311007", 2)
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "s2.jpg", "-o", "marks.json",
                    "--gradebook", "lms.csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 2 new pages (0 from earlier runs); 2 sheets, 1 with flags for you to check\n"
        's2.jpg:1 q3: two marks; decide with --decide "s2.jpg:1 q3=X" (X: A, B, C, D or blank)\n'
        "wrote marks.json\n"
        "wrote lms.csv: 2 students, 1 without a score until you decide\n"
    )  # fresh user: marks.json was written without a word
    marks = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))
    assert marks["test"] == raw["test"]
    first, second = marks["sheets"]
    assert first == {
        "file": "s1.jpg", "page": 1, "version": "A", "student_number": "204518",
        "answers": {**{str(n): a[n - 1] for n in range(1, 7)}, "7": wrong, "8": None},
        "score": 6, "out_of": 8, "flags": [], "status": "counted",
    }  # fmt: skip
    assert second["student_number"] == "311007" and second["answers"]["3"] is None
    assert second["score"] == 7 and second["out_of"] == 8 and second["status"] == "undecided"
    assert second["flags"] == [{"question": 3, "reason": "two marks", "image": "flags/s2-p1-q3.png"}]
    assert (tmp_path / "flags" / "s2-p1-q3.png").read_bytes().startswith(b"\x89PNG")
    title = raw["title"]
    assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
        f"Student,ID,SIS User ID,SIS Login ID,Section,{title},Needs review\n,,204518,,,6,\n"
        ",,311007,,,,s2.jpg:1 q3: two marks\n"
    )  # the flagged row's student has no score until the teacher decides
    # A re-run with one more scan grades only that one: here a second scan of s1's sheet, reported, counted once.
    scan("s3.jpg", "A", {**{n: a[n - 1] for n in range(1, 7)}, 7: wrong}, "204518", 3)
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "s2.jpg", "s3.jpg", "--format", "csv",
                    "-o", "marks.csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 1 new page (2 from earlier runs); 2 sheets, 1 with flags for you to check\n"
        "s3.jpg:1: the same sheet as s1.jpg:1; counted once\n"
        's2.jpg:1 q3: two marks; decide with --decide "s2.jpg:1 q3=X" (X: A, B, C, D or blank)\n'
        "wrote marks.csv\n"
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "marks.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["file", "page", "version", "student_number", "score", "out_of", "status", "flags", "decided",
                       "duplicate_of", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]  # fmt: skip
    assert rows[1] == ["s1.jpg", "1", "A", "204518", "6", "8", "counted", "", "", "", *a[:6], wrong, ""]
    assert rows[2][:10] == ["s2.jpg", "1", "B", "311007", "7", "8", "undecided", "3: two marks", "", ""]
    assert rows[3][:10] == ["s3.jpg", "1", "A", "204518", "6", "8", "duplicate", "", "", "s1.jpg:1"]


def test_json_goes_to_standard_output_and_the_summary_to_stderr(exam):
    raw, scan = exam
    scan("s1.jpg", "B", {}, None, 5)
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "--gradebook", "lms.csv")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sheets"][0]["flags"] == [
        {"question": None, "reason": "no student number", "image": "flags/s1-p1-sheet.png"}
    ]
    assert result.stderr == (
        "graded 1 new page (0 from earlier runs); 1 sheet, 1 with flags for you to check\n"
        's1.jpg:1: no student number; decide with --decide "s1.jpg:1 student=NUMBER"\n'
        "wrote lms.csv: 0 students\n"
    )


def test_an_unreadable_sheet_is_named_and_left_out_of_the_gradebook(exam, tmp_path):
    cv2.imwrite("blank.png", np.full((1100, 800), 245, np.uint8))
    result = invoke("grade", "--test", "exam.quizgen.json", "blank.png", "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 0
    assert result.output == (
        "graded 1 new page (0 from earlier runs); 1 sheet, 1 with flags for you to check\n"
        'blank.png:1: registration marks not found; not counted: rescan it, or --decide "blank.png:1 ignore"\n'
        "wrote marks.json\n"
        "wrote lms.csv: 0 students\n"
    )
    (sheet,) = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))["sheets"]
    assert sheet["version"] is None and sheet["score"] is None
    assert sheet["flags"] == [{"question": None, "reason": "registration marks not found",
                               "image": "flags/blank-p1-sheet.png"}]  # fmt: skip


def test_grade_errors_are_one_line(exam, tmp_path):
    result = invoke("grade", "--test", "nope.quizgen.json", "s1.jpg")
    assert result.exit_code == 1
    assert result.output == "error: --test: cannot read nope.quizgen.json: No such file or directory\n"
    result = invoke("grade", "--test", "exam.quizgen.json", "missing.jpg")
    assert result.output == "error: missing.jpg: no such file\n"


def test_output_may_be_a_folder(exam, tmp_path):
    raw, scan = exam
    scan("s1.jpg", "A", {1: keys(raw, "A")[0]}, "204518", 1)
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "-o", "out/")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 1 new page (0 from earlier runs); 1 sheet, 0 with flags for you to check\nwrote out/exam-marks.json\n"
    )
    assert json.loads((tmp_path / "out" / "exam-marks.json").read_text(encoding="utf-8"))["sheets"][0]["score"] == 1
    (tmp_path / "csv").mkdir()
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "--format", "csv", "-o", "csv")
    assert result.output.endswith("wrote csv/exam-marks.csv\n")
    assert (tmp_path / "csv" / "exam-marks.csv").read_text(encoding="utf-8").startswith("file,page,version")


def test_marks_through_a_symlink_and_a_gradebook_into_a_fifo(exam, tmp_path):
    """-o a link: the link stays and the file it names gets the marks; a FIFO streams the gradebook to its reader."""
    raw, scan = exam
    scan("s1.jpg", "A", {1: keys(raw, "A")[0]}, "204518", 1)
    (tmp_path / "kept").mkdir()
    os.symlink("kept/marks.json", "marks.json")
    os.mkfifo("lms.csv")
    got = []

    def read():
        with open("lms.csv", "rb") as stream:
            got.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)  # daemon: if nothing ever opens the FIFO, do not hang
    reader.start()
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "-o", "marks.json", "--gradebook", "lms.csv")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 1 new page (0 from earlier runs); 1 sheet, 0 with flags for you to check\n"
        "wrote marks.json\n"
        "wrote lms.csv: 1 student\n"
    )
    assert os.readlink("marks.json") == "kept/marks.json"
    assert json.loads((tmp_path / "kept" / "marks.json").read_text(encoding="utf-8"))["sheets"][0]["score"] == 1
    assert got == [f"Student,ID,SIS User ID,SIS Login ID,Section,{raw['title']}\n,,204518,,,1\n".encode()]
    assert stat.S_ISFIFO(os.lstat("lms.csv").st_mode)


def test_scans_of_another_test_only_are_an_error_and_nothing_is_written(exam, tmp_path):
    raw, scan = exam
    scan("s1.jpg", "A", {1: keys(raw, "A")[0]}, "204518", 1)
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 0, result.output
    content = tmp_path / "content"
    result = invoke("--content", content, "print", "-n", "8", "--seed", "5", "--title", "Other class quiz",
                    "-o", "other.pdf")  # fmt: skip
    assert result.exit_code == 0, result.output
    before = {name: (tmp_path / name).read_bytes() for name in ("marks.json", "lms.csv")}
    result = invoke("grade", "--test", "other.quizgen.json", "s1.jpg", "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 1
    assert result.output == (
        f"error: --test: the scans are of another test ({raw['test']}), not of 'Other class quiz' "
        "(other.quizgen.json); give --test the .quizgen.json printed with them\n"
    )
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not (tmp_path / "other.graded.json").exists()


def test_two_sheets_claiming_one_student_are_flagged_and_not_counted(exam, tmp_path):
    """A rescan (same version, number and marks) counts once; other marks or another version under one number is a
    conflict: both sheets kept and flagged, the student's gradebook score empty until the teacher decides."""
    raw, scan = exam
    a, b = keys(raw, "A"), keys(raw, "B")
    scan("s1.jpg", "A", {n: a[n - 1] for n in range(1, 7)}, "204518", 1)
    scan("s2.jpg", "A", {n: a[n - 1] for n in range(1, 4)}, "204518", 2)  # another student, the same number
    scan("s3.jpg", "A", {n: a[n - 1] for n in range(1, 9)}, "311007", 3)
    scan("s4.jpg", "B", {n: b[n - 1] for n in range(1, 3)}, "311007", 4)  # the same number on another version
    scan("s5.jpg", "A", {n: a[n - 1] for n in range(1, 7)}, "204518", 5)  # s1 scanned again
    scan("s6.jpg", "B", {n: b[n - 1] for n in range(1, 6)}, "555555", 6)
    names = [f"s{n}.jpg" for n in range(1, 7)]
    result = invoke("grade", "--test", "exam.quizgen.json", *names, "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 0, result.output
    conflict_a = (
        "student 204518: two different sheets, s1.jpg:1 (version A, 6/8) and s2.jpg:1 (version A, 3/8); "
        "neither counted until decided"
    )
    conflict_b = (
        "student 311007: two different sheets, s3.jpg:1 (version A, 8/8) and s4.jpg:1 (version B, 2/8); "
        "neither counted until decided"
    )
    assert result.output == (
        "graded 6 new pages (0 from earlier runs); 5 sheets, 4 with flags for you to check\n"
        "s5.jpg:1: the same sheet as s1.jpg:1; counted once\n"
        f'{conflict_a}: --decide "s2.jpg:1 student=NUMBER" (its right number) or --decide "s2.jpg:1 ignore"\n'
        f'{conflict_b}: --decide "s4.jpg:1 student=NUMBER" (its right number) or --decide "s4.jpg:1 ignore"\n'
        "wrote marks.json\n"
        "wrote lms.csv: 3 students, 2 without a score until you decide\n"
    )
    sheets = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))["sheets"]
    assert [(s["file"], s["score"], [f["reason"] for f in s["flags"]]) for s in sheets] == [
        ("s1.jpg", 6, [conflict_a]), ("s2.jpg", 3, [conflict_a]), ("s3.jpg", 8, [conflict_b]),
        ("s4.jpg", 2, [conflict_b]), ("s5.jpg", 6, []), ("s6.jpg", 5, []),
    ]  # fmt: skip
    assert sheets[4]["duplicate_of"] == "s1.jpg:1"
    rows = list(csv.reader(io.StringIO((tmp_path / "lms.csv").read_text(encoding="utf-8"))))
    assert rows == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", raw["title"], "Needs review"],
        ["", "", "204518", "", "", "", conflict_a.removeprefix("student 204518: ")],
        ["", "", "311007", "", "", "", conflict_b.removeprefix("student 311007: ")],
        ["", "", "555555", "", "", "5", ""],
    ]
    # The teacher decides: s2 is student 204519's sheet, s4 was a practice sheet. Later runs keep both decisions.
    decide = ["--decide", "s2.jpg:1 student=204519", "--decide", "s4.jpg ignore"]
    result = invoke(
        "grade", "--test", "exam.quizgen.json", *names, *decide, "-o", "marks.json", "--gradebook", "lms.csv"
    )
    assert result.exit_code == 0, result.output
    for _run in range(2):
        assert result.output == (
            "graded 0 new pages (6 from earlier runs); 5 sheets, 0 with flags for you to check\n"
            "s5.jpg:1: the same sheet as s1.jpg:1; counted once\n"
            "wrote marks.json\n"
            "wrote lms.csv: 4 students\n"
        )
        assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
            f"Student,ID,SIS User ID,SIS Login ID,Section,{raw['title']}\n"
            ",,204518,,,6\n,,204519,,,3\n,,311007,,,8\n,,555555,,,5\n"
        )
        sheets = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))["sheets"]
        assert [(s["student_number"], s["status"], s.get("decided")) for s in sheets] == [
            ("204518", "counted", None), ("204519", "counted", ["student=204519"]), ("311007", "counted", None),
            ("311007", "ignored", ["ignore"]), ("204518", "duplicate", None), ("555555", "counted", None),
        ]  # fmt: skip
        result = invoke("grade", "--test", "exam.quizgen.json", *names, "-o", "marks.json", "--gradebook", "lms.csv")


def test_a_missing_page_of_a_sheet_leaves_the_score_empty_until_it_is_scanned(tmp_path, monkeypatch):
    from quizgen.outputs.printing import answersheet

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(answersheet, "ANSWERS_TOP", 740.0)  # fewer rows a page: 12 questions need three pages
    content = write_nasty_content(tmp_path / "content")
    result = invoke("--content", content, "print", "-n", "12", "--versions", "1", "--seed", "8", "-o", "big.pdf")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "big.pdf").read_bytes()
    raw = json.loads((tmp_path / "big.quizgen.json").read_text(encoding="utf-8"))
    assert [(s["sheet_page"], len(s["answers"])) for s in raw["sheets"]] == [(1, 4), (2, 4), (3, 4)]
    key = keys(raw, "A")

    def scan(name, page, number, seed):
        sheet = raw["sheets"][page - 1]
        image = render_page(pdf, sheet["page"], 200)
        fill_exact(image, sheet, {row["number"]: key[row["number"] - 1] for row in sheet["answers"]}, number, 200)
        cv2.imwrite(name, distort(image, np.random.default_rng(seed)), [cv2.IMWRITE_JPEG_QUALITY, 80])

    handed_in = [("a1", 1, "111111"), ("a2", 2, "111111"), ("a3", 3, "111111"),
                 ("b1", 1, "222222"), ("b3", 3, "222222"), ("c1", 1, "333333")]  # fmt: skip
    for seed, (name, page, number) in enumerate(handed_in):
        scan(f"{name}.jpg", page, number, seed)
    scans = ["a1.jpg", "a2.jpg", "a3.jpg", "b1.jpg", "b3.jpg", "c1.jpg"]
    result = invoke("grade", "--test", "big.quizgen.json", *scans, "--gradebook", "lms.csv", "-o", "marks.json")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graded 6 new pages (0 from earlier runs); 6 sheets, 3 with flags for you to check\n"
        "student 222222: page 2 of 3 of the answer sheet not scanned; scan it, or "
        '--decide "b3.jpg:1 accept" to count the pages there are\n'
        "student 333333: pages 2 and 3 of 3 of the answer sheet not scanned; scan it, or "
        '--decide "c1.jpg:1 accept" to count the pages there are\n'
        "wrote marks.json\n"
        "wrote lms.csv: 3 students, 2 without a score until you decide\n"
    )
    assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
        f"Student,ID,SIS User ID,SIS Login ID,Section,{raw['title']},Needs review\n,,111111,,,12,\n"
        ",,222222,,,,page 2 of 3 of the answer sheet not scanned\n"
        ",,333333,,,,pages 2 and 3 of 3 of the answer sheet not scanned\n"
    )
    scan("b2.jpg", 2, "222222", 9)  # the page arrives; 333333's pages never will: the teacher counts page 1
    result = invoke("grade", "--test", "big.quizgen.json", *scans, "b2.jpg", "--gradebook", "lms.csv", "-o", "m.json",
                    "--decide", "c1.jpg:1 accept")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
        f"Student,ID,SIS User ID,SIS Login ID,Section,{raw['title']}\n,,111111,,,12\n,,222222,,,12\n,,333333,,,4\n"
    )


def test_flags_are_decided_with_decide_and_later_runs_keep_the_decisions(exam, tmp_path):
    raw, scan = exam
    a, b = keys(raw, "A"), keys(raw, "B")
    other = "A" if a[2] != "A" else "B"
    scan("s1.jpg", "A", {**{n: a[n - 1] for n in range(1, 9)}, 3: (a[2], other)}, "204518", 1)
    scan("nonum.jpg", "A", {n: a[n - 1] for n in range(1, 5)}, None, 2)
    # A sheet whose QR code is covered: clear marks, a readable number.
    index = [s["version"] for s in raw["sheets"]].index("B")
    sheet = raw["sheets"][index]
    image = render_page((tmp_path / "exam.pdf").read_bytes(), sheet["page"], 200)
    fill_exact(image, sheet, {n: b[n - 1] for n in range(1, 9)}, "311007", 200, 3)
    x, y, size = (round(sheet["qr"][k] * 200 / 72) for k in ("x", "y", "size"))
    image[y - 8 : y + size + 8, x - 8 : x + size + 8] = 255
    cv2.imwrite("noqr.jpg", distort(image, np.random.default_rng(3)), [cv2.IMWRITE_JPEG_QUALITY, 80])
    scans = ["s1.jpg", "nonum.jpg", "noqr.jpg"]
    result = invoke("grade", "--test", "exam.quizgen.json", *scans, "-o", "marks.json", "--gradebook", "lms.csv")
    assert result.exit_code == 0, result.output
    letters = ", ".join(raw["versions"][0]["questions"][2]["letters"])
    assert result.output == (
        "graded 3 new pages (0 from earlier runs); 3 sheets, 3 with flags for you to check\n"
        f's1.jpg:1 q3: two marks; decide with --decide "s1.jpg:1 q3=X" (X: {letters} or blank)\n'
        'nonum.jpg:1: no student number; decide with --decide "nonum.jpg:1 student=NUMBER"\n'
        'noqr.jpg:1: unreadable code; decide with --decide "noqr.jpg:1 version=X" (X: A or B)\n'
        "wrote marks.json\n"
        "wrote lms.csv: 1 student, 1 without a score until you decide\n"
    )
    title = raw["title"]
    assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
        f"Student,ID,SIS User ID,SIS Login ID,Section,{title},Needs review\n,,204518,,,,s1.jpg:1 q3: two marks\n"
    )
    # Mistakes in --decide: one line naming the option, exit 1, nothing written.
    written = {
        p: p.read_bytes() for p in [tmp_path / "marks.json", tmp_path / "lms.csv", tmp_path / "exam.graded.json"]
    }
    mistakes = {
        "s1.jpg:1 q3": "'s1.jpg:1 q3' is not a page and what to decide about it (q7=B, q7=blank, student=NUMBER, "
        'version=A, ignore or accept), e.g. "scans.pdf:5 q7=B"',
        "s9.jpg:1 q3=A": "no page 's9.jpg:1' among the scans graded for this test; name it as the messages do, "
        "e.g. s1.jpg:1",
        "s1.jpg:1 q9=A": "'s1.jpg:1 q9=A': s1.jpg:1 (A) has no question 9",
        "s1.jpg:1 version=B": "'s1.jpg:1 version=B': the code of s1.jpg:1 was read (version A); version= is for an "
        "unread code",
        "nonum.jpg student=12": "'nonum.jpg student=12': student=12 has 2 digits; the sheet's number has 6",
        "noqr.jpg q2=A": "'noqr.jpg q2=A': noqr.jpg:1 has no version yet (its code cannot be read); give version= "
        "first",
        "noqr.jpg version=C": "'noqr.jpg version=C': the test has no version C (its versions: A, B)",
    }
    for decide, message in mistakes.items():
        result = invoke("grade", "--test", "exam.quizgen.json", *scans, "-o", "marks.json", "--gradebook", "lms.csv",
                        "--decide", "s1.jpg:1 q3=blank", "--decide", decide)  # fmt: skip
        assert (result.exit_code, result.output) == (1, f"error: --decide: {message}\n")
        assert {p: p.read_bytes() for p in written} == written
    # A page to read again must be at hand: here the scan was moved away and is not given.
    os.rename("noqr.jpg", "moved.jpg")
    result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "--decide", "noqr.jpg version=B")
    assert (result.exit_code, result.output) == (
        1,
        "error: --decide: noqr.jpg is needed to read the page again as version B: give it among the scans\n",
    )
    assert {p: p.read_bytes() for p in written} == written
    os.rename("moved.jpg", "noqr.jpg")
    # The teacher decides each flag; the covered sheet is read as version B.
    decide = ["--decide", f"s1.jpg:1 q3={a[2].lower()}", "--decide", "nonum.jpg student=100006",
              "--decide", "noqr.jpg version=B"]  # fmt: skip
    result = invoke(
        "grade", "--test", "exam.quizgen.json", *scans, *decide, "-o", "marks.json", "--gradebook", "lms.csv"
    )
    for _run in range(2):  # and a later run without --decide keeps every decision
        assert result.exit_code == 0, result.output
        assert result.output == (
            "graded 0 new pages (3 from earlier runs); 3 sheets, 0 with flags for you to check\n"
            "wrote marks.json\n"
            "wrote lms.csv: 3 students\n"
        )
        assert (tmp_path / "lms.csv").read_text(encoding="utf-8") == (
            f"Student,ID,SIS User ID,SIS Login ID,Section,{title}\n,,100006,,,4\n,,204518,,,8\n,,311007,,,8\n"
        )
        sheets = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))["sheets"]
        assert [(s["version"], s["answers"]["3"], s["flags"], s["status"], s["decided"]) for s in sheets] == [
            ("A", a[2], [], "counted", [f"q3={a[2]}"]), ("A", a[2], [], "counted", ["student=100006"]),
            ("B", b[2], [], "counted", ["version=B"]),
        ]  # fmt: skip
        result = invoke("grade", "--test", "exam.quizgen.json", *scans, "-o", "marks.json", "--gradebook", "lms.csv")


def test_a_byte_identical_copy_of_a_scan_is_reported_as_the_same_sheet(exam, tmp_path):
    raw, scan = exam
    scan("s1.jpg", "A", {1: keys(raw, "A")[0]}, "204518", 1)
    (tmp_path / "s1_again.jpg").write_bytes((tmp_path / "s1.jpg").read_bytes())
    for graded, earlier in ((1, 0), (0, 1)):  # the first run, and a re-run
        result = invoke("grade", "--test", "exam.quizgen.json", "s1.jpg", "s1_again.jpg", "--results", "fresh.json",
                        "--format", "csv", "-o", "dup.csv")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.output == (
            f"graded {graded} new page{'s' * (graded != 1)} ({earlier} from earlier runs); 1 sheet, 0 with flags for "
            "you to check\n"
            "s1_again.jpg:1: the same sheet as s1.jpg:1; counted once\n"
            "wrote dup.csv\n"
        )
        rows = list(csv.reader(io.StringIO((tmp_path / "dup.csv").read_text(encoding="utf-8"))))
        assert [row[:10] for row in rows[1:]] == [
            ["s1.jpg", "1", "A", "204518", "1", "8", "counted", "", "", ""],
            ["s1_again.jpg", "1", "A", "204518", "1", "8", "duplicate", "", "", "s1.jpg:1"],
        ]


def test_the_printed_pdf_given_as_the_test_says_which_file_to_pass(exam):
    result = invoke("grade", "--test", "exam.pdf", "s1.jpg")
    assert (result.exit_code, result.output) == (
        1,
        "error: --test: exam.pdf is the printed PDF; pass exam.quizgen.json, which quizgen print wrote beside it\n",
    )
