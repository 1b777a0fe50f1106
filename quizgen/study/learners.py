"""Learners' histories read for item analysis: each question's first answer, one learner per history.

The history is read from a copy in a temporary folder, so analysing a learner's file never migrates it, switches
its journal or leaves a lock behind.

>>> answers = first_answers("class/alice")      # alice's data folder, or the history file itself
>>> [a.question_id for a in answers if a.chosen != a.answer]
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .history import FILENAME, History, HistoryError
from .stored import StoredAnswer


def first_answers(path: str | os.PathLike[str], deck: str | None = None) -> list[StoredAnswer]:
    """The first answer the learner gave to each question (of `deck`, or of every deck: a question is a deck and
    a question id), oldest first, from `path`: a data folder holding history.sqlite3, or a history file under any
    name."""
    given = Path(path)
    file = given / FILENAME if given.is_dir() else given
    if not file.is_file():
        raise HistoryError(f"{path}: no quizgen history there (a data folder holding {FILENAME}, or that file)")
    with tempfile.TemporaryDirectory(prefix="quizgen-learner-") as folder:
        copy = Path(folder) / FILENAME
        shutil.copyfile(file, copy)
        wal = file.with_name(file.name + "-wal")  # answers not yet checkpointed into the file itself
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(FILENAME + "-wal"))
        try:
            with History.open(folder) as history:
                answers = history.answers(deck=deck)
        except HistoryError as exc:  # name the learner's file, not the copy
            raise HistoryError(str(exc).replace(str(copy), str(file))) from None
    first: dict[tuple[str, str], StoredAnswer] = {}
    for answer in answers:
        first.setdefault((answer.deck, answer.question_id), answer)
    return list(first.values())
