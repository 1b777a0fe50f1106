"""Synthetic scans of filled answer sheets: a printed sheet rasterised, marked as students mark, then distorted as
a scanner or a phone camera does. Everything is drawn from a seeded generator, so a failing sheet can be remade.

Each mark style has a truth: a clear mark must be read as its letter, a blank as blank, and an ambiguous row
(two marks, a faint mark, an erased mark left alone) must be flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2

CLEAR = ("full", "full", "full", "partial", "tick", "cross", "pencil", "changed")
AMBIGUOUS = ("two", "faint", "erased")


@dataclass(frozen=True)
class Truth:
    """What a grader must make of a filled sheet."""

    answers: dict[int, str | None]
    """Question -> the letter marked, or None for a blank; questions in `flagged` are absent."""
    flagged: frozenset[int]
    student_number: str | None
    """None when the number was marked ambiguously (then the sheet must carry a student-number flag)."""
    styles: dict[int, str]


def render_page(pdf: bytes, page: int, dpi: int) -> np.ndarray:
    key = (hash(pdf), page, dpi)
    if key not in _RENDERED:
        _RENDERED[key] = _render(pdf, page, dpi)
    return _RENDERED[key].copy()


_RENDERED: dict[tuple, np.ndarray] = {}


def _render(pdf: bytes, page: int, dpi: int) -> np.ndarray:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page - 1].render(scale=dpi / 72, grayscale=True).to_numpy()
    document.close()
    return (image[..., 0] if image.ndim == 3 else image).copy()


def _disc_points(cx: float, cy: float, radius: float, rng: np.random.Generator, wobble: float) -> np.ndarray:
    """A hand-drawn blob: a circle with a wobbly edge."""
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    radii = radius * (1 + rng.uniform(-wobble, wobble, angles.size))
    return np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], axis=1).round().astype(np.int32)


def draw(image: np.ndarray, bubble: dict, style: str, scale: float, rng: np.random.Generator) -> None:
    """Mark one bubble (manifest coordinates in points, `scale` pixels per point) in place."""
    cx, cy, r = bubble["x"] * scale, bubble["y"] * scale, bubble["r"] * scale
    cx += rng.uniform(-0.12, 0.12) * r
    cy += rng.uniform(-0.12, 0.12) * r
    ink = int(rng.integers(10, 60))
    if style == "full":
        cv2.fillPoly(image, [_disc_points(cx, cy, r * rng.uniform(0.85, 1.05), rng, 0.08)], ink, cv2.LINE_AA)
    elif style == "partial":  # most of the bubble, scribbled in from one side
        x0, y0 = int(cx - 2 * r), int(cy - 2 * r)
        patch = image[y0 : int(cy + 2 * r), x0 : int(cx + 2 * r)]
        mask = np.zeros_like(patch)
        cv2.fillPoly(mask, [_disc_points(cx - x0, cy - y0, r * 0.95, rng, 0.05)], 255, cv2.LINE_AA)
        angle = rng.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0 : patch.shape[0], 0 : patch.shape[1]]
        keep = ((xx - cx + x0) * np.cos(angle) + (yy - cy + y0) * np.sin(angle)) < r * rng.uniform(0.2, 0.5)
        region = (mask > 128) & keep
        patch[region] = np.minimum(patch[region], ink)
    elif style == "pencil":  # graphite: grey and grainy
        x0, y0 = int(cx - 2 * r), int(cy - 2 * r)
        patch = image[y0 : int(cy + 2 * r), x0 : int(cx + 2 * r)]
        mask = np.zeros_like(patch)
        cv2.fillPoly(mask, [_disc_points(cx - x0, cy - y0, r * rng.uniform(0.85, 1.0), rng, 0.08)], 255, cv2.LINE_AA)
        level = rng.uniform(95, 140) + rng.normal(0, 18, patch.shape)
        region = mask > 128
        patch[region] = np.minimum(patch[region], np.clip(level[region], 0, 255).astype(np.uint8))
    elif style == "tick":
        width = max(2, round(rng.uniform(1.6, 2.2) * scale))
        points = np.array([(cx - 0.75 * r, cy), (cx - 0.15 * r, cy + 0.75 * r), (cx + 0.9 * r, cy - 0.95 * r)])
        cv2.polylines(image, [points.round().astype(np.int32)], False, ink, width, cv2.LINE_AA)
    elif style == "cross":
        width = max(2, round(rng.uniform(1.4, 2.0) * scale))
        for sign in (1, -1):
            a = (round(cx - 0.85 * r), round(cy - sign * 0.85 * r))
            b = (round(cx + 0.85 * r), round(cy + sign * 0.85 * r))
            cv2.line(image, a, b, ink, width, cv2.LINE_AA)
    elif style in ("erased", "faint"):  # an eraser's grey smear, or a mark too light to call either way
        level = rng.uniform(222, 230) if style == "erased" else rng.uniform(208, 220)
        cv2.fillPoly(image, [_disc_points(cx, cy, r * 0.95, rng, 0.06)], int(level), cv2.LINE_AA)
    else:
        raise ValueError(style)


def fill_sheet(
    image: np.ndarray, sheet: dict, versions: dict, scale: float, rng: np.random.Generator, ambiguous: float = 0.08
) -> Truth:
    """Mark every row of one manifest sheet like a student: mostly clear marks, some blanks, some ambiguous rows."""
    answers: dict[int, str | None] = {}
    flagged = set()
    styles = {}
    for row in sheet["answers"]:
        bubbles = row["bubbles"]
        number = row["number"]
        roll = rng.uniform()
        if roll < 0.06:
            answers[number] = None
            styles[number] = "blank"
            continue
        if roll < 0.06 + ambiguous:
            style = str(rng.choice(AMBIGUOUS))
            picks = rng.choice(len(bubbles), size=2, replace=False)
            if style == "two":
                draw(image, bubbles[picks[0]], "full", scale, rng)
                draw(image, bubbles[picks[1]], str(rng.choice(["full", "cross", "pencil"])), scale, rng)
            else:
                draw(image, bubbles[picks[0]], style, scale, rng)
            flagged.add(number)
            styles[number] = style
            continue
        style = str(rng.choice(CLEAR))
        pick = int(rng.integers(len(bubbles)))
        if style == "changed":  # the first choice erased, another filled in
            old = (pick + int(rng.integers(1, len(bubbles)))) % len(bubbles)
            draw(image, bubbles[old], "erased", scale, rng)
            draw(image, bubbles[pick], "full", scale, rng)
        else:
            draw(image, bubbles[pick], style, scale, rng)
        answers[number] = bubbles[pick]["letter"]
        styles[number] = style
    student = None
    if sheet["student_number"]:
        digits = [int(d) for d in rng.integers(0, 10, len(sheet["student_number"]))]
        bad = rng.uniform() < ambiguous
        for position, (column, digit) in enumerate(zip(sheet["student_number"], digits, strict=True)):
            draw(image, column[digit], str(rng.choice(["full", "full", "pencil"])), scale, rng)
            if bad and position == 0:
                draw(image, column[(digit + 3) % 10], "full", scale, rng)
        student = None if bad else "".join(map(str, digits))
    return Truth(answers, frozenset(flagged), student, styles)


def distort(image: np.ndarray, rng: np.random.Generator, *, flip: bool = False) -> np.ndarray:
    """A scan or phone photo of the page: rotated, scaled, in perspective, blurred, noisy, unevenly lit."""
    h, w = image.shape
    pad = round(0.07 * max(h, w))
    canvas = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    ch, cw = canvas.shape
    angle = rng.uniform(-5, 5) + (180 if flip else 0)
    rotation = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, rng.uniform(0.95, 1.05))
    corners = np.array([(0, 0), (cw, 0), (cw, ch), (0, ch)], np.float32)
    moved = cv2.transform(corners[None], rotation)[0]
    moved += rng.uniform(-0.025, 0.025, moved.shape).astype(np.float32) * np.float32(max(cw, ch))
    warp = cv2.getPerspectiveTransform(corners, moved.astype(np.float32))
    out = cv2.warpPerspective(canvas, warp, (cw, ch), flags=cv2.INTER_LINEAR, borderValue=int(rng.integers(200, 256)))
    sigma = rng.uniform(0, 1.2)
    if sigma > 0.3:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    yy, xx = np.mgrid[0:33, 0:33].astype(np.float32) / 32
    direction = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(direction) * xx + np.sin(direction) * yy + 1.5) / 3  # 0..1 across the page
    light = cv2.resize(1.0 - rng.uniform(0.0, 0.35) * ramp, (cw, ch), interpolation=cv2.INTER_LINEAR)
    noise = np.empty(out.shape, np.float32)
    cv2.randn(noise, 0, float(rng.uniform(0, 8)))
    return np.clip(out.astype(np.float32) * light + noise, 0, 255).astype(np.uint8)


def encode(image: np.ndarray, rng: np.random.Generator, kind: str = "jpg") -> bytes:
    params = [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(50, 91))] if kind == "jpg" else []
    ok, data = cv2.imencode(f".{kind}", image, params)
    assert ok
    return data.tobytes()


def decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)


def make_scan(
    pdf: bytes, manifest: dict, sheet_index: int, rng: np.random.Generator, dpi: int = 200, **options
) -> tuple[np.ndarray, Truth]:
    """One filled, distorted sheet (grey image) and what it says."""
    sheet = manifest["sheets"][sheet_index]
    image = render_page(pdf, sheet["page"], dpi)
    truth = fill_sheet(image, sheet, manifest["versions"], dpi / 72, rng, options.pop("ambiguous", 0.08))
    return distort(image, rng, **options), truth


def check(result, truth: Truth) -> list[str]:
    """Every way a grading result disagrees with the truth: a wrong read, a missed flag, a needless flag."""
    problems = []
    flagged = {f.question for f in result.flags if f.question is not None}
    for number, letter in truth.answers.items():
        if number in flagged:
            problems.append(f"q{number} ({truth.styles[number]}) flagged, should read {letter}")
        elif result.answers.get(number) != letter:
            problems.append(f"q{number} ({truth.styles[number]}) read {result.answers.get(number)}, is {letter}")
    for number in truth.flagged:
        if number not in flagged:
            problems.append(f"q{number} ({truth.styles[number]}) read {result.answers.get(number)}, not flagged")
    number_flagged = any(f.question is None and "student number" in f.reason for f in result.flags)
    if truth.student_number is None and not number_flagged:
        problems.append(f"student number read {result.student_number}, not flagged")
    if truth.student_number is not None and result.student_number != truth.student_number:
        problems.append(f"student number read {result.student_number}, is {truth.student_number}")
    return problems


def scans_pdf(images: list[np.ndarray], dpi: int = 200) -> bytes:
    """A multi-page PDF of JPEG scans, as a scanner's "scan to PDF" makes."""
    import io

    document = pypdfium2.PdfDocument.new()
    for image in images:
        h, w = image.shape
        page = document.new_page(w * 72 / dpi, h * 72 / dpi)
        picture = pypdfium2.PdfImage.new(document)
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        picture.load_jpeg(io.BytesIO(jpeg.tobytes()), inline=False)
        picture.set_matrix(pypdfium2.PdfMatrix().scale(w * 72 / dpi, h * 72 / dpi))
        page.insert_obj(picture)
        page.gen_content()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fill_exact(image: np.ndarray, sheet: dict, answers: dict, number: str | None, dpi: int, seed: int = 0) -> None:
    """Mark exactly these answers (a letter, or a tuple of letters for several marks) and student number."""
    rng = np.random.default_rng(seed)
    rows = {row["number"]: row["bubbles"] for row in sheet["answers"]}
    for question, letters in answers.items():
        for letter in letters:
            (bubble,) = [b for b in rows[question] if b["letter"] == letter]
            draw(image, bubble, "full", dpi / 72, rng)
    for column, digit in zip(sheet["student_number"], number or "", strict=False):
        draw(image, column[int(digit)], "full", dpi / 72, rng)
