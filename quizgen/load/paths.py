"""Where content lives: the folder given by --content or QUIZGEN_CONTENT, else the bundled one."""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING, Any

from ..errors import SettingError, Source
from ..util.pathnames import expanded

if TYPE_CHECKING:
    from pathlib import Path

    from .schema import Checker

ENV_VAR = "QUIZGEN_CONTENT"


def bundled_content() -> Path:
    """The texts and decks shipped with quizgen: inside the wheel, or the repository in a source checkout."""
    from pathlib import Path

    return Path(_bundled_folder())


def _bundled_folder() -> str:
    """bundled_content, as a string."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the quizgen package
    packaged = os.path.join(here, "_content")
    if os.path.isdir(os.path.join(packaged, "decks")):
        return packaged
    return os.path.dirname(here)


def content_root(option: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the content folder and check it has the seeds/ + decks/ layout."""
    from pathlib import Path

    return Path(content_folder(option))


def content_folder(option: str | os.PathLike[str] | None = None) -> str:
    """content_root as a string (util/pathnames.py): a warm quiz reads its study set without importing pathlib."""
    chosen = option or os.environ.get(ENV_VAR) or None  # the one place QUIZGEN_CONTENT is read
    root = expanded(chosen) if chosen else _bundled_folder()
    source: Source = "argument" if option else "environment" if chosen else "default"
    named = "bundled content " if source == "default" else ""
    missing = [name for name in ("seeds", "decks") if not os.path.isdir(os.path.join(root, name))]
    if not os.path.isdir(root):
        problem = f"{named}{root} is not a folder"
    elif missing:
        folders = " or ".join(f"{m}/" for m in missing)
        problem = f"{named}{root} has no {folders} folder (see decks/README.md for the layout)"
    else:
        return root
    from pathlib import Path

    raise SettingError("content", ENV_VAR, source, Path(root), problem)


class ContentFileError(OSError):
    """A content file quizgen will not read: a link leaving the content folder, not a regular file, too large."""

    strerror: str  # always set, unlike OSError's

    def __init__(self, message: str):
        super().__init__(message)
        self.strerror = message

    def __str__(self) -> str:
        return self.strerror


def read_content_file(path: Path, root: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a text or deck file, which must be a regular file inside the content folder `root`.

    A link is followed only while it stays inside the folder: a content folder someone hands you must not make
    quizgen read (print, cache) `/etc/shadow`. Opened without blocking, so a FIFO cannot hang the load.
    """
    real, inside = _resolved(path), _resolved(root)
    seen, folder = os.path.normcase(real), os.path.normcase(inside)  # Path.is_relative_to, of strings
    if seen != folder and not seen.startswith(os.path.join(folder, "")):
        raise ContentFileError(f"is a link to {real}, outside the content folder; copy the file in instead")
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise ContentFileError("is not a regular file")
        if max_bytes is not None and found.st_size > max_bytes:
            raise ContentFileError(f"is {found.st_size:,} bytes; the limit is {max_bytes:,} (see decks/README.md)")
        with open(fd, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(fd)


def _resolved(path: str | os.PathLike[str]) -> str:
    """`str(Path(path).resolve())`, without making Paths (a third of the time to read a small file at x100, where
    every text, metadata and facts file is read): the real path, and ContentFileError for a loop of symbolic links,
    which callers word as any file they cannot read (Path.resolve raised RuntimeError, a traceback)."""
    real = os.path.realpath(path)
    try:
        os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ContentFileError("is a loop of symbolic links") from None
    return real


MISSING, BROKEN = object(), object()
"""What read_yaml returns for a file that does not exist, and for one it reported as unreadable."""


def relative(path: Path, root: Path) -> str:
    """How a message names a content file: its path inside the content folder."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_yaml(path: Path, root: Path, check: Checker) -> Any:
    """The YAML document of a deck file (LocatedDicts and LocatedLists), MISSING, or BROKEN once reported."""
    from ..errors import Location  # as yamlsrc: not for a run the content cache serves
    from .yamlsrc import YamlSyntaxError, load_yaml

    rel = relative(path, root)
    try:
        raw = read_content_file(path, root)
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        check.error(Location(rel), f"cannot read: {exc.strerror}")
        return BROKEN
    try:
        return load_yaml(raw, rel)
    except YamlSyntaxError as exc:
        check.error(exc.location, exc.message)
        return BROKEN
