"""Paths as strings, spelled as pathlib spells them, for the code a warm quiz runs.

Importing pathlib (with the urllib.parse and ipaddress it imports) took about a tenth of a warm `quiz --plain`'s CPU
time. The folders a quiz reads (the content, the cache entry, the history) are kept as strings in the form
`str(Path(name))` gives, so a message naming one reads the same either way, and code that wants a Path makes one.
"""

from __future__ import annotations

import os


def spelled(name: str | os.PathLike[str]) -> str:
    """`str(pathlib.Path(name))`: no empty or `.` parts, no trailing slash, `..` kept, `.` for nothing.

    >>> spelled("./data//quizgen/")
    'data/quizgen'
    """
    text = os.fspath(name)
    if os.name != "posix":  # Windows spells drives and separators its own way: let pathlib say it
        from pathlib import Path

        return str(Path(text))
    body = text.lstrip("/")
    root = "//" if len(text) - len(body) == 2 else "/" if body != text else ""  # POSIX keeps exactly two
    return root + "/".join(part for part in body.split("/") if part and part != ".") or "."


def joined(folder: str | os.PathLike[str], *names: str) -> str:
    """`str(pathlib.Path(folder, *names))`."""
    return spelled(os.path.join(folder, *names))


def expanded(name: str | os.PathLike[str]) -> str:
    """`str(pathlib.Path(name).expanduser())`: `~` and `~user` at the start replaced by the home folder."""
    return spelled(os.path.expanduser(spelled(name)))  # spelled first: pathlib reads `./~/x` as `~/x`
