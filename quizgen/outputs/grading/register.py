"""Find a scanned sheet's four registration marks and map the scan onto the printed page's coordinates.

The marks are solid squares near the corners, the top-left one larger: whatever way up the sheet was scanned, the
largest mark is the top-left corner and the others follow it clockwise, so rotation (any angle, upside down
included), skew, scale and a phone's perspective are all undone by one homography.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .manifest import Layout

SCALE = 2.0
"""Pixels per point of the rectified page (144 dpi): a 12 pt bubble is 24 px across."""


class RegistrationError(Exception):
    """The sheet's marks could not be found; `reason` says how it failed, for the teacher."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rectified:
    """A scan warped onto its page: `image[y * SCALE, x * SCALE]` is the point (x, y) of the printed page."""

    image: np.ndarray
    """Ink darkness, 0 (paper) to 255 (black), uint8."""
    corners: tuple[tuple[float, float], ...]
    """Where the tl, tr, br, bl marks were found in the scan, in scan pixels."""


def normalise(gray: np.ndarray) -> np.ndarray:
    """Ink darkness 0-255 relative to the paper around it, so uneven lighting and grey paper read as white."""
    h, w = gray.shape
    step = max(1, round(max(h, w) / 200))
    small = cv2.resize(gray, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    # Paper brightness: the brightest value within a window larger than any mark or filled bubble, smoothed.
    window = max(3, (max(small.shape) // 25) | 1)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (window, window)))
    paper = cv2.blur(paper, (window, window))
    paper = cv2.resize(np.maximum(paper, 32), (w, h), interpolation=cv2.INTER_LINEAR)
    # cv2.subtract takes a scalar for either side; opencv's stubs list only arrays.
    return cv2.subtract(255, cv2.divide(gray, paper, scale=255))  # type: ignore[call-overload]


def find_marks(darkness: np.ndarray, page: tuple[float, float], mark_side: float) -> list[tuple[float, float]]:
    """Centres of the tl, tr, br, bl marks in the scan (pixels), or RegistrationError."""
    h, w = darkness.shape
    # The page fills most of a scan; a phone photo may show less of it, hence the wide range of sizes accepted.
    pixels_per_point = max(h, w) / max(page)
    _, ink = cv2.threshold(darkness, 110, 255, cv2.THRESH_BINARY)
    candidates = _squares(ink, mark_side * pixels_per_point)
    if len(candidates) < 4:
        raise RegistrationError("registration marks not found")
    chosen = _corner_marks(candidates, w, h)
    areas = sorted(c[2] for c in chosen)
    if areas[3] < 1.6 * areas[2]:
        raise RegistrationError("which way up the sheet is cannot be told (top-left mark not found)")
    centre = np.mean([(c[0], c[1]) for c in chosen], axis=0)
    # Clockwise on screen (y grows downwards) from the large top-left mark.
    ordered = sorted(chosen, key=lambda c: np.arctan2(c[1] - centre[1], c[0] - centre[0]))
    start = max(range(4), key=lambda i: ordered[i][2])
    ordered = ordered[start:] + ordered[:start]
    return [(c[0], c[1]) for c in ordered]


def _squares(ink: np.ndarray, expected: float) -> list[tuple[float, float, float]]:
    """Centre and area of every solid, square blob of about a mark's size (`expected` pixels across)."""
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    candidates = []
    for contour in contours:
        x, y, bw, bh = cv2.boundingRect(contour)
        if not (0.45 * expected <= max(bw, bh) <= 2.6 * expected):
            continue
        area = cv2.contourArea(contour)
        (cx, cy), (rw, rh), _ = cv2.minAreaRect(contour)
        if min(rw, rh) <= 0 or max(rw, rh) / min(rw, rh) > 1.35 or area < 0.8 * rw * rh:
            continue  # not a square: a bubble (a disc fills 79% of its square), a letter, a tick
        solid = cv2.countNonZero(ink[y : y + bh, x : x + bw]) / max(area, 1)
        if solid < 0.85:
            continue  # hollow, like the QR code's finder patterns
        candidates.append((cx, cy, area))
    return candidates


def _corner_marks(candidates: list[tuple[float, float, float]], w: int, h: int) -> list[tuple[float, float, float]]:
    """The candidate nearest each corner of the scan, or RegistrationError if one serves two corners or lies
    somewhere mid-page."""
    corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    chosen = [min(candidates, key=lambda c: (c[0] - kx) ** 2 + (c[1] - ky) ** 2) for kx, ky in corners]
    if len(set(chosen)) != 4:
        raise RegistrationError("registration marks not found")
    for (cx, cy, _), (kx, ky) in zip(chosen, corners, strict=True):
        if abs(cx - kx) > 0.4 * w or abs(cy - ky) > 0.4 * h:
            raise RegistrationError("registration marks not found")
    return chosen


DETECT_SIDE = 1400
"""Marks are looked for on the scan shrunk to this many pixels along its long side, then refined at full size."""


def rectify(gray: np.ndarray, layout: Layout, mark_side: float = 14.0) -> Rectified:
    """The scan warped so that page points map to `SCALE` pixels each, ink dark-high."""
    h, w = gray.shape
    shrink = min(1.0, DETECT_SIDE / max(h, w))
    small = (
        cv2.resize(gray, (round(w * shrink), round(h * shrink)), interpolation=cv2.INTER_LINEAR) if shrink < 1 else gray
    )
    found = [_refine(gray, x / shrink, y / shrink, mark_side * max(h, w) / max(layout.size))
             for x, y in find_marks(normalise(small), layout.size, mark_side)]  # fmt: skip
    source = np.array(found, dtype=np.float32)
    target = np.array([(x * SCALE, y * SCALE) for x, y in layout.marks], dtype=np.float32)
    homography = cv2.getPerspectiveTransform(source, target)
    size = (round(layout.size[0] * SCALE), round(layout.size[1] * SCALE))
    page = cv2.warpPerspective(gray, homography, size, flags=cv2.INTER_LINEAR, borderValue=255)
    return Rectified(normalise(page), tuple(found))


def check_alignment(rectified: Rectified, layout: Layout) -> None:
    """RegistrationError unless the printed bubble outlines of `layout` are where the rectified scan has them:
    if something else was taken for a mark, reading bubbles would read the wrong places."""
    if outline_contrast(rectified.image, layout) < MIN_CONTRAST:
        raise RegistrationError("registration marks not found")


MIN_CONTRAST = 0.2
"""How much darker a printed bubble outline must be than the paper just outside it once the scan is rectified;
well registered sheets give 0.4 or more, a misplaced mark about 0."""


def outline_contrast(image: np.ndarray, layout: Layout) -> float:
    """Median over bubbles of the ink on each printed outline less the ink just outside it (0-1)."""
    bubbles = [b for _, row in layout.answers for b in row] + [b for column in layout.student_number for b in column]
    if not bubbles:
        return 1.0
    chosen = np.array([(b.x, b.y, b.r) for b in bubbles[:: max(1, len(bubbles) // 40)]])  # 40 spread over the page
    angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    x, y, r = (chosen[:, i : i + 1] for i in range(3))
    h, w = image.shape
    ring = _sample(image, (x + r * np.cos(angles)) * SCALE, (y + r * np.sin(angles)) * SCALE, w, h)
    outside = _sample(image, (x + 1.35 * r * np.cos(angles)) * SCALE, (y + 1.35 * r * np.sin(angles)) * SCALE, w, h)
    return float(np.median((np.median(ring, axis=1) - np.median(outside, axis=1)) / 255))


def _sample(image: np.ndarray, xs: np.ndarray, ys: np.ndarray, w: int, h: int) -> np.ndarray:
    """The darkest pixel within one pixel of each point, so a thin outline is found despite rounding."""
    cols = np.clip(np.round(xs).astype(int), 1, w - 2)
    rows = np.clip(np.round(ys).astype(int), 1, h - 2)
    return np.max([image[rows + dy, cols + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)


def _refine(gray: np.ndarray, x: float, y: float, side: float) -> tuple[float, float]:
    """The mark's centre at full resolution: the centroid of the dark blob around a coarse estimate."""
    reach = max(4, round(side * 1.6))
    x0, y0 = max(0, round(x) - reach), max(0, round(y) - reach)
    patch = gray[y0 : round(y) + reach, x0 : round(x) + reach]
    if patch.size == 0:
        return x, y
    _, ink = cv2.threshold(patch, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink)
    if count < 2:
        return x, y
    # The component nearest the coarse centre, if it is about the size of a mark.
    best = min(range(1, count), key=lambda i: (centroids[i][0] + x0 - x) ** 2 + (centroids[i][1] + y0 - y) ** 2)
    if stats[best, cv2.CC_STAT_AREA] < 0.2 * side * side:
        return x, y
    return float(centroids[best][0] + x0), float(centroids[best][1] + y0)
