"""Hand-made questions full of the characters LMS formats give meaning to, shared by the LMS exporter tests."""

from __future__ import annotations

import html

from quizgen.model.models import Bank, Deck, Question, Quote

NASTY = "a ~ b = c # d { e } f : g \\ h < i & j \" k ' l > m"
URDU = "پاکستان اور امریکہ کے تعلقات"  # right-to-left
CITATION = "Ann Author: “A Title – with: colons”, Test Times, 3 Mar 2024"


def _q(
    qid: str,
    kind: str,
    stem: str,
    options: tuple[str, ...],
    answer: int,
    explanation: str,
    quote: str = "a quote with ~ and = and {braces}",
) -> Question:
    return Question(
        qid,
        qid.split("/")[0],
        qid.split("/")[1],
        kind,
        stem,
        options,
        answer,
        explanation,
        ("tag-a", "tag-b"),
        Quote("test-2024", "test-2024:p3", quote, CITATION),
    )


QUESTIONS = (
    _q(
        "nasty-event/event-when",
        "event",
        f"Which {NASTY}?",
        (f"=right-looking but wrong {NASTY}", "~tilde first", "#hash first", "{braces} first"),
        2,
        f"Explained: {NASTY}, and ####four hashes.",
    ),
    _q(
        "urdu-figure/figure-name",
        "figure",
        f"{URDU}: who is «{URDU}»?",
        (URDU, "%50% looks like a weight", "[plain] looks like a format", "[html]<b>not bold</b>"),
        0,
        f"{URDU} — with an RTL name.",
    ),
    _q(
        "multi-line/position-stance",
        "position",
        "$CATEGORY: not a category\nsecond line\n// not a comment",
        ("a -> b looks like matching", "line one\nline two", "ends with a backslash \\", "C:\\new \\n not a newline"),
        3,
        "First paragraph.\nSecond line, with a tab\tand \\\\ two backslashes.",
    ),
    _q(
        "plain/number-value",
        "number",
        "What was the tariff, in percent, after the 2019 pact?",
        ("19%", "25%", "50%", '$33 billion, "quoted", with commas'),
        1,
        "",
        quote="",
    ),
    _q(
        "second-event/event-what", "event", "Plain second event question?", ("one", "two", "three", "four"), 0, "Plain."
    ),
)

BANK = Bank(
    Deck("test-deck", "Test deck -- with “quotes”, <angles> & dashes", "A deck for <LMS> & exports.", (), ()),
    QUESTIONS,
    {},
    7,
)


def html_to_text(fragment: str) -> str:
    """Undo quizgen's text-to-HTML step (escaped entities, newlines as `<br>` + newline)."""
    return html.unescape(fragment.replace("<br>\n", "\n"))


CATEGORY = "$course$/top/Test deck -- with “quotes”, <angles> & dashes"
"""Where the LMS exports of BANK put their categories: named by the deck title when no --title is given."""
