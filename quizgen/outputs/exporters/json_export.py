"""The JSON bank: the public contract other formats and outside tools rely on.

Written as `json.dumps(..., ensure_ascii=False, indent=2)` writes it, one field per line, so a teacher can read it
and a diff shows what changed. With indent, though, json falls back to its pure-Python encoder: about three seconds
for the 58,000 questions of 100 times the bundled deck. `_layout` lays out the same bytes itself, encoding each
string with json's C function, and each question is encoded to UTF-8 as soon as it is laid out, so the bank is
never held as one large str as well as its bytes.
"""

from __future__ import annotations

import io
import json
import json.encoder
from collections.abc import Sequence
from typing import Any

from ...model.models import Bank, Question, Quote
from ...util.memory import paused_gc
from .contract import FORMAT_VERSION, ExportDict, QuestionDict, QuoteDict, SourceDict


def bank_dict(bank: Bank, questions: Sequence[Question] | None = None) -> ExportDict:
    """`{"format": 1, "deck": {...}, "questions": [...]}` for the bank (or a selection of its questions)."""
    questions = bank.questions if questions is None else questions
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
        "format": FORMAT_VERSION,
        "deck": {
            "id": bank.deck.slug,
            "title": bank.deck.title,
            "description": bank.deck.description,
            "seed": bank.seed,
            "question_count": len(questions),
            "sources": texts,
        },
        "questions": [question_dict(q) for q in questions],
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
    with paused_gc():  # tens of thousands of short-lived dicts and lists would set off full collections
        whole = bank_dict(bank, questions)
        items = whole["questions"]
        data = {key: value for key, value in whole.items() if key != "questions"}
        if not items:
            return (_layout({**data, "questions": []}, "") + "\n").encode("utf-8")
        # The head ends with "\n}": reopen it, and put the questions where bank_dict puts them, last.
        out = io.BytesIO()  # getvalue() hands over its buffer: the bytes are never held twice
        out.write(f'{_layout(data, "")[:-2]},\n  "questions": [\n    '.encode())
        for i, item in enumerate(items):
            if i:
                out.write(b",\n    ")
            out.write(_layout(item, "    ").encode("utf-8"))
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
