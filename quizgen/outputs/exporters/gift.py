"""GIFT, Moodle's plain-text question format: one multiple-choice question per block, a category per kind.

Moodle's GIFT reader gives `~ = # { } :` meaning anywhere in a question (a stray `=` marks another answer
correct), decodes `\\n` to a newline and `\\\\` to a backslash, and reads a leading `[html]` as the text format.
Every text is therefore written as HTML (so `<` and `&` display as typed) and then escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model.models import Bank, Question
from .lms import by_kind, category_path, check_four, feedback_html, to_html

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


def question_block(q: Question) -> str:
    """One question: `::id::[html]stem{ =right ~wrong ... ####feedback }`."""
    check_four(q)
    lines = [f"::{escape(q.id)}::[html]{escape(to_html(q.stem))}{{"]
    for i, option in enumerate(q.options):
        lines.append(f"\t{'=' if i == q.answer else '~'}{_html(to_html(option))}")
    feedback = feedback_html(q)
    if feedback:
        lines.append(f"\t####{_html(feedback)}")
    lines.append("}")
    return "\n".join(lines)


def to_gift(bank: Bank, questions: Sequence[Question] | None = None) -> bytes:
    """The questions as a UTF-8 GIFT file for Moodle's question bank import, grouped in one category per kind."""
    questions = bank.questions if questions is None else questions
    title = " ".join(bank.deck.title.split())
    blocks = [f"// {title}: {len(questions)} questions from quizgen (option order --seed {bank.seed})"]
    for kind, group in by_kind(questions):
        blocks.append(f"$CATEGORY: {category_path(bank, kind)}")
        blocks.extend(question_block(q) for q in group)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
