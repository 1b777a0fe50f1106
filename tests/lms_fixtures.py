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


def _tf(qid: str, statement: str, true: bool) -> Question:
    q = _q(qid, "number", statement, ("True", "False"), 0 if true else 1, "True: the tariff was 19%.")
    return Question(**{**q.__dict__, "ordered": True, "format": "true-false"})


COUNTS = (
    _q("two/figure-role", "figure", "Who is {2} & <two>?", ("A ~ senator", "A = judge"), 1, "Two options."),
    _q("three/event-what", "event", "Which of three?", ("one", "two", "three"), 2, "Three options."),
    _q("five/number-value", "number", "Which of five?", ("1%", "2%", "3%", "4%", "5%"), 4, "Five options."),
    _tf("tf-true/number-tf", "According to Ann Author, the tariff was 19% {after: the pact}.", True),
    _tf("tf-false/number-tf", "According to Ann Author, the tariff was 50% = #1.", False),
)
"""Questions of two, three and five options and true/false statements, true and false."""

COUNTS_BANK = Bank(BANK.deck, COUNTS, {}, 7)
