"""A "blind student" probe: can a bank's questions be answered without the texts?

A reader who has not read the texts (a person, or a helper session told to use only the question) answers a test that
quizgen selected, from a sheet that carries no key, no explanation and no source. Scoring then says how far above
chance the reader got, and which items fell to a named cue rather than to general knowledge or a guess.

    quizgen export --format json -n 40 --seed 101 -o test.json
    .venv/bin/python benchmarks/blind_probe.py sheet test.json sheet.json     # give sheet.json to the reader
    .venv/bin/python benchmarks/blind_probe.py score test.json answers.md

The answer file is a Markdown table, one row per question: `| n | pick | confidence | how | why |`, where pick is a
letter, confidence is sure/lean/guess, how is knowledge/cue/guess and why is free text. Rows that do not parse are
counted as unanswered.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([A-Z])\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|\s*(.*?)\s*\|\s*$")


def sheet(test: dict) -> dict:
    """The test as the reader sees it: numbered stems and lettered options, nothing else."""
    return {
        "questions": [
            {"n": n, "stem": q["stem"], "options": {chr(65 + i): text for i, text in enumerate(q["options"])}}
            for n, q in enumerate(test["questions"], 1)
        ]
    }


def read_answers(text: str) -> dict[int, tuple[str, str, str, str]]:
    rows = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            rows[int(m[1])] = (m[2], m[3].lower(), m[4].lower(), m[5])
    return rows


def score(test: dict, answers: dict[int, tuple[str, str, str, str]]) -> str:
    """Right / answered per group (all, by `how`, by confidence, by template), against chance; then the cue hits."""
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    chance: Counter[str] = Counter()
    cue_hits = []
    for n, q in enumerate(test["questions"], 1):
        if n not in answers:
            continue
        pick, confidence, how, why = answers[n]
        ok = pick == chr(65 + q["answer"])
        template = "hand-written" if q["template"].startswith("q/") else q["template"]
        for group in ("all", f"how: {how}", f"confidence: {confidence}", f"template: {template}"):
            asked[group] += 1
            right[group] += ok
            chance[group] += 1 / len(q["options"])
        if ok and how == "cue" and confidence != "guess":
            cue_hits.append(f"  {q['id']}: {why}")
    lines = [f"answered {asked['all']} of {len(test['questions'])}"]
    for group in sorted(asked, key=lambda g: (g != "all", g)):
        lines.append(
            f"  {group:32} {right[group]:4}/{asked[group]:<4} = {right[group] / asked[group]:6.1%}"
            f"  (chance {chance[group] / asked[group]:.1%})"
        )
    lines.append(f"right by a named cue ({len(cue_hits)}):")
    return "\n".join(lines + cue_hits)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("sheet", "score"):
        print("usage: blind_probe.py sheet TEST.json OUT.json | score TEST.json ANSWERS.md", file=sys.stderr)
        return 2
    test = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    if argv[0] == "sheet":
        Path(argv[2]).write_text(json.dumps(sheet(test), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    print(score(test, read_answers(Path(argv[2]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
