"""The methods `@dataclass` generates, compiled once and kept beside quizgen's bytecode, as Python keeps a module's.

A dataclass writes each method it makes (`__init__`; a frozen class's `__setattr__` and `__delattr__`) as source text
and compiles that text every time the class is created: parsing and compiling it was about a tenth of a warm quiz's
instructions (eighteen classes). The command line (`__main__.run`) calls `keep()`; from then on, `util/records.py`,
which every module of quizgen's dataclasses imports first, has `dataclasses` take each method's code from the file
`keep()` read (one marshal file in quizgen's `__pycache__`, per Python version), compiling only a text it does not
hold; `save()` writes the file again when one was compiled. A text is looked up by itself, whole, so the file can be
stale (an edited class compiles anew), never wrong. Nothing is written where Python would write no bytecode.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # typing's, without importing typing: the command line imports this module first of all
if TYPE_CHECKING:
    from types import CodeType
    from typing import Any

_CODE = type((lambda: None).__code__)
"""types.CodeType, found as types.py finds it."""

_EXTERNAL: Any = sys.modules.get("_frozen_importlib_external")
"""importlib.util's MAGIC_NUMBER and cache_from_source come from there, in CPython, without importing importlib.util
(more than this module costs); where it is missing nothing is kept."""

LIMIT = 2000
"""At most this many texts are kept (about 200 classes' worth): past it, the file holds only the last command's."""


class Kept:
    """The code of the texts `dataclasses` compiled, by text: those read from `path`, and those compiled since."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.codes: dict[str, bytes | CodeType] | None = None
        """Read on first use (a command that creates no dataclass never opens the file); each code is kept marshalled
        until it is used: a warm quiz uses about a third of what the commands run so far compiled."""
        self.used: set[str] = set()
        self.compiled = 0

    def exec(self, source: str | CodeType, scope: dict[str, Any] | None = None, names: Any = None, /) -> None:
        """`exec` for `dataclasses`: a text's code from the file, else compiled as `exec(text)` compiles it."""
        if not isinstance(source, str):
            exec(source, scope, names)
            return
        if self.codes is None:
            self.codes = read(self.path)
        code = _code(self.codes.get(source))
        if code is None:
            # as exec(source) compiles it: from "<string>", with its caller's future features (dataclasses has none)
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.compiled += 1
        self.codes[source] = code
        self.used.add(source)
        exec(code, scope, names)

    def save(self) -> None:
        """Write the file again when a text was compiled: atomically, and only where Python writes bytecode."""
        if not self.compiled or self.codes is None or sys.dont_write_bytecode:
            return
        texts = self.codes if len(self.codes) <= LIMIT else self.used
        codes = {text: _marshalled(self.codes[text]) for text in texts}
        folder = os.path.dirname(self.path)
        temp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(folder, exist_ok=True)
            with open(temp, "wb") as stream:
                stream.write(header() + marshal.dumps(codes))
            os.replace(temp, self.path)
        except OSError:  # a read-only install: the next command compiles again, as now
            pass
        finally:
            if os.path.exists(temp):
                os.unlink(temp)


def header() -> bytes:
    """What the file starts with: the bytecode's magic number (marshalled code is only read by the same Python)."""
    return bytes(_EXTERNAL.MAGIC_NUMBER) + b"quizgen dataclass code 1\n"


def _marshalled(code: bytes | CodeType) -> bytes:
    return code if isinstance(code, bytes) else marshal.dumps(code)


def _code(kept: bytes | CodeType | None) -> CodeType | None:
    """A kept code, unmarshalled when first used; None for bytes that are not one."""
    if not isinstance(kept, bytes):
        return kept
    try:
        code = marshal.loads(kept)
    except (ValueError, EOFError, TypeError):
        return None
    return code if type(code) is _CODE else None


def read(path: str) -> dict[str, bytes | CodeType]:
    """The codes kept in `path`, marshalled; none when it is missing, from another Python, damaged or not what `save`
    writes."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return {}
    start = header()
    if not data.startswith(start):
        return {}
    try:
        codes = marshal.loads(memoryview(data)[len(start) :])
    except (ValueError, EOFError, TypeError):
        return {}
    if type(codes) is not dict or not all(type(t) is str and type(c) is bytes for t, c in codes.items()):
        return {}
    return codes


_kept: Kept | None = None


def keep(package: str) -> None:
    """Serve `dataclasses` the code kept for the package at `package` (its `__init__.py`'s folder), from the time
    `util/records.py` is imported (`attach`); `save` writes what was compiled anew."""
    global _kept
    if _EXTERNAL is None:
        return
    try:  # where Python keeps the bytecode of a module of that name, for this Python and -O level
        pyc = _EXTERNAL.cache_from_source(os.path.join(package, "dataclass-code.py"))
    except NotImplementedError:  # a Python that keeps no bytecode
        return
    _kept = Kept(os.path.splitext(pyc)[0] + ".marshal")
    if "dataclasses" in sys.modules:
        attach()


def run(source: str, scope: dict[str, Any]) -> None:
    """`exec(source, scope)` with the code kept as dataclasses' is, for other code quizgen writes out and runs (a field
    table's reader, load/fields.py): compiled only when no command kept it before."""
    if _kept is not None:
        _kept.exec(source, scope)
    else:
        exec(compile(source, "<string>", "exec", dont_inherit=True), scope)


def attach() -> None:
    """Have `dataclasses` compile through the kept code, once `keep` was called (by the command line)."""
    if _kept is not None:
        import dataclasses

        dataclasses.exec = _kept.exec  # type: ignore[attr-defined]  # a module global comes before the builtin


def save() -> None:
    """Write the kept code again if a text was compiled anew, and let `dataclasses` compile as before."""
    global _kept
    if _kept is None:
        return
    dataclasses = sys.modules.get("dataclasses")  # not imported by `quizgen --help`
    if dataclasses is not None and getattr(dataclasses, "exec", None) == _kept.exec:
        delattr(dataclasses, "exec")
    _kept.save()
    _kept = None
