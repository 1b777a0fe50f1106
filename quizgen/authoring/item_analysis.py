"""Item analysis from graded answer sheets or learners' histories: which questions worked, which distractors nobody
believed.

Classical test theory, as teachers' OMR tools report it: per question its difficulty (share correct), the
corrected point-biserial (the item against the total of the other items) and the upper-lower discrimination
(27% groups), how often each option was chosen; over the test, KR-20 reliability.

Both sources come in one form, the JSON `quizgen grade --format json` writes: versions of questions, and sheets of
answers. `from_learners` puts learners' first answers in that form, one "version" per learner (each saw the options
in their own order); since learners answer different questions, each question's discrimination is then taken
over the questions that everyone who answered it also answered, and KR-20 over the questions every learner answered.

>>> analysis = analyse(json.loads(Path("marks.json").read_text()))
>>> [item.id for item in analysis.items if item.point_biserial < 0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import ArgumentError
from ..model.models import LETTERS

LEARNERS = "learners"
"""The `respondents` of results made by `from_learners`; graded sheets have none."""

GROUP_SHARE = 0.27
"""Upper and lower groups: the top and bottom 27% of totals (Kelley's classic choice)."""
MIN_RESPONSES = 10
"""Fewer answers than this say little about a question: lint does not flag from them."""
NEGATIVE_BELOW = -0.05
"""Discrimination counts as negative only below this, on every measure there is: -0.04 is noise, not a flaw."""
MIN_SHEETS = MIN_RESPONSES
"""Fewer sheets (or learners) than this are too few for any of the statistics to mean anything, and the report says
so: the upper and lower 27% groups hold one or two sheets, so one student moves a question's upper-lower difference
by half its range or all of it, and KR-20, a ratio of variances estimated from the same few totals, can come out far
below 0 (2 sheets gave -2.11). It is the count below which lint flags nothing, so the two agree."""


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
    """How many sheets (or learners) were analysed."""
    items: tuple[Item, ...]
    totals: tuple[int, ...]
    """Each sheet's score over the analysed items (a learner's: over the questions they answered)."""
    kr20: float | None
    title: str = ""
    respondents: str = "graded sheets"
    """What `sheets` counts: graded sheets, or learners."""
    notes: tuple[str, ...] = ()
    """Why a statistic could not be given (too few learners, no common questions) or means nothing (too few sheets or
    learners, see MIN_SHEETS), for the reader."""

    @property
    def out_of(self) -> int:
        return len(self.items)


class Answered(Protocol):
    """One answer as a learner's history holds it (quizgen.study.history.StoredAnswer has these)."""

    @property
    def question_id(self) -> str: ...
    @property
    def stem(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def answer(self) -> int: ...
    @property
    def chosen(self) -> int | None: ...
    @property
    def source(self) -> str: ...


def from_learners(learners: Sequence[tuple[str, Sequence[Answered]]], title: str = "") -> dict:
    """Learners' answers (a name and each question's first answer, per learner) as results `analyse` and
    `quizgen lint --responses` read: one version and one sheet per learner, options in the order they saw them."""
    versions, sheets = [], []
    for name, answers in learners:
        questions = [
            {"number": n, "id": a.question_id, "key": LETTERS[a.answer], "letters": LETTERS[: len(a.options)],
             "stem": a.stem, "options": list(a.options), "source": a.source}
            for n, a in enumerate(answers, 1)
        ]  # fmt: skip
        chosen = {str(n): None if a.chosen is None else LETTERS[a.chosen] for n, a in enumerate(answers, 1)}
        versions.append({"label": name, "questions": questions})
        sheets.append({"file": name, "version": name, "answers": chosen, "flags": []})
    return {"title": title, "respondents": LEARNERS, "versions": versions, "sheets": sheets}


@dataclass(frozen=True)
class _Responses:
    """Results read into rows: per sheet, question id -> (chosen option text, '' for blank; correct?)."""

    questions: dict[str, dict]
    """Question id -> its entry in the first version that holds it (with every version's options), in order of
    first appearance."""
    rows: list[dict[str, tuple[str, bool]]]
    learners: bool


def _read(results: dict) -> _Responses:
    try:
        versions = {v["label"]: {q["number"]: q for q in v["questions"]} for v in results["versions"]}
        sheets = [
            s
            for s in results["sheets"]
            if s.get("version") in versions and not s.get("duplicate_of") and s.get("status") != "ignored"
        ]
        questions: dict[str, dict] = {}
        for listed in versions.values():
            for q in listed.values():
                first = questions.setdefault(q["id"], {**q, "options": list(q.get("options", ()))})
                # Every option anyone was shown: a learner's history may hold an older wording or another count.
                first["options"] += [o for o in q.get("options", ()) if o not in first["options"]]
        rows = [_row(sheet, versions[sheet["version"]]) for sheet in sheets]
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ArgumentError(
            "results", "{results}: not the JSON `quizgen grade --format json` writes (bad {why})", why=exc
        ) from None
    return _Responses(questions, rows, results.get("respondents") == LEARNERS)


def _row(sheet: dict, questions: dict[int, dict]) -> dict[str, tuple[str, bool]]:
    """One sheet's answers by question id; flagged rows are left out, a blank is ''."""
    flagged = {f["question"] for f in sheet.get("flags", []) if f.get("question") is not None}
    row = {}
    for number, q in questions.items():
        if number in flagged or str(number) not in sheet["answers"]:
            continue
        letter = sheet["answers"][str(number)]
        text = q["options"][q["letters"].index(letter)] if letter and q.get("options") else (letter or "")
        row[q["id"]] = (text, letter == q["key"])
    return row


def analyse(results: dict) -> Analysis:
    """The analysis of `quizgen grade --format json` output (it carries the versions' questions and keys), or of
    learners' answers put in that form by `from_learners`."""
    responses = _read(results)
    rows = responses.rows
    totals = [sum(ok for _, ok in row.values()) for row in rows]
    groups = _groups(totals)
    items = []
    for qid, q in responses.questions.items():
        if responses.learners:
            scored, upper_lower = _shared(rows, qid)
        else:
            scored = [(row[qid][1], totals[i] - row[qid][1]) for i, row in enumerate(rows) if qid in row]
            upper_lower = _upper_lower(rows, qid, *groups)
        items.append(_item(qid, q, rows, scored, upper_lower))
    kr20 = _kr20_common(rows) if responses.learners else _kr20(items, totals)
    return Analysis(
        len(rows), tuple(items), tuple(totals), kr20, results.get("title", ""),
        LEARNERS if responses.learners else "graded sheets",
        _notes(rows, kr20) if responses.learners else _too_few(len(rows), "graded sheets"),
    )  # fmt: skip


def _item(qid: str, q: dict, rows: list[dict], scored: list[tuple[bool, int]], upper_lower: float | None) -> Item:
    choices = {option: 0 for option in q.get("options") or q["letters"]}
    for row in rows:
        if qid in row:
            choices[row[qid][0]] = choices.get(row[qid][0], 0) + 1
    right = [int(ok) for ok, _ in scored]
    return Item(
        id=qid,
        stem=q.get("stem", ""),
        source=q.get("source", ""),
        correct=q["options"][q["letters"].index(q["key"])] if q.get("options") else q["key"],
        responses=len(scored),
        difficulty=sum(right) / len(right) if right else 0.0,
        point_biserial=_correlation(right, [rest for _, rest in scored]),
        upper_lower=upper_lower,
        choices=choices,
    )


def _shared(rows: list[dict], qid: str) -> tuple[list[tuple[bool, int]], float | None]:
    """For learners: each answer to `qid` with the learner's score on the other questions that every learner who
    answered `qid` also answered (none in common: no rest score, so no discrimination), and upper less lower."""
    answered = [row for row in rows if qid in row]
    common = set.intersection(*(set(row) for row in answered)) - {qid} if answered else set()
    if not common:
        return [(row[qid][1], 0) for row in answered], None
    scored = [(row[qid][1], sum(row[other][1] for other in common)) for row in answered]
    upper, lower = _groups([rest for _, rest in scored])
    if not upper:
        return scored, None
    return scored, sum(scored[i][0] for i in upper) / len(upper) - sum(scored[i][0] for i in lower) / len(lower)


def _kr20_common(rows: list[dict]) -> float | None:
    """KR-20 over the questions every learner answered, when there are two or more."""
    common = set.intersection(*(set(row) for row in rows)) if rows else set()
    if len(common) < 2:
        return None
    totals = [sum(row[q][1] for q in common) for row in rows]
    shares = [sum(row[q][1] for row in rows) / len(rows) for q in common]
    return _kr20_of(shares, totals)


def _too_few(count: int, noun: str) -> tuple[str, ...]:
    """The note for fewer than MIN_SHEETS sheets or learners (see there), else none."""
    if count >= MIN_SHEETS:
        return ()
    them = f"{count} {noun[:-1] if count == 1 else noun} {'is' if count == 1 else 'are'}"
    return (f"{them} too few for difficulty, discrimination or reliability (KR-20) to mean anything: below "
            f"{MIN_SHEETS}, one {noun.split()[-1][:-1]} more or less changes them wholesale and KR-20 can come out "
            "far below 0; no question is flagged",)  # fmt: skip


def _notes(rows: list[dict], kr20: float | None) -> tuple[str, ...]:
    """What could not be computed from these learners, and what it would take."""
    if len(rows) < 2:
        return (f"{len(rows)} learner{'s' * (len(rows) != 1)}: discrimination and reliability need answers from at "
                "least 2 learners",)  # fmt: skip
    out = list(_too_few(len(rows), LEARNERS))
    lonely = unshared = 0
    for qid in dict.fromkeys(q for row in rows for q in row):
        answered = [set(row) for row in rows if qid in row]
        lonely += len(answered) < 2
        unshared += len(answered) >= 2 and not set.intersection(*answered) - {qid}
    if lonely or unshared:
        out.append(
            "discrimination needs at least 2 learners who answered the question and another question in common: "
            f"n/a for {_count(lonely, 'question')} answered by only 1 learner and "
            f"{_count(unshared, 'question')} whose learners share no other question"
        )
    if kr20 is None:
        common = set.intersection(*(set(row) for row in rows))
        out.append(
            "reliability (KR-20) needs at least 2 questions that every learner answered (and scores that differ); "
            f"these {len(rows)} learners have {len(common)} in common"
        )
    return tuple(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


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
    return _kr20_of([i.difficulty for i in items], totals)


def _kr20_of(shares: list[float], totals: list[int]) -> float | None:
    """KR-20 from each item's share correct and each respondent's total over those items."""
    k, n = len(shares), len(totals)
    if k < 2 or n < 2:
        return None
    mean = sum(totals) / n
    variance = sum((t - mean) ** 2 for t in totals) / n
    if variance == 0:
        return None
    return k / (k - 1) * (1 - sum(p * (1 - p) for p in shares) / variance)


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
        if against := _against(item):
            out.append(
                Finding(
                    item.id,
                    "negative discrimination",
                    f"point-biserial {_num(item.point_biserial)}, upper-lower {_num(item.upper_lower)}: "
                    f"{against} (n={item.responses})",
                )
            )
        for option, count in item.choices.items():
            if option and option != item.correct and count == 0:
                out.append(Finding(item.id, "unchosen distractor", f"nobody chose “{option}” (n={item.responses})"))
    return out


def _against(item: Item) -> str:
    """What the discrimination measures say when every one there is goes below NEGATIVE_BELOW, worded from them;
    '' otherwise (one measure near 0 or above it is no evidence that stronger students do worse)."""
    measures = [v for v in (item.point_biserial, item.upper_lower) if v is not None]
    if not measures or any(v > NEGATIVE_BELOW for v in measures):
        return ""
    said = []
    if item.point_biserial is not None:
        said.append("the higher a sheet's score on the other questions, the less often it got this one right")
    if item.upper_lower is not None:
        points = round(-item.upper_lower * 100)
        said.append(f"the top 27% got it right less often than the bottom 27%, by {points} percentage points")
    return "; ".join(said)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


PASS_MARKS = "pass what `quizgen grade --format json` wrote"


def read_results(path: str | Path) -> dict:
    """The JSON `quizgen grade --format json` wrote, read for `analyse`; an unreadable file is an error naming it,
    and so is another of quizgen's files (the manifest, the results store, the marks as CSV), saying what to pass."""
    import json

    try:
        text = Path(path).read_text(encoding="utf-8")
        raw = json.loads(text)
    except OSError as exc:
        raise ArgumentError(
            "results", "{results}: cannot read {value}: {why}", value=path, why=exc.strerror or exc
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if not isinstance(exc, UnicodeDecodeError) and text.lstrip("\ufeff").startswith("file,page,version,"):
            why = "is the marks as CSV; run quizgen grade again with --format json -o marks.json and pass that"
            raise ArgumentError("results", "{results}: {value} {why}", value=path, why=why) from None
        raise ArgumentError("results", "{results}: {value} is not JSON: {why}", value=path, why=exc) from None
    what = _other_file(raw)
    if what:
        raise ArgumentError("results", "{results}: {value} is {what}", value=path, what=what)
    return raw


def _other_file(raw: object) -> str:
    """What another of quizgen's JSON files is, and what to pass instead; '' for anything else."""
    if not isinstance(raw, dict):
        return ""
    sheets = raw.get("sheets")
    if isinstance(sheets, list) and any(isinstance(s, dict) and "qr" in s for s in sheets):
        return f"the test's manifest, not the marks: {PASS_MARKS}"
    if isinstance(raw.get("pages"), dict) and "sheets" not in raw:
        return f"grade's store of graded pages, not the marks: {PASS_MARKS}"
    return ""
