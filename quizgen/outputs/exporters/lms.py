"""What the LMS exports (GIFT, Moodle XML, QTI, CSV) share: categories per kind, HTML text, feedback."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ...errors import QuizgenError
from ...model.models import KINDS, MAX_OPTIONS, MIN_OPTIONS, Bank, Question

KIND_LABELS = {"event": "Events", "figure": "Figures", "position": "Positions", "number": "Numbers"}
"""Category names, one per `--kind`."""

NAME_LENGTH = 80
"""Longest question name, in characters: enough to tell questions apart in Moodle's bank list."""

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def by_kind(questions: Sequence[Question]) -> list[tuple[str, list[Question]]]:
    """Questions grouped by kind in the order of KINDS, keeping their order within a kind."""
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.kind, []).append(q)
    order = [k for k in KINDS if k in groups] + sorted(k for k in groups if k not in KINDS)
    return [(kind, groups[kind]) for kind in order]


def quiz_title(bank: Bank, title: str | None = None) -> str:
    """The name of the quiz: `--title` when given, else the deck's title, on one line."""
    return " ".join((bank.deck.title if title is None else title).split())


def category_path(title: str, kind: str) -> str:
    """Moodle's category path for a kind in a quiz, e.g. `$course$/top/Unit 4 quiz/Events`.

    A `/` inside the title is written `//`, and one at its start or end is padded with a space, as Moodle's own
    export writes it (qformat_default::assemble_category_path), so the title stays one category.
    """
    name = title.replace("/", "//")
    name = (" " if name.startswith("/") else "") + name + (" " if name.endswith("/") else "")
    return f"$course$/top/{name}/{KIND_LABELS.get(kind, kind)}"


def question_name(q: Question, limit: int = NAME_LENGTH) -> str:
    """A name a teacher can read in a question bank: the start of the stem, cut at a word, e.g. `When did … 2019?`."""
    text = " ".join(q.stem.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "\u2026"


def tags(q: Question) -> list[str]:
    """Tags for tag-filtered random quizzes: `kind:<kind>`, `source:<text>` and `topic:<tag>` per topic tag."""
    return [f"kind:{q.kind}", f"source:{q.source.text}", *(f"topic:{t}" for t in q.tags)]


def to_html(text: str) -> str:
    """Plain text as an HTML fragment that displays exactly that text: `<`, `&`, `>` escaped, newlines as <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html.escape(text, quote=False).replace("\n", "<br>\n")


def feedback_html(q: Question) -> str:
    """General feedback: the explanation, then each quote the question rests on and its citation."""
    parts = []
    if q.explanation:
        parts.append(f"<p>{to_html(q.explanation)}</p>")
    for source in q.sources:
        if source.quote:
            parts.append(f"<blockquote>{to_html(source.quote)}</blockquote>")
        if source.citation:
            parts.append(f"<p>Source: {to_html(source.citation)}</p>")
    return "\n".join(parts)


def check_options(q: Question) -> None:
    """The LMS formats here promise 2 to 5 options with exactly one correct answer."""
    if not MIN_OPTIONS <= len(q.options) <= MAX_OPTIONS or not 0 <= q.answer < len(q.options):
        raise QuizgenError(
            f"question {q.id}: expected {MIN_OPTIONS} to {MAX_OPTIONS} options and a valid answer index, "
            f"got {len(q.options)} options and answer {q.answer}"
        )


def check_xml(q: Question) -> None:
    """Name the question when one of its texts holds a character that XML cannot carry."""
    quoted = [text for source in q.sources for text in (source.quote, source.citation)]
    for text in (q.id, q.stem, *q.options, q.explanation, *quoted, *q.tags):
        bad = _NOT_XML.search(text)
        if bad:
            raise QuizgenError(
                f"question {q.id}: character U+{ord(bad.group()):04X} cannot be written to XML; remove it from the deck"
            )
