"""Where content lives: the folder given by --content or QUIZGEN_CONTENT, else the bundled one."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import QuizgenError

ENV_VAR = "QUIZGEN_CONTENT"


def bundled_content() -> Path:
    """The seeds and decks shipped with quizgen: inside the wheel, or the repository in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the quizgen package
    packaged = here / "_content"
    if (packaged / "decks").is_dir():
        return packaged
    return here.parent


def content_root(option: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the content folder and check it has the seeds/ + decks/ layout."""
    chosen = option or os.environ.get(ENV_VAR) or None
    root = Path(chosen).expanduser() if chosen else bundled_content()
    where = "--content" if option else ENV_VAR if chosen else "bundled content"
    if not root.is_dir():
        raise QuizgenError(f"{where}: {root} is not a folder")
    missing = [name for name in ("seeds", "decks") if not (root / name).is_dir()]
    if missing:
        raise QuizgenError(
            f"{where}: {root} has no {' or '.join(f'{m}/' for m in missing)} folder "
            "(see decks/README.md for the layout)"
        )
    return root
