"""Standard streams the CLI can trust: every write completes or fails loudly, any encoding, closed streams refused.

Python's own stdout ignores short writes when unbuffered (`PYTHONUNBUFFERED=1`: `write(1, ..., 711209) = 65536`
and exit 0), raises `UnicodeEncodeError` on a Latin-1 or ASCII terminal, and is None when the shell closed it
(`>&-`). `prepare()` replaces it, at the start of a command, with a buffered stream over fd 1 whose failures are
`errors.OutputError` (a QuizgenError: one `error:` line) or BrokenPipeError (the reader went away: `| head`).
"""

from __future__ import annotations

import codecs
import io
import os
import sys

ERRORS = "quizgen-replace"
"""The codec error handler of the standard streams: typographic characters become their ASCII look-alikes, anything
else the terminal cannot show becomes a visible `\\uXXXX`, so no text is silently dropped."""

_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "--", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2713": "+", "\u2717": "x",
    "\u2191": "^", "\u2193": "v", "\u00b7": ".", "\u2022": "*",
}  # fmt: skip


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(_LOOKALIKES.get(ch) or ch.encode("unicode_escape").decode() for ch in text), exc.end


codecs.register_error(ERRORS, _replace)
_prepared = False


class _Fd(io.RawIOBase):
    """fd 1 as a raw stream whose write errors are OutputError; BufferedWriter above it retries short writes."""

    def __init__(self, fd: int):
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            return os.write(self._fd, data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            from ..errors import OutputError  # here: `quizgen --help` imports no errors module

            raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def closed_streams() -> list[str]:
    """The standard streams the shell closed (`<&-`, `>&-`); their descriptors are then taken by /dev/null.

    Otherwise the next file opened (the history database, an output) would get descriptor 1 and receive what
    quizgen prints.
    """
    closed = []
    for fd, name in ((0, "input"), (1, "output"), (2, "error")):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(name)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:  # pragma: no cover - a lower descriptor was closed too and took it; keep both
                os.dup2(null, fd)
    return closed


def prepare() -> None:
    """Replace the process's own stdout with one that never loses a write silently, and make stdout and stderr
    replace characters their encoding lacks. Streams a caller replaced (tests, embedding programs) are left alone."""
    global _prepared
    out = sys.stdout
    if out is not None and out is sys.__stdout__ and isinstance(out, io.TextIOWrapper):
        _prepared = True
        out.flush()
        unbuffered = not isinstance(out.buffer, io.BufferedWriter)
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(_Fd(out.fileno())),
            encoding=out.encoding,
            errors=ERRORS,
            line_buffering=out.line_buffering or unbuffered,
        )
    err = sys.stderr
    if err is not None and err is sys.__stderr__ and isinstance(err, io.TextIOWrapper):
        err.reconfigure(errors=ERRORS)


def write_stdout(data: bytes) -> None:
    """Write `data` to standard output whole, or raise (OutputError, BrokenPipeError); never a silent short write."""
    from ..errors import OutputError

    out = sys.stdout
    if out is None:
        raise OutputError("standard output is closed")
    out.flush()
    buffer = out.buffer
    view = memoryview(data)
    while view:
        written = buffer.write(view)
        view = view[written if written else 0 :]
        if not written:  # a raw stream that took nothing: it would only take nothing again
            raise OutputError("cannot write to standard output: the stream took no bytes")
    buffer.flush()


def flush() -> None:
    """Flush stdout now, so its errors surface inside the command and not at interpreter exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def silence() -> None:
    """After stdout failed: point fd 1 at /dev/null, so the flush at exit finds somewhere to put what is left."""
    if not _prepared:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:  # pragma: no cover - nothing more can be done
        pass
