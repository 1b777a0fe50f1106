"""The front door of a warm quiz: the study set of a content folder (studyset.py), kept in the content cache as an
entry of its own, so a warm quiz reads it without importing the content's models (content.py) or unpickling them.

The entry is named by the content's key (cache.Session.key) and what it holds, and is read and written as the
content's own entries are: only from the user's private cache folder, checked, written atomically, pruned with them.

>>> from quizgen.bank.studycache import load_study_set
>>> study = load_study_set()          # the bundled content
>>> deck = study.deck_questions()     # the only deck: its slug and its questions, correct option first
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from ..load.paths import content_folder
from . import cache
from .studyset import StudySet

if TYPE_CHECKING:
    from pathlib import Path


def load_study_set(root: str | Path | None = None) -> StudySet:
    """What a quiz reads of the content under `root` (as `content.load_content` finds it): from its own entry in the
    content cache when there is one; else made from the content (itself from the cache, or loaded) and kept."""
    path = content_folder(root)  # a string, as every path a warm quiz uses: it never imports pathlib (~6 ms)
    session = cache.open_session(path)  # the content's bytes hashed once, for this entry and the content's
    if session is None:  # the cache is off, or a file cannot be read (loading says which)
        return _made(path)
    name = cache.hashed(b"study set\0" + session.key.encode()).hexdigest()
    file = f"{name}{cache.SUFFIX}"
    found = cache._read(os.path.join(session.where, file), name, StudySet)  # the cache's checks: private, intact
    if found is not None:
        cache.stats.hits += 1
        return dataclasses.replace(found, root=path)
    cache.stats.misses += 1
    from .content import cached_content

    study = cached_content(session).study_set()
    if session.settled:  # else a file was edited while loading: it would be kept under its old bytes' key
        cache._store(session.folder, session.folder / file, name, study)
    return study


def _made(path: str) -> StudySet:
    from .content import load_content

    return load_content(path).study_set()
