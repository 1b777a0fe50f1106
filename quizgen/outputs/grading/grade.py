"""Grade scanned answer sheets: one page of a scan in, the student number, answers, score and flags out.

>>> manifest = load_manifest("exam.quizgen.json")
>>> for page in scan_pages(["scan1.pdf", "phone.jpg"]):
...     result = grade_page(manifest, page)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ...errors import QuizgenError
from .manifest import Bubble, Layout, Manifest
from .marks import read_rows

if TYPE_CHECKING:
    import pypdfium2
from .register import SCALE, Rectified, RegistrationError, check_alignment, rectify

DPI = 200
"""Resolution PDF scans are rasterised at: bubbles are 33 px across, plenty to read a pencil tick."""
OTHER_TEST = "sheet of another test"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


@dataclass(frozen=True)
class ScanPage:
    """One page of one scan file, as a grey image."""

    file: str
    page: int
    """1-based page within the file (always 1 for a single image)."""
    key: str
    """`<sha256 of the file>:<page>`: the same page of the same file, whatever it is called."""
    gray: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class Flag:
    """Something the teacher must decide: `question` None means the sheet itself or its student number."""

    question: int | None
    reason: str
    image: str | None = None
    """Where the cropped picture of the row was saved."""
    png: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class SheetResult:
    file: str
    page: int
    key: str
    version: str | None = None
    sheet_page: int | None = None
    student_number: str | None = None
    """Digits read; '?' for a digit that could not be read; None when no number was written."""
    answers: dict[int, str | None] = field(default_factory=dict)
    """Question number -> letter read, None for a blank or flagged row."""
    score: int | None = None
    out_of: int | None = None
    flags: tuple[Flag, ...] = ()
    fingerprint: str = ""
    """A hash of the rectified marks, to spot the same sheet scanned twice."""
    duplicate_of: str | None = None
    """`file:page` of the earlier scan of this same sheet; a duplicate is not counted."""
    version_given: bool = False
    """Read under the version the teacher gave (`--decide ... version=A`): its code could not be read."""
    ignored: bool = False
    """Left out by the teacher's decision (not stored: decisions are applied afresh on every run)."""
    decided: tuple[str, ...] = ()
    """What the teacher decided about this page, as `q7=B`, `student=100006`... (not stored either)."""

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "page": self.page,
            "key": self.key,
            "version": self.version,
            "sheet_page": self.sheet_page,
            "student_number": self.student_number,
            "answers": {str(k): v for k, v in self.answers.items()},
            "score": self.score,
            "out_of": self.out_of,
            "flags": [{"question": f.question, "reason": f.reason, "image": f.image} for f in self.flags],
            "fingerprint": self.fingerprint,
            "duplicate_of": self.duplicate_of,
            "version_given": self.version_given,
        }

    @classmethod
    def from_json(cls, data: dict) -> SheetResult:
        return cls(
            file=data["file"],
            page=int(data["page"]),
            key=data["key"],
            version=data.get("version"),
            sheet_page=data.get("sheet_page"),
            student_number=data.get("student_number"),
            answers={int(k): v for k, v in data.get("answers", {}).items()},
            score=data.get("score"),
            out_of=data.get("out_of"),
            flags=tuple(Flag(f.get("question"), f["reason"], f.get("image")) for f in data.get("flags", [])),
            fingerprint=data.get("fingerprint", ""),
            duplicate_of=data.get("duplicate_of"),
            version_given=bool(data.get("version_given", False)),
        )


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_scan(path: Path) -> None:
    """A QuizgenError unless `path` is a file quizgen can read scans from."""
    if not path.is_file():
        raise QuizgenError(f"{path}: no such file")
    if path.suffix.lower() != ".pdf" and path.suffix.lower() not in IMAGE_SUFFIXES:
        raise QuizgenError(f"{path}: not a scan (PDF, PNG, JPEG or TIFF)")


def page_keys(path: str | Path) -> list[str]:
    """The keys of every page of a scan file, without decoding any image."""
    path = Path(path)
    check_scan(path)
    digest = file_digest(path)
    return [f"{digest}:{page}" for page in range(1, _page_count(path) + 1)]


def _page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        try:
            document = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError as exc:
            raise QuizgenError(f"{path}: not a readable PDF ({exc})") from None
        try:
            return len(document)
        finally:
            document.close()
    if path.suffix.lower() in (".tif", ".tiff"):
        ok, images = cv2.imdecodemulti(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
        return len(images) if ok else 1
    return 1


def scan_pages(paths: list[str | Path], skip: AbstractSet[str] = frozenset(), dpi: int = DPI) -> Iterator[ScanPage]:
    """Every page of every scan, PDFs rasterised at `dpi`; pages whose key is in `skip` are not decoded."""
    for name in paths:
        path = Path(name)
        check_scan(path)
        suffix = path.suffix.lower()
        digest = file_digest(path)
        if suffix == ".pdf":
            yield from _pdf_pages(path, digest, skip, dpi)
            continue
        data = np.fromfile(path, dtype=np.uint8)
        if suffix in (".tif", ".tiff"):
            ok, images = cv2.imdecodemulti(data, cv2.IMREAD_GRAYSCALE)
            images = list(images) if ok else []
        else:
            image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
            images = [] if image is None else [image]
        if not images:
            raise QuizgenError(f"{path}: the image cannot be read")
        for number, image in enumerate(images, 1):
            key = f"{digest}:{number}"
            if key not in skip:
                yield ScanPage(str(name), number, key, image)


def load_page(name: str | Path, number: int, key: str, dpi: int = DPI) -> ScanPage:
    """Page `number` (1-based) of one scan file."""
    path = Path(name)
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        try:
            return ScanPage(str(name), number, key, _pdf_page_image(document[number - 1], dpi))
        finally:
            document.close()
    data = np.fromfile(path, dtype=np.uint8)
    if path.suffix.lower() in (".tif", ".tiff"):
        ok, images = cv2.imdecodemulti(data, cv2.IMREAD_GRAYSCALE)
        return ScanPage(str(name), number, key, images[number - 1])
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise QuizgenError(f"{name}: not a readable image")
    return ScanPage(str(name), number, key, image)


def _pdf_pages(path: Path, digest: str, skip: AbstractSet[str], dpi: int) -> Iterator[ScanPage]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise QuizgenError(f"{path}: not a readable PDF ({exc})") from None
    try:
        for index in range(len(document)):
            key = f"{digest}:{index + 1}"
            if key in skip:
                continue
            yield ScanPage(str(path), index + 1, key, _pdf_page_image(document[index], dpi))
    finally:
        document.close()


def _pdf_page_image(page: pypdfium2.PdfPage, dpi: int) -> np.ndarray:
    """A PDF page as a grey image. A scanner's page is one JPEG: decoded directly it is four times faster than
    rendering, and the grader does not care which way up or how large it is (within reason)."""
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=1))
    if (
        len(objects) == 1
        and objects[0].type == pdfium_c.FPDF_PAGEOBJ_IMAGE
        and objects[0].get_filters() == ["DCTDecode"]
    ):
        data = np.frombuffer(bytes(objects[0].get_data(decode_simple=False)), np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
        if image is not None:
            longest = max(page.get_size()) * dpi / 72
            if max(image.shape) > 1.25 * longest:  # a 600 dpi scan: no need for every pixel
                factor = longest / max(image.shape)
                image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
            return image
    image = page.render(scale=dpi / 72, grayscale=True).to_numpy()
    return image[..., 0].copy() if image.ndim == 3 else image.copy()


def grade_page(manifest: Manifest, page: ScanPage, given: tuple[str, int] | None = None) -> SheetResult:
    """Read one page: registration, the QR code, the student number and every answer row. With `given` (version,
    sheet page), the page is read as that sheet without its code (the teacher's decision: the code is covered)."""
    base = SheetResult(page.file, page.page, page.key)
    layout = next(iter(manifest.layouts.values()))  # every sheet page has the same marks and size
    try:
        rectified = rectify(page.gray, layout)
    except RegistrationError as exc:
        return replace(base, flags=(Flag(None, exc.reason, png=_thumbnail(page.gray)),))
    code = (manifest.test, given[0], given[1]) if given else _read_code(rectified, layout, page.gray)
    if code is None:
        return replace(base, flags=(Flag(None, "unreadable code", png=_crop(rectified, _qr_box(layout))),))
    test, version, sheet_page = code
    if test != manifest.test:
        return replace(base, flags=(Flag(None, f"{OTHER_TEST} ({test})"),))
    found = manifest.layouts.get((version, sheet_page))
    if found is None:
        return replace(base, flags=(Flag(None, f"version {version} page {sheet_page} is not in the manifest"),))
    layout = found
    try:
        check_alignment(rectified, layout)
    except RegistrationError as exc:
        return replace(base, flags=(Flag(None, exc.reason, png=_thumbnail(page.gray)),))
    return replace(_read_sheet(manifest, layout, rectified, base), version_given=given is not None)


def _read_sheet(manifest: Manifest, layout: Layout, rectified: Rectified, base: SheetResult) -> SheetResult:
    image = rectified.image
    flags: list[Flag] = []
    number = None
    if layout.student_number:
        readings = read_rows(image, list(layout.student_number))
        digits = [r.value if r.value is not None else ("?" if r.flag else " ") for r in readings]
        written = "".join(digits)
        if not written.strip():
            flags.append(Flag(None, "no student number", png=_crop(rectified, _grid_box(layout.student_number))))
        else:
            number = written.replace(" ", "?")
            if "?" in number:
                problems = [f"digit {i + 1}: {r.flag or 'blank'}" for i, r in enumerate(readings) if r.value is None]
                flags.append(
                    Flag(None, "unreadable student number (" + "; ".join(problems) + ")",
                         png=_crop(rectified, _grid_box(layout.student_number)))
                )  # fmt: skip
    rows = [bubbles for _, bubbles in layout.answers]
    readings = read_rows(image, rows)
    answers: dict[int, str | None] = {}
    score = 0
    for (question, bubbles), reading in zip(layout.answers, readings, strict=True):
        answers[question] = reading.value
        if reading.flag:
            flags.append(Flag(question, reading.flag, png=_crop(rectified, _row_box(bubbles))))
        elif reading.value == manifest.question(layout.version, question).key:
            score += 1
    fingerprint = _fingerprint(layout.version, layout.sheet_page, number, answers)
    return replace(
        base,
        version=layout.version,
        sheet_page=layout.sheet_page,
        student_number=number,
        answers=answers,
        score=score,
        out_of=len(layout.answers),
        flags=tuple(flags),
        fingerprint=fingerprint,
    )


def _fingerprint(version: str, sheet_page: int, number: str | None, answers: dict[int, str | None]) -> str:
    text = f"{version}:{sheet_page}:{number}:" + ",".join(f"{k}={v}" for k, v in sorted(answers.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_code(rectified: Rectified, layout: Layout, gray: np.ndarray) -> tuple[str, str, int] | None:
    import zxingcpp

    from ..printing.answersheet import parse_code

    x0, y0, x1, y1 = _qr_box(layout)
    crop = 255 - rectified.image[round(y0 * SCALE) : round(y1 * SCALE), round(x0 * SCALE) : round(x1 * SCALE)]
    # The rectified crop is small and upright; the whole scan is the fallback when warping blurred the code.
    for image in (crop, gray):
        # zxing-cpp converts one BarcodeFormat to BarcodeFormats itself; its stub accepts only the latter.
        for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):  # type: ignore[arg-type]
            code = parse_code(found.text)
            if code is not None:
                return code
    return None


def _qr_box(layout: Layout) -> tuple[float, float, float, float]:
    x, y, size = layout.qr
    return (x - 12, y - 12, x + size + 12, y + size + 12)


def _row_box(bubbles: tuple[Bubble, ...]) -> tuple[float, float, float, float]:
    first, last = bubbles[0], bubbles[-1]
    return (first.x - first.r - 30, first.y - first.r - 6, last.x + last.r + 8, last.y + last.r + 6)


def _grid_box(columns: tuple[tuple[Bubble, ...], ...]) -> tuple[float, float, float, float]:
    first, last = columns[0][0], columns[-1][-1]
    return (first.x - first.r - 8, first.y - first.r - 40, last.x + last.r + 8, last.y + last.r + 8)


def _crop(rectified: Rectified, box: tuple[float, float, float, float]) -> bytes:
    x0, y0, x1, y1 = (max(0, round(v * SCALE)) for v in box)
    crop = 255 - rectified.image[y0:y1, x0:x1]
    return _png(cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC))  # big enough to judge by eye


def _thumbnail(gray: np.ndarray) -> bytes:
    h, w = gray.shape
    factor = 800 / max(h, w)
    return _png(cv2.resize(gray, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA))


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    return data.tobytes() if ok else b""


def mark_duplicates(results: list[SheetResult]) -> list[SheetResult]:
    """Later scans of a sheet already seen (the same scan, or the same version, page, number and marks) are marked.

    The same number with other marks is not a rescan but another sheet: `review` flags it as a conflict."""
    seen: dict[str, str] = {}
    out = []
    for result in results:
        names = [f"scan:{result.key}"]
        if result.fingerprint and result.student_number and "?" not in result.student_number:
            names.append(f"sheet:{result.fingerprint}")
        earlier = next((seen[n] for n in names if n in seen), None)
        if earlier is not None:
            out.append(replace(result, duplicate_of=earlier))
            continue
        for name in names:
            seen[name] = f"{result.file}:{result.page}"
        out.append(replace(result, duplicate_of=None))
    return out


def save_flag_images(result: SheetResult, folder: Path) -> SheetResult:
    """Write each flag's crop as `<folder>/<scan stem>-p<page>-q<question>.png` and record the path."""
    from ...util.atomic import write_bytes

    flags = []
    for flag in result.flags:
        if flag.png:
            what = f"q{flag.question}" if flag.question is not None else "sheet"
            path = folder / f"{Path(result.file).stem}-p{result.page}-{what}.png"
            write_bytes(path, flag.png)
            flag = replace(flag, image=str(path), png=None)
        flags.append(flag)
    return replace(result, flags=tuple(flags))
