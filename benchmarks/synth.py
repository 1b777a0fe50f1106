"""Synthetic content: the bundled texts and deck copied `scale` times with renamed slugs and fact ids.

Copy 0 is the bundled content byte for byte; copy i renames seed `haq-2025` to `haq-2025-c<i>` and fact `haq-x` to
`haq-x-c<i>` (conflicts_with, same_point and see_also follow), keeping every text, so each quote still matches
its (copied) seed.

    python benchmarks/synth.py 100 /tmp/x100       # about 22,000 facts over 500 texts
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

MARK = "-c@@"
"""Placed after every renamed id in a template copy, then replaced by `-c<i>` per copy."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _TextDates(_Loader):  # type: ignore[misc, valid-type]
    """Keeps dates as the text they were written as, like quizgen's own loader."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _renamed(facts: list[Any]) -> list[Any]:
    for fact in facts:
        if not isinstance(fact, dict):
            continue
        if isinstance(fact.get("id"), str):
            fact["id"] += MARK
        # Every reference to another fact follows its copy: copy i's facts point at copy i's, as in a real deck.
        for field in ("conflicts_with", "same_point", "see_also"):
            if isinstance(fact.get(field), list):
                fact[field] = [f"{other}{MARK}" for other in fact[field]]
        for question in fact.get("questions") or ():
            if isinstance(question, dict) and isinstance(question.get("see_also"), list):
                question["see_also"] = [f"{other}{MARK}" for other in question["see_also"]]
        source = fact.get("source")
        if isinstance(source, dict) and isinstance(source.get("seed"), str):
            source["seed"] += MARK
    return facts


def synthesize(source: Path, dest: Path, scale: int) -> dict[str, int]:
    """Write `scale` copies of the content at `source` (seeds/ + decks/) into `dest`; return what was written."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "seeds").mkdir(parents=True)
    texts = sorted((source / "seeds").glob("*.txt"))
    for txt in texts:
        meta = txt.with_suffix(".yaml")
        for i in range(scale):
            slug = txt.stem if i == 0 else f"{txt.stem}-c{i}"
            shutil.copyfile(txt, dest / "seeds" / f"{slug}.txt")
            if meta.exists():
                shutil.copyfile(meta, dest / "seeds" / f"{slug}.yaml")
    facts = 0
    for deck in sorted(p for p in (source / "decks").iterdir() if p.is_dir()):
        out = dest / "decks" / deck.name
        out.mkdir(parents=True)
        for path in sorted(deck.glob("*.yaml")):
            if path.name in ("deck.yaml", "templates.yaml"):
                shutil.copyfile(path, out / path.name)
                continue
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_TextDates)  # noqa: S506 - derived from the safe loader
            items = data.get("facts") if isinstance(data, dict) else None
            if not isinstance(items, list):
                shutil.copyfile(path, out / path.name)
                continue
            facts += len(items) * scale
            (out / path.name).write_text(text, encoding="utf-8")
            template = yaml.dump({"facts": _renamed(items)}, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
            for i in range(1, scale):
                (out / f"{path.stem}-c{i}.yaml").write_text(template.replace(MARK, f"-c{i}"), encoding="utf-8")
    return {"scale": scale, "seeds": len(texts) * scale, "facts": facts}


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(synthesize(root, Path(sys.argv[2]), int(sys.argv[1])))
