"""The field-table engine: a table's keys, parsers, checks, defaults and rules, each problem at its location."""

import re

import pytest

from quizgen.errors import Location, Problem
from quizgen.load.facts import ANSWER_FIELDS, DOUBTABLE_FIELDS, FACTS
from quizgen.load.fields import BAD, Field, Record, Table, as_written, flag, matches, one_of, read, text, texts
from quizgen.load.schema import Checker
from quizgen.load.templates import TEMPLATE
from quizgen.load.yamlsrc import load_yaml


def _larger_than_low(record: Record) -> None:
    if record.ok("low", "high") and record.values["high"] is not None and record.values["high"] <= record.values["low"]:
        record.error("high", "high must be larger than low")


TABLE = Table(
    "thing",
    (
        Field("id", text, (matches(re.compile(r"^[a-z]+$"), "id '{value}' must be lowercase letters"),), required=True),
        Field("colour", text, (one_of(("red", "green"), "colour '{value}' must be one of {choices}{hint}"),)),
        Field("tags", texts, default_factory=list),
        Field("hidden", flag, default=False, to=None),
        Field("low", as_written, required=True),
        Field("high", as_written, to="top"),
        Field("note", text, lenient=True, default="none"),
    ),
    rules=(_larger_than_low,),
)


def _read(yaml_text, context=None):
    problems: list[Problem] = []
    values = read(TABLE, load_yaml(yaml_text, "t.yaml"), Checker(problems), context or {})
    return values, [p.format() for p in problems]


def test_a_clean_mapping_gives_the_model_keywords_with_defaults():
    values, problems = _read("id: abc\nlow: 1\n")
    assert problems == []
    assert values == {"id": "abc", "colour": None, "tags": [], "low": 1, "top": None, "note": "none"}


def test_a_default_made_by_a_factory_is_fresh_each_time():
    first, _ = _read("id: abc\nlow: 1\n")
    second, _ = _read("id: abc\nlow: 1\n")
    assert first is not None and second is not None
    assert first["tags"] is not second["tags"]


def test_unknown_and_missing_keys_stop_before_any_field():
    values, problems = _read("id: ABC\ncolor: red\n")
    assert values is None
    assert problems == [
        "t.yaml:2:1: unknown key 'color' in thing (did you mean 'colour'?)",
        "t.yaml:1:1: missing key 'low' in thing",
    ]


def test_every_field_and_rule_reports_at_its_value():
    values, problems = _read("id: ABC\ncolour: rde\ntags: x\nhidden: 1\nlow: 3\nhigh: 2\n")
    assert values is None
    assert problems == [
        "t.yaml:1:5: id 'ABC' must be lowercase letters",
        "t.yaml:2:9: colour 'rde' must be one of red, green (did you mean 'red'?)",
        "t.yaml:3:7: 'tags' must be a list, not text",
        "t.yaml:4:9: 'hidden' must be true or false, not a whole number",
        "t.yaml:6:7: high must be larger than low",
    ]


def test_a_rule_skips_fields_already_refused():
    values, problems = _read("id: abc\nlow: 3\nhigh: 2\ncolour: [red]\n")
    assert problems == ["t.yaml:4:9: 'colour' must be text, not a list", "t.yaml:3:7: high must be larger than low"]
    record = Record(Checker([]), load_yaml("a: 1\n", "t.yaml"), {}, {})
    record.values.update(a=BAD, b=1)
    assert not record.ok("a", "b") and record.ok("b")


def test_the_fact_tables_name_the_fields_templates_may_ask_for_and_facts_may_doubt():
    assert ANSWER_FIELDS == {
        "event": ("what", "when", "where"),
        "figure": ("name", "role", "affiliation"),
        "position": ("holder", "topic", "stance"),
        "number": ("measures", "value"),
    }
    assert DOUBTABLE_FIELDS == {
        "event": ("what", "when", "who", "where"),
        "figure": ("name", "role", "affiliation"),
        "position": ("holder", "topic", "stance"),
        "number": ("measures", "value", "as_of"),
    }
    assert FACTS["event"].required == ("id", "kind", "tags", "source", "what", "when")
    assert TEMPLATE.required == ("id", "kind", "stem", "answer")


def test_a_lenient_field_is_reported_but_keeps_the_mapping_with_its_default():
    values, problems = _read("id: abc\nlow: 1\nnote: [x]\n")
    assert problems == ["t.yaml:3:7: 'note' must be text, not a list"]
    assert values is not None and values["note"] == "none"
    values, problems = _read("id: ABC\nlow: 1\nnote: [x]\n")
    assert values is None and len(problems) == 2


def test_a_date_of_the_right_form_that_does_not_exist_says_why():
    from quizgen.load.fields import no_such_date

    assert no_such_date("2025-13-18") == "is not a date: there is no month 13"
    assert no_such_date("2025-00") == "is not a date: there is no month 0"
    assert no_such_date("2025-01-32") == "is not a date: January 2025 has 31 days"
    assert no_such_date("2025-02-29") == "is not a date: February 2025 has 28 days"
    assert no_such_date("2025-04-00") == "is not a date: there is no day 0"
    assert no_such_date("0000") == "is not a date: there is no year 0"
    # Real dates, and other forms (which keep the message naming the forms), have no such reason.
    assert [no_such_date(t) for t in ("2024-02-29", "2025-12", "2025", "June 2025", "2025-6-1")] == [None] * 5


def _keywords(table: Table) -> set[str]:
    return {f.to or f.key for f in table.fields if f.to is not None}


def test_each_table_made_into_a_model_without_init_fills_every_field_of_it():
    """`made` skips __init__: a field that neither the table nor the loader fills would be missing, not defaulted."""
    import dataclasses

    from quizgen.load.facts import QUESTION, QUOTED
    from quizgen.model.models import FACT_TYPES, CustomQuestion, Quote, Quoted

    def names(cls: type) -> set[str]:
        return {f.name for f in dataclasses.fields(cls)}

    for kind, table in FACTS.items():
        assert _keywords(table) | {"loc", "conflicts_locs", "same_point_locs"} == names(FACT_TYPES[kind])
    assert _keywords(QUESTION) | {"loc"} == names(CustomQuestion)
    assert _keywords(QUOTED) == names(Quoted)
    for cls in (*FACT_TYPES.values(), CustomQuestion, Quote, Quoted):
        assert not hasattr(cls, "__post_init__")


def test_made_gives_what_init_gives():
    import dataclasses
    import pickle

    from quizgen.load.fields import made
    from quizgen.model.dates import PartialDate
    from quizgen.model.models import CustomQuestion, Event, Quote, Quoted

    values = {"id": "q", "stem": "S?", "answer": "a", "distractors": ("b", "c", "d"), "explanation": None}
    values |= {"level": "recall", "see_also": (), "loc": Location("f.yaml", 3, 5), "ordered": False}
    question = made(CustomQuestion, dict(values))
    assert question == CustomQuestion(**values) and vars(question) == vars(CustomQuestion(**values))
    assert hash(question) == hash(CustomQuestion(**values))
    quoted = made(Quoted, {"by": "WSJ", "kind": "report", "date": PartialDate(2025, 7)})
    quote = made(Quote, {"text": "t", "passage": "t:p1", "quote": "q", "citation": "c", "quoted": quoted})
    assert quote == Quote("t", "t:p1", "q", "c", Quoted("WSJ", "report", PartialDate(2025, 7)))
    event = {"id": "e", "tags": ("x",), "source": quote, "what": "the signing", "when": PartialDate(2018)}
    made_event = made(Event, {f.name: getattr(Event(**event), f.name) for f in dataclasses.fields(Event)})
    for made_one, init_one in ((question, CustomQuestion(**values)), (made_event, Event(**event))):
        assert type(made_one) is type(init_one) and vars(made_one) == vars(init_one)
        # Frozen, copied, replaced and pickled (the cache) as one made by __init__.
        with pytest.raises(dataclasses.FrozenInstanceError):
            made_one.id = "other"  # type: ignore[misc]
        assert vars(dataclasses.replace(made_one, id="z")) == vars(dataclasses.replace(init_one, id="z"))
        assert vars(pickle.loads(pickle.dumps(made_one))) == vars(init_one)


def test_made_refuses_what_init_refuses():
    """Values with a field too few or too many, or for a class whose __init__ does more than set its fields, go
    through __init__: the same error, or the same check run."""
    from quizgen.load.fields import made
    from quizgen.model.dates import PartialDate
    from quizgen.model.models import Quoted

    for values in ({"by": "WSJ"}, {"by": "WSJ", "kind": "report", "date": None, "extra": 1}):
        with pytest.raises(TypeError) as made_error:
            made(Quoted, dict(values))
        with pytest.raises(TypeError) as init_error:
            Quoted(**values)
        assert str(made_error.value) == str(init_error.value)
    date = made(PartialDate, {"year": 2018, "month": 2, "day": 0})
    assert date == PartialDate(2018, 2) and date.span() == PartialDate(2018, 2).span()


def _generic(yaml_text, context=None):
    from quizgen.load.fields import _read

    problems: list[Problem] = []
    values = _read(TABLE, load_yaml(yaml_text, "t.yaml"), Checker(problems), context or {})
    return values, [p.format() for p in problems]


def test_the_tables_reader_gives_what_walking_the_table_gives():
    """A table's specialised reader takes the usual mapping itself; anything else (a number where text goes, a key
    too many, a value a check refuses, a lenient field's problem) is read again by walking the table, so the values
    and the problems, in order, are the engine's."""
    for yaml_text in (
        "id: abc\nlow: 1\n",
        "id: abc\ncolour: red\ntags: [x, ' y ']\nhidden: true\nlow: 1\nhigh: 2\nnote: fine\n",
        "id: 12\nlow: 1\n",  # a number taken as its text: by the engine
        "id: abc\nlow: 1\ntags: [1, x]\n",
        "id: abc\nlow: 3\nhigh: 2\n",  # a rule
        "id: abc\nlow: 1\nnote: [x]\n",  # lenient
        "id: ABC\ncolour: rde\ntags: x\nhidden: 1\nlow: 3\nhigh: 2\n",
        "id: abc\nlow: 1\nextra: 2\n",
        "id: abc\n",
        "id: abc\nlow: 1\ncolour: 'bad\\a'\n",  # a control character
    ):
        assert _read(yaml_text) == _generic(yaml_text), yaml_text
    assert TABLE.reader is not None


def test_a_reader_declines_without_leaving_what_it_reported():
    """A warning reported before the reader declines is reported once, by the engine, in its place."""
    from quizgen.load.fields import DECLINED, each_should_match

    table = Table(
        "warned",
        (
            Field("tags", texts, (each_should_match(re.compile(r"^[a-z]+$"), "tag '{value}' should be lowercase"),)),
            Field("n", flag),
        ),
    )
    problems: list[Problem] = []
    check = Checker(problems)
    mapping = load_yaml("tags: [A]\nn: 1\n", "t.yaml")
    assert read(table, mapping, check, {}) is None
    assert [p.format() for p in problems] == [
        "t.yaml:1:8: warning: tag 'A' should be lowercase",
        "t.yaml:2:4: 'n' must be true or false, not a whole number",
    ]
    assert check.errors == 1
    assert table.reader is not None and table.reader(load_yaml("tags: [a]\nn: 1\n", "t.yaml"), check, {}) is DECLINED
