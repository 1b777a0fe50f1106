"""Small checks shared by the text and deck loaders: keys, types, did-you-mean."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..errors import Location, Problem, did_you_mean  # noqa: F401 - did_you_mean: also imported from here
from .yamlsrc import LocatedDict

# Control characters (all but tab and newline), lone surrogates and the two non-characters: no output can carry
# them faithfully (XML forbids most, Anki separates fields with U+001F, a terminal obeys escape sequences).
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


SHORT_TEXT = 300
"""The most characters of a text field: a stem, an answer, an option, a name, a title, a tag."""
LONG_TEXT = 2_000
"""The most characters of a field of prose: quotes, explanations, notes, descriptions."""
LONG_FIELDS = frozenset({"quote", "explanation", "explain", "note", "description"})
TEXT_BYTES = 1_000_000
"""The largest source text (a book is about this size); documented with the others in decks/README.md."""


def limit(key: str) -> int:
    """How many characters the field `key` may hold."""
    return LONG_TEXT if key in LONG_FIELDS else SHORT_TEXT


def bad_character(text: str) -> str | None:
    """'U+001B' for the first character that text in a deck may not hold, or None."""
    match = _NOT_TEXT.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def clean(text: str) -> bool:
    """True when text holds no character bad_character refuses (tests check every code point).

    Every such character is unprintable, and str.isprintable() is a few times faster than the regular expression on
    the usual text; text with a newline or an unusual space is left to the expression. The loaders' fast paths write
    `text.isprintable() or clean(text)`: no call for the usual text.
    """
    return text.isprintable() or _NOT_TEXT.search(text) is None


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
    bool: "true or false",
}


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind or (kind is not bool and isinstance(value, kind) and not isinstance(value, bool)):
            return name
    return type(value).__name__


class Checker:
    """Collects problems while reading one YAML mapping."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.errors = 0
        """How many errors this checker has reported (counting the list would make a large deck quadratic)."""

    def error(self, loc: Location, message: str) -> None:
        self.problems.append(Problem(loc, message, "error"))
        self.errors += 1

    def warn(self, loc: Location, message: str) -> None:
        self.problems.append(Problem(loc, message, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Report problems another checker found (one facts file's, say)."""
        for problem in problems:
            self.problems.append(problem)
            self.errors += problem.severity == "error"

    def keys(self, mapping: LocatedDict, required: Iterable[str], optional: Iterable[str], what: str) -> bool:
        """Report unknown and missing keys; True when all required keys are present."""
        if type(required) is tuple and type(optional) is tuple:
            # The usual case, no problem at all, in two set operations (once per fact of a large deck).
            sets = _KEY_SETS.get((required, optional))
            if sets is None:
                sets = _KEY_SETS[required, optional] = (frozenset((*required, *optional)), frozenset(required))
            if sets[0] >= mapping.keys() >= sets[1]:
                return True
        required, allowed = list(required), [*required, *optional]
        for key in mapping:
            if key not in allowed:
                self.error(mapping.key_locs[key], f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")
        missing = [key for key in required if key not in mapping]
        for key in missing:
            self.error(mapping.loc, f"missing key '{key}' in {what}")
        return not missing

    def text(self, mapping: LocatedDict, key: str, *, required: bool = True) -> str | None:
        """The value at key if it is non-empty text; report otherwise."""
        value = mapping.get(key)
        most = LONG_TEXT if key in LONG_FIELDS else SHORT_TEXT
        if value.__class__ is str:  # nearly always: return it without the checks that only find problems
            stripped = value.strip()
            if stripped and len(stripped) <= most and (stripped.isprintable() or clean(stripped)):
                return stripped
        if value is None and not required and key not in mapping:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(_value_loc(mapping, key), f"'{key}' must be text, not {type_name(value)}")
            return None
        value = str(value).strip()
        if not value:
            self.error(_value_loc(mapping, key), f"'{key}' must not be empty")
            return None
        if len(value) > most:
            self.error(_value_loc(mapping, key), _too_long(f"'{key}'", len(value), most))
            return None
        bad = bad_character(value)
        if bad:
            self.error(_value_loc(mapping, key), f"'{key}' contains the control character {bad}; remove it")
            return None
        return value

    def text_list(self, mapping: LocatedDict, key: str, *, required: bool = False) -> list[str] | None:
        """The value at key if it is a list of non-empty text items; report otherwise."""
        if key not in mapping:
            if required:
                self.error(mapping.loc, f"missing key '{key}'")
            return None if required else []
        value = mapping[key]
        if not isinstance(value, list):
            self.error(mapping.value_locs[key], f"'{key}' must be a list, not {type_name(value)}")
            return None
        # Nearly always every item is clean text: take them in one pass, else check item by item below.
        most = limit(key)
        out = [
            item.strip()
            for item in value
            if item.__class__ is str and len(item) <= most and (item.isprintable() or clean(item))
        ]
        if len(out) == len(value) and all(out):
            return out
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
                item_loc = value.item_locs[i] if hasattr(value, "item_locs") else mapping.value_locs[key]
                self.error(item_loc, f"items of '{key}' must be non-empty text, not {type_name(item)}")
                return None
            if len(str(item).strip()) > most:
                item_loc = value.item_locs[i] if hasattr(value, "item_locs") else mapping.value_locs[key]
                self.error(item_loc, _too_long(f"an item of '{key}'", len(str(item).strip()), most))
                return None
            bad = bad_character(str(item))
            if bad:
                item_loc = value.item_locs[i] if hasattr(value, "item_locs") else mapping.value_locs[key]
                self.error(item_loc, f"items of '{key}' must not contain the control character {bad}")
                return None
            out.append(str(item).strip())
        return out

    def within_limit(self, mapping: LocatedDict, key: str) -> None:
        """Report text at `key` longer than its limit, for fields quizgen keeps but never shows (a fact's note)."""
        value = mapping.get(key)
        if isinstance(value, str) and len(value.strip()) > limit(key):
            self.error(_value_loc(mapping, key), _too_long(f"'{key}'", len(value.strip()), limit(key)))

    def mapping(self, mapping: LocatedDict, key: str) -> LocatedDict | None:
        value = mapping.get(key)
        if not isinstance(value, LocatedDict):  # every mapping load_yaml makes is one
            self.error(mapping.value_locs.get(key, mapping.loc), f"'{key}' must be a mapping, not {type_name(value)}")
            return None
        return value


def _too_long(name: str, length: int, most: int) -> str:
    return f"{name} is {length:,} characters long; the limit is {most:,} (see decks/README.md)"


_KEY_SETS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[frozenset[str], frozenset[str]]] = {}
"""(allowed, required) keys by (required, optional): the few combinations the loaders use."""


def _value_loc(mapping: LocatedDict, key: str) -> Location:
    """Where the value at key stands, or the mapping itself when the key is missing (made only to report)."""
    return mapping.value_locs[key] if key in mapping else mapping.loc
