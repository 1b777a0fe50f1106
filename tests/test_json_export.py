"""The JSON bank: byte for byte what json.dumps(indent=2) writes, only faster."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank.content import load_content
from quizgen.outputs.exporters.json_export import _layout, bank_dict, to_json


def _dumped(bank, questions=None):
    return (json.dumps(bank_dict(bank, questions), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_bank_is_written_as_json_dumps_writes_it(content_dir):
    bundled = load_content()
    for content in (load_content(content_dir), bundled):
        for seed in (0, 3):
            bank = content.bank(seed=seed)
            assert to_json(bank) == _dumped(bank)
    bank = bundled.bank()
    for selection in ([], bank.questions[:1], bank.questions[10:14]):
        assert to_json(bank, selection) == _dumped(bank, selection)
    assert json.loads(to_json(bank)) == json.loads(_dumped(bank))


def test_each_field_on_its_own_line(content_dir):
    lines = to_json(load_content(content_dir).bank()).decode().splitlines()
    assert lines[:3] == ["{", '  "format": 1,', '  "deck": {']
    assert '  "questions": [' in lines and lines[-2:] == ["  ]", "}"]
    assert any(line.startswith('      "stem": ') for line in lines)


_KEYS = st.text(max_size=5)
_VALUES = st.recursive(
    st.one_of(
        st.text(),  # any code point: quotes, backslashes, control characters, lone surrogates
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(_KEYS, inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=400)
@given(value=_VALUES, depth=st.integers(0, 3))
def test_layout_is_json_dumps_with_indent(value, depth):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert _layout(value, "  " * depth) == expected
