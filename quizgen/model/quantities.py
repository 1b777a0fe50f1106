"""Quantities with a unit and an optional scale, rendered the way a reader expects ('$33 billion', '19%')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..util.records import ValueRecord

SCALES = ("thousand", "million", "billion", "trillion")


@dataclass(frozen=True, repr=False, eq=False)
class Quantity(ValueRecord):
    """A number or a range with its unit: `percent`, `usd`, or a plural noun such as `days`."""

    low: float
    high: float | None
    unit: str
    scale: str | None = None

    @property
    def kind(self) -> tuple[str, str | None]:
        """What it can be compared with: the same unit; money also by scale so '$33 billion' meets '$6 billion'."""
        return (self.unit, self.scale if self.unit == "usd" else None)

    @property
    def magnitude(self) -> float:
        return self.low if self.high is None else (self.low + self.high) / 2

    def display(self) -> str:
        low, high, scale_name = _stepped_up(self.low, self.high, self.scale)
        number = _num(low) if high is None else f"{_num(low)}\u2013{_num(high)}"
        scale = f" {scale_name}" if scale_name else ""
        if self.unit == "percent":
            return f"{number}%{scale}"
        if self.unit == "usd":
            return f"${number}{scale}"
        unit = _singular(self.unit) if self.high is None and self.low == 1 and not scale else self.unit
        return f"{number}{scale} {unit}"

    def scaled(self, factor: float) -> Quantity | None:
        """A plausible wrong value near this one, rounded the way the source rounds."""
        low = _round_like(self.low * factor, self.low)
        high = None if self.high is None else _round_like(self.high * factor, self.high)
        if low <= 0 or (self.unit == "percent" and (high or low) > 100) or (high is not None and high <= low):
            return None
        return Quantity(low, high, self.unit, self.scale)


def _stepped_up(low: float, high: float | None, scale: str | None) -> tuple[float, float | None, str | None]:
    """A scaled value of 1,000 or more, in the next scale: "$1 billion" as texts write it, not "$1,000 million"."""
    while scale in SCALES[:-1] and low >= 1000 and (high is None or high >= 1000):
        low, high, scale = low / 1000, None if high is None else high / 1000, SCALES[SCALES.index(scale) + 1]
    return low, high, scale


def _singular(unit: str) -> str:
    """'1 weeks' reads wrong: units are written as plurals, so make the common English plurals singular."""
    if unit.endswith(("sses", "shes", "ches", "xes")):
        return unit[:-2]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def _num(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _round_like(value: float, like: float) -> float:
    """Round to as many significant places as `like` shows, so 33 begets 17 or 50, not 16.5."""
    if float(like).is_integer():
        if value >= 10:
            return float(round(value))
        return float(max(1, round(value)))
    return round(value, 1)


_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def option_numbers(option: str) -> tuple[float, ...]:
    """The numbers an option names, in order: what an `ordered` hand-written question sorts its options by."""
    return tuple(float(n) for n in _NUMBERS.findall(option.replace(",", "")))
