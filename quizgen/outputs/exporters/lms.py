"""What the LMS exports (GIFT, Moodle XML, QTI, CSV) share: categories per kind, HTML text, feedback."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ...errors import QuizgenError
from ...model.models import KINDS, Bank, Question

KIND_LABELS = {"event": "Events", "figure": "Figures", "position": "Positions", "number": "Numbers"}
"""Category names, one per `--kind`."""

LETTERS = "ABCD"

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def by_kind(questions: Sequence[Question]) -> list[tuple[str, list[Question]]]:
    """Questions grouped by kind in the order of KINDS, keeping their order within a kind."""
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.kind, []).append(q)
    order = [k for k in KINDS if k in groups] + sorted(k for k in groups if k not in KINDS)
    return [(kind, groups[kind]) for kind in order]


def category_path(bank: Bank, kind: str) -> str:
    """Moodle's category path for a kind, e.g. `$course$/top/us-pakistan-india/Events`.

    The deck slug (lowercase letters, digits, -) needs no escaping in either GIFT or Moodle XML.
    """
    return f"$course$/top/{bank.deck.slug}/{KIND_LABELS.get(kind, kind)}"


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


def check_four(q: Question) -> None:
    """The LMS formats here promise options A–D with exactly one correct answer."""
    if len(q.options) != len(LETTERS) or not 0 <= q.answer < len(q.options):
        raise QuizgenError(
            f"question {q.id}: expected 4 options and a valid answer index, "
            f"got {len(q.options)} options and answer {q.answer}"
        )


def check_xml(q: Question) -> None:
    """Name the question when one of its texts holds a character that XML cannot carry."""
    quoted = [text for source in q.sources for text in (source.quote, source.citation)]
    for text in (q.id, q.stem, *q.options, q.explanation, *quoted):
        bad = _NOT_XML.search(text)
        if bad:
            raise QuizgenError(
                f"question {q.id}: character U+{ord(bad.group()):04X} cannot be written to XML; remove it from the deck"
            )
