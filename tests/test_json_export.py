"""The JSON bank: byte for byte what json.dumps(indent=2) writes, only faster."""

import json
import types
import typing

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank.content import load_content
from quizgen.model.dates import PartialDate
from quizgen.model.questions import Question, Quote, Quoted
from quizgen.outputs.exporters.contract import ExportDict, QuestionDict
from quizgen.outputs.exporters.json_export import _layout, _question_text, bank_dict, question_dict, to_json


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


_TEXT = st.text(max_size=8)  # any code point, as in _VALUES
_DATES = st.sampled_from([None, PartialDate(2025), PartialDate(2019, 2), PartialDate(2018, 1, 4)])
_QUOTES = st.builds(
    Quote, _TEXT, _TEXT, _TEXT, _TEXT, st.one_of(st.none(), st.builds(Quoted, _TEXT, _TEXT, _DATES))
)  # fmt: skip


@st.composite
def _questions(draw):
    options = draw(st.lists(_TEXT, min_size=2, max_size=5))
    texts = draw(st.lists(_TEXT, min_size=8, max_size=8))
    return Question(
        *texts[:5], options=tuple(options), answer=draw(st.integers(0, len(options) - 1)), explanation=texts[5],
        tags=tuple(draw(st.lists(_TEXT, max_size=3))), source=draw(_QUOTES), level=texts[6],
        see_also=tuple(draw(st.lists(_QUOTES, max_size=2))), ordered=draw(st.booleans()),
        format=draw(st.sampled_from(["choice", "true-false"])),
    )  # fmt: skip


@settings(max_examples=300)
@given(question=_questions())
def test_a_question_is_laid_out_as_its_dict_would_be(question):
    """to_json fills each question into a template rather than laying out question_dict: the two must agree."""
    assert _question_text(question) == _layout(question_dict(question), "    ")


def contract_problems(value, hint, where="$"):
    """Where `value` departs from the type `hint` (a TypedDict, list[...], X | None, str, int): missing or extra
    keys, wrong types. Empty when it conforms."""
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        fields = typing.get_type_hints(hint)
        problems = [f"{where}: missing {key!r}" for key in fields if key not in value and key in hint.__required_keys__]
        problems += [f"{where}: extra {key!r}" for key in value if key not in fields]
        for key in fields.keys() & value.keys():
            problems += contract_problems(value[key], fields[key], f"{where}.{key}")
        return problems
    if isinstance(hint, types.UnionType):
        arms = typing.get_args(hint)
        if value is None:
            return [] if type(None) in arms else [f"{where}: null"]
        options = [contract_problems(value, arm, where) for arm in arms if arm is not type(None)]
        return [] if any(not found for found in options) else min(options, key=len)
    if typing.get_origin(hint) is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        (item,) = typing.get_args(hint)
        return [p for i, v in enumerate(value) for p in contract_problems(v, item, f"{where}[{i}]")]
    if hint is type(None):
        return [] if value is None else [f"{where}: {value!r} is not null"]
    return [] if type(value) is hint else [f"{where}: {value!r} is not {hint.__name__}"]


def test_the_bundled_export_keeps_the_contract():
    data = json.loads(to_json(load_content().bank()))
    assert contract_problems(data, ExportDict) == []
    # The parts the contract allows to be empty or null are exercised, so the check above covers their types.
    questions = data["questions"]
    assert any(q["see_also"] for q in questions) and any(q["level"] != "recall" for q in questions)
    assert any(q["source"]["quoted"] for q in questions) and any(q["source"]["quoted"] is None for q in questions)


def test_a_true_false_question_carries_its_format_and_a_choice_question_none(tmp_path):
    from dataclasses import replace

    bank = load_content().bank()
    choice = bank_dict(bank)["questions"][0]
    assert "format" not in choice and contract_problems(choice, QuestionDict) == []
    statement = replace(bank.questions[0], options=("True", "False"), answer=1, ordered=True, format="true-false")
    data = bank_dict(bank, [statement])
    assert data["questions"][0]["format"] == "true-false" and data["questions"][0]["options"] == ["True", "False"]
    assert contract_problems(data, ExportDict) == []
    assert to_json(bank, [statement]) == _dumped(bank, [statement])
    wrong = {**choice, "format": 2}
    assert contract_problems(wrong, QuestionDict) == ["$.format: 2 is not str"]


def test_the_contract_check_finds_a_missing_an_extra_and_a_mistyped_key():
    question = bank_dict(load_content().bank())["questions"][0]
    broken = {**question, "answer": "1", "extra": 2, "source": {**question["source"], "quoted": {"by": "x"}}}
    del broken["tags"]
    assert sorted(contract_problems(broken, QuestionDict)) == [
        "$.answer: '1' is not int",
        "$.source.quoted: missing 'date'",
        "$.source.quoted: missing 'kind'",
        "$: extra 'extra'",
        "$: missing 'tags'",
    ]
