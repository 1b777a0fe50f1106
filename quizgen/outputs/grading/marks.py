"""How dark each bubble is, and what a row of bubbles says: one mark, blank, or something a teacher must look at.

A bubble's fill is the mean ink darkness (0-1) inside 70% of its radius, so the printed outline never counts, less
the darkness of an untouched bubble on the same sheet (its printed letter). The thresholds leave a wide band
between "blank" and "marked": whatever falls in it is flagged, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from .manifest import Bubble
from .register import SCALE

INNER = 0.7
"""Share of the radius measured: the printed outline lies outside it even when registration is 1.5 pt off."""
BLANK_BELOW = 0.04
"""A fill under this is an empty bubble (or an eraser's faint trace next to a clear mark)."""
MARK_FROM = 0.18
"""A fill from this up is a mark: a light pencil fill, a tick or a cross reaches it; a stray dot or a trace does not."""
TRACE_SHARE = 0.4
"""Next to a clear mark, another bubble counts as an erased trace only while it is under this share of the mark."""


@dataclass(frozen=True)
class Reading:
    """What one row (a question, or one digit of the student number) says."""

    value: str | None
    """The letter or digit read; None for a blank row or a flagged one."""
    flag: str | None
    """Why a teacher must look: 'two marks', 'faint mark', 'unclear mark'; None when the reading is sure."""
    fills: tuple[float, ...]


@cache
def _disc(radius_px: int) -> np.ndarray:
    yy, xx = np.mgrid[-radius_px : radius_px + 1, -radius_px : radius_px + 1]
    return (xx * xx + yy * yy) <= radius_px * radius_px


def raw_fill(image: np.ndarray, bubble: Bubble) -> float:
    """Mean darkness (0-1) inside the bubble's inner disc on a rectified page."""
    radius = max(2, round(bubble.r * INNER * SCALE))
    cx, cy = round(bubble.x * SCALE), round(bubble.y * SCALE)
    patch = image[cy - radius : cy + radius + 1, cx - radius : cx + radius + 1]
    mask = _disc(radius)
    if patch.shape != mask.shape:
        return 0.0
    return float(patch[mask].mean()) / 255.0


def blank_level(fills: list[float]) -> float:
    """The fill of an untouched bubble on this sheet: a low quantile, since most bubbles are left empty."""
    return float(np.quantile(fills, 0.2)) if fills else 0.0


def decide(bubbles: tuple[Bubble, ...], fills: tuple[float, ...]) -> Reading:
    """One mark is read; none is a blank; two, or one too faint or too close to another, are flagged."""
    order = sorted(range(len(fills)), key=lambda i: -fills[i])
    top = fills[order[0]]
    second = fills[order[1]] if len(order) > 1 else 0.0
    if second >= MARK_FROM:
        return Reading(None, "two marks", fills)
    if top >= MARK_FROM:
        if second >= BLANK_BELOW and second > TRACE_SHARE * top:
            return Reading(None, "unclear mark", fills)
        return Reading(bubbles[order[0]].label, None, fills)
    if top >= BLANK_BELOW:
        return Reading(None, "faint mark", fills)
    return Reading(None, None, fills)


def read_rows(image: np.ndarray, rows: list[tuple[Bubble, ...]]) -> list[Reading]:
    """Every row's reading, each bubble's fill taken relative to this sheet's untouched bubbles."""
    raw = [[raw_fill(image, b) for b in row] for row in rows]
    base = blank_level([f for row in raw for f in row])
    return [
        decide(row, tuple(round(max(0.0, f - base), 3) for f in fills)) for row, fills in zip(rows, raw, strict=True)
    ]
