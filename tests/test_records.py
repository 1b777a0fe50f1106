"""Record: a dataclass declared `repr=False` on it shows as the dataclass would have shown it."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.util.records import Record

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
    """A Record (or a subclass of one) whose dataclass still generated a repr would cost the compile it saves."""
    found = 0
    for path in PACKAGE.rglob("*.py"):
        records = {"Record"}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") in records for b in node.bases):
                records.add(node.name)
                found += 1
                [decorator] = [d for d in node.decorator_list if "dataclass" in ast.unparse(d)]
                assert "repr=False" in ast.unparse(decorator), f"{path.name}: {node.name}"
    assert found >= 19
