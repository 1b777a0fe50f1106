"""Fixture content for the printing tests: the conftest deck plus one fact whose text has every hard character."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pypdf
from conftest import FACTS, write_content

from quizgen.bank.content import load_content
from quizgen.model.models import TRUE_FALSE, Bank

URDU = "عُزیر یُونس"
PARAGRAPH = (
    f"\nUzair Younus {URDU} posted on X that José Núñez of Zürich “feared” a crisis — one that was ‘real’ – and…\n"
)
# Curly quotes, dashes, ellipsis, accented Latin, Urdu, and what Markdown, HTML and typst would read as markup.
NASTY_STEM = f"Whose post — signed “{URDU}” — quotes José Núñez of Zürich on the *crisis* & <risks> #1 $5 [sic] \\ @x?"
NASTY = f"""\
  - id: younus
    kind: figure
    name: Uzair Younus
    role: the analyst who posted about the crisis on X
    affiliation: Testland
    tags: [diplomacy]
    explanation: "Younus ({URDU}) posted that José Núñez “feared” a crisis — one that was ‘real’ – and…"
    source: {{seed: test-2024, quote: "Uzair Younus {URDU} posted on X"}}
    questions:
      - id: urdu
        stem: '{NASTY_STEM}'
        answer: "Uzair Younus {URDU}"
        distractors: ["Çelik Ağaoğlu", "Zoë “Z” O’Brien – analyst", "Brahma Chellaney…"]
"""
NASTY_ID = "younus/q/urdu"


def write_nasty_content(root: Path) -> Path:
    """The conftest content (`test-2024`, deck `d`) plus the `younus` fact, cited from a new last paragraph."""
    write_content(root, FACTS + NASTY)
    seed = root / "seeds" / "test-2024.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    return root


def nasty_bank(root: Path, seed: int = 0) -> Bank:
    return load_content(write_nasty_content(root)).bank(seed=seed)


OPTION_COUNTS = (2, 3, 5, 4)


def with_option_counts(bank: Bank, counts: tuple[int, ...] = OPTION_COUNTS) -> Bank:
    """The bank's questions with 2, 3, 5 and 4 options in turn, and the first one true/false, as templates with
    `options:` and `format: true-false` will generate them: a distractor dropped keeps the others' order, a fifth
    one is added last (a short name where the options are short)."""
    out = []
    for i, q in enumerate(bank.questions):
        n = counts[i % len(counts)]
        kept = [j for j in range(len(q.options)) if j != q.answer][: n - 1] + [q.answer]
        options = [o for j, o in enumerate(q.options) if j in kept]
        if n == 5:
            short = max(len(o) for o in options) <= 10
            options.append("Al Green" if short else "Another reading")
        out.append(dataclasses.replace(q, options=tuple(options), answer=options.index(q.correct)))
    first = out[0]
    out[0] = dataclasses.replace(first, stem="True or false: " + first.stem, options=TRUE_FALSE, answer=1,
                                 ordered=True, format="true-false")  # fmt: skip
    return dataclasses.replace(bank, questions=tuple(out))


_RTL_OR_CONTROL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Text as compared with what a PDF gives back: Arabic script removed (PDF text extraction reorders and
    repeats shaped Arabic, so it is checked separately), non-breaking spaces as spaces, whitespace collapsed."""
    text = _RTL_OR_CONTROL.sub("", text).replace("\xa0", " ")
    # A line may break after a hyphen or dash ("US-" / "Pakistan"), so no space is kept after one.
    return re.sub(r"([-–—/]) ", r"\1", " ".join(text.split()))


FOOTER = re.compile(r"(Version [A-Z]|Answer key) · page (\d+) of (\d+)$")
SHEET_FOOTER = re.compile(r"Version ([A-Z]) · answer sheet (\d+) of (\d+)$")


def read_sections(data: bytes) -> dict[str, list[str]]:
    """Page texts by footer section ('Version A', 'Answer sheet A', 'Answer key'), checking the footer's page
    numbers on the way."""
    out: dict[str, list[str]] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        text = plain(page.extract_text())
        if not text:
            continue  # a blank page, so that the next section starts on a fresh sheet when printed double-sided
        match = FOOTER.search(text)
        if not match:
            sheet = SHEET_FOOTER.search(text)
            assert sheet, text[-80:]
            out.setdefault(f"Answer sheet {sheet.group(1)}", []).append(text[: sheet.start()])
            assert int(sheet.group(2)) == len(out[f"Answer sheet {sheet.group(1)}"])
            continue
        out.setdefault(match.group(1), []).append(text[: match.start()])
        assert int(match.group(2)) == len(out[match.group(1)])
    for name, pages in out.items():
        assert name.startswith("Answer sheet") or all(
            f"{name} · page {i} of {len(pages)}" for i in range(1, len(pages) + 1)
        )
    return out


def block(number, q) -> str:
    return plain(f"{number}. {q.stem} " + " ".join(f"{'ABCDE'[i]}. {o}" for i, o in enumerate(q.options)))


def skeleton(text: str) -> str:
    """Only the Latin words and numbers: PDF extraction moves the punctuation around a right-to-left run."""
    return " ".join(re.findall(r"[0-9A-Za-zÀ-ɏ]+", text))


def fonts_and_mapped_text(data: bytes) -> dict[str, str]:
    """Base font name (subset tag removed) -> every character its ToUnicode map can give back."""
    out: dict[str, str] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():  # a blank page has none
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = []
            for body in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for hexes in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", body):
                    chars += [chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4)]
            for body in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for lo, hi, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", body):
                    chars += [chr(int(start, 16) + k) for k in range(int(hi, 16) - int(lo, 16) + 1)]
            out[name] = out.get(name, "") + "".join(chars)
    return out
