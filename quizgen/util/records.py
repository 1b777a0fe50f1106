"""The repr a dataclass generates, written once for the classes a quiz creates before its first question.

A dataclass compiles each method it generates, about 0.2 ms for a repr; some twenty classes are created before a
warm quiz asks anything, and the repr is the one method only a person reading a traceback or a debugger calls. Such a
class is declared `@dataclass(..., repr=False)` on `Record` and shows as the dataclass would show it.

Every module of quizgen's dataclasses imports this one first: on the command line, from then on, the methods a
dataclass does generate are compiled once and kept (util/compiled.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any

from . import compiled

compiled.attach()


class Record:
    """Base of a dataclass declared with `repr=False`: `Name(field=value, ...)`, the fields with `repr=True` shown."""

    __slots__ = ()

    @recursive_repr()
    def __repr__(self) -> str:
        record: Any = self
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(record) if f.repr)
        return f"{type(self).__qualname__}({shown})"


class ValueRecord(Record):
    """Base of a frozen dataclass declared with `repr=False, eq=False`: equal to another of its own class with equal
    fields and hashed by them, as the methods a frozen dataclass generates (the fields with `compare=True`; `hash=`
    as declared), without compiling two more methods (a warm quiz creates a dozen such classes; loading content a
    dozen more). Each class's fields are read by an attrgetter made on first use: about twice the generated methods'
    time per call, for classes no hot loop compares or hashes."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = _getters(self.__class__)[0]
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_getters(self.__class__)[1](self))


Getter = Callable[[Any], tuple[Any, ...]]
_GETTERS: dict[type, tuple[Getter, Getter]] = {}
"""Per class, the tuple of the fields a dataclass's generated __eq__ compares, and of those its __hash__ hashes:
attrgetters, made on first use, so that a value record compares about as fast as the generated methods would."""


def _getters(cls: type) -> tuple[Getter, Getter]:
    found = _GETTERS.get(cls)
    if found is None:
        compared = [f.name for f in fields(cls) if f.compare]
        hashed = [f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)]
        found = _GETTERS[cls] = (_tuple_of(compared), _tuple_of(hashed))
    return found


def _tuple_of(names: list[str]) -> Getter:
    """A function giving the tuple of these attributes of its argument (attrgetter gives one value for one name)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()
