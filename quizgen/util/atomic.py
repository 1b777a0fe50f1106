"""Atomic file output: write a temp file beside the target, then rename, so a failure leaves no partial file.

A path that is a symbolic link gets the file it names written (the link stays a link); a path that is not a regular
file (a device such as /dev/null, a FIFO, /dev/stdout) is written to directly, as `cat > PATH` would: renaming a
temp file over it would replace the device or FIFO with a regular file. A socket cannot be opened, and is named so.
"""

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
def atomic_open(
    path: str | os.PathLike[str], *, mode: int | None = None, durable: bool = True, follow: bool = True
) -> Iterator[BinaryIO]:
    """Yield a binary stream; on success it replaces `path` whole, on any failure `path` is untouched.

    A symbolic link at `path` stays, and the file it names is replaced; a device, FIFO or socket is written to
    directly, neither atomically nor replaced (destination()); missing folders above `path` are made.

    The file gets `mode` if given, else the mode of the file it replaces (and its owner, when quizgen may set
    it), else the usual 0o666 less the umask. Temp files older than an hour that a killed run left beside it go.

    durable=False is for a cache's files, which its reader checks and rebuilds when torn and whose folder the cache
    sweeps of stale temps itself (bank/cache.py prune): no fsync, and no listing of the folder per file (a cache
    writing hundreds of files into one folder made that quadratic).

    follow=False is for files only quizgen names, in a folder of its own (the cache): whatever is at `path` (a link,
    a FIFO, a device) is a leftover or a plant, not a place a user chose, so it is replaced, never written through.
    """
    given = Path(path)
    try:
        target = destination(given) if follow else given
        fd, tmp = (os.open(given, _DIRECT), "") if target is None else _beside(target, durable)
    except OSError as exc:
        raise QuizgenError(f"cannot write {given}: {_reason(exc, given)}") from None
    if target is None:
        with _writing_to(given, fd) as stream:
            yield stream
        return
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
            raise QuizgenError(f"cannot write {given}: {_reason(exc, given)}") from None
        raise


def destination(path: str | os.PathLike[str]) -> Path | None:
    """The regular file atomic_open replaces for `path`: `path` itself, or the file its symbolic link names (which
    need not exist yet); None when `path` is written to directly: a device, FIFO or socket, or an open file reached
    through /proc (/dev/stdout, /dev/fd/N). Raises OSError when `path` cannot be looked at (a loop of links).

    >>> destination("/dev/null") is None
    True
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:  # nothing there yet, or a link to nothing: the file is made
        found = None
    if found is not None and not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
        return None
    given = end = os.fspath(path)
    for _ in range(_MAX_LINKS):
        try:
            link = os.readlink(end)
        except FileNotFoundError:  # a link to nothing: its target is made
            break
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: not a link
                raise
            break
        folder = os.path.dirname(end)
        if os.path.realpath(folder or ".").startswith(_PROC):  # /proc/self/fd/1: an open file, not a name to replace
            return None
        end = os.path.join(folder, link)
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), given)
    if end == given:
        return Path(path)
    # the folders as the kernel resolves them: a `..` after a linked folder goes up from the folder it names
    return Path(os.path.realpath(os.path.dirname(end) or ".")) / os.path.basename(end)


def folder_of(path: str | os.PathLike[str]) -> Path | None:
    """The folder of `path`, for what goes with it (print's manifest, a temporary file on the same disk); None
    when `path` is written to directly (a device, FIFO or socket, /dev/stdout): nothing belongs beside those.

    >>> folder_of("/dev/null") is None
    True
    """
    try:
        direct = destination(path) is None
    except OSError:  # atomic_open says why when it writes `path`
        direct = False
    return None if direct else Path(path).parent


_DIRECT = os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
"""How a device, FIFO or socket is opened: as `>` opens it (O_TRUNC does nothing to a device or a FIFO), never
created: it exists, and if it vanished since it was looked at, a regular file should not appear non-atomically."""
_MAX_LINKS = 40
"""Symbolic links followed at most, as Linux follows them (ELOOP after that)."""
_PROC = "/proc/"


@contextlib.contextmanager
def _writing_to(given: Path, fd: int) -> Iterator[BinaryIO]:
    """`fd` (a device, FIFO or socket) as a stream; its write errors as QuizgenError, except a reader going away.

    Nothing to fsync (a FIFO or /dev/null refuses it) and nothing to roll back: what was written has been read.
    BrokenPipeError stays itself, so the CLI stops quietly as `cat > FIFO` does when its reader leaves (`| head`).
    """
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise QuizgenError(f"cannot write {given}: {_reason(exc, given)}") from None


def _beside(target: Path, durable: bool) -> tuple[int, str]:
    """A new temp file beside `target` (its folder made if missing), open, and its name."""
    _make_folder(target.parent)
    if durable:
        _remove_stale_temps(target)
    return _new_temp(target)


def _make_folder(folder: Path) -> None:
    """Make `folder` and any missing folders above it (`-o new/dir/x.pdf`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be: say that, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), os.fspath(folder)) from None


def _reason(exc: OSError, given: Path) -> str:
    """Why writing `given` failed, in words: `/etc/passwd is not a folder` rather than "File exists", `it is a
    socket` rather than "No such device or address"."""
    with contextlib.suppress(OSError):
        if stat.S_ISSOCK(os.stat(given).st_mode):  # open() refuses a socket (ENXIO on Linux, EOPNOTSUPP on BSDs)
            return "it is a socket, which cannot be written to like a file; give a file or a folder"
    if exc.errno == errno.ENOTDIR:
        failed = Path(exc.filename or given)
        blocker = next((p for p in (failed, *failed.parents) if os.path.exists(p)), None)
        if blocker is not None and not blocker.is_dir():
            return f"{blocker} is not a folder"
    return exc.strerror or str(exc)


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
