"""An order to study a whole bank in, one card after another (Anki's new cards): the questions of one fact spread
evenly over it, and no two questions that give each other away (see leaks.py) close together.

A quiz, a review or a printed test never holds two such questions; a deck holds them all, so it keeps them apart.

    >>> order = spaced([events, numbers], LeakCheck(bank.questions))   # the events reordered, then the numbers
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from ..model.questions import Question
from .leaks import LeakCheck

GAP = 5
"""Two questions of one fact, or two that leak, stand at least this many places apart (four others between them)
wherever the questions allow it."""
_LOOKAHEAD = 24
"""How many of the next questions in the even spread may come forward past one that would stand too close."""
_REACH = 200
"""How far back a question may go when none of the next few can stand at the end."""
_PAIRS_KEPT = 4096
"""How many pairs' verdicts _Apart keeps at most."""
_PHASE_STEP = 40_503
"""2**16 divided by the golden ratio: the phase of the r-th fact is the fractional part of r * 0.618..., so facts next
to each other in the bank (often quoting one passage) start far apart, and no two phases come close early on."""


def spread_evenly(questions: Sequence[Question]) -> list[Question]:
    """The questions with each fact's spread evenly: the j-th of a fact with k questions stands at (j + phase) / k of
    the way through, its fact's phase set by the fact's place in the bank (see _PHASE_STEP); each fact's questions
    keep their order."""
    by_fact: dict[str, list[Question]] = {}
    for q in questions:
        by_fact.setdefault(q.fact, []).append(q)
    keyed = []
    for rank, group in enumerate(by_fact.values()):
        phase = (rank * _PHASE_STEP & 0xFFFF) / 0x10000  # exact binary fractions: the same order on any machine
        keyed += [((j + phase) / len(group), rank, j, q) for j, q in enumerate(group)]
    keyed.sort(key=lambda item: item[:3])
    return [item[3] for item in keyed]


def spaced(groups: Iterable[Sequence[Question]], check: LeakCheck, gap: int = GAP) -> list[Question]:
    """The groups one after another (Anki shows subdecks one after another), each spread evenly, then reordered
    locally so that no question stands within `gap` places of one of its fact or one it leaks with, the end of the
    group before included. Where that cannot be (a small subdeck, one fact with most of its questions), a question
    goes where it stands farthest from its nearest such one."""
    placed: list[Question] = []
    apart = _Apart(check)
    for group in groups:
        _place(spread_evenly(group), placed, len(placed), apart, gap)
    check.forget(placed[-gap:])
    return placed


class _Apart:
    """Whether two questions must stand apart: one fact, or one gives the other away. Each pair is worked out once
    while it is near: a question passed over is compared again with most of the same end of the order."""

    def __init__(self, check: LeakCheck) -> None:
        self.check = check
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, a: Question, b: Question) -> bool:
        pair = (a.id, b.id)
        found = self._known.get(pair)
        if found is None:
            if len(self._known) >= _PAIRS_KEPT:
                self._known.clear()  # a bound on memory: the pairs compared next are near the end anyway
            found = self._known[pair] = a.fact == b.fact or self.check.why(a, b) is not None
        return found


def _place(pending: Sequence[Question], placed: list[Question], start: int, apart: _Apart, gap: int) -> None:
    """Place the pending questions after `placed[:start]`, in their order where they fit."""
    queue = deque(pending)
    crowded: list[Question] = []
    while queue:
        window = placed[max(0, len(placed) - gap + 1) :]
        best, nearest = _pick(queue, window, apart)
        chosen = queue[best]
        del queue[best]
        slot = len(placed)
        if nearest <= len(window):  # every one of the next few stands too close: try a place further back
            lo = max(start, len(placed) - _REACH)
            slot = _slot(chosen, placed, lo, nearest, apart, gap)
            placed.insert(slot, chosen)
            apart.check.forget(placed[max(0, lo - gap) : len(placed) - gap + 1])  # LeakCheck keeps the window only
            if _too_close(placed, slot, apart, gap):
                crowded.append(chosen)
        else:
            placed.append(chosen)
            if len(placed) >= gap:
                apart.check.forget((placed[-gap],))  # just out of the window
    for q in crowded:  # rare: a handful over a x10 bank
        _swap_apart(placed, next(i for i, other in enumerate(placed) if other is q), start, apart, gap)


def _too_close(placed: Sequence[Question], i: int, apart: _Apart, gap: int) -> bool:
    """Whether placed[i] stands within `gap` places of one it must stay away from."""
    return any(apart(placed[i], placed[t]) for t in range(max(0, i - gap + 1), min(len(placed), i + gap)) if t != i)


def _swap_apart(placed: list[Question], p: int, start: int, apart: _Apart, gap: int) -> None:
    """Swap placed[p], which stands too close to another, with the nearest question from `start` on such that both
    then stand clear: a swap moves no other question, so no other pair comes closer (an insertion, as _slot makes,
    can leave one pair short of the gap when every place is)."""
    if not _too_close(placed, p, apart, gap):
        return
    for s in sorted(range(max(start, p - _REACH), min(len(placed), p + _REACH + 1)), key=lambda s: (abs(s - p), s)):
        if s == p:
            continue
        placed[p], placed[s] = placed[s], placed[p]
        if not _too_close(placed, s, apart, gap) and not _too_close(placed, p, apart, gap):
            return
        placed[p], placed[s] = placed[s], placed[p]


def _pick(queue: deque[Question], window: Sequence[Question], apart: _Apart) -> tuple[int, int]:
    """The first of the next few questions with nothing of the window near it, else the one whose nearest is
    farthest back; with how far back that is (past the window: none)."""
    best, farthest = 0, -1
    for i in range(min(_LOOKAHEAD, len(queue))):
        distance = _nearest(queue[i], window, apart)
        if distance > farthest:
            best, farthest = i, distance
        if distance > len(window):
            break
    return best, farthest


def _nearest(q: Question, window: Sequence[Question], apart: _Apart) -> int:
    """How many places back the nearest question `q` must stay away from is (1: the last); past the window when
    there is none."""
    for back in range(1, len(window) + 1):
        if apart(q, window[-back]):
            return back
    return len(window) + 1


def _slot(q: Question, placed: list[Question], lo: int, nearest: int, apart: _Apart, gap: int) -> int:
    """Where q goes when the end is too close (`nearest` places) to one it must stay away from: the latest place from
    `lo` on with nothing such within `gap` on either side (putting it there only moves others apart), else the
    place farthest from the nearest such one, the end on a tie."""
    near: dict[int, bool] = {}

    def clash(i: int) -> bool:
        if i not in near:
            near[i] = apart(q, placed[i])
        return near[i]

    best, farthest = len(placed), nearest
    for slot in range(len(placed) - 1, lo - 1, -1):
        # Before slot: placed[slot - 1] is 1 place away; from slot on, placed[slot] is 1 place away too.
        before = next((d for d in range(1, min(gap, slot + 1)) if clash(slot - d)), gap)
        after = next((d for d in range(1, min(gap, len(placed) - slot + 1)) if clash(slot + d - 1)), gap)
        distance = min(before, after)
        if distance >= gap:
            return slot
        if distance > farthest:
            best, farthest = slot, distance
    return best
