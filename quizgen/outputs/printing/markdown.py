"""The test as Markdown, for pasting into other tools: versions one after another, then the answer keys."""

from __future__ import annotations

import re

from .sheet import INSTRUCTIONS, OPTION_LETTERS, Sheet, Version, citation

# What CommonMark (with GitHub tables) would read as markup inside a line; `<` and `&` become entities instead,
# which every Markdown flavour reads back as the plain character.
_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def escape(text: str) -> str:
    """Content as literal Markdown text: `a *b*` stays `a *b*`, it does not turn into emphasis."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return _SPECIAL.sub(r"\\\1", text)


def to_markdown(sheet: Sheet) -> bytes:
    parts = [_version(sheet, version) for version in sheet.versions]
    if sheet.key:
        parts.append(_keys(sheet))
    return "\n---\n\n".join(parts).encode("utf-8")


def _version(sheet: Sheet, version: Version) -> str:
    blank = "\\_" * 8
    lines = [
        f"# {escape(sheet.title)} — Version {version.label}",
        "",
        f"Name: {blank * 3} Class: {blank} Date: {blank} Score: {blank} / {sheet.size}",
        "",
        f"*{INSTRUCTIONS}*",
        "",
    ]
    for number, q in enumerate(version.questions, 1):
        lines += [f"**{number}.** {escape(q.stem)}", ""]
        lines += [f"- {OPTION_LETTERS[i]}. {escape(option)}" for i, option in enumerate(q.options)]
        lines.append("")
    return "\n".join(lines)


def _keys(sheet: Sheet) -> str:
    lines = [f"# Answer key — {escape(sheet.title)}", "", f"{sheet.size} questions, seed {sheet.seed}.", ""]
    for version in sheet.versions:
        lines += [f"## Version {version.label}", ""]
        if sheet.explanations:
            lines += ["| # | Answer | Correct option | Explanation | Source |", "|---|---|---|---|---|"]
            lines += [
                f"| {n} | {letter} | {escape(q.correct)} | {escape(q.explanation)} | {escape(citation(q))} |"
                for n, (q, letter) in enumerate(zip(version.questions, version.key, strict=True), 1)
            ]
        else:
            lines += ["| # | Answer |", "|---|---|"]
            lines += [f"| {n} | {letter} |" for n, letter in enumerate(version.key, 1)]
        lines.append("")
    return "\n".join(lines)
