"""Question templates (`decks/<deck>/templates.yaml`) as one field table, with the rules across its fields."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from ..errors import Location, did_you_mean
from ..model.models import FACT_TYPES, KINDS, Template
from .facts import ANSWER_FIELDS, ID
from .fields import BAD, Field, Record, Table, as_text, as_written, flag, matches, one_of, read, text
from .paths import BROKEN, MISSING, read_yaml, relative
from .schema import Checker, type_name
from .yamlsrc import LocatedDict, LocatedList

TEMPLATE_FORMATS = ("choice", "true-false")
DISTRACTOR_MODES = ("pool", "curated", "generated")


def placeholders(pattern: str) -> list[str]:
    """Field names used in a stem pattern; raises ValueError on a malformed pattern."""
    return [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]


def _new_id(record: Record, key: str, tid: str) -> Any:
    return record.error(key, f"duplicate template id '{tid}'") if tid in record.context["templates"] else tid


def _option_count(record: Record, key: str, count: Any) -> Any:
    if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= 5:
        return record.error(key, f"'options' must be a whole number from 2 to 5, not {count!r}")
    return count


def _fields_named(record: Record) -> None:
    """The placeholders of stem and explain name fields of the template's kind of fact."""
    if not record.ok("id", "kind"):
        return
    tid, kind = record.values["id"], record.values["kind"]
    fields = FACT_TYPES[kind].FIELDS + ("according_to",)
    for key in ("stem", "explain"):
        if key not in record.mapping or record.values[key] is BAD:
            continue
        try:
            names = placeholders(str(record.mapping[key]))
        except ValueError as exc:
            record.error(key, f"bad placeholder in {key}: {exc}")
            continue
        for name in names:
            if name.lower() not in fields and name[:1].lower() + name[1:] not in fields:
                message = f"template '{tid}' names unknown field '{{{name}}}' for {kind} facts"
                record.error(key, message + did_you_mean(name, fields))


def _answer_of_kind(record: Record) -> None:
    """The answer is a field a fact of the template's kind can give as an option."""
    if not record.ok("kind", "answer"):
        return
    kind, answer = record.values["kind"], record.values["answer"]
    if answer not in ANSWER_FIELDS[kind]:
        fields = ANSWER_FIELDS[kind]
        message = f"'{answer}' cannot be the answer of a {kind} template; use one of: {', '.join(fields)}"
        record.error("answer", message + did_you_mean(answer, fields))


def _order_of_events(record: Record) -> None:
    """`order` (first or last) asks which event came first: only an event template answering `what` can."""
    values = record.values
    if values["order"] is None or not record.ok("kind", "answer"):
        return
    if values["order"] not in ("first", "last") or values["kind"] != "event" or values["answer"] != "what":
        record.error("order", "order must be 'first' or 'last', on an event template answering 'what'")


def _true_false_options(record: Record) -> None:
    """A template's option count defaults to 4, and is 2 (the default there too) for a true-false template."""
    values = record.values
    true_false = values["format"] == "true-false"
    if values["options"] is None:
        values["options"] = 2 if true_false else 4
    elif values["options"] is not BAD and true_false and values["options"] != 2:
        record.error("options", "a true-false template has 2 options")


TEMPLATE = Table(
    "template",
    (
        Field(
            "id",
            text,
            (matches(ID, "template id '{value}' must be lowercase letters, digits and -"), _new_id),
            required=True,
        ),
        Field("kind", text, (one_of(KINDS, "unknown kind '{value}'{hint}"),), required=True),
        Field("stem", text, required=True),
        Field("answer", text, required=True),
        Field(
            "distractors",
            as_text,
            (one_of(DISTRACTOR_MODES, "distractors must be one of {choices}{hint}"),),
            default="pool",
        ),
        Field("order", as_written),
        Field("optional", flag, default=False),
        Field("explain", text, lenient=True),
        Field("options", as_written, (_option_count,)),
        Field(
            "format", as_text, (one_of(TEMPLATE_FORMATS, "format must be one of {choices}{hint}"),), default="choice"
        ),
    ),
    rules=(_fields_named, _answer_of_kind, _order_of_events, _true_false_options),
)
"""The keys of a template; decks/README.md describes them for authors."""


def load_templates(path: Path, root: Path, check: Checker) -> dict[str, Template]:
    """The deck's templates by id, each checked by the TEMPLATE table (every problem reported)."""
    rel = relative(path, root)
    data = read_yaml(path, root, check)
    templates: dict[str, Template] = {}
    if data is MISSING:
        check.error(Location(rel), "missing templates.yaml (see decks/README.md)")
        return templates
    if data is BROKEN:
        return templates
    if not isinstance(data, LocatedDict) or not isinstance(data.get("templates"), LocatedList):
        check.error(
            getattr(data, "loc", Location(rel, 1, 1)), "templates.yaml must have one key, 'templates', holding a list"
        )
        return templates
    check.keys(data, ("templates",), (), "templates.yaml")
    items = data["templates"]
    context = {"templates": templates}
    for i, item in enumerate(items):
        if not isinstance(item, LocatedDict):
            check.error(items.item_locs[i], f"a template must be a mapping, not {type_name(item)}")
            continue
        values = read(TEMPLATE, item, check, context)
        if values is not None:
            templates[values["id"]] = Template(**values, loc=items.item_locs[i])
    return templates
