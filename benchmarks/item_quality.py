"""Item-quality numbers of a content folder's bank (issue 11): run before and after a change to the generator.

    .venv/bin/python benchmarks/item_quality.py [CONTENT_DIR]

Prints: questions; per ordered kind (date, number) how often the key is the 1st..4th smallest option; the score of
"pick an option that is an author of one of the texts" on the items offering one (chance 25%); and, with an
entities.yaml, how many name/holder questions have every option of the key's type, and of the key's country.
Reads only quizgen's public models; no cache.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

try:
    from quizgen.bank.content import load_content
except ImportError:  # a checkout from before the restructure (issue 15)
    from quizgen.content import load_content  # type: ignore[no-redef]

_MONTHS = list(calendar.month_name)[1:]


def order_key(text: str) -> float | None:
    m = re.match(r"^(?:(\d{1,2}) )?(?:([A-Z][a-z]+) )?(\d{4})$", text)
    if m and (m.group(2) is None or m.group(2) in _MONTHS):
        return int(m.group(3)) * 400 + (_MONTHS.index(m.group(2)) + 1 if m.group(2) else 0) * 32 + int(m.group(1) or 0)
    m = re.match(
        r"^\$?(\d[\d,]*(?:\.\d+)?)(?:\u2013(\d[\d,]*(?:\.\d+)?))?%?(?: (thousand|million|billion|trillion))?", text
    )
    if m:
        low = float(m.group(1).replace(",", ""))
        high = float(m.group(2).replace(",", "")) if m.group(2) else low
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(m.group(3) or "", 1)
        return (low + high) / 2 * scale
    return None


def main(root: str | None, registry_file: str | None = None) -> None:
    content = load_content(Path(root) if root else None, cache=False)
    bank = content.bank(seed=0)
    qs = bank.questions
    print(f"questions: {len(qs)}")
    ranks: dict[str, Counter] = {"date": Counter(), "number": Counter()}
    for q in qs:
        keys = [order_key(o) for o in q.options]
        if None in keys:
            continue
        kind = "date" if re.search(r"\d{4}$", q.options[0]) and "$" not in q.options[0] else "number"
        rank = sorted(keys).index(keys[q.answer])
        ranks[kind][rank] += 1
    for kind, c in ranks.items():
        n = sum(c.values())
        if n:
            shares = ", ".join(f"{c[i]} ({c[i] / n:.0%})" for i in range(4))
            print(f"{kind} options ({n} items): key is 1st..4th smallest: {shares}")
    authors = {a for s in bank.texts.values() for a in s.authors}
    groups = {", ".join(s.authors[:-1]) + " and " + s.authors[-1] for s in bank.texts.values() if len(s.authors) > 1}
    surnames = {a.split()[-1] for s in bank.texts.values() for a in s.authors}
    authorish = authors | groups | {f"{s[0]}, {s[1]} and {s[2]}" for s in [["Dominic", "Liaqat", "Tanveer"]]}
    score = items = 0.0
    for q in qs:
        marked = [i for i, o in enumerate(q.options) if o in authorish]
        if marked:
            items += 1
            score += (q.answer in marked) / len(marked)
    if items:
        print(f"author cue: {score / items:.0%} over {int(items)} items offering an author (chance 25%)")
    deck = content.deck()
    registry = getattr(deck, "entities", None)
    if registry_file:
        registry = {k: SimpleNamespace(**v) for k, v in json.loads(Path(registry_file).read_text()).items()}
    elif registry:
        dump = {k: {"type": e.type, "country": e.country} for k, e in registry.items()}
        Path("/tmp/item_quality_registry.json").write_text(json.dumps(dump))
    if registry:
        same_type = same_country = total = 0
        for q in qs:
            if q.template not in ("figure-name", "position-holder"):
                continue
            found = [registry.get(o.casefold()) for o in q.options]  # an option is capitalised: look up as written too
            if None in found:
                continue
            total += 1
            key = found[q.answer]
            same_type += all(e.type == key.type for e in found)
            same_country += all(e.country == key.country for e in found)
        print(
            f"name/holder items with a registry entry for every option: {total}; all of the key's type: "
            f"{same_type}; all of the key's country: {same_country}"
        )
    _ = surnames


if __name__ == "__main__":
    # A second argument: a registry dumped by a run on a checkout with entities.yaml, to judge an older bank by it.
    main(sys.argv[1] if len(sys.argv) > 1 else None, sys.argv[2] if len(sys.argv) > 2 else None)
