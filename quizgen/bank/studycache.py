"""The front door of a warm quiz: the study set of a content folder (studyset.py), from its own entry in the content
cache, without importing the content's models (content.py) unless the entry has to be made.

>>> from quizgen.bank.studycache import load_study_set
>>> study = load_study_set()          # the bundled content
>>> deck = study.deck_questions()     # the only deck: its slug and its questions, correct option first
"""

from __future__ import annotations

from pathlib import Path

from ..load.paths import content_root
from . import cache
from .studyset import StudySet


def load_study_set(root: str | Path | None = None) -> StudySet:
    """What a quiz reads of the content under `root` (as `content.load_content` finds it): from its own entry in the
    content cache when there is one, so a warm quiz neither unpickles nor creates the classes of facts, texts and
    templates; else made from the content (itself from the cache, or loaded) and kept."""

    def made(path: Path) -> StudySet:
        from .content import load_content

        return load_content(path).study_set()

    return cache.load(content_root(root), made, StudySet, part="study set")
