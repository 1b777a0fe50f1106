"""The repr a dataclass generates, written once for the classes a quiz creates before its first question.

A dataclass compiles each method it generates, about 0.2 ms for a repr; some twenty classes are created before a
warm quiz asks anything, and the repr is the one method only a person reading a traceback or a debugger calls. Such a
class is declared `@dataclass(..., repr=False)` on `Record` and shows as the dataclass would show it.
"""

from __future__ import annotations

from dataclasses import fields
from reprlib import recursive_repr
from typing import Any


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
    as declared), without compiling two more methods (a warm quiz creates a dozen such classes, not compared in any
    loop that would notice the generic methods)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _values(self, "compare") == _values(other, "compare")
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_values(self, "hash"))


def _values(record: Any, which: str) -> tuple[Any, ...]:
    """The fields a dataclass's generated __eq__ ("compare") or __hash__ ("hash") reads, in order."""
    if which == "compare":
        return tuple(getattr(record, f.name) for f in fields(record) if f.compare)
    return tuple(getattr(record, f.name) for f in fields(record) if (f.compare if f.hash is None else f.hash))
