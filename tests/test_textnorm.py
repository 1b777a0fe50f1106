"""Quotation marks around quotes, and the one citation every output gives a quote."""

from __future__ import annotations

import pytest

from quizgen.model.models import Quote
from quizgen.model.textnorm import quoted


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Trump feared it", "“Trump feared it”"),
        ("“Trump feared it…”", "“Trump feared it…”"),
        ("“It will push India,” said Grossman", "“It will push India,” said Grossman"),
        ("called it a “much better deal”", "called it a “much better deal”"),
        ('"Straight"', '"Straight"'),
        ("«Guillemets»", "«Guillemets»"),
        ("the farmers’", "“the farmers’”"),  # a closing ’ is as likely an apostrophe: still wrapped
        ("", "“”"),
    ],
)
def test_quoted_never_doubles_marks(text, shown):
    assert quoted(text) == shown


def test_cite_adds_the_paragraph_of_the_passage():
    quote = Quote("haq-2025", "haq-2025:p12", "text", "Riaz Haq, Haq's Musings (blog), 28 Jul 2025")
    assert quote.paragraph == 12
    assert quote.cite() == "Riaz Haq, Haq's Musings (blog), 28 Jul 2025, para. 12"
    odd = Quote("x", "x:intro", "text", "X")
    assert odd.paragraph is None and odd.cite() == "X"
