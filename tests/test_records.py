"""Record: a dataclass declared `repr=False` on it shows as the dataclass would have shown it."""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from quizgen.util.records import Record, ValueRecord

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"


@dataclass(frozen=True)
class Generated:
    name: str
    count: int = 0
    hidden: tuple[int, ...] = field(default=(), repr=False)
    inner: object = None


@dataclass(frozen=True, repr=False)
class Written(Record):
    name: str
    count: int = 0
    hidden: tuple[int, ...] = field(default=(), repr=False)
    inner: object = None


@dataclass(repr=False)
class Loop(Record):
    inner: list[object]


def test_a_record_shows_as_its_dataclass_would():
    for args in [("a",), ("it's", 3, (1, 2), Written("in")), ("x", -1, (), {"k": [Generated("in")]})]:
        generated, written = repr(Generated(*args)), repr(Written(*args))
        assert written == generated.replace("Generated(", "Written(", 1)
    assert repr(Written("a")) == "Written(name='a', count=0, inner=None)"


def test_a_record_inside_itself_shows_dots_as_a_dataclass_does():
    loop = Loop([])
    loop.inner.append(loop)
    assert repr(loop) == "Loop(inner=[...])"


def test_every_record_is_a_dataclass_that_leaves_its_repr_to_it():
    """A Record (or a subclass of one) whose dataclass still generated a repr would cost the compile it saves; a
    ValueRecord's dataclass must not generate its comparison either."""
    found = 0
    for path in PACKAGE.rglob("*.py"):
        if path.name == "records.py":
            continue
        records, values = {"Record", "ValueRecord"}, {"ValueRecord"}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bases = {getattr(b, "id", "") for b in node.bases} if isinstance(node, ast.ClassDef) else set()
            if bases & records:
                records.add(node.name)
                found += 1
                [decorator] = [d for d in node.decorator_list if "dataclass" in ast.unparse(d)]
                assert "repr=False" in ast.unparse(decorator), f"{path.name}: {node.name}"
                if bases & values:
                    values.add(node.name)
                    assert "frozen=True" in ast.unparse(decorator) and "eq=False" in ast.unparse(decorator), node.name
    assert found >= 37


@dataclass(frozen=True)
class GeneratedValue:
    name: str
    count: int = 0
    note: str = field(default="", compare=False)
    tags: tuple[str, ...] = field(default=(), hash=False)


@dataclass(frozen=True, repr=False, eq=False)
class WrittenValue(ValueRecord):
    name: str
    count: int = 0
    note: str = field(default="", compare=False)
    tags: tuple[str, ...] = field(default=(), hash=False)


@dataclass(frozen=True, repr=False, eq=False)
class OtherValue(ValueRecord):
    name: str
    count: int = 0


def test_a_value_record_compares_and_hashes_as_its_dataclass_would():
    cases = [("a",), ("a", 1), ("a", 1, "note"), ("a", 1, "other note", ("t",)), ("b", 1, "", ("t", "u"))]
    for one in cases:
        for two in cases:
            generated = GeneratedValue(*one) == GeneratedValue(*two)
            assert (WrittenValue(*one) == WrittenValue(*two)) == generated
            assert (WrittenValue(*one) != WrittenValue(*two)) == (not generated)
        assert hash(WrittenValue(*one)) == hash(GeneratedValue(*one))
    assert WrittenValue("a") != OtherValue("a") and WrittenValue("a").__eq__(OtherValue("a")) is NotImplemented
    assert WrittenValue("a") != ("a", 0) and len({WrittenValue("a"), WrittenValue("a", 0, "x"), WrittenValue("b")}) == 2
    hash(WrittenValue("a", 0, "", ["a list"]))  # type: ignore[arg-type]  # not hashed: hash=False, as generated
    with pytest.raises(TypeError):
        hash(WrittenValue("a", ["a list"]))  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        WrittenValue("a").name = "b"  # type: ignore[misc]
