"""Atomic file output: write a temp file beside the target, then rename, so a failure leaves no partial file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import QuizgenError


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary stream; on success it replaces `path` whole, on any failure `path` is untouched.

    The file gets `mode` if given, else the usual 0o666 less the umask.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise QuizgenError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)
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


def write_with(path: str | os.PathLike[str], writer: Callable[[BinaryIO], None]) -> None:
    """Let `writer` fill the stream; the file appears only if it returns."""
    with atomic_open(path) as stream:
        writer(stream)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
