"""The manifest `quizgen print` writes beside a PDF (`<stem>.quizgen.json`), read back as typed data for grading."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...errors import ArgumentError


@dataclass(frozen=True)
class Question:
    number: int
    id: str
    key: str
    letters: str
    stem: str = ""
    source: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bubble:
    label: str
    """A letter for an answer bubble, a digit for a student-number bubble."""
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Layout:
    """Where everything is on one answer-sheet page, in points from the top-left corner."""

    version: str
    sheet_page: int
    size: tuple[float, float]
    marks: tuple[tuple[float, float], ...]
    """Centres of the tl, tr, br, bl registration marks."""
    qr: tuple[float, float, float]
    student_number: tuple[tuple[Bubble, ...], ...]
    answers: tuple[tuple[int, tuple[Bubble, ...]], ...]
    """(question number, its bubbles) per row."""


@dataclass(frozen=True)
class Manifest:
    test: str
    title: str
    versions: dict[str, tuple[Question, ...]]
    layouts: dict[tuple[str, int], Layout]
    """By (version, sheet page)."""
    raw: dict

    def question(self, version: str, number: int) -> Question:
        return self.versions[version][number - 1]


def load_manifest(path: str | Path) -> Manifest:
    """Read `<stem>.quizgen.json`; a missing or malformed file is a QuizgenError naming it."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArgumentError("test", "{test}: cannot read {value}: {why}", value=path, why=exc.strerror or exc) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if path.read_bytes()[:5] == b"%PDF-":
            manifest = path.with_name(path.name.removesuffix(path.suffix) + ".quizgen.json")
            why = f"is the printed PDF; pass {manifest}, which quizgen print wrote beside it"
            raise ArgumentError("test", "{test}: {value} {why}", value=path, why=why) from None
        raise ArgumentError("test", "{test}: {value} is not a quizgen manifest: {why}", value=path, why=exc) from None
    try:
        return parse_manifest(raw)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ArgumentError(
            "test", "{test}: {value} is not a quizgen manifest (bad or missing {why})", value=path, why=exc
        ) from None


def parse_manifest(raw: dict) -> Manifest:
    versions = {
        v["label"]: tuple(
            Question(
                int(q["number"]),
                str(q["id"]),
                str(q["key"]),
                str(q["letters"]),
                str(q.get("stem", "")),
                str(q.get("source", "")),
                tuple(q.get("options", ())),
            )
            for q in v["questions"]
        )
        for v in raw["versions"]
    }
    layouts = {}
    for s in raw["sheets"]:
        layout = Layout(
            version=str(s["version"]),
            sheet_page=int(s.get("sheet_page", 1)),
            size=(float(s["size"][0]), float(s["size"][1])),
            marks=tuple((float(m["x"]), float(m["y"])) for m in s["marks"]),
            qr=(float(s["qr"]["x"]), float(s["qr"]["y"]), float(s["qr"]["size"])),
            student_number=tuple(
                tuple(Bubble(str(b["digit"]), b["x"], b["y"], b["r"]) for b in column) for column in s["student_number"]
            ),
            answers=tuple(
                (int(row["number"]), tuple(Bubble(b["letter"], b["x"], b["y"], b["r"]) for b in row["bubbles"]))
                for row in s["answers"]
            ),
        )
        if len(layout.marks) != 4:
            raise ValueError("marks")
        layouts[(layout.version, layout.sheet_page)] = layout
    if not layouts:
        raise ValueError("sheets")
    return Manifest(str(raw["test"]), str(raw.get("title", "")), versions, layouts, raw)
