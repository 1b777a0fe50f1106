"""The JSON bank: the public contract other formats and outside tools rely on.

Written as `json.dumps(..., ensure_ascii=False, indent=2)` writes it, one field per line, so a teacher can read it
and a diff shows what changed. With indent, though, json falls back to its pure-Python encoder: about three seconds
for the 58,000 questions of 100 times the bundled deck. Here each string is encoded by json's C function and put into
a template of the question's layout (made once by `_object_template`); `_layout` lays out the deck's head the same
way json does. Each question is encoded to UTF-8 as soon as it is laid out, so the bank is never held as one large
str as well as its bytes.
"""

from __future__ import annotations

import io
import json
import json.encoder
from collections.abc import Sequence
from typing import Any

from ...model.models import Bank, Question, Quote
from ...util.memory import paused_gc
from .contract import FORMAT_VERSION, DeckDict, ExportDict, QuestionDict, QuoteDict, SourceDict


def bank_dict(bank: Bank, questions: Sequence[Question] | None = None) -> ExportDict:
    """`{"format": 1, "deck": {...}, "questions": [...]}` for the bank (or a selection of its questions)."""
    questions = bank.questions if questions is None else questions
    return {
        "format": FORMAT_VERSION,
        "deck": _deck_dict(bank, questions),
        "questions": [question_dict(q) for q in questions],
    }


def _deck_dict(bank: Bank, questions: Sequence[Question]) -> DeckDict:
    """The deck the questions come from, and the texts they cite."""
    used = sorted({q.source.text for q in questions})
    texts: list[SourceDict] = []
    for slug in used:
        text = bank.texts.get(slug)
        if text is None:
            continue
        texts.append(
            {
                "slug": slug,
                "title": text.title,
                "authors": list(text.authors),
                "outlet": text.outlet,
                "date": text.date.iso() if text.date else None,
                "type": text.type,
                "citation": text.citation,
            }
        )
    return {
        "id": bank.deck.slug,
        "title": bank.deck.title,
        "description": bank.deck.description,
        "seed": bank.seed,
        "question_count": len(questions),
        "sources": texts,
    }


def question_dict(q: Question) -> QuestionDict:
    """One question in the export's shape."""
    out: QuestionDict = {
        "id": q.id,
        "fact": q.fact,
        "template": q.template,
        "kind": q.kind,
        "level": q.level,
        "stem": q.stem,
        "options": list(q.options),
        "answer": q.answer,
        "explanation": q.explanation,
        "tags": list(q.tags),
        "source": _quote_dict(q.source),
        "see_also": [_quote_dict(other) for other in q.see_also],
        "ordered": q.ordered,
    }
    if q.true_false:
        out["format"] = q.format  # only here, so a choice question's export keeps its bytes
    return out


def _quote_dict(quote: Quote) -> QuoteDict:
    quoted = quote.quoted
    return {
        "seed": quote.text,
        "passage": quote.passage,
        "quote": quote.quote,
        "citation": quote.citation,
        "quoted": None
        if quoted is None
        else {"by": quoted.by, "kind": quoted.kind, "date": quoted.date.iso() if quoted.date else None},
    }


def to_json(bank: Bank, questions: Sequence[Question] | None = None, *, title: str | None = None) -> bytes:
    """The bank as UTF-8 JSON: the same bytes as json.dumps(bank_dict(...), ensure_ascii=False, indent=2) + newline.

    `title` names a quiz in the LMS formats; the JSON bank describes the deck, so it has no place for one.
    """
    questions = bank.questions if questions is None else questions
    head = _layout({"format": FORMAT_VERSION, "deck": _deck_dict(bank, questions)}, "")
    if not questions:
        return f'{head[:-2]},\n  "questions": []\n}}\n'.encode()
    # The head ends with "\n}": reopen it, and put the questions where bank_dict puts them, last.
    out = io.BytesIO()  # getvalue() hands over its buffer: the bytes are never held twice
    out.write(f'{head[:-2]},\n  "questions": [\n    '.encode())
    shared: dict[int, bytes] = {}
    write, laid_out = out.write, _question_bytes
    with paused_gc():  # tens of thousands of short-lived strings would set off full collections of the bank
        write(laid_out(questions[0], shared))
        for q in questions[1:]:
            write(b",\n    ")
            write(laid_out(q, shared))
    out.write(b"\n  ]\n}\n")
    return out.getvalue()


_string = json.encoder.encode_basestring  # json's C function when present, as json.dumps itself uses
_scalar = json.JSONEncoder(ensure_ascii=False).encode  # other numbers, true/false, null as json.dumps writes them


def _layout(value: Any, indent: str) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2) for a value nested at `indent` (dict keys are text)."""
    # Text, nearly every value, is encoded in place rather than through another call.
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        body = f",\n{inner}".join(
            [
                f"{_string(key)}: {_string(item) if item.__class__ is str else _layout(item, inner)}"
                for key, item in value.items()
            ]
        )
        return f"{{\n{inner}{body}\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = indent + "  "
        body = f",\n{inner}".join([_string(item) if item.__class__ is str else _layout(item, inner) for item in value])
        return f"[\n{inner}{body}\n{indent}]"
    if value.__class__ is str:
        return _string(value)
    if value.__class__ is int:  # the answer of every question: skip making a JSONEncoder
        return int.__repr__(value)
    return _scalar(value)


# question_dict(q) and _quote_dict(quote) as _layout lays them out inside the list of questions, filled in directly:
# going through the dicts and _layout cost ten times as much. test_json_export checks that the two agree. Filled in as
# UTF-8 bytes, each value encoded on its own: most are ASCII (a copy), and a fact's quote, the longest text and often
# not ASCII, is encoded once for all its questions, where a question laid out as a str was encoded whole.


def _object_template(keys: tuple[str, ...], indent: str) -> bytes:
    """How _layout lays out a dict with these keys at `indent`, with %s for each value (%d for an answer), as bytes."""
    inner = indent + "  "
    lines = ",\n".join(f"{inner}{_string(key)}: {'%d' if key == 'answer' else '%s'}" for key in keys)
    return ("{\n" + lines + f"\n{indent}}}").encode()


_KEYS = ("id", "fact", "template", "kind", "level", "stem", "options", "answer", "explanation", "tags", "source")
_QUESTION = _object_template((*_KEYS, "see_also", "ordered"), "    ")
_TRUE_FALSE = _object_template((*_KEYS, "see_also", "ordered", "format"), "    ")
_QUOTE, _QUOTED = ("seed", "passage", "quote", "citation", "quoted"), ("by", "kind", "date")
_SOURCE = (_object_template(_QUOTE, "      "), _object_template(_QUOTED, "        "))
_SEE_ALSO = (_object_template(_QUOTE, "        "), _object_template(_QUOTED, "          "))
_ITEM = ",\n        "  # between the items of a question's lists


def _question_text(q: Question) -> str:
    """_layout(question_dict(q), "    ")."""
    return _question_bytes(q).decode("utf-8")


def _question_bytes(q: Question, shared: dict[int, bytes] | None = None) -> bytes:
    """_question_text(q) in UTF-8. `shared` (id -> bytes) keeps the laid-out tags and source of the questions before:
    a fact's questions share its tags and Quote objects, and the quote is the longest text to encode."""
    s = _string
    shared = {} if shared is None else shared
    options = f"[\n        {_ITEM.join(map(s, q.options))}\n      ]".encode()
    tags = shared.get(id(q.tags))
    if tags is None:
        tags = shared[id(q.tags)] = f"[\n        {_ITEM.join(map(s, q.tags))}\n      ]".encode() if q.tags else b"[]"
    see_also = b"[]"
    if q.see_also:
        quotes = b",\n        ".join([_quote_bytes(other, _SEE_ALSO) for other in q.see_also])
        see_also = b"[\n        %s\n      ]" % quotes
    source = shared.get(id(q.source))
    if source is None:
        source = shared[id(q.source)] = _quote_bytes(q.source, _SOURCE)
    ordered = b"true" if q.ordered else b"false"
    values = (s(q.id).encode(), s(q.fact).encode(), s(q.template).encode(), s(q.kind).encode(), s(q.level).encode(),
              s(q.stem).encode(), options, q.answer, s(q.explanation).encode(), tags, source, see_also,
              ordered)  # fmt: skip
    if q.format == "true-false":  # q.true_false, without a property call: question_dict writes `format` only here
        return _TRUE_FALSE % (*values, s(q.format).encode())
    return _QUESTION % values


def _quote_bytes(quote: Quote, templates: tuple[bytes, bytes]) -> bytes:
    """_layout(_quote_dict(quote), indent) in UTF-8, `templates` being _SOURCE or _SEE_ALSO for that indent."""
    s = _string
    quoted = quote.quoted
    shown = b"null"
    if quoted is not None:
        date = s(quoted.date.iso()).encode() if quoted.date else b"null"
        shown = templates[1] % (s(quoted.by).encode(), s(quoted.kind).encode(), date)
    text, passage, citation = s(quote.text).encode(), s(quote.passage).encode(), s(quote.citation).encode()
    return templates[0] % (text, passage, s(quote.quote).encode(), citation, shown)
