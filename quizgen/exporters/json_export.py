"""The JSON bank: the public contract other formats and outside tools rely on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Bank, Question

FORMAT_VERSION = 1


def bank_dict(bank: Bank, questions: Sequence[Question] | None = None) -> dict[str, Any]:
    """`{"deck": {...}, "questions": [...]}` for the bank (or a selection of its questions)."""
    questions = bank.questions if questions is None else questions
    used = sorted({q.source.seed for q in questions})
    seeds = []
    for slug in used:
        seed = bank.seeds.get(slug)
        if seed is None:
            continue
        seeds.append(
            {
                "slug": slug,
                "title": seed.title,
                "authors": list(seed.authors),
                "outlet": seed.outlet,
                "date": seed.date.iso() if seed.date else None,
                "type": seed.type,
                "citation": seed.citation,
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
            "sources": seeds,
        },
        "questions": [q.to_dict() for q in questions],
    }


def to_json(bank: Bank, questions: Sequence[Question] | None = None) -> bytes:
    return (json.dumps(bank_dict(bank, questions), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
