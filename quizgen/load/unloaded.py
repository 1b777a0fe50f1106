"""What the facts files and facts that failed to load would have defined, so references to them are not reported.

A typo that keeps a fact (or a whole file) from loading would otherwise be followed by an error for every other fact
naming it ("see_also names unknown fact 'hus-munir-lunch' (did you mean ...?)") and a warning for every also_true
name only it gave, each pointing the author away from the cause. Such references are counted instead, in one note
per file where it failed (a consequence of the error there, not one more error to fix): "note: 4 references to fact
'hus-munir-lunch' (in haq-2025.yaml) not checked: that fact did not load". Built only when something failed to load:
a deck without errors never makes one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem
from .paths import read_content_file, relative

if TYPE_CHECKING:
    from .facts import Entry

_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?[ \t]*(?:#.*)?$""", re.M)
"""An `id:` line of a file YAML could not read: the ids it would have defined, as written (question ids too, which
only makes a reference to one of those wait until the file loads)."""

_Group = tuple[str, bool]
"""(file, whether the whole file failed): the references reported together."""


class Unloaded:
    """The fact ids and texts of what failed to load in one deck, and the references to them not checked."""

    def __init__(self) -> None:
        self.ids: dict[str, tuple[_Group, Location]] = {}
        """Fact id -> its group and where it failed."""
        self.texts: list[tuple[_Group, Location, str | None, str]] = []
        """(group, where it failed, fact id or None, its text casefolded): where an also_true name may come from."""
        self.skipped: dict[_Group, list[tuple[Location, str | None, Location]]] = {}
        """Group -> each reference not checked: (where it failed, the fact id named or None, where the reference is)."""

    def add(self, path: Path, root: Path, problems: Sequence[Problem], entries: Sequence[Entry]) -> None:
        """What a facts file failed to define: with `problems` of its own and no entries, all of it (the ids found in
        its text); else the entries without a fact."""
        rel = relative(path, root)
        try:
            raw = read_content_file(path, root).decode("utf-8", "replace")
        except OSError:
            raw = ""
        if not entries:
            where = next(p.location for p in problems if p.severity == "error")
            group = (rel, True)
            for match in _ID_LINE.finditer(raw):
                self.ids.setdefault(match[1], (group, where))
            self.texts.append((group, where, None, raw.casefold()))
            return
        lines = raw.splitlines()
        starts = [entry.loc.line for entry in entries]
        for i, entry in enumerate(entries):
            if entry.fact is not None or not isinstance(entry.id, str) or entry.id in self.ids:
                continue
            errors = [p.location for p in entry.problems if p.severity == "error"] or [entry.loc]
            where = max(errors, key=lambda loc: (loc.line, loc.col))
            self.ids[entry.id] = ((rel, False), where)
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
            text = "\n".join(lines[entry.loc.line - 1 : end]).casefold()
            self.texts.append(((rel, False), where, entry.id, text))

    def skip(self, fact_id: str, at: Location) -> bool:
        """True (and counted) when a reference at `at` to an unknown fact names one that failed to load."""
        found = self.ids.get(fact_id)
        if found is None:
            return False
        self.skipped.setdefault(found[0], []).append((found[1], fact_id, at))
        return True

    def skip_name(self, name: str, at: Location) -> bool:
        """True (and counted) when a name no loaded fact gives is in the text of something that failed to load."""
        folded = name.casefold()
        for group, where, fact_id, text in self.texts:
            if folded in text:
                self.skipped.setdefault(group, []).append((where, fact_id, at))
                return True
        return False

    def problems(self) -> list[Problem]:
        """One note per group with references not checked, where (the first of) what they name failed: a consequence
        of the errors there, not one more thing to fix."""
        out = []
        for (rel, whole), refs in self.skipped.items():
            where = min((r[0] for r in refs), key=lambda loc: (loc.line, loc.col))
            ids = list(dict.fromkeys(r[1] for r in refs if r[1] is not None))
            files = ", ".join(sorted({r[2].path.rsplit("/", 1)[-1] for r in refs}))
            count = f"{len(refs)} reference{'s' * (len(refs) != 1)}"
            name = rel.rsplit("/", 1)[-1]
            if whole:
                message = f"{count} to facts of {name} (from {files}) not checked: that file did not load"
            elif len(ids) == 1:
                message = f"{count} to fact '{ids[0]}' (from {files}) not checked: that fact did not load"
            else:
                message = f"{count} to {len(ids)} facts of {name} (from {files}) not checked: those facts did not load"
            out.append(Problem(where, message, "note"))
        return out
