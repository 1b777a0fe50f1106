"""Answer letters of a printed version, as ExamView-style scrambling gives them: each letter about as often as the
others, no letter more than MAX_RUN times in a row, and (up to four versions) a question's letter differing between
versions, all reproducible from the seed and the version's label.

Example: `key_slots(questions, "B", 7, earlier)` is where version B puts each question's correct option.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...model.questions import Question
from ...util.rng import rng_for

MAX_RUN = 3
"""The most times one letter may be the key in a row."""
ATTEMPTS = 40
"""Draws tried per version before the best of them is taken."""


def slot_choices(question: Question, first: bool) -> tuple[int, ...]:
    """Where a version may put the question's correct option: anywhere, except that a true/false question keeps
    True, False and a date or number question keeps its ascending options, which versions after the first may show
    descending."""
    if question.true_false:
        return (question.answer,)
    if question.ordered:
        mirrored = len(question.options) - 1 - question.answer
        return (question.answer,) if first or mirrored == question.answer else (question.answer, mirrored)
    return tuple(range(len(question.options)))


def bounds(questions: Sequence[Question]) -> dict[int, tuple[int, int]]:
    """Letter -> the fewest and most times it may be the key: within one of its expected count either way (for N
    four-option questions, floor(N/4)-1 to ceil(N/4)+1)."""
    expected: dict[int, float] = {}
    for q in questions:
        for slot in range(len(q.options)):
            expected[slot] = expected.get(slot, 0.0) + 1 / len(q.options)
    return {slot: (max(0, math.floor(e + 1e-9) - 1), math.ceil(e - 1e-9) + 1) for slot, e in expected.items()}


@dataclass(frozen=True)
class _Draw:
    slots: tuple[int, ...]
    faults: int
    """Letters out of their bounds, plus runs longer than MAX_RUN."""
    repeats: int
    """Questions whose letter an earlier version used although another was free."""


def key_slots(
    questions: Sequence[Question],
    label: str,
    seed: int,
    earlier: Mapping[str, set[int]],
    first: bool,
) -> tuple[int, ...]:
    """Per question (in printed order) the index its correct option takes in this version.

    `earlier` maps a question id to the slots earlier versions gave it. Draws that keep every bound and run and
    repeat no earlier letter are tried first; when none does, repeating an earlier letter is allowed before a fault
    is: a fourth version has one letter left per question, and dates and numbers stuck at A and D in every version
    leave too many As and Ds for the others, so a few questions then share a letter with an earlier version.
    """
    limits = bounds(questions)
    rng = rng_for("print-keys", seed, label)
    best: tuple[tuple[int, int], tuple[int, ...]] | None = None
    for relaxed in (False, True):
        for _ in range(ATTEMPTS):
            draw = _draw(questions, earlier, first, limits, rng, relaxed)
            score = (draw.faults, draw.repeats)
            if best is None or score < best[0]:
                best = score, draw.slots
            if best[0] == (0, 0):
                return best[1]
        if best is not None and not best[0][0]:
            return best[1]
    assert best is not None
    return best[1]


def _draw(
    questions: Sequence[Question],
    earlier: Mapping[str, set[int]],
    first: bool,
    limits: Mapping[int, tuple[int, int]],
    rng: random.Random,
    relaxed: bool,
) -> _Draw:
    """One greedy pass: each question takes, among its choices, a letter that makes no run too long, one no earlier
    version gave it (relaxed: preferably) and one of the least used, at random among those. Questions with fewer choices
    (dates, numbers, true/false) go first, so that the others can even out what they leave."""
    choices = [slot_choices(q, first) for q in questions]
    slots: list[int | None] = [None] * len(questions)
    counts = dict.fromkeys(limits, 0)
    target = {slot: (low + high) / 2 for slot, (low, high) in limits.items()}
    repeats = 0
    for i in sorted(range(len(questions)), key=lambda i: len(choices[i]) == len(questions[i].options)):
        used = earlier.get(questions[i].id, set())
        fresh = any(s not in used for s in choices[i])
        ranked = []
        for s in choices[i]:
            too_long = _run_through(slots, i, s) > MAX_RUN
            repeat = fresh and s in used
            over = counts[s] + 1 > limits[s][1]
            surplus = counts[s] + 1 - target[s]
            # relaxed, a letter an earlier version used counts as one use more, never as a rule
            rules = (too_long, over) if relaxed else (too_long, repeat, over)
            ranked.append((rules, surplus + relaxed * repeat, s))
        top = min(ranked)[0]
        least = min(surplus for rules, surplus, _ in ranked if rules == top)
        # not always the least used letter: a key that cycles through the letters would be guessable
        pool = [s for rules, surplus, s in ranked if rules == top and surplus < least + 1]
        slot = slots[i] = pool[rng.randrange(len(pool))]
        repeats += fresh and slot in used
        counts[slot] += 1
    done = [slot for slot in slots if slot is not None]
    return _Draw(tuple(done), _faults(done, limits), repeats)


def _run_through(slots: Sequence[int | None], i: int, slot: int) -> int:
    """How long the run of `slot` through position i would be, counting the slots already placed either side."""
    left = i
    while left > 0 and slots[left - 1] == slot:
        left -= 1
    right = i
    while right + 1 < len(slots) and slots[right + 1] == slot:
        right += 1
    return right - left + 1


def _faults(slots: Sequence[int], limits: Mapping[int, tuple[int, int]]) -> int:
    counts = {slot: 0 for slot in limits}
    for slot in slots:
        counts[slot] += 1
    out = sum(not low <= counts[slot] <= high for slot, (low, high) in limits.items())
    run = 0
    for i, slot in enumerate(slots):
        run = run + 1 if i and slots[i - 1] == slot else 1
        out += run == MAX_RUN + 1
    return out
