"""A GIFT reader that follows Moodle's own import (qformat_gift::readquestion) step by step, for the tests.

The test run has no PHP, so the rules are restated in Python: split at blank lines, hide `\\\\` and the escaped
specials behind placeholders, take `::name::`, the text up to the first `{` and the answers up to the first `}`,
general feedback after the last `####`, `~`/`=` starting each answer, `%n%` weights, `[format]` prefixes.
"""

from __future__ import annotations

import re

from lms_fixtures import html_to_text

from quizgen.model.models import Question
from quizgen.outputs.exporters.lms import feedback_html, question_name, tags

_ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")


def _pre(text: str) -> str:
    # Moodle hides `\\` first, then the escaped specials, behind placeholders that no GIFT syntax matches.
    text = text.replace("\\\\", "\x00B")
    for i, seq in enumerate(_ESCAPES):
        text = text.replace(seq, f"\x00{i}")
    return text.replace("\x00B", "\\")


def _post(text: str) -> str:
    for i, char in enumerate(_ESCAPES.values()):
        text = text.replace(f"\x00{i}", char)
    return text


def _with_format(text: str, default: str) -> tuple[str, str]:
    fmt = default
    if text.startswith("[") and "]" in text and text[1 : text.index("]")] in _FORMATS:
        fmt, text = text[1 : text.index("]")], text[text.index("]") + 1 :]
    return fmt, _post(text).strip()


def moodle_blocks(gift: str) -> list[str]:
    """Moodle splits a GIFT file into questions at blank lines."""
    blocks, current = [], []
    for line in gift.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return ["\n".join(b) for b in blocks]


# Moodle 3.6+ (qformat_default::extract_idnumber_and_tags_from_comment): `[id:...]` and `[tag:...]` in comments,
# `]` escaped as `\]`; a tag may not hold `<`, `>` or control characters.
_ID = re.compile(r"\[id:((?:\\]|[^]\x00-\x1f\x7f])+)]")
_TAG = re.compile(r"\[tag:((?:\\]|[^]<>\x00-\x1f\x7f])+)]")


def moodle_read(block: str) -> dict:
    """What Moodle's GIFT import makes of one block: nothing (comments only), a category, or a multichoice question."""
    lines = block.split("\n")
    comments = "".join(ln.strip() + "\n" for ln in lines if ln.strip().startswith("//"))
    text = _pre("\n".join(" " if ln.strip().startswith("//") else ln for ln in lines).strip())
    if not text:
        return {}
    if text.startswith("$CATEGORY:"):
        return {"category": text[10:].strip()}
    assert text.startswith("::")
    text = text[2:]
    end = text.index("::")
    name, text = _post(text[:end]).strip(), text[end + 2 :].strip()
    start, finish = text.index("{"), text.index("}")
    assert text.endswith("}") and finish == len(text) - 1, "answers must close the question, not a missing word"
    answers = text[start + 1 : finish].strip()
    sep = answers.rfind("####")
    general = answers[sep + 4 :] if sep >= 0 else ""
    answers = answers[:sep].strip() if sep >= 0 else answers
    fmt, stem = _with_format(text[:start], "moodle")
    found = _ID.search(comments)
    head = {
        "name": name,
        "idnumber": found.group(1).strip().replace("\\]", "]") if found else "",
        "tags": [t.strip().replace("\\]", "]") for t in _TAG.findall(comments)],
        "format": fmt,
        "stem": stem,
        "general": _with_format(general, fmt),
    }
    verdict = answers.split("#", 1)[0].strip().upper()
    if "~" not in answers and verdict in ("T", "TRUE", "F", "FALSE"):
        return {**head, "type": "truefalse", "true": verdict.startswith("T")}  # Moodle's truefalse branch
    assert "~" in answers, "Moodle only reads a question with a ~ as multichoice"
    single = "=" in answers
    parts = answers.replace("=", "~=").split("~")
    if not parts[0].strip():
        parts = parts[1:]
    options, fractions = [], []
    for part in parts:
        part = part.strip()
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        elif _WEIGHT.match(part):
            weight = float(part[1 : part.index("%", 1)]) / 100
            part = part[part.index("%", 1) + 1 :]
        else:
            weight = 0.0
        option_fmt, option = _with_format(part.split("#", 1)[0].strip(), fmt)
        options.append((option_fmt, option))
        fractions.append(weight)
    return {**head, "type": "multichoice", "options": options, "fractions": fractions, "single": single}


def moodle_questions(gift: str) -> tuple[list[dict], dict[str, str]]:
    """The questions Moodle imports, and the category each lands in."""
    questions, where, category = [], {}, None
    for block in moodle_blocks(gift):
        read = moodle_read(block)
        if not read:
            continue
        if "category" in read:
            category = read["category"]
        else:
            questions.append(read)
            where[read["idnumber"]] = category
    return questions, where


def assert_same(read: dict, q: Question) -> None:
    assert read["idnumber"] == q.id
    assert read["name"] == question_name(q)
    assert read["tags"] == tags(q)
    assert read["format"] == "html" and html_to_text(read["stem"]) == q.stem
    assert read["general"] == ("html", feedback_html(q))
    if q.true_false:
        assert read["type"] == "truefalse" and read["true"] == (q.answer == 0)
        return
    assert read["type"] == "multichoice"
    assert [html_to_text(text) for _, text in read["options"]] == list(q.options)
    assert {fmt for fmt, _ in read["options"]} == {"html"}
    assert read["fractions"] == [1.0 if i == q.answer else 0.0 for i in range(len(q.options))]
    assert read["single"]
