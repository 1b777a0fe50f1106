"""The shared checks of the loaders: the fast paths for clean content report exactly what the full checks report."""

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.errors import Problem
from quizgen.load.schema import _NOT_TEXT, Checker, bad_character, type_name
from quizgen.load.yamlsrc import load_yaml


def test_every_refused_character_is_unprintable():
    # Checker takes text that str.isprintable() passes without running _NOT_TEXT: exact only while this holds.
    refused = [chr(c) for c in range(sys.maxunicode + 1) if _NOT_TEXT.match(chr(c))]
    assert len(refused) > 2000
    assert [c for c in refused if c.isprintable()] == []


def _text_before(check, mapping, key, required=True):
    """Checker.text as it was before its fast path."""
    value = mapping.get(key)
    if value is None and not required and key not in mapping:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        check.error(mapping.loc, f"'{key}' must be text, not {type_name(value)}")
        return None
    value = str(value).strip()
    if not value:
        check.error(mapping.loc, f"'{key}' must not be empty")
        return None
    bad = bad_character(value)
    if bad:
        check.error(mapping.loc, f"'{key}' contains the control character {bad}; remove it")
        return None
    return value


def _text_list_before(check, mapping, key):
    """Checker.text_list (for a key that is present) as it was before its fast path."""
    value = mapping[key]
    if not isinstance(value, list):
        check.error(mapping.loc, f"'{key}' must be a list, not {type_name(value)}")
        return None
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
            check.error(mapping.loc, f"items of '{key}' must be non-empty text, not {type_name(item)}")
            return None
        bad = bad_character(str(item))
        if bad:
            check.error(mapping.loc, f"items of '{key}' must not contain the control character {bad}")
            return None
        out.append(str(item).strip())
    return out


# Whitespace that str.strip() removes, characters refused or not, and ordinary and right-to-left text.
_TEXT = st.text(st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u200f\x00\x7f\x9f\ud800\ufffeaZ-ک")))
_VALUES = st.one_of(_TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.lists(_TEXT, max_size=3))


def _messages(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems]


@settings(max_examples=400)
@given(value=_VALUES, items=st.lists(st.one_of(_TEXT, st.integers(), st.booleans(), st.none()), max_size=4))
def test_text_and_text_list_report_as_before(value, items):
    mapping = load_yaml("{a: 0, b: []}", "f.yaml")
    mapping["a"], mapping["b"] = value, items  # the values YAML gives, placed directly
    now, before = Checker([]), Checker([])
    assert now.text(mapping, "a") == _text_before(before, mapping, "a")
    assert now.text(mapping, "z", required=False) is None
    assert now.text_list(mapping, "b") == _text_list_before(before, mapping, "b")
    assert _messages(now.problems) == _messages(before.problems)
    assert now.errors == len(before.problems)


def test_keys_fast_path_still_reports_unknown_and_missing_keys():
    mapping = load_yaml("id: x\nqoute: y\n", "f.yaml")
    check = Checker([])
    assert check.keys(mapping, ("id", "quote"), ("note",), "source") is False
    assert [p.format() for p in check.problems] == [
        "f.yaml:2:1: unknown key 'qoute' in source (did you mean 'quote'?)",
        "f.yaml:1:1: missing key 'quote' in source",
    ]
    assert check.keys(load_yaml("id: x\nquote: y\n", "f.yaml"), ("id", "quote"), ("note",), "source") is True
    assert check.keys(load_yaml("id: x\n", "f.yaml"), ["id"], iter(["note"]), "source") is True  # any iterables
    assert check.errors == 2
