"""The field-table engine: each YAML mapping quizgen reads is declared as a table of Fields and checked by `read`.

A Field names a key, how its value is parsed, the checks it must then pass, whether it is required, its default,
and the model keyword it fills. `read` walks a table over one mapping: unknown and missing keys, then every field in
table order, then the table's rules (checks across fields), each problem reported at its file:line:col; a mapping
with any error gives None, so no half-checked model is made. Adding a key is adding one row to its table (facts.py,
templates.py, entities.py) and to decks/README.md, e.g. an event's date:

    Field("when", text, (a_date("when '{value}' must be ...", "when"),), required=True, answer=True, doubtable=True)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..errors import did_you_mean
from ..model.dates import MONTHS, PartialDate, last_day, parse_date
from .schema import LONG_FIELDS, LONG_TEXT, SHORT_TEXT, Checker, clean, limit, type_name
from .yamlsrc import LocatedDict, LocatedList


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()
"""What a parse or check returns for a value it refused, once it has reported why."""


class Record:
    """One mapping being read: where problems go, what the caller knows (texts, templates...), the values so far."""

    __slots__ = ("check", "mapping", "context", "values")

    def __init__(self, check: Checker, mapping: LocatedDict, context: Mapping[str, Any], values: dict[str, Any]):
        self.check = check
        self.mapping = mapping
        self.context = context
        self.values = values
        """Key -> its value as read (BAD when refused, the default when absent)."""

    def error(self, key: str, message: str) -> Any:
        """Report a problem with the value at key; BAD, for the caller to return."""
        self.check.error(self.mapping.value_locs[key], message)
        return BAD

    def ok(self, *keys: str) -> bool:
        """True when every one of keys was read without a problem (a rule across fields checks only then)."""
        return all(self.values.get(key) is not BAD for key in keys)


Parse = Callable[[Record, str], Any]
"""Reads the value at a key that is present: the value, or BAD once it has reported why."""
Check = Callable[[Record, str, Any], Any]
"""Checks (or converts) a parsed value: the value, or BAD once it has reported why."""
Rule = Callable[[Record], None]
"""A check across the fields of one mapping, run after all of them; it reports with Record.error."""


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping: how its value is parsed and checked, and which model keyword it fills."""

    key: str
    parse: Parse
    checks: tuple[Check, ...] = ()
    """Run in order on the parsed value; the first that refuses it stops the rest."""
    required: bool = False
    default: Any = None
    """The value when the key is absent."""
    default_factory: Callable[[], Any] | None = None
    """Makes the value when the key is absent, for a mutable one (a fresh dict per fact)."""
    lenient: bool = False
    """A problem here is reported but does not refuse the mapping, which gets the default: a template whose `explain`
    is wrong is still a template, so the facts naming it are not all reported again."""
    to: str | None = ""
    """The model's keyword: "" for the key itself; None when the value is only checked (or read by the caller)."""
    answer: bool = False
    """A fact field a template may ask for (and a fact may give `distractors` and `also_true` for)."""
    doubtable: bool = False
    """A fact field a fact may mark `unreliable`."""


@dataclass(frozen=True)
class Table:
    """The fields of one kind of mapping, named `what` in messages ("event fact", "template")."""

    what: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    required: tuple[str, ...] = field(init=False)
    optional: tuple[str, ...] = field(init=False)
    defaults: dict[str, Any] = field(init=False, repr=False)
    """Key -> default of every field, where the values of one mapping start (a factory's fields are made anew)."""
    unstored: tuple[str, ...] = field(init=False, repr=False)
    """The keys of the fields the model does not get."""
    renamed: tuple[tuple[str, str], ...] = field(init=False, repr=False)
    """(key, model keyword) of the fields whose keyword is not their key."""
    plan: tuple[tuple[Field, str, Parse, tuple[Check, ...], Callable[[], Any] | None, int], ...] = field(
        init=False, repr=False
    )
    """Each field unpacked for `read`, with the character limit of its key."""
    allowed: frozenset[str] = field(init=False, repr=False)
    needed: frozenset[str] = field(init=False, repr=False)
    """The keys a mapping may have, and must: read checks them in one step when all is well."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", tuple(f.key for f in self.fields if f.required))
        object.__setattr__(self, "optional", tuple(f.key for f in self.fields if not f.required))
        object.__setattr__(self, "defaults", {f.key: f.default for f in self.fields})
        object.__setattr__(self, "unstored", tuple(f.key for f in self.fields if f.to is None))
        object.__setattr__(self, "renamed", tuple((f.key, f.to) for f in self.fields if f.to and f.to != f.key))
        plan = tuple((f, f.key, f.parse, f.checks, f.default_factory, limit(f.key)) for f in self.fields)
        object.__setattr__(self, "plan", plan)
        object.__setattr__(self, "allowed", frozenset(f.key for f in self.fields))
        object.__setattr__(self, "needed", frozenset(self.required))

    def keys(self, flag: str) -> tuple[str, ...]:
        """The keys of the fields with `flag` set ("answer", "doubtable"), in table order."""
        return tuple(f.key for f in self.fields if getattr(f, flag))


def read(table: Table, mapping: LocatedDict, check: Checker, context: Mapping[str, Any]) -> dict[str, Any] | None:
    """The model's keywords and values read from mapping by table; None after any error (each one reported)."""
    # No unknown key and every required one, in one step when all is well; else each problem reported.
    if not (
        table.allowed >= mapping.keys() >= table.needed
        or check.keys(mapping, table.required, table.optional, table.what)
    ):
        return None
    errors = check.errors
    values = table.defaults.copy()
    record = Record(check, mapping, context, values)
    forgiven: list[Field] = []
    for f, key, parse, checks, factory, most in table.plan:  # unpacked in advance: this runs per fact and field
        if key not in mapping:
            if factory is not None:
                values[key] = factory()
            continue
        before = check.errors
        value = mapping[key]
        # Text and lists of text (nearly every field): the value taken here when it passes the parser's first test;
        # isprintable() before clean(): the usual text passes it, without a call.
        if parse is text and value.__class__ is str:
            value = value.strip()
            if not (value and len(value) <= most and (value.isprintable() or clean(value))):
                value = text(record, key)
        elif parse is texts and value.__class__ is LocatedList:
            out = tuple(
                [v.strip() for v in value if v.__class__ is str and len(v) <= most and (v.isprintable() or clean(v))]
            )
            value = out if len(out) == len(value) and all(out) else texts(record, key)
        else:
            value = parse(record, key)
        if checks:
            value = _checked(record, key, value, checks)
        values[key] = value
        if value is BAD and f.lenient:
            errors += check.errors - before
            forgiven.append(f)
    return _keywords(table, record, errors, forgiven)


def _checked(record: Record, key: str, value: Any, checks: tuple[Check, ...]) -> Any:
    """The parsed value through each check in turn, until one refuses it."""
    for step in checks:
        if value is BAD:
            break
        value = step(record, key, value)
    return value


def _keywords(table: Table, record: Record, errors: int, forgiven: list[Field]) -> dict[str, Any] | None:
    """The values read by the model's keywords, once the table's rules pass (a lenient field's refused value replaced
    by its default); None when a field or rule had an error beyond the `errors` forgiven."""
    for rule in table.rules:
        rule(record)
    if record.check.errors > errors:
        return None
    values = record.values
    for f in forgiven:
        values[f.key] = f.default if f.default_factory is None else f.default_factory()
    for key in table.unstored:
        del values[key]
    for key, to in table.renamed:
        values[to] = values.pop(key)
    return values


T = TypeVar("T")


def made(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` from `values`, which holds every one of its fields (tests check, for
    each table, that its keywords are its model's fields).

    Through __init__ on purpose: filling the instance's __dict__ directly costs a tenth as much, but a materialised
    __dict__ makes every later attribute read slower, and generation reads facts' fields millions of times (a cold
    validate of the bundled deck measured 1,390M instructions that way against 1,335M)."""
    return cls(**values)


# --- parsers: the type of a value ------------------------------------------------------------------------------


def text(record: Record, key: str) -> Any:
    """Non-empty text within the length limit of its key, stripped (a number is taken as its text)."""
    value = record.mapping[key]
    if value.__class__ is str:  # Checker.text's first test, inlined: nearly every value passes it
        stripped = value.strip()
        if (
            stripped
            and len(stripped) <= (LONG_TEXT if key in LONG_FIELDS else SHORT_TEXT)
            and (stripped.isprintable() or clean(stripped))
        ):
            return stripped
    value = record.check.text(record.mapping, key)
    return BAD if value is None else value


def texts(record: Record, key: str) -> Any:
    """A list of texts, as a tuple."""
    items = record.mapping[key]
    if items.__class__ is LocatedList:  # Checker.text_list's first test, inlined: nearly every list passes it
        most = LONG_TEXT if key in LONG_FIELDS else SHORT_TEXT
        out = tuple(
            [
                item.strip()
                for item in items
                if item.__class__ is str and len(item) <= most and (item.isprintable() or clean(item))
            ]
        )
        if len(out) == len(items) and all(out):
            return out
    value = record.check.text_list(record.mapping, key)
    return BAD if value is None else tuple(value)


def flag(record: Record, key: str) -> Any:
    """true or false."""
    value = record.mapping[key]
    if not isinstance(value, bool):
        return record.error(key, f"'{key}' must be true or false, not {type_name(value)}")
    return value


def as_written(record: Record, key: str) -> Any:
    """The value as YAML gave it, for a check to judge."""
    return record.mapping[key]


def as_text(record: Record, key: str) -> Any:
    """The value turned into text as it is, whatever its type, for a choice to judge."""
    return str(record.mapping[key])


def within_limit(record: Record, key: str) -> Any:
    """Whatever the value is, text no longer than its key's limit (a field quizgen keeps but never shows)."""
    before = record.check.errors
    record.check.within_limit(record.mapping, key)
    return BAD if record.check.errors > before else record.mapping[key]


# --- checks: what a parsed value must be -----------------------------------------------------------------------


def one_of(choices: Sequence[str], message: str) -> Check:
    """The value is one of choices; message may use {value}, {choices} and {hint} (did you mean)."""

    def check(record: Record, key: str, value: Any) -> Any:
        if value in choices:
            return value
        hint = did_you_mean(value, choices) if "{hint}" in message else ""
        return record.error(key, message.format(value=value, choices=", ".join(choices), hint=hint))

    return check


def each_one_of(choices: Sequence[str], message: str) -> Check:
    """Every item of a list is one of choices, each refused one reported where it stands."""

    def check(record: Record, key: str, value: Any) -> Any:
        bad = False
        for i, item in enumerate(value):
            if item not in choices:
                hint = did_you_mean(item, choices)
                text = message.format(value=item, choices=", ".join(choices), hint=hint)
                record.check.error(record.mapping[key].item_locs[i], text)
                bad = True
        return BAD if bad else value

    return check


def matches(pattern: re.Pattern[str], message: str) -> Check:
    """The text matches pattern; message may use {value}."""

    def check(record: Record, key: str, value: Any) -> Any:
        return value if pattern.match(value) else record.error(key, message.format(value=value))

    return check


def each_should_match(pattern: re.Pattern[str], message: str) -> Check:
    """A warning (not an error) for every item of a list that does not match pattern."""

    def check(record: Record, key: str, value: Any) -> Any:
        if all(map(pattern.match, value)):  # nearly always: no warning, and no loop in Python
            return value
        for i, item in enumerate(value):
            if not pattern.match(item):
                record.check.warn(record.mapping[key].item_locs[i], message.format(value=item))
        return value

    return check


def a_date(message: str, name: str) -> Check:
    """Text that is a date as precise as the source gives it ("2018", "2018-01", "2018-01-04"); message (with
    {value}) for any other form, and for a date of that form that does not exist, `<name> '<value>' is not a date:
    there is no month 13`."""

    def check(record: Record, key: str, value: Any) -> PartialDate:
        date = _parsed_date(value)
        if date is not None:
            return date
        reason = no_such_date(value)
        return record.error(key, message.format(value=value) if reason is None else f"{name} '{value}' {reason}")

    return check


_parsed_date = functools.lru_cache(maxsize=4096, typed=True)(parse_date)
"""parse_date, kept by text: a deck gives the same years and months over and over, and a PartialDate is immutable
(typed: 2018 and 2018.0 are equal keys otherwise, but different dates)."""


_DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def no_such_date(text: str) -> str | None:
    """Why text of the form YYYY[-MM[-DD]] is no date ("is not a date: there is no month 13"); None for any other
    form (or a real date)."""
    match = _DATE_FORM.match(str(text).strip())
    if not match:
        return None
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if year == 0:
        return "is not a date: there is no year 0"
    if month is not None and not 1 <= month <= 12:
        return f"is not a date: there is no month {month}"
    if month is not None and day is not None and not 1 <= day <= last_day(year, month):
        if day == 0:
            return "is not a date: there is no day 0"
        return f"is not a date: {MONTHS[month - 1]} {year} has {last_day(year, month)} days"
    return None


def as_set(record: Record, key: str, value: Any) -> frozenset[Any]:
    """The items of a list as a set, for a model that holds them unordered."""
    return frozenset(value)
