"""Atomic file output: write a temp file beside the target, then rename, so a failure leaves no partial file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import QuizgenError


def into_folder(output: str, name: str) -> str:
    """`output` as given, but a folder (one that exists, or any path ending in /) gets the file `name` inside it, as
    `cp FILE DIR/` does; "-" (standard output) stays."""
    if output != "-" and (output.endswith(("/", os.sep)) or os.path.isdir(output)):
        return os.path.join(output, name)
    return output


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary stream; on success it replaces `path` whole, on any failure `path` is untouched.

    The file gets `mode` if given, else the mode of the file it replaces (and its owner, when quizgen may set
    it), else the usual 0o666 less the umask. Temp files older than an hour that a killed run left beside it go.

    durable=False is for a cache's files, which its reader checks and rebuilds when torn and whose folder the cache
    sweeps of stale temps itself (bank/cache.py prune): no fsync, and no listing of the folder per file (a cache
    writing hundreds of files into one folder made that quadratic).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if durable:
            _remove_stale_temps(target)
        fd, tmp = _new_temp(target)
    except OSError as exc:
        raise QuizgenError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        old = _existing(target)
        if mode is None:  # a file someone made private stays private when it is written again
            mode = stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if old and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give it back; anyone else makes it theirs, as cp does
                os.chown(tmp, old.st_uid, old.st_gid)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise QuizgenError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path) as stream:
        stream.write(data)


TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 3600
"""A temp file beside a target older than this was left by a killed quizgen (SIGKILL cannot be cleaned up after)."""


_RANDOM = re.compile(r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
"""What a temp file's 8 random characters are drawn from, as tempfile.mkstemp draws them (the names _RANDOM knows)."""


def _new_temp(target: Path) -> tuple[int, str]:
    """A new temp file `.NAME.XXXXXXXX.tmp` beside `target`, made as tempfile.mkstemp makes one (created exclusively,
    no link followed, mode 0o600), without importing tempfile: with shutil and the compression modules it imports,
    about 4 ms of a quiz's start after an edit (which writes the cache)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        random = "".join(_CHARACTERS[b % len(_CHARACTERS)] for b in os.urandom(8))
        tmp = os.path.join(target.parent, f".{target.name}.{random}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temp file name", str(target.parent))


def _existing(target: Path) -> os.stat_result | None:
    try:
        found = os.stat(target)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _remove_stale_temps(target: Path) -> None:
    """Remove `.NAME.XXXXXXXX.tmp` files beside `target` older than an hour: what a killed run left behind.

    Younger ones may belong to another quizgen writing the same file right now, so they stay.
    """
    cutoff = time.time() - STALE_SECONDS
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        # only the names _new_temp makes (mkstemp's): 8 of a-z, 0-9 and _ between the prefix and .tmp
        if not (name.startswith(prefix) and _RANDOM.fullmatch(name[len(prefix) :])):
            continue
        temp = target.parent / name
        with contextlib.suppress(OSError):
            found = os.lstat(temp)
            if stat.S_ISREG(found.st_mode) and found.st_mtime < cutoff and found.st_uid == os.geteuid():
                os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
