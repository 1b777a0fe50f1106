"""Fuzzing the content loader: whatever bytes or YAML a deck file, templates.yaml, deck.yaml or a text's metadata
holds, loading, validating and building the bank give either a bank (that exports) or located problems / a
QuizgenError — never another exception."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import FACTS, write_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.authoring.validate import validate
from quizgen.bank.content import load_content
from quizgen.errors import QuizgenError
from quizgen.outputs.exporters.json_export import to_json

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "event",
            "figure",
            "position",
            "number",
            "test-2024",
            "aid-cut",
            "2018-01",
            "2018-13-45",
            "percent",
            "usd",
            "billion",
            "first",
            "pool",
            "curated",
            "{what}",
            "{nope}",
            "{",
            "smith",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=8),
                st.sampled_from(
                    [
                        "id",
                        "kind",
                        "facts",
                        "templates",
                        "source",
                        "seed",
                        "quote",
                        "tags",
                        "what",
                        "when",
                        "value",
                        "unit",
                        "questions",
                        "stems",
                        "distractors",
                        "skip",
                        "conflicts_with",
                        "also_true",
                        "title",
                        "authors",
                    ]
                ),
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=12,
)

FACT_FIELDS = (
    "id",
    "kind",
    "tags",
    "source",
    "what",
    "when",
    "who",
    "where",
    "name",
    "role",
    "value",
    "unit",
    "scale",
    "as_of",
    "measures",
    "holder",
    "topic",
    "stance",
    "distractors",
    "also_true",
    "skip",
    "stems",
    "conflicts_with",
    "same_point",
    "questions",
    "according_to",
    "explanation",
)
BASE_FACTS = yaml.safe_load(FACTS)["facts"]


def outcome(root: Path) -> str:
    """Load, validate and build the bank as the CLI would; fail on anything but a bank or a located error."""
    try:
        content = load_content(root)
    except QuizgenError:
        return "error"
    for problem in content.problems:
        path = problem.location.path
        assert path.startswith(("decks", "seeds")), problem.format()
        assert problem.message and "\n" not in problem.message, problem.format()
    report = validate(content)
    try:
        bank = content.bank()
    except QuizgenError:
        assert report.failed() or not content.decks  # validate saw whatever stops the bank
        return "error"
    assert not report.failed(), [p.format() for p in report.problems]  # and nothing more
    to_json(bank).decode("utf-8")  # every text of a bank that builds can be written
    return "bank"


def test_the_fixture_itself_builds_a_bank(tmp_path):
    assert outcome(write_content(tmp_path)) == "bank"


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_in_a_fact_file(tmp_path_factory, data):
    root = write_content(tmp_path_factory.mktemp("c"))
    (root / "decks" / "d" / "more.yaml").write_bytes(data)
    outcome(root)


@SETTINGS
@given(data=st.binary(max_size=300), name=st.sampled_from(["templates.yaml", "deck.yaml", "facts.yaml"]))
def test_arbitrary_bytes_replace_a_deck_file(tmp_path_factory, data, name):
    root = write_content(tmp_path_factory.mktemp("c"))
    (root / "decks" / "d" / name).write_bytes(data)
    outcome(root)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=300), documents.map(lambda d: yaml.safe_dump(d).encode())))
def test_arbitrary_text_metadata(tmp_path_factory, data):
    root = write_content(tmp_path_factory.mktemp("c"))
    (root / "seeds" / "test-2024.yaml").write_bytes(data)
    outcome(root)


@SETTINGS
@given(doc=documents, wrap=st.sampled_from(["bare", "facts", "fact"]))
def test_arbitrary_yaml_documents_in_decks(tmp_path_factory, doc, wrap):
    root = write_content(tmp_path_factory.mktemp("c"))
    shaped = {"bare": doc, "facts": {"facts": doc}, "fact": {"facts": [doc]}}[wrap]
    (root / "decks" / "d" / "more.yaml").write_text(yaml.safe_dump(shaped), encoding="utf-8")
    outcome(root)


@SETTINGS
@given(doc=documents, index=st.integers(0, len(BASE_FACTS) - 1), field=st.sampled_from(FACT_FIELDS))
def test_a_fact_field_set_to_anything(tmp_path_factory, doc, index, field):
    """One field of a valid fact replaced by an arbitrary value: the nearest miss to valid content."""
    facts = [dict(f) for f in BASE_FACTS]
    facts[index][field] = doc
    root = write_content(tmp_path_factory.mktemp("c"), yaml.safe_dump({"facts": facts}))
    outcome(root)


@SETTINGS
@given(
    doc=documents,
    index=st.integers(0, 9),
    field=st.sampled_from(["id", "kind", "stem", "answer", "distractors", "order", "optional", "explain"]),
)
def test_a_template_field_set_to_anything(tmp_path_factory, doc, index, field):
    from conftest import TEMPLATES

    templates = yaml.safe_load(TEMPLATES)["templates"]
    templates[index % len(templates)][field] = doc
    root = write_content(tmp_path_factory.mktemp("c"), templates=yaml.safe_dump({"templates": templates}))
    outcome(root)


def ordinary(v: float) -> bool:
    try:
        return abs(float(v)) < 1e15  # False for nan
    except OverflowError:
        return False


@SETTINGS
@given(
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**400), 10**400),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=2, max_size=2),
    )
)
def test_any_number_value(tmp_path_factory, value):
    facts = [dict(f) for f in BASE_FACTS]
    number = next(f for f in facts if f["kind"] == "number")
    number["value"] = value
    root = write_content(tmp_path_factory.mktemp("c"), yaml.safe_dump({"facts": facts}))
    result = outcome(root)
    values = value if isinstance(value, list) else [value]
    if not all(ordinary(v) for v in values):
        assert result == "error"  # "inf%", "nan%" or a number doubled to infinity is not an answer
        content = load_content(root)
        assert any(p.message == "value must be a finite number smaller than 1e+15" for p in content.errors)


@SETTINGS
@given(text=st.text(min_size=1, max_size=12), field=st.sampled_from(["what", "explanation", "where"]))
def test_any_text_in_a_field_loads_as_written_or_is_refused_with_its_place(tmp_path_factory, text, field):
    """Control characters, lone surrogates and the like are refused at their line; everything else is kept."""
    from quizgen.load.schema import bad_character

    facts = [dict(f) for f in BASE_FACTS]
    facts[0][field] = text
    root = write_content(tmp_path_factory.mktemp("c"), yaml.safe_dump({"facts": facts}, allow_unicode=True))
    content = load_content(root)
    problems = [p for p in content.errors if f"'{field}'" in p.message]
    if not text.strip():
        assert problems and "must not be empty" in problems[0].message
    elif bad_character(text.strip()):
        assert problems and problems[0].message == (
            f"'{field}' contains the control character {bad_character(text.strip())}; remove it"
        )
        assert problems[0].location.path == "decks/d/facts.yaml" and problems[0].location.line > 0
    else:
        assert not content.errors, [p.format() for p in content.errors]
        fact = next(f for f in content.deck().facts if f.id == facts[0]["id"])
        assert getattr(fact, field) == text.strip()


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    """Each alias expands to the same object, so a "billion laughs" document costs no more than it reads."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    root = write_content(tmp_path)
    (root / "decks" / "d" / "bomb.yaml").write_text("\n".join(lines) + "\nfacts: *a8\n", encoding="utf-8")
    assert outcome(root) == "error"


def test_recursive_yaml_is_a_located_error(tmp_path):
    root = write_content(tmp_path)
    (root / "decks" / "d" / "loop.yaml").write_text("facts: &x [*x]\n", encoding="utf-8")
    content = load_content(root)
    assert any(p.location.path == "decks/d/loop.yaml" for p in content.errors)
    assert outcome(root) == "error"
