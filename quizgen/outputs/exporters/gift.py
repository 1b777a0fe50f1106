"""GIFT, Moodle's plain-text question format: one multiple-choice (or true/false) question per block, a category per
kind.

Each question is named by the start of its stem; a comment line above it carries the quizgen id and the tags as
Moodle (3.6 and later) reads them from GIFT comments: `// [id:chel-aid-post/event-when] [tag:kind:event] ...`.

Moodle's GIFT reader gives `~ = # { } :` meaning anywhere in a question (a stray `=` marks another answer
correct), decodes `\\n` to a newline and `\\\\` to a backslash, and reads a leading `[html]` as the text format.
Every text is therefore written as HTML (so `<` and `&` display as typed) and then escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model.models import Bank, Question
from .lms import by_kind, category_path, check_options, feedback_html, question_name, quiz_title, tags, to_html

SPECIAL = "\\~=#{}:"
"""Each is written with a backslash in front (the backslash itself too), as Moodle's GIFT export does."""


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped and newlines written as `\\n`, as Moodle's own export does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join("\\" + ch if ch in SPECIAL else "\\n" if ch == "\n" else ch for ch in text)


def _html(fragment: str) -> str:
    """An HTML option or feedback, escaped; it inherits the question's `[html]` format.

    Moodle reads a leading `[...]` as a format name and a leading `%50%` after `~` as a partial-credit weight;
    an explicit `[html]` in front keeps such text literal.
    """
    out = escape(fragment)
    return "[html]" + out if out.startswith(("[", "%")) else out


def _bracketed(text: str, drop: str = "") -> str:
    """A value for `[id:...]` or `[tag:...]`: one line, `]` escaped as Moodle reads it, `drop` characters removed."""
    text = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in text if ch not in drop)
    return " ".join(text.split()).replace("]", "\\]")


def question_block(q: Question) -> str:
    """One question: the id and tags comment, then `::name::[html]stem{ =right ~wrong ... ####feedback }`, or for a
    true/false statement GIFT's own `{T ####feedback }` (`F` when it is false)."""
    check_options(q)
    comment = " ".join([f"[id:{_bracketed(q.id)}]", *(f"[tag:{_bracketed(t, '<>')}]" for t in tags(q))])
    lines = [f"// {comment}", f"::{escape(question_name(q))}::[html]{escape(to_html(q.stem))}{{"]
    if q.true_false:
        lines.append("\tT" if q.answer == 0 else "\tF")
    else:
        lines += [f"\t{'=' if i == q.answer else '~'}{_html(to_html(option))}" for i, option in enumerate(q.options)]
    feedback = feedback_html(q)
    if feedback:
        lines.append(f"\t####{_html(feedback)}")
    lines.append("}")
    return "\n".join(lines)


def category_line(title: str, kind: str) -> str:
    """`$CATEGORY: path`: Moodle reads the path unescaped, except that `\\\\` stands for one backslash."""
    return "$CATEGORY: " + category_path(title, kind).replace("\\", "\\\\")


def to_gift(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The questions as a UTF-8 GIFT file for Moodle's question bank import, in a category per kind named by title."""
    questions = bank.questions if questions is None else questions
    name = quiz_title(bank, title)
    blocks = [f"// {name}: {len(questions)} questions from quizgen (option order --seed {bank.seed})"]
    for kind, group in by_kind(questions):
        blocks.append(category_line(name, kind))
        blocks.extend(question_block(q) for q in group)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
