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
