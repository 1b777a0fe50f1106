"""What `quizgen lint` says: a lint report, or the findings of graded answers, as lines of text.

Kept apart from the checks (lint.py, item_analysis.py) so the command only prints, and the wording is testable
without a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator

from .item_analysis import MIN_RESPONSES, Analysis, findings
from .lint import (
    MARGIN,
    MIN_ITEMS,
    SHOWN,
    TEMPLATE_RANGE,
    TRUE_RANGE,
    LintReport,
    Score,
    position_range,
    positions_judged,
)

LISTED = 20
"""How many flagged items a report lists unless asked for all of them."""


def report_lines(report: LintReport, *, verbose: bool = False, show_all: bool = False) -> Iterator[str]:
    """The report: answer positions, each cue's score against chance, the key's ranks, the flagged items."""
    yield f"{report.total} questions"
    for count, shares in report.positions.items():
        low, high = position_range(count)
        which = "" if count == 4 else f" of the {report.option_counts.get(count, 0)} {count}-option items"
        few = (
            ""
            if positions_judged(report, count)
            else f"; note: not judged below {MIN_ITEMS * count} such items ({MIN_ITEMS} per letter): too few for the "
            "letters to balance, and quizgen places the keys"
        )
        yield (
            f"answer positions{which} (each {low:.0%}–{high:.0%}): "
            + ", ".join(f"{k} {v:.1%}" for k, v in shares.items())
            + few
        )
    for template, (items, shares) in report.templates.items():
        low, high = TEMPLATE_RANGE
        yield f"note: template {template}'s keys ({items} items; each {low:.0%}–{high:.0%} expected): " + ", ".join(
            f"{k} {v:.1%}" for k, v in shares.items()
        )
    if report.true_false[0]:
        low, high = TRUE_RANGE
        yield f"true/false: {report.true_false[1]:.1%} of {report.true_false[0]} statements true ({low:.0%}–{high:.0%})"
    yield f"cues (each at most {MARGIN * 100:.0f} points above chance over the items it applies to):"
    for name, result in report.strategies.items():
        yield _cue_line(name, result, verbose)
    for what, counts in (("dates, earliest", report.date_ranks), ("numbers, smallest", report.number_ranks)):
        total = sum(counts.values())
        if total:
            yield f"key rank among {what} first ({total} items): " + ", ".join(
                f"{r}: {counts[r] / total:.0%}" for r in sorted(counts)
            )
    yield from _flagged([f"{flag.question}: [{flag.check}] {flag.message}" for flag in report.flags], show_all)


def _cue_line(name: str, result: Score, verbose: bool) -> str:
    mark = "FAIL" if result.failed else "ok" if result.judged else "-"
    if not result.items:
        return f"  {'-':>6} vs {'-':>5}  {mark:4}  {name} (applies to no item)"
    shown = result.offenders if verbose else result.offenders[:SHOWN]
    more = len(result.offenders) - len(shown)
    worst = (": " + ", ".join(shown) + (f" and {more} more" if more else "")) if shown and result.judged else ""
    few = "" if result.judged else ", too few to judge"
    return f"  {result.score:6.1%} vs {result.chance:5.1%}  {mark:4}  {name} ({result.items} items{few}){worst}"


def _flagged(lines: list[str], show_all: bool) -> Iterator[str]:
    if not lines:
        return
    shown = lines if show_all else lines[:LISTED]
    yield f"flagged items ({len(lines)}):"
    yield from (f"  {line}" for line in shown)
    if len(shown) < len(lines):
        yield f"  ... and {len(lines) - len(shown)} more (--all)"


def respondents(count: int, noun: str) -> str:
    """`1 learner`, `3 graded sheets`."""
    return f"{count} {noun[:-1] if count == 1 else noun}"


def response_lines(analysis: Analysis, *, show_all: bool = False) -> tuple[list[str], bool]:
    """The questions real answers show to be flawed, and whether any is."""
    found = findings(analysis)
    head = (
        f"{respondents(analysis.sheets, analysis.respondents)}, {analysis.out_of} questions "
        f"(questions answered fewer than {MIN_RESPONSES} times are not judged)"
    )
    flagged = list(_flagged([f"{f.id}: [{f.check}] {f.message}" for f in found], show_all))
    return [head, *(flagged or ["no question flagged"])], bool(found)
