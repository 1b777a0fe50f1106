"""`quizgen export --format gift|moodle-xml|qti|csv` end to end on a small content folder: files written
atomically, a failure leaves no file, binary QTI needs a file. One smoke test on the bundled content."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree
from moodle_gift import assert_same, moodle_questions

import quizgen.outputs.exporters.gift
import quizgen.util.atomic
from quizgen.cli import main
from quizgen.errors import QuizgenError

FORMATS = ("gift", "moodle-xml", "qti", "csv")


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def _ids(content_dir, *filters) -> list[str]:
    result = invoke("--content", str(content_dir), "export", "--format", "json", *filters)
    assert result.exit_code == 0, result.output
    return [q["id"] for q in json.loads(result.stdout)["questions"]]


def _read_ids(fmt: str, data: bytes) -> list[str]:
    """The question ids a real reader finds in each format."""
    if fmt == "gift":
        return [q["idnumber"] for q in moodle_questions(data.decode("utf-8"))[0]]
    if fmt == "moodle-xml":
        return etree.fromstring(data).xpath("question[@type!='category']/idnumber/text()")  # multichoice, truefalse
    if fmt == "qti":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (name,) = [n for n in archive.namelist() if n != "imsmanifest.xml" and not n.endswith("_meta.xml")]
            return etree.fromstring(archive.read(name)).xpath("//*[local-name()='item']/@title")
    return [row["id"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_a_file_holds_every_selected_question(content_dir, tmp_path, fmt):
    out = tmp_path / "out" / f"bank.{fmt}"
    result = invoke("--content", str(content_dir), "export", "--format", fmt, "--kind", "event", "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = _ids(content_dir, "--kind", "event")
    assert result.stderr == f"wrote {len(expected)} questions to {out}\n"
    assert sorted(_read_ids(fmt, out.read_bytes())) == sorted(expected)
    assert os.listdir(out.parent) == [out.name]  # no temp file left beside it


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "csv"])
def test_text_formats_go_to_stdout_by_default(content_dir, fmt):
    result = invoke("--content", str(content_dir), "export", "--format", fmt, "--seed", "3")
    assert result.exit_code == 0, result.output
    assert sorted(_read_ids(fmt, result.stdout_bytes)) == sorted(_ids(content_dir))
    again = invoke("--content", str(content_dir), "export", "--format", fmt, "--seed", "3")
    assert again.stdout_bytes == result.stdout_bytes


def test_qti_defaults_to_build_folder_and_refuses_stdout(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("--content", str(content_dir), "export", "--format", "qti")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("questions to build/d.qti.zip\n")
    assert zipfile.is_zipfile(tmp_path / "build" / "d.qti.zip")
    result = invoke("--content", str(content_dir), "export", "--format", "qti", "-o", "-")
    assert result.exit_code == 1
    assert result.output == "error: --format qti is binary; give a file with -o\n"


def test_a_failing_render_leaves_no_file_and_keeps_the_old_one(content_dir, tmp_path, monkeypatch):
    def broken(bank, questions, title=None):
        raise QuizgenError("question x/y: cannot render")

    monkeypatch.setattr(quizgen.outputs.exporters.gift, "to_gift", broken)
    new, old = tmp_path / "new.gift", tmp_path / "old.gift"
    old.write_bytes(b"previous export")
    for out in (new, old):
        result = invoke("--content", str(content_dir), "export", "--format", "gift", "-o", str(out))
        assert result.exit_code == 1
        assert result.output == "error: question x/y: cannot render\n"
    assert not new.exists() and old.read_bytes() == b"previous export"
    assert sorted(os.listdir(tmp_path)) == ["content", "old.gift"]


def test_a_failing_write_leaves_no_partial_file(content_dir, tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quizgen.util.atomic.os, "fsync", full_disk)
    out = tmp_path / "bank.qti.zip"
    out.write_bytes(b"previous export")
    result = invoke("--content", str(content_dir), "export", "--format", "qti", "-o", str(out))
    assert result.exit_code == 1
    assert result.output == f"error: cannot write {out}: No space left on device\n"
    assert out.read_bytes() == b"previous export"
    assert sorted(os.listdir(tmp_path)) == ["bank.qti.zip", "content"]


def test_bundled_content_exports_in_every_format():
    from quizgen.bank.content import load_content
    from quizgen.errors import ContentError
    from quizgen.outputs.exporters import render

    try:
        bank = load_content(None).bank()
    except ContentError as exc:  # the curated deck is being written; its own tests report problems
        pytest.skip(f"bundled content does not validate: {exc}")
    rendered = {}
    for fmt in FORMATS:  # one bank for all formats: the deck may change on disk between two loads
        rendered[fmt] = render(fmt, bank, bank.questions)
        assert sorted(_read_ids(fmt, rendered[fmt])) == sorted(q.id for q in bank.questions), fmt
    # Every real question reads back in Moodle with its own text and exactly its own answer marked correct.
    read = {r["idnumber"]: r for r in moodle_questions(rendered["gift"].decode("utf-8"))[0]}
    for q in bank.questions:
        assert_same(read[q.id], q)


def _printed_stems(content_dir, *args) -> list[str]:
    """The stems of version A of `quizgen print ... --format md`, in printed order."""
    result = invoke("--content", str(content_dir), "print", "--format", "md", "-o", "-", *args)
    assert result.exit_code == 0, result.output
    version_a = result.stdout.split("\n---\n")[0]
    return [line.split("** ", 1)[1] for line in version_a.splitlines() if line.startswith("**")]


@pytest.mark.parametrize("args", [("-n", "4", "--seed", "7"), ("-n", "3", "--seed", "2", "--kind", "event")])
def test_export_n_writes_the_test_print_makes_with_the_same_options(content_dir, args):
    from quizgen.outputs.printing.markdown import escape

    result = invoke("--content", str(content_dir), "export", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)["questions"]
    assert [escape(q["stem"]) for q in exported] == _printed_stems(content_dir, *args, "--versions", "3")
    # The same questions with the options in the printed order, so version A's key holds for the export.
    from quizgen.bank.content import load_content
    from quizgen.bank.select import Filters
    from quizgen.outputs.printing import build_sheet

    seed = int(args[args.index("--seed") + 1])
    kinds = tuple(args[i + 1] for i, a in enumerate(args) if a == "--kind")
    sheet = build_sheet(load_content(str(content_dir)).bank(seed=seed), Filters(kinds=kinds), int(args[1]), seed=seed)
    version_a = sheet.versions[0].questions
    assert [(q["id"], q["options"], q["answer"]) for q in exported] == [
        (q.id, list(q.options), q.answer) for q in version_a
    ]


def test_print_also_writes_the_same_test_next_to_it(content_dir, tmp_path):
    out = tmp_path / "out" / "unit4.md"
    args = ["-n", "4", "--seed", "5", "--title", "Unit 4 quiz"]
    result = invoke(
        "--content", str(content_dir), "print", "--format", "md", "-o", str(out), *args,
        "--also", "moodle-xml", "--also", "qti", "--also", "gift", "--also", "csv", "--also", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        f"wrote {tmp_path}/out/unit4.moodle.xml: version A's 4 questions",
        f"wrote {tmp_path}/out/unit4.qti.zip: version A's 4 questions",
        f"wrote {tmp_path}/out/unit4.gift.txt: version A's 4 questions",
        f"wrote {tmp_path}/out/unit4.csv: version A's 4 questions",
    ]
    for fmt, name in (("moodle-xml", "unit4.moodle.xml"), ("gift", "unit4.gift.txt"), ("csv", "unit4.csv")):
        exported = invoke("--content", str(content_dir), "export", "--format", fmt, *args)
        assert (out.parent / name).read_bytes() == exported.stdout_bytes, fmt
    qti = tmp_path / "export.qti.zip"
    assert invoke("--content", str(content_dir), "export", "--format", "qti", *args, "-o", str(qti)).exit_code == 0
    assert (out.parent / "unit4.qti.zip").read_bytes() == qti.read_bytes()
    categories = etree.fromstring((out.parent / "unit4.moodle.xml").read_bytes()).xpath("question/category/text/text()")
    assert all(c.startswith("$course$/top/Unit 4 quiz/") for c in categories)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_n_keeps_version_as_order_and_moodle_formats_keep_it_within_each_kind(content_dir, tmp_path, fmt):
    from quizgen.bank.content import load_content
    from quizgen.model.models import KINDS
    from quizgen.outputs.printing import build_sheet

    out = tmp_path / f"test.{fmt}"
    result = invoke("--content", str(content_dir), "export", "--format", fmt, "-n", "6", "--seed", "7", "-o", str(out))
    assert result.exit_code == 0, result.output
    version_a = build_sheet(load_content(str(content_dir)).bank(seed=7), None, 6, seed=7).versions[0].questions
    by_category = [q.id for kind in KINDS for q in version_a if q.kind == kind]  # Moodle's categories, in turn
    assert by_category != [q.id for q in version_a]  # else the two orders could not be told apart here
    expected = by_category if fmt in ("gift", "moodle-xml") else [q.id for q in version_a]
    assert _read_ids(fmt, out.read_bytes()) == expected  # as the README says


def test_print_also_needs_a_file(content_dir):
    result = invoke("--content", str(content_dir), "print", "--format", "md", "-o", "-", "--also", "csv")
    assert result.exit_code == 1
    assert result.output == "error: --also writes files next to the test; give -o a file name\n"


def test_export_n_says_why_it_holds_fewer_as_print_does(content_dir, tmp_path):
    args = ["-n", "500", "--seed", "1", "--kind", "event"]
    printed = invoke("--content", str(content_dir), "print", "--format", "md", "-o", str(tmp_path / "t.md"), *args)
    out = tmp_path / "t.csv"
    exported = invoke("--content", str(content_dir), "export", "--format", "csv", "-o", str(out), *args)
    assert exported.exit_code == 0, exported.output
    why = printed.output.split(" (", 1)[1].split(")", 1)[0]
    assert why.startswith("only ") and why.endswith("-n asked for 500")
    count = len(_read_ids("csv", out.read_bytes()))
    assert exported.stderr == f"wrote {count} questions to {out} ({why})\n"
