"""Quotation marks around quotes, never doubled; quotation marks inside them single."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.model.textnorm import (
    _ARTICLE,
    _ASCII_PUNCT,
    _PUNCT,
    _ascii_folded,
    _folded,
    for_option,
    quoted,
    rough_option_key,
    rough_option_keys,
    same_option,
    without_article,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Trump feared it", "“Trump feared it”"),
        ("“Trump feared it…”", "“Trump feared it…”"),
        ('"Straight"', '"Straight"'),
        ("«Guillemets»", "«Guillemets»"),
        ("the farmers’", "“the farmers’”"),  # a closing ’ is as likely an apostrophe: still wrapped
        ("", "“”"),
    ],
)
def test_quoted_never_doubles_marks(text, shown):
    assert quoted(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Learner walk, defect 11: the same curly double marks inside and out.
        (
            "Stephen Miller has accused India of “cheating” on immigration and slamming American products with "
            "“massive” tariffs",
            "“Stephen Miller has accused India of ‘cheating’ on immigration and slamming American products with "
            "‘massive’ tariffs”",
        ),
        ("“It will push India,” said Grossman", "“‘It will push India,’ said Grossman”"),
        ("called it a “much better deal”", "“called it a ‘much better deal’”"),
        ("“A,” he said. “B.”", "“‘A,’ he said. ‘B.’”"),
        ('expressing "no more" to pressure for "do more".', "“expressing ‘no more’ to pressure for ‘do more’.”"),
        ('"Straight," he said ("twice")', "“‘Straight,’ he said (‘twice’)”"),
        ("„Low” and «angled»", "“‚Low’ and ‹angled›”"),
        ("the farmers’ “view”", "“the farmers’ ‘view’”"),  # apostrophes and single marks stay
    ],
)
def test_quotation_marks_inside_a_quote_become_single(text, shown):
    assert quoted(text) == shown


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=string.printable + "–—‘’“”→é", max_size=40),
    st.sampled_from(string.punctuation + " \t–—‘’“”→"),
    st.integers(0, 40),
)
def test_the_cheap_key_before_the_answer_check_never_parts_what_for_option_folds_alike(text, mark, at):
    # The check skips for_option (slow) when the cheap keys differ: that is right only if folding alike implies
    # equal keys. The other text: a mark inserted and the case swapped, what folding should see through.
    other = (text[:at] + mark + text[at:]).swapcase()
    if for_option(text) == for_option(other):
        assert rough_option_key(text) == rough_option_key(other)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=string.printable + "\0–—‘’“”→é", max_size=20), min_size=1, max_size=5))
def test_the_keys_of_several_texts_at_once_are_each_ones_key(texts):
    assert list(rough_option_keys(tuple(texts))) == [rough_option_key(text) for text in texts]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The Government", "government", True),
        ("an Army", "Army", True),
        ("Theory", "ory", False),
        ("the", "", False),
        ("a a", "a", True),  # one article, not two
    ],
)
def test_same_option_folds_one_leading_article(a, b, same):
    assert (same_option(a) == same_option(b)) is same


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="tha n.Xx", max_size=12))
def test_the_article_is_dropped_from_a_key_as_the_pattern_drops_it(text):
    # Generation drops it from the key it already has (without_article) instead of folding the text again.
    key = for_option(text)
    assert without_article(key) == _ARTICLE.sub("", key)


def test_punctuation_and_whitespace_are_those_of_the_string_module():
    import string

    from quizgen.model.textnorm import PUNCTUATION_AND_WHITESPACE

    assert string.punctuation + string.whitespace == PUNCTUATION_AND_WHITESPACE


def test_the_ascii_table_folds_what_the_punctuation_pattern_folds():
    for code in range(128):
        folded = _PUNCT.fullmatch(chr(code)) is not None and chr(code) != "."
        assert _ASCII_PUNCT[code] == (32 if folded else code), repr(chr(code))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(128)] + list("..1234 ")), max_size=40))
def test_ascii_text_is_folded_as_by_the_general_path(text):
    assert _ascii_folded(text) == _folded(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("$33.5 Billion.", "$33.5 billion"),
        ("U.S. 3.5% in 2019.1.", "u s 3.5% in 2019.1"),
        ("1..2 .5 5. a_b\x1ctab\tend", "1 2 5 5 a_b tab end"),
        ("“Curly” Quotes", "curly quotes"),  # not ASCII: the general path
    ],
)
def test_for_option_folds_case_punctuation_and_dots_between_digits_only(text, folded):
    assert for_option(text) == folded
