"""Quotation marks around quotes, never doubled."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.model.textnorm import for_option, quoted, rough_option_key


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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable, max_size=40), st.sampled_from(string.punctuation + " \t"), st.integers(0, 40))
def test_the_cheap_key_before_the_answer_check_never_parts_what_for_option_folds_alike(text, mark, at):
    # The check skips for_option (slow) when the cheap keys differ: that is right only if folding alike implies
    # equal keys. The other text: a mark inserted and the case swapped, what folding should see through.
    other = (text[:at] + mark + text[at:]).swapcase()
    if for_option(text) == for_option(other):
        assert rough_option_key(text) == rough_option_key(other)


def test_punctuation_and_whitespace_are_those_of_the_string_module():
    import string

    from quizgen.model.textnorm import PUNCTUATION_AND_WHITESPACE

    assert string.punctuation + string.whitespace == PUNCTUATION_AND_WHITESPACE
