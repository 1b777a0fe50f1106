"""Quotation marks around quotes, never doubled."""

from __future__ import annotations

import pytest

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
