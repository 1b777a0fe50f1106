"""quizgen: multiple-choice quizzes for the terminal, Anki and print from source texts.

The names in `__all__` are the public Python API, what other code may rely on; everything else may change. They load
on first use, so `import quizgen` imports neither YAML nor genanki nor click, and `quizgen --help` stays instant.

>>> import quizgen
>>> bank = quizgen.load_content().bank(seed=0)  # the bundled content, its only deck
>>> picked = quizgen.select(bank.questions, quizgen.Filters(kinds=("event",)), n=10, seed=0)
>>> data = quizgen.to_json(bank, picked)  # bytes, in the JSON contract of quizgen.ExportDict
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `quizgen` imports it under __main__'s paused gc
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    # loading and the models it gives
    "load_content": "quizgen.bank.content",
    "Content": "quizgen.bank.content",
    "Deck": "quizgen.model.models",
    "Bank": "quizgen.model.models",
    "Question": "quizgen.model.models",
    "Quote": "quizgen.model.models",
    # selection
    "Filters": "quizgen.bank.select",
    "select": "quizgen.bank.select",
    # the exception family and what validation reports
    "QuizgenError": "quizgen.errors",
    "ContentError": "quizgen.errors",
    "ArgumentError": "quizgen.errors",
    "SettingError": "quizgen.errors",
    "Problem": "quizgen.errors",
    "Location": "quizgen.errors",
    # outputs: each renders to bytes
    "to_json": "quizgen.outputs.exporters.json_export",
    "bank_dict": "quizgen.outputs.exporters.json_export",
    "ExportDict": "quizgen.outputs.exporters.contract",
    "to_csv": "quizgen.outputs.exporters.csv_export",
    "to_gift": "quizgen.outputs.exporters.gift",
    "to_moodle_xml": "quizgen.outputs.exporters.moodle_xml",
    "to_qti": "quizgen.outputs.exporters.qti",
    "apkg_bytes": "quizgen.outputs.anki",
    "build_sheet": "quizgen.outputs.printing",
    "render_sheet": "quizgen.outputs.printing",
}
"""Public name -> the module that defines it. Names, not imports: the package root is importable from every layer
(the version), so it cannot import from them; tests/test_architecture.py would see a cycle."""
_RENAMED = {"render_sheet": "render"}
"""Public names that differ from the name inside their module."""

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'quizgen' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
