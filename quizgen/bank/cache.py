"""A cache of loaded and generated content, keyed by a hash of the content's bytes and of quizgen's code.

Loading and validating the YAML and generating every question take most of a command's time, and both are a pure
function of the bytes under `seeds/` and `decks/` and of quizgen's own code. So, as Python keeps `.pyc` files, the
first run keeps what they produced (the `Content`, every deck's questions before option shuffling, every problem)
in one pickle file named by a sha256 key over

- every file and folder under the content's `seeds/` and `decks/` (relative path and bytes, sorted), and the folder
  itself;
- quizgen's version and the size, modification and change times and inode of its `.py` files (as Python checks
  its `.pyc` files, but stricter), so an editable install being edited never serves stale questions;
- the Python version, and PyYAML's version and whether its C parser is installed.

The next run with the same key unpickles it instead (no YAML parsed). Any change to any of these makes a new key.

Entries live in `platformdirs.user_cache_dir("quizgen")` (`~/.cache/quizgen` on Linux), or `$QUIZGEN_CACHE_DIR`;
`QUIZGEN_CACHE=off` turns the cache off. The KEEP most recently used entries are kept, older ones deleted. The cache
never fails a command: an entry that is corrupt, truncated, unreadable or from another format is ignored and
rebuilt, and a folder that cannot be written only means nothing is kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .. import __version__
from ..errors import QuizgenError
from ..util.memory import paused_gc

if TYPE_CHECKING:
    from typing import Protocol

    from _typeshed import DataclassInstance

    class _Rooted(DataclassInstance, Protocol):
        """What the cache keeps: a dataclass that knows which folder it was loaded from (content.Content)."""

        @property
        def root(self) -> Path: ...


DIR_VAR = "QUIZGEN_CACHE_DIR"
SWITCH_VAR = "QUIZGEN_CACHE"
KEEP = 5
"""How many entries to keep: the bundled content and a few folders being edited; at x100 an entry is ~100 MB."""
FORMAT = b"quizgen content cache 1\n"
"""Starts every entry; change it when the layout of an entry changes."""
SUFFIX = ".pickle"
_ENTRY = re.compile(r"^[0-9a-f]{64}\.pickle$")
_TEMP = re.compile(r"^\.[0-9a-f]{64}\.pickle\..+\.tmp$")
_STALE_TEMP_SECONDS = 3600
"""A temp file this old was left by a run that was killed while writing (a live write takes well under this)."""


@dataclass
class Stats:
    """What this process's cache did, for tests and curious users: `quizgen.bank.cache.stats.hits`."""

    hits: int = 0
    misses: int = 0
    stores: int = 0


stats = Stats()


def cache_dir() -> Path | None:
    """Where entries live; None when the cache is off."""
    switch = os.environ.get(SWITCH_VAR, "").strip().lower()
    if switch in ("off", "0", "no", "false"):
        return None
    if switch not in ("", "on", "1", "yes", "true"):
        raise QuizgenError(f"{SWITCH_VAR}: '{switch}' is neither on nor off")
    chosen = os.environ.get(DIR_VAR)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizgen", appauthor=False))


T = TypeVar("T", bound="_Rooted")


def load(root: Path, build: Callable[[Path], T], kind: type[T]) -> T:
    """The content under `root` from the cache, else `build(root)`, which is then kept for the next run.

    `content.load_content` passes its builder and its `Content` class (an entry that unpickles to anything else
    is rebuilt), so the cache knows nothing of loading. Only entries in the user's private cache folder are ever
    read: a pickle inside a content folder someone hands you is never opened.
    """
    folder = cache_dir()
    digest = content_digest(root) if folder is not None else None
    if folder is None or digest is None:
        return build(root)
    key = _keyed(digest, root)
    entry = folder / f"{key}{SUFFIX}"
    found = _read(entry, key, kind)
    if found is not None:
        stats.hits += 1
        return dataclasses.replace(found, root=root)
    stats.misses += 1
    content = build(root)
    if content_digest(root) == digest:  # a file edited while loading would otherwise be kept under its old bytes' key
        _store(folder, entry, key, content)
    return content


def content_key(root: Path) -> str | None:
    """The hex key of the content under `root` with this quizgen and Python; None if a file there cannot be read."""
    digest = content_digest(root)
    return None if digest is None else _keyed(digest, root)


def _keyed(digest: str, root: Path) -> str:
    """The user cache's key: the content's digest and where the content is."""
    return hashlib.sha256(digest.encode() + b"\0" + os.fsencode(root.resolve())).hexdigest()


def content_digest(root: Path) -> str | None:
    """The hex sha256 of the content under `root` (not where it is) with this quizgen, Python and PyYAML; None if a
    file there cannot be read."""
    digest = hashlib.sha256()

    def part(data: bytes) -> None:  # length-prefixed, so no two different inputs hash the same stream
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)

    part(FORMAT)
    part(__version__.encode())
    part(sys.version.encode())
    part(code_fingerprint())
    part(_yaml_fingerprint())
    try:
        inside = root.resolve()
        for name in ("seeds", "decks"):
            for rel, kind, data in _tree(root / name, name, inside=inside):
                part(os.fsencode(rel))
                part(kind)
                part(data)
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return None
    return digest.hexdigest()


def _tree(
    folder: Path, rel: str, seen: frozenset[tuple[int, int]] = frozenset(), *, inside: Path
) -> Iterator[tuple[str, bytes, bytes]]:
    """(relative path, kind, bytes) of everything under `folder`, sorted, following symbolic links as loading does.

    Folders count too (an empty deck folder is a problem loading reports); a link back to a parent is not followed.
    Where a link points counts, and a file outside the content folder `inside` is never read (loading refuses it).
    """
    info = folder.stat()
    seen = seen | {(info.st_dev, info.st_ino)}
    yield rel, b"dir", b""
    for name in sorted(os.listdir(folder)):
        path, sub = folder / name, f"{rel}/{name}"
        if path.is_symlink():
            real = path.resolve()
            yield sub, b"link", os.fsencode(real)
            if not real.is_relative_to(inside):
                continue
        try:
            inner = path.stat()
        except FileNotFoundError:  # a dangling link: loading sees a missing file
            yield sub, b"dangling", b""
            continue
        if stat.S_ISDIR(inner.st_mode):
            if (inner.st_dev, inner.st_ino) in seen:
                yield sub, b"loop", b""
            else:
                yield from _tree(path, sub, seen, inside=inside)
        elif stat.S_ISREG(inner.st_mode):
            yield sub, b"file", path.read_bytes()
        else:  # a fifo or a device: never read (it could block); that it is there is enough
            yield sub, b"other", b""


@functools.cache
def code_fingerprint() -> bytes:
    """The relative path, size, modification and change times and inode of every .py file of the quizgen package.

    Without reading the files (hashing them cost more than the rest of a warm quiz's cache lookup): an edit changes
    the modification and change times, and a reinstall writes new files (new inodes and change times) even when a
    reproducible build kept every size and modification time of the same version.
    """
    return package_fingerprint(Path(__file__).resolve().parent.parent)  # quizgen/, every layer under it


def package_fingerprint(package: Path) -> bytes:
    """What `code_fingerprint` says of the package at `package`."""
    parts = []
    for rel, info in sorted(_py_files(package, "")):
        parts.append(rel.encode())
        parts.append(f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}".encode())
    return b"\0".join(parts)


def _py_files(folder: Path, rel: str) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to the package, stat) of every .py file under `folder`, at any depth."""
    with os.scandir(folder) as scan:
        for item in scan:
            if item.is_dir(follow_symlinks=False) and item.name != "__pycache__":
                yield from _py_files(Path(item.path), f"{rel}{item.name}/")
            elif item.name.endswith(".py") and item.is_file():
                yield f"{rel}{item.name}", item.stat()


def _yaml_fingerprint() -> bytes:
    """PyYAML parses the content: its `__init__.py` (which holds the version) and its file names (the C parser)."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")  # the package import would use, found without importing it
    if spec is None or not spec.submodule_search_locations:
        return b""
    folder = spec.submodule_search_locations[0]
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith((".py", ".so", ".pyd")))
        with open(os.path.join(folder, "__init__.py"), "rb") as stream:
            init = stream.read()
    except OSError:
        return b""
    return "\0".join(names).encode() + b"\0" + init


def _read(entry: Path, key: str, kind: type[T]) -> T | None:
    """The content kept in `entry`, or None if there is none or it is not intact.

    The entry must be a regular file that belongs to the user and that nobody else can write, in a folder that
    belongs to the user and that nobody else can write: unpickling runs code, so an entry someone else could place
    or change is never read. It is opened without following links and without blocking, so a FIFO or a device placed
    there cannot hang or flood quizgen.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if not _private_folder(entry.parent):
            return None
        fd = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        with open(fd, "rb", closefd=False) as stream:
            data = stream.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    head = FORMAT + key.encode() + b"\n"
    checksum, payload = data[len(head) : len(head) + 32], memoryview(data)[len(head) + 32 :]
    if not data.startswith(head) or hashlib.sha256(payload).digest() != checksum:
        return None
    try:
        with paused_gc():
            found = pickle.loads(payload)
    except Exception:  # intact bytes that still do not load: rebuild rather than fail
        return None
    if not isinstance(found, kind):
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # the most recently used entries are the ones pruning keeps
    return found


def _private_folder(folder: Path) -> bool:
    """The cache folder is a real folder of this user's that no one else can write (true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _store(folder: Path, entry: Path, key: str, content: object) -> None:
    """Write the entry atomically and prune old ones; a folder that cannot be written keeps nothing, silently."""

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: only this user may place entries here
        _write(entry, key, content)
    except Exception:  # unpicklable, out of memory, disk full, read-only: the command goes on uncached
        return
    stats.stores += 1
    prune(folder)


def _write(entry: Path, key: str, content: object) -> None:
    from ..util.atomic import atomic_open

    payload = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_open(entry, mode=0o600) as stream:  # in pieces: at x100 the payload alone is ~80 MB
        stream.write(FORMAT + key.encode() + b"\n" + hashlib.sha256(payload).digest())
        stream.write(payload)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the `keep` most recently used entries, and temp files left by killed runs; nothing else."""
    entries: list[tuple[int, str]] = []
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                if _ENTRY.match(item.name):
                    entries.append((item.stat().st_mtime_ns, item.path))
                elif _TEMP.match(item.name) and item.stat().st_mtime < time.time() - _STALE_TEMP_SECONDS:
                    os.unlink(item.path)
        for _, path in sorted(entries, reverse=True)[keep:]:
            os.unlink(path)
    except OSError:  # another process pruned first, or the folder is read-only: try again next time
        pass
