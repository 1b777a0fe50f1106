"""Option order: shuffled per question from (seed, question id), or ascending for dates and numbers.

Apart from generate.py so that a warm quiz, which arranges the options of cached questions, need not import the
generator.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable
from operator import itemgetter

from ..model.dates import MONTHS
from ..model.questions import MAX_OPTIONS, Question
from ..util.hashes import blake2b
from ..util.memory import paused_gc


def arrange_options(questions: list[Question], seed: int) -> list[Question]:
    """Shuffle options; the correct one goes to A, B, C, D (as many letters as it has options) in turn across each
    fact's questions.

    Date and number options (`ordered` questions) are put in ascending order instead, never shuffled; a true/false
    question keeps True, False.

    Rotating within a fact (from a start drawn per fact) balances answer positions over the bank far better than
    an independent draw per question, and a question's order still depends only on its own fact, never on others.
    """
    out: list[Question] = []
    index_in_fact: dict[str, int] = {}
    starts: dict[str, int] = {}
    order_prefix = f"order\x1f{seed}\x1f".encode()
    new = object.__new__
    with paused_gc():  # tens of thousands of new questions would set off full collections of the loaded bank
        for q in questions:
            if q.format == "true-false":  # q.true_false, read without a property call
                out.append(q)  # True, False
            elif q.ordered:
                out.append(ascending(q))
            else:
                fact = q.fact
                i = index_in_fact[fact] = index_in_fact.get(fact, -1) + 1
                start = starts.get(fact)
                if start is None:
                    start = starts[fact] = _digest64(f"answer-slot\x1f{seed}\x1f{fact}")
                # One hash picks one of the orders of the wrong options (six for three): a seeded random.Random per
                # question cost more than a second on a large deck. `_digest64(f"order\x1f{seed}\x1f{q.id}")`, inline.
                options = q.options
                count = len(options)
                pick = int.from_bytes(blake2b(order_prefix + q.id.encode(), digest_size=8).digest(), "big")
                slot = (start + i) % count
                # q.reordered(order), made directly: the answer lands at `slot`, the options in one C call
                arranged = new(q.__class__)
                arranged.__dict__.update(
                    q.__dict__, options=_picker(count, q.answer, slot, pick % _FACTORIALS[count])(options), answer=slot
                )
                out.append(arranged)
    return out


_FACTORIALS = [math.factorial(max(count - 1, 0)) for count in range(MAX_OPTIONS + 1)]
"""How many orders the wrong options of a question with `count` options have."""


@functools.cache
def _picker(count: int, answer: int, slot: int, pick: int) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """A function giving a question's options in `_order(count, answer, slot, pick)`, as a tuple."""
    order = _order(count, answer, slot, pick)
    if len(order) == 1:
        return lambda options: (options[order[0]],)
    return itemgetter(*order)


def ascending(q: Question) -> Question:
    """A date or number question with its options in ascending order, the answer following; a hand-written
    `ordered` question's options (e.g. "The wars of 1965 and 1971") by the numbers they name."""
    keys = [_order_key(o) for o in q.options]
    known = [key for key in keys if key is not None]
    if len(set(known)) == len(keys):  # every option sorts by its own value: the numbers named cannot decide
        return q.permuted(sorted(range(len(known)), key=known.__getitem__))
    from ..model.quantities import option_numbers  # here: a warm quiz rarely needs it, and it compiles patterns

    numbers = [option_numbers(o) for o in q.options]
    order = sorted(range(len(keys)), key=lambda i: (keys[i] if keys[i] is not None else math.inf, numbers[i], i))
    return q.permuted(order)


@functools.cache
def _order(count: int, answer: int, slot: int, pick: int) -> tuple[int, ...]:
    """The option order with the answer at `slot` and the wrong options in their `pick`th order (of _orders)."""
    rest = [k for k in range(count) if k != answer]
    rest = [rest[k] for k in _orders(len(rest))[pick]]
    return (*rest[:slot], answer, *rest[slot:])


@functools.cache
def _orders(count: int) -> tuple[tuple[int, ...], ...]:
    """Every order of a question's `count` wrong options."""
    return tuple(itertools.permutations(range(count)))


_MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS, 1)}
_DATE_SHOWN = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Z][a-z]+) )?(\d{1,4})$")
_NUMBER_SHOWN = re.compile(
    r"^\$?(\d[\d,]*(?:\.\d+)?)(?:\u2013(\d[\d,]*(?:\.\d+)?))?%?(?: (thousand|million|billion|trillion))?\b"
)
_SCALE_FACTORS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@functools.lru_cache(maxsize=1 << 14)
def _order_key(text: str) -> float | None:
    """Where a date or number option sorts, read from how it is shown ('4 May 2019', '$33 billion'); None for text.

    A date sorts by its first day, a range by its middle. Options are compared only with options of the same type.
    """
    match = _DATE_SHOWN.match(text)
    if match and (match.group(2) is None or match.group(2) in _MONTH_NUMBERS):
        day, month, year = match.groups()
        return int(year) * 400 + (_MONTH_NUMBERS[month] if month else 0) * 32 + int(day or 0)
    match = _NUMBER_SHOWN.match(text)
    if match:
        low = float(match.group(1).replace(",", ""))
        high = float(match.group(2).replace(",", "")) if match.group(2) else low
        return (low + high) / 2 * _SCALE_FACTORS.get(match.group(3) or "", 1)
    return None


def _digest64(text: str) -> int:
    """64 bits of a hash of the text, the same on every platform (unlike hash())."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big")
