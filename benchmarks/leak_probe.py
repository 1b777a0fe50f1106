"""How many of the s7 probe's give-aways the leak check catches, old against new, and what it costs over the bank.

The probe (decks/us-pakistan-india/reviews/2026-12-06-session7-leak-probe.md) read five tests quizgen selected (`export
--format json -n 40 --seed 301/302/303`, `-n 60 --seed 401/402`) and listed 89 places where one question gives away or
narrows another's answer: each row of benchmarks/leak_probe_s7.json names the giving questions, the receiving ones, the
type (O outright, N narrowing, S the same point asked twice) and how sure a test-wise student is to use it (H, M, L). A
row counts as caught when the check keeps at least one giver–receiver pair (for S rows and option-pool rows, any two of
its questions) off one test; "all" when it keeps every such pair apart.

The old check is quizgen/bank/leaks.py as a git revision has it (default: 89b6470, before the s7 fixes), run over
the same questions as the new one (today's bank of the bundled deck).

    .venv/bin/python benchmarks/leak_probe.py                 # the table, old against new
    .venv/bin/python benchmarks/leak_probe.py --old main --list-new   # and every pair only the new check flags
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from quizgen.bank.content import load_content  # noqa: E402
from quizgen.bank.leaks import LeakCheck  # noqa: E402


def old_leaks(rev: str):
    """quizgen/bank/leaks.py at `rev`, imported as a module of the package (its relative imports resolve)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:quizgen/bank/leaks.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader("quizgen.bank._leaks_old", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "quizgen.bank"
    sys.modules[spec.name] = module
    exec(compile(source, f"{rev}:quizgen/bank/leaks.py", "exec"), module.__dict__)
    return module


def pairs_of(row: dict) -> set[tuple[str, str]]:
    """The pairs of questions a finding says must not share a test."""
    out = {(g, r) for g in row["givers"] for r in row["receivers"] if g != r}
    if row["mutual"]:
        out |= set(combinations(row["receivers"], 2))
        out |= {(g, r) for g in row["givers"] for r in row["receivers"]}
    return out


def caught(check, bank: dict, row: dict) -> tuple[bool, bool]:
    """Whether the check keeps any, and every, pair of the finding apart (ids the bank lost count as not caught)."""
    found = [bool(check.why(bank[a], bank[b])) if a in bank and b in bank else False for a, b in pairs_of(row)]
    return any(found), all(found)


GROUPS = (
    ("outright (O)", lambda r: r["type"] == "O"),
    ("same point (S)", lambda r: r["type"] == "S"),
    ("narrowing, H", lambda r: r["type"] == "N" and r["sure"] == "H"),
    ("narrowing, M", lambda r: r["type"] == "N" and r["sure"] == "M"),
    ("narrowing, L", lambda r: r["type"] == "N" and r["sure"] == "L"),
    ("all rated H", lambda r: r["sure"] == "H"),
    ("all", lambda r: True),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", default="89b6470", help="the git revision of the old leaks.py")
    parser.add_argument("--list-new", action="store_true", help="list every bank pair only the new check flags")
    parser.add_argument("--list-caught", action="store_true", help="list each finding and who catches it")
    args = parser.parse_args()
    probe = json.loads((HERE / "leak_probe_s7.json").read_text(encoding="utf-8"))
    questions = list(load_content(None).bank().questions)
    bank = {q.id: q for q in questions}
    missing = sorted({i for ids in probe["tests"].values() for i in ids} - bank.keys())
    checks = {"old": old_leaks(args.old).LeakCheck(questions), "new": LeakCheck(questions)}
    results = {name: [caught(check, bank, row) for row in probe["findings"]] for name, check in checks.items()}
    print(f"Probe findings caught (any pair kept apart / every pair), old = leaks.py at {args.old}:\n")
    print("| findings | n | old any | old all | new any | new all |\n| --- | --- | --- | --- | --- | --- |")
    for label, keep in GROUPS:
        rows = [i for i, row in enumerate(probe["findings"]) if keep(row)]
        cells = [sum(results[name][i][k] for i in rows) for name in ("old", "new") for k in (0, 1)]
        print(f"| {label} | {len(rows)} | " + " | ".join(map(str, cells)) + " |")
    if missing:
        print(f"\n{len(missing)} probe ids not in today's bank: {', '.join(missing)}")
    if args.list_caught:
        print()
        for row, old, new in zip(probe["findings"], results["old"], results["new"], strict=True):
            print(f"{row['test']} #{row['row']} {row['type']}{row['sure']} old={old} new={new} {row['receivers']}")
    flagged = {name: {(a.first, a.second): a.reason for a in check.pairs(questions)} for name, check in checks.items()}
    print(
        f"\nPairs flagged over the whole bank ({len(questions)} questions, {len(questions) * (len(questions) - 1) // 2}"
        " pairs):\n"
    )
    print("| reason | old | new |\n| --- | --- | --- |")
    kinds = {name: Counter(_kind(reason) for reason in found.values()) for name, found in flagged.items()}
    for kind in sorted(kinds["old"].keys() | kinds["new"].keys()):
        print(f"| {kind} | {kinds['old'][kind]} | {kinds['new'][kind]} |")
    print(f"| all | {len(flagged['old'])} | {len(flagged['new'])} |")
    only_new = sorted(flagged["new"].keys() - flagged["old"].keys())
    print(f"\nonly new: {len(only_new)}; only old: {len(flagged['old'].keys() - flagged['new'].keys())}")
    if args.list_new:
        for a, b in only_new:
            print(f"{a} | {b} | {flagged['new'][a, b]}")


def _kind(reason: str) -> str:
    if "names the answer" in reason:
        return "names the answer"
    if "make the same point" in reason:
        return "make the same point"
    return " ".join(reason.split()[:3]).replace("'", "")


if __name__ == "__main__":
    main()
