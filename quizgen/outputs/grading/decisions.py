"""What the teacher decided about flagged pages (`quizgen grade --decide`), kept in the results store.

A decision names a page as quizgen's messages do (`scans/batch.pdf:5`; a lone image may be named without `:1`)
and says one or more of: `q7=B` (or `q7=blank`) for a row, `student=100006` for the number, `version=A` (`A:2`:
the second page of version A's sheet) for a sheet whose code cannot be read, `ignore` to leave the page out, and
`accept` to count a sheet whose other pages were never scanned. Stored by the page's key (the scan's sha256 and
page), so a renamed or moved scan keeps its decisions; a later decision of the same thing replaces the earlier.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...errors import ArgumentError
from .grade import SheetResult
from .manifest import Layout, Manifest

SETTING = re.compile(
    r"q(?P<q>[1-9][0-9]*)=(?P<letter>[A-Za-z]|blank)|version=(?P<version>[A-Za-z][0-9A-Za-z]*(:[1-9][0-9]*)?)"
    r"|student=(?P<student>[0-9]+)|(?P<word>ignore|accept)"
)
EXAMPLE = '"scans.pdf:5 q7=B"'


@dataclass(frozen=True)
class Decision:
    """One `--decide` as given: the page's key, its name, and the settings by name (`q7`, `version`, ...)."""

    text: str
    key: str
    name: str
    settings: dict[str, str | bool | None]


def parse(text: str, names: dict[str, str]) -> Decision:
    """Read one `--decide`; `names` maps every page name the messages use to the page's key."""
    tokens = text.split()
    settings: dict[str, str | bool | None] = {}
    while tokens and (match := SETTING.fullmatch(tokens[-1])):
        tokens.pop()
        if match["q"]:
            settings.setdefault(f"q{int(match['q'])}", None if match["letter"] == "blank" else match["letter"].upper())
        elif match["version"]:
            settings.setdefault("version", match["version"].upper())
        elif match["student"]:
            settings.setdefault("student", match["student"])
        else:
            settings.setdefault(match["word"], True)
    if not tokens or not settings:
        raise ArgumentError(
            "decide",
            "{decide}: '{value}' is not a page and what to decide about it (q7=B, q7=blank, student=NUMBER, "
            "version=A, ignore or accept), e.g. {example}",
            value=text,
            example=EXAMPLE,
        )
    name = " ".join(tokens)
    key = _resolve(name, names)
    if key is None:
        example = next(iter(names), "scans.pdf:5")
        raise ArgumentError(
            "decide",
            "{decide}: no page '{value}' among the scans graded for this test; name it as the messages do, e.g. "
            "{example}",
            value=name,
            example=example,
        )
    return Decision(text, key, name, dict(reversed(settings.items())))


def _resolve(name: str, names: dict[str, str]) -> str | None:
    for candidate in (name, f"{name}:1"):
        if candidate in names:
            return names[candidate]
    file, _, page = name.rpartition(":")
    wanted = (os.path.normpath(file), page) if page.isdigit() else (os.path.normpath(name), "1")
    found = {key for known, key in names.items() if _split(known) == wanted}
    return found.pop() if len(found) == 1 else None


def _split(name: str) -> tuple[str, str]:
    file, _, page = name.rpartition(":")
    return os.path.normpath(file), page


def merged(stored: dict[str, dict], decisions: Iterable[Decision]) -> dict[str, dict]:
    """The stored decisions with these added: a later decision of the same thing on a page replaces the earlier."""
    out = {key: dict(value) for key, value in stored.items()}
    for decision in decisions:
        out[decision.key] = {**out.get(decision.key, {}), **decision.settings, "page": decision.name}
    return out


def given_version(settings: dict) -> tuple[str, int] | None:
    """(version, sheet page) a `version=` decision gives, if any."""
    value = settings.get("version")
    if not isinstance(value, str):
        return None
    version, _, page = value.partition(":")
    return version, int(page or 1)


def check(manifest: Manifest, decision: Decision, page: SheetResult) -> None:
    """An ArgumentError naming --decide unless every setting of `decision` fits `page` (graded, and re-read under a
    given version) and the test."""
    version = given_version(decision.settings)
    if version is not None and version not in manifest.layouts:
        versions = ", ".join(sorted({v for v, _ in manifest.layouts}))
        _fail(decision, f"the test has no version {_which(*version)} (its versions: {versions})")
    layout = manifest.layouts.get((page.version or "", page.sheet_page or 1))
    student = decision.settings.get("student")
    digits = len((layout or next(iter(manifest.layouts.values()))).student_number)
    if isinstance(student, str) and len(student) != digits:
        _fail(decision, f"student={student} has {len(student)} digits; the sheet's number has {digits}")
    questions = [name for name in decision.settings if name.startswith("q")]
    if questions and layout is None:
        _fail(decision, f"{page_name(page)} has no version yet (its code cannot be read); give version= first")
    for name in questions:
        _check_row(manifest, decision, page, layout, name)


def _check_row(manifest: Manifest, decision: Decision, page: SheetResult, layout: Layout | None, name: str) -> None:
    assert layout is not None and page.version is not None
    number = int(name[1:])
    if number not in {row for row, _ in layout.answers}:
        _fail(decision, f"{page_name(page)} ({_which(page.version, layout.sheet_page)}) has no question {number}")
    letter = decision.settings[name]
    letters = manifest.question(page.version, number).letters
    if isinstance(letter, str) and letter not in letters:
        _fail(decision, f"question {number} of version {page.version} has options {', '.join(letters)}, not {letter}")


def _which(version: str, sheet_page: int) -> str:
    return version + (f" page {sheet_page}" if sheet_page > 1 else "")


def _fail(decision: Decision, why: str) -> None:
    raise ArgumentError("decide", "{decide}: '{value}': {why}", value=decision.text, why=why)


def page_name(sheet: SheetResult) -> str:
    """A scanned page as every message names it, and as `--decide` takes it: `scans/batch.pdf:5`."""
    return f"{sheet.file}:{sheet.page}"


def apply(manifest: Manifest, sheet: SheetResult, settings: dict | None) -> SheetResult:
    """The page as the teacher decided it: rows and number set (their flags gone, the score counted again), or
    ignored; `decided` lists what was decided."""
    if not settings:
        return sheet
    decided = tuple(_setting(name, value) for name, value in sorted(settings.items(), key=_order) if name != "page")
    if settings.get("ignore"):
        return replace(sheet, ignored=True, decided=decided)
    answers = dict(sheet.answers)
    flags = list(sheet.flags)
    number = sheet.student_number
    if isinstance(settings.get("student"), str):
        number = settings["student"]
        flags = [f for f in flags if f.question is not None or "student number" not in f.reason]
    for name, value in settings.items():
        if re.fullmatch(r"q[0-9]+", name) and int(name[1:]) in answers:
            answers[int(name[1:])] = value
            flags = [f for f in flags if f.question != int(name[1:])]
    score = sheet.score
    if sheet.version is not None:
        flagged = {f.question for f in flags}
        version = sheet.version
        score = sum(1 for q, a in answers.items() if q not in flagged and a == manifest.question(version, q).key)
    return replace(sheet, answers=answers, flags=tuple(flags), student_number=number, score=score, decided=decided)


def _order(item: tuple[str, object]) -> tuple[int, int, str]:
    name = item[0]
    return (1, int(name[1:]), "") if re.fullmatch(r"q[0-9]+", name) else (0, 0, name)


def _setting(name: str, value: object) -> str:
    if value is True:
        return name
    return f"{name}={'blank' if value is None else value}"
