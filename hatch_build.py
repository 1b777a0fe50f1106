"""Wheel build hook: ship the bundled content's question bank pre-built, so the first quiz after installing starts
as fast as every later one (quizgen/bank/cache.py, SHIPPED).

The wheel works without it (the first run then builds the cache itself), so any failure here is only a warning.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install runs from the checkout, where content and code change under it
        out = Path(tempfile.mkdtemp(prefix="quizgen-bank-")) / "bank.pickle"
        sys.path.insert(0, self.root)
        try:
            from quizgen.bank.cache import SHIPPED
            from quizgen.bank.content import write_shipped

            write_shipped(Path(self.root), out)
        except Exception as exc:
            self.app.display_warning(f"quizgen: the wheel ships no pre-built bank ({type(exc).__name__}: {exc})")
            return
        finally:
            sys.path.remove(self.root)
        build_data["force_include"][str(out)] = f"quizgen/_content/{SHIPPED}"
