"""The field-table engine: each YAML mapping quizgen reads is declared as a table of Fields and checked by `read`.

A Field names a key, how its value is parsed, the checks it must then pass, whether it is required, its default,
and the model keyword it fills. `read` walks a table over one mapping: unknown and missing keys, then every field in
table order, then the table's rules (checks across fields), each problem reported at its file:line:col; a mapping
with any error gives None, so no half-checked model is made. Adding a key is adding one row to its table (facts.py,
templates.py, entities.py) and to decks/README.md, e.g. an event's date:

    Field("when", text, (a_date("when '{value}' must be ...", "when"),), required=True, answer=True, doubtable=True)
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..errors import did_you_mean
from ..model.dates import MONTHS, PartialDate, last_day, parse_date
from ..util import compiled
from .schema import LONG_FIELDS, LONG_TEXT, SHORT_TEXT, Checker, clean, limit, type_name
from .yamlsrc import LocatedDict, LocatedList


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()
"""What a parse or check returns for a value it refused, once it has reported why."""
DECLINED: Any = object()
"""What a table's specialised reader returns at the first thing out of the ordinary (`read` then reads again)."""


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
Reader = Callable[[LocatedDict, Checker, Mapping[str, Any]], Any]
"""A table's specialised reader: the model's keywords and values, or DECLINED."""


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
    reader: Reader | None = field(init=False, default=None, repr=False, compare=False)
    """This table's own reading function, written out from its fields when `read` first needs it (`_specialised`)."""

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
    reader = table.reader or _specialised(table)
    problems, errors = check.problems, check.errors
    count = len(problems)
    values = reader(mapping, check, context)
    if values is not DECLINED:
        return values
    # Something is unusual: what the reader reported is undone, and the engine reads it again, reporting as ever.
    del problems[count:]
    check.errors = errors
    return _read(table, mapping, check, context)


def _read(table: Table, mapping: LocatedDict, check: Checker, context: Mapping[str, Any]) -> dict[str, Any] | None:
    """`read` by walking the table: every problem reported, in table order."""
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
    """An instance of the frozen dataclass `cls` from `values`, which holds every one of its fields and is the
    instance's own from then on (tests check, for each table, that its keywords are its model's fields).

    Made as unpickling makes one, its __dict__ given in one step: the __init__ a frozen dataclass generates sets each
    field through object.__setattr__ (about 150 ns a field; a fact has twenty). A __dict__ given whole is an ordinary
    dict, which attribute reads find about as fast as the class's shared keys (a cold validate at x10: 124M fewer
    instructions in all). A dict filled through `__dict__.update` was not: it shares the class's keys, and reads of it
    skip the interpreter's fast path (cd4368a measured generation slower that way). Values with a field too many or
    too few, or a class with a __post_init__, go through __init__, which checks and refuses them as ever."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = _filled_fields(cls)
    if values.keys() != names:
        return cls(**values)
    new = _new(cls)
    # A copy sized for its keys: the reader's dict grew past them (a fact's, to twice the memory), and each model
    # keeps its dict for good (a cold x100 anki run peaked 27 MB higher without the copy, 11 MB with it).
    _set_attribute(new, "__dict__", dict(values))
    return new


def _filled_fields(cls: type) -> frozenset[str]:
    """The names of a model's fields, when an instance can be made by filling its __dict__: a dataclass whose
    instances have one, every field set by __init__, and nothing __init__ does beyond setting them; otherwise a name
    no values have, so that __init__ makes each one."""
    fields = dataclasses.fields(cls)
    if not cls.__dictoffset__ or hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        return frozenset((" through __init__",))
    return frozenset(f.name for f in fields)


_FIELDS: dict[type, frozenset[str]] = {}
"""Per model class, the names `made` fills it by."""
_new = object.__new__
_set_attribute = object.__setattr__


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

    _WRITTEN_OUT[check] = ("if v not in {name}: return DECLINED", choices)
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

    _WRITTEN_OUT[check] = ("if {name}(v) is None: return DECLINED", pattern.match)
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

    _WRITTEN_OUT[check] = ("if not all(map({name}, v)): return DECLINED", pattern.match)
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

    _WRITTEN_OUT[check] = ("v = {name}(v)\nif v is None: return DECLINED", _parsed_date)
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


_WRITTEN_OUT: dict[Any, tuple[str, Any]] = {as_set: ("v = {name}(v)", frozenset)}
"""Checks a specialised reader writes out in place of calling them: check -> (its code for a value `v` that passes,
with `{name}` for the object given with it); the check itself runs when the value does not pass."""


# --- specialised readers ---------------------------------------------------------------------------------------
# `read` walks a table for each of tens of thousands of facts. A table's reader does what that walk does on a mapping
# with no problem, written out for its fields (as dataclasses writes an __init__): no loop over the table, text
# checked in place, the usual checks without a call. At anything out of the ordinary (a value of another type, a
# check or rule that refuses, any error) it returns DECLINED, and `read` undoes what it reported and walks the
# table, so every problem is reported by one engine, as before.

_PARSED: dict[Any, str] = {
    text: (
        "if v.__class__ is not str: return DECLINED\n"
        "v = v.strip()\n"
        "if not (v and len(v) <= {most} and (v.isprintable() or clean(v))): return DECLINED"
    ),
    texts: (
        "if v.__class__ is not LocatedList: return DECLINED\n"
        "w = tuple([x.strip() for x in v if x.__class__ is str and len(x) <= {most} and "
        "(x.isprintable() or clean(x))])\n"
        "if len(w) != len(v) or not all(w): return DECLINED\n"
        "v = w"
    ),
    flag: "if v.__class__ is not bool: return DECLINED",
    as_written: "",
    as_text: "v = str(v)",
    within_limit: "if isinstance(v, str) and len(v.strip()) > {most}: return DECLINED",
}
"""The parsers a specialised reader writes out, as code taking the value `v` as written to the parsed one."""


def _specialised(table: Table) -> Reader:
    """The table's reader, made and kept on first use."""
    scope: dict[str, Any] = {"DECLINED": DECLINED, "BAD": BAD, "Record": Record, "clean": clean}
    scope |= {"LocatedList": LocatedList, "allowed": table.allowed, "needed": table.needed, "defaults": table.defaults}
    body = [line for i, f in enumerate(table.fields) for line in _field_code(f, i, scope)]
    for i, rule in enumerate(table.rules):
        scope[f"rule_{i}"] = rule
        body.append(f"rule_{i}(record)")
    body += ["if check.errors != errors:", "    return DECLINED"]
    body += [f"del values[{key!r}]" for key in table.unstored]
    body += [f"values[{to!r}] = values.pop({key!r})" for key, to in table.renamed]
    head = [
        "def reader(mapping, check, context):",
        "    if not (allowed >= mapping.keys() >= needed):",
        "        return DECLINED",
        "    errors = check.errors",
        "    values = defaults.copy()",
    ]
    if any("(record" in line for line in body):
        head.append("    record = Record(check, mapping, context, values)")
    source = "\n".join([*head, *("    " + line for line in body), "    return values", ""])
    compiled.run(source, scope)
    reader: Reader = scope["reader"]
    object.__setattr__(table, "reader", reader)
    return reader


def _field_code(f: Field, i: int, scope: dict[str, Any]) -> list[str]:
    """The lines reading one field into `values`."""
    key = repr(f.key)
    parse = _PARSED.get(f.parse)
    if parse is None:  # the parser reads the mapping itself
        scope[f"parse_{i}"] = f.parse
        lines = [f"v = parse_{i}(record, {key})", "if v is BAD: return DECLINED"]
    else:
        lines = [f"v = mapping[{key}]", *parse.format(most=limit(f.key)).splitlines()]
    for j, step in enumerate(f.checks):
        name = f"check_{i}_{j}"
        code, scope[name] = _WRITTEN_OUT.get(step, ("v = {name}(record, KEY, v)\nif v is BAD: return DECLINED", step))
        lines += code.format(name=name).replace("KEY", key).splitlines()
    lines.append(f"values[{key}] = v")
    if f.required:  # present: read checked the keys
        return lines
    absent = []
    if f.default_factory is not None:
        scope[f"factory_{i}"] = f.default_factory
        absent = ["else:", f"    values[{key}] = factory_{i}()"]
    return [f"if {key} in mapping:", *("    " + line for line in lines), *absent]
