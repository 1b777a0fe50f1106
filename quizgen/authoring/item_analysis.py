"""Item analysis from graded answer sheets: which questions worked, which distractors nobody believed.

Classical test theory, as teachers' OMR tools report it: per question its difficulty (share correct), the
corrected point-biserial (the item against the total of the other items) and the upper-lower discrimination
(27% groups), how often each option was chosen; over the test, KR-20 reliability.

>>> analysis = analyse(json.loads(Path("marks.json").read_text()))
>>> [item.id for item in analysis.items if item.point_biserial < 0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArgumentError

GROUP_SHARE = 0.27
"""Upper and lower groups: the top and bottom 27% of totals (Kelley's classic choice)."""
MIN_RESPONSES = 10
"""Fewer answers than this say little about a question: lint does not flag from them."""


@dataclass(frozen=True)
class Item:
    """One question across every version it was printed in."""

    id: str
    stem: str
    source: str
    correct: str
    """The correct option's text."""
    responses: int
    """Sheets on which this question was read (blank counts as wrong; a flagged row is left out)."""
    difficulty: float
    """Share correct (p); 1.0 means everyone knew it."""
    point_biserial: float | None
    """Correlation of this item with the total of the others; None when either does not vary."""
    upper_lower: float | None
    """Share correct in the upper group less that in the lower group."""
    choices: dict[str, int]
    """Option text -> how many chose it; a blank is counted under ''."""


@dataclass(frozen=True)
class Analysis:
    sheets: int
    items: tuple[Item, ...]
    totals: tuple[int, ...]
    """Each sheet's score over the analysed items."""
    kr20: float | None
    title: str = ""

    @property
    def out_of(self) -> int:
        return len(self.items)


def analyse(results: dict) -> Analysis:
    """The analysis of `quizgen grade --format json` output (it carries the versions' questions and keys)."""
    try:
        versions = {v["label"]: {q["number"]: q for q in v["questions"]} for v in results["versions"]}
        sheets = [s for s in results["sheets"] if s.get("version") in versions and not s.get("duplicate_of")]
    except (KeyError, TypeError) as exc:
        raise ArgumentError(
            "results", "{results}: not the JSON `quizgen grade --format json` writes (missing {why})", why=exc
        ) from None
    ids: list[str] = []
    info: dict[str, dict] = {}
    for questions in versions.values():
        for q in questions.values():
            if q["id"] not in info:
                ids.append(q["id"])
                info[q["id"]] = q
    # Per sheet: question id -> (chosen option text or '' for blank, correct?); flagged rows are absent.
    answered: list[dict[str, tuple[str, bool]]] = []
    for sheet in sheets:
        flagged = {f["question"] for f in sheet.get("flags", []) if f.get("question") is not None}
        row = {}
        for number, q in versions[sheet["version"]].items():
            if number in flagged or str(number) not in sheet["answers"]:
                continue
            letter = sheet["answers"][str(number)]
            text = q["options"][q["letters"].index(letter)] if letter and q.get("options") else (letter or "")
            row[q["id"]] = (text, letter == q["key"])
        answered.append(row)
    totals = [sum(ok for _, ok in row.values()) for row in answered]
    upper, lower = _groups(totals)
    items = []
    for qid in ids:
        q = info[qid]
        correct_text = q["options"][q["letters"].index(q["key"])] if q.get("options") else q["key"]
        scored = [(row[qid][1], totals[i] - row[qid][1]) for i, row in enumerate(answered) if qid in row]
        choices = {option: 0 for option in q.get("options") or q["letters"]}
        for row in answered:
            if qid in row:
                choices[row[qid][0]] = choices.get(row[qid][0], 0) + 1
        right = [int(ok) for ok, _ in scored]
        items.append(
            Item(
                id=qid,
                stem=q.get("stem", ""),
                source=q.get("source", ""),
                correct=correct_text,
                responses=len(scored),
                difficulty=sum(right) / len(right) if right else 0.0,
                point_biserial=_correlation(right, [rest for _, rest in scored]),
                upper_lower=_upper_lower(answered, qid, upper, lower),
                choices=choices,
            )
        )
    return Analysis(len(answered), tuple(items), tuple(totals), _kr20(items, totals), results.get("title", ""))


def _groups(totals: list[int]) -> tuple[list[int], list[int]]:
    """Indexes of the upper and lower 27% of sheets by total (ties broken by sheet order, for reproducibility)."""
    size = max(1, round(len(totals) * GROUP_SHARE)) if len(totals) >= 2 else 0
    order = sorted(range(len(totals)), key=lambda i: (totals[i], i))
    return order[len(order) - size :], order[:size]


def _upper_lower(answered: list[dict], qid: str, upper: list[int], lower: list[int]) -> float | None:
    def share(group: list[int]) -> float | None:
        marks = [answered[i][qid][1] for i in group if qid in answered[i]]
        return sum(marks) / len(marks) if marks else None

    high, low = share(upper), share(lower)
    return None if high is None or low is None else high - low


def _correlation(xs: list[int], ys: list[int]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def _kr20(items: list[Item], totals: list[int]) -> float | None:
    k, n = len(items), len(totals)
    if k < 2 or n < 2:
        return None
    mean = sum(totals) / n
    variance = sum((t - mean) ** 2 for t in totals) / n
    if variance == 0:
        return None
    return k / (k - 1) * (1 - sum(i.difficulty * (1 - i.difficulty) for i in items) / variance)


@dataclass(frozen=True)
class Finding:
    """A question that real answers show to be flawed."""

    id: str
    check: str
    message: str


def findings(analysis: Analysis, min_responses: int = MIN_RESPONSES) -> list[Finding]:
    """Negative discrimination and distractors nobody chose, for questions answered at least `min_responses` times."""
    out = []
    for item in analysis.items:
        if item.responses < min_responses:
            continue
        negative = [v for v in (item.point_biserial, item.upper_lower) if v is not None and v < 0]
        if negative:
            out.append(
                Finding(
                    item.id,
                    "negative discrimination",
                    f"point-biserial {_num(item.point_biserial)}, upper-lower {_num(item.upper_lower)}: "
                    f"stronger students got it wrong more often (n={item.responses})",
                )
            )
        for option, count in item.choices.items():
            if option and option != item.correct and count == 0:
                out.append(Finding(item.id, "unchosen distractor", f"nobody chose “{option}” (n={item.responses})"))
    return out


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def read_results(path: str | Path) -> dict:
    """The JSON `quizgen grade --format json` wrote, read for `analyse`; an unreadable file is an error naming it."""
    import json

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArgumentError(
            "results", "{results}: cannot read {value}: {why}", value=path, why=exc.strerror or exc
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArgumentError("results", "{results}: {value} is not JSON: {why}", value=path, why=exc) from None
