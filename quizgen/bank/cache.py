"""A cache of loaded and generated content, keyed by a hash of the content's bytes and of quizgen's code.

Loading and validating the YAML and generating every question take most of a command's time, and both are a pure
function of the bytes under `seeds/` and `decks/` and of quizgen's own code. So, as Python keeps `.pyc` files, the
first run keeps what they produced, and the next run with the same key reads it instead (no YAML parsed). A content
folder's entry is named by a blake2b key over

- every file and folder loading can read under the content's `seeds/` and `decks/` (relative path and bytes,
  sorted): those in `seeds/`, in `decks/` and in each deck folder, not what a subfolder of those holds (a deck's
  `reviews/` notes); and the folder itself;
- quizgen's version and the size, modification and change times and inode of the `.py` files of its layers that
  make the entries (`MADE_BY`; as Python checks its `.pyc` files, but stricter), so an editable install being edited
  never serves stale questions;
- the Python version, and PyYAML's version and whether its C parser is installed.

Any change to any of these makes a new key. As git's index does, a content file is read and hashed only when its stat
data (size, modification and change times, inode) is not what the content folder's stamp index (`stamps/`) holds,
or is from within two seconds of the index's stamp ("racily clean": it could have changed again unseen). An entry is
made of parts (under `parts/`), each named by what it was made from (bank/kept.py decides what: the texts, each deck
file as loaded, each kind of question), so the entry made after an edit shares the parts the edit left alone and
writes only new ones; `roots/` remembers each content folder's latest entry, what the first run after an edit
starts from.

Entries live in `platformdirs.user_cache_dir("quizgen")` (`~/.cache/quizgen` on Linux), or `$QUIZGEN_CACHE_DIR`;
`QUIZGEN_CACHE=off` turns the cache off. The KEEP most recently used entries are kept, older ones deleted with the
parts only they used. The cache never fails a command: an entry or part that is corrupt, truncated, unreadable or
from another format is ignored and rebuilt, and a folder that cannot be written only means nothing is kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .. import __version__
from ..errors import QuizgenError
from ..util.hashes import blake2b
from ..util.memory import paused_gc
from ..util.pathnames import expanded, spelled
from ..util.records import Record

if TYPE_CHECKING:
    from pathlib import Path

try:  # pickle.dumps and pickle.loads themselves: pickle.py takes about 1.5 ms to import at start-up
    from _pickle import dumps as pickled
    from _pickle import loads as _unpickle
except ImportError:  # a Python without the C accelerator
    from pickle import dumps as pickled
    from pickle import loads as _unpickle
PROTOCOL = 5
"""pickle.HIGHEST_PROTOCOL since Python 3.8."""

DIR_VAR = "QUIZGEN_CACHE_DIR"
SWITCH_VAR = "QUIZGEN_CACHE"
KEEP = 5
"""How many entries to keep: the bundled content and a few folders being edited; at x100 an entry's parts are ~100 MB,
most of them shared with the entries before and after an edit."""
FORMAT = b"quizgen content cache 4\n"
"""Starts every entry; change it when the layout of an entry changes (3: keys and checksums by blake2b; 4: checksums
by CRC-32, `checksum`)."""
SUFFIX = ".pickle"
PARTS, ROOTS = "parts", "roots"
"""Subfolders: the parts entries are made of, and each content folder's latest entry."""
_ENTRY = r"^[0-9a-f]{64}\.pickle$"
_POINTER = r"^[0-9a-f]{64}$"
_TEMP = r"^\.[0-9a-f]{64}(?:\.pickle)?\..+\.tmp$"
"""Names in the cache folder (patterns compiled when pruning, not at a warm start's import)."""
_STALE_TEMP_SECONDS = 3600
"""A temp file this old was left by a run that was killed while writing (a live write takes well under this)."""


@dataclass(repr=False, eq=False)  # eq: never compared; one method less to make at start-up
class Stats(Record):
    """What this process's cache did, for tests and curious users: `quizgen.bank.cache.stats.hits`."""

    hits: int = 0
    misses: int = 0
    stores: int = 0
    parsed: int = 0
    """Facts files parsed on a miss (the others came from their parts)."""
    regenerated: int = 0
    """Facts whose questions were generated on a miss (the others' were reused)."""


stats = Stats()


def cache_dir() -> str | None:
    """Where entries live; None when the cache is off."""
    switch = os.environ.get(SWITCH_VAR, "").strip().lower()
    if switch in ("off", "0", "no", "false"):
        return None
    if switch not in ("", "on", "1", "yes", "true"):
        raise QuizgenError(f"{SWITCH_VAR}: '{switch}' is neither on nor off")
    chosen = os.environ.get(DIR_VAR)
    if chosen:
        folder = expanded(chosen)
        reason = _unusable(folder)
        if reason is None:
            return folder
        import warnings

        from ..errors import CacheFolderWarning

        warnings.warn(CacheFolderWarning(DIR_VAR, folder, reason), stacklevel=2)
        return None
    import platformdirs

    return spelled(platformdirs.user_cache_dir("quizgen", appauthor=False))


def _unusable(folder: str) -> str | None:
    """Why the cache cannot keep entries in `folder` (made if missing), or None: a user who set it is told."""
    try:  # one lstat on a warm start: the folder is there
        info = _made(folder)
    except OSError as exc:
        return f"cannot be created ({exc.strerror or exc})"
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        return "is not a folder"
    # what _read demands of the folder, since unpickling runs code: a real folder nobody else can write
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link (the cache reads only from a real folder)"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "belongs to another user"
    if hasattr(os, "getuid") and info.st_mode & 0o022:
        return "can be written by other users (the cache reads only from a private folder)"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot be written"
    return None


def _made(folder: str) -> os.stat_result:
    """`folder`'s lstat, the folder made first when missing (private: only this user may place entries there)."""
    try:
        return os.lstat(folder)
    except FileNotFoundError:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return os.lstat(folder)


T = TypeVar("T")


@dataclass(repr=False, eq=False)  # as Stats
class Session(Record):
    """One content folder in the cache: its entry, keyed by every byte of it, and the parts entries share.

    An entry is what `content.load_content` keeps of a whole folder; the large pieces it is made of (one deck
    file's loaded facts, the texts, one kind's questions) are kept as parts under `parts/`, each named by what it
    was made from, so an entry after an edit shares every part the edit left alone, and writes only the new ones.
    Only files in the user's private cache folder are ever read: a pickle inside a content folder someone hands you
    is never opened.
    """

    where: str
    """The cache folder (`folder`), as util/pathnames.py spells it."""
    content: str
    """The content folder (`root`), as util/pathnames.py spells it."""
    key: str
    digest: str
    prefix: bytes
    """_fingerprint(): this quizgen, Python and PyYAML."""
    files: dict[str, str]
    """Relative path under the content folder -> digest of that file (its bytes, where a link points, this code)."""
    used: set[str] = dataclasses.field(default_factory=set)
    """The parts read or written for this run's entry: kept as recently used as the entry."""
    new: dict[str, object] = dataclasses.field(default_factory=dict)
    """Parts to write with the entry."""
    settled: bool = False
    """What this run holds of the content is known to be that of `key`: read from its entry, or made and checked by
    `keep` against the bytes again (what else is derived from it may be kept under `key` too)."""
    stamps: Stamps | None = None
    """The stat data and digests `files` were taken with (`_indexed_digests`): what `keep` checks the files against,
    reading again only those whose stat data changed since, or that were racy then."""

    @property
    def folder(self) -> Path:
        """The cache folder. A path made when asked: a warm quiz reads its study set with `where` alone, without
        importing pathlib (util/pathnames.py)."""
        from pathlib import Path

        return Path(self.where)

    @property
    def root(self) -> Path:
        """The content folder."""
        from pathlib import Path

        return Path(self.content)

    def read(self, kind: type[T]) -> T | None:
        """This content's entry, if there is an intact one of this `kind`."""
        found = _read(self.folder / f"{self.key}{SUFFIX}", self.key, kind)
        if found is not None:
            _point(self.folder, self.root, self.key)
            self.settled = True
        return found

    def previous(self, kind: type[T]) -> T | None:
        """The entry this content folder had last (before an edit), if it is still kept: what can be reused."""
        key = _pointed(self.folder, self.root)
        return None if key is None else _read(self.folder / f"{key}{SUFFIX}", key, kind, touch=False)

    def name(self, *parts: str | bytes) -> str:
        """A part's name: a hash of what it was made from, this quizgen, Python and PyYAML."""
        digest = hashed(self.prefix)
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def part(self, name: str, kind: type[T], *, use: bool = True) -> T | None:
        """A part, if there is an intact one of this `kind`; with `use`, one of this run's entry."""
        found = _read(self.folder / PARTS / f"{name}{SUFFIX}", name, kind, touch=use)
        if found is not None and use:
            self.used.add(name)
        return found

    def keep_part(self, name: str, value: object) -> None:
        """Write a part with the entry (unless it is there already), once `keep` has checked that no file changed
        while it was being made: it is named by the bytes the run started with."""
        self.used.add(name)
        self.new[name] = value

    def keep(self, value: object) -> None:
        """Keep the content's entry, unless a file changed while it was being made (it would be kept under the old
        bytes' key); its parts become as recent as it, then old entries and parts are pruned."""
        found = _indexed_digests(self.content, self.prefix, self.stamps)
        self.settled = found is not None and found[:2] == (self.digest, self.files)
        if not self.settled:
            return
        parts = os.path.join(self.where, PARTS)
        # The first new part's modification time becomes the entry's, so that none of its new parts is older than it
        # (pruning deletes the parts older than every entry kept) without touching each of them once more.
        first: int | None = None
        try:
            for name, part in self.new.items():
                if first is None:
                    _private_folders(parts)
                path = _write(parts, name, part)
                first = first if first is not None else os.stat(path).st_mtime_ns
        except Exception:  # unpicklable, out of memory, disk full, read-only: the command goes on uncached
            return
        entry = self.folder / f"{self.key}{SUFFIX}"
        if _store(self.folder, entry, self.key, value):
            if first is not None:
                with contextlib.suppress(OSError):
                    os.utime(entry, ns=(first, first))
            _point(self.folder, self.root, self.key)
            for name in sorted(self.used.difference(self.new)):  # the parts reused: as recent as the entry now
                with contextlib.suppress(OSError):
                    os.utime(os.path.join(parts, f"{name}{SUFFIX}"))
            prune(self.folder)


LARGE = 4 << 20
"""From this many bytes on, OpenSSL's sha256 hashes them: quicker per byte than blake2b, but loading OpenSSL costs
about 3 ms of a warm quiz's start (util/hashes.py), more than blake2b takes over a small content folder."""


def hashed(data: bytes | memoryview = b"", size: int | None = None) -> Any:
    """A hash to name or check `size` bytes (default: `data`'s), 32 bytes: blake2b below LARGE, else OpenSSL's
    sha256; which one follows from the size alone, so the same bytes always get the same name."""
    if (len(data) if size is None else size) < LARGE:
        return blake2b(data, digest_size=32)
    import hashlib

    return hashlib.sha256(data)


def open_session(root: str | os.PathLike[str]) -> Session | None:
    """The cache's view of the content under `root`; None when the cache is off or a file there cannot be read."""
    folder = cache_dir()
    if folder is None:
        return None
    prefix = _fingerprint()
    found = _stamped_digests(folder, root, prefix)
    if found is None:
        return None
    digest, files, stamps = found
    return Session(folder, spelled(root), _keyed(digest, root), digest, prefix, files, stamps=stamps)


def content_key(root: str | os.PathLike[str]) -> str | None:
    """The hex key of the content under `root` with this quizgen and Python; None if a file there cannot be read."""
    digest = content_digest(root)
    return None if digest is None else _keyed(digest, root)


def _keyed(digest: str, root: str | os.PathLike[str]) -> str:
    """The user cache's key: the content's digest and where the content is."""
    return hashed(digest.encode() + b"\0" + os.fsencode(os.path.realpath(root))).hexdigest()


def content_digest(root: str | os.PathLike[str]) -> str | None:
    """The hex digest of the content under `root` (not where it is) with this quizgen, Python and PyYAML; None if a
    file there cannot be read."""
    found = _digests(root, _fingerprint())
    return None if found is None else found[0]


def _digests(root: str | os.PathLike[str], prefix: bytes) -> tuple[str, dict[str, str]] | None:
    """content_digest, and the digest of each file (its bytes, where a link to it points) with this code."""
    found = _indexed_digests(root, prefix)
    return None if found is None else found[:2]


Stamp = tuple[tuple[int, ...], str, str]
"""What a stamp index keeps of a file: its stat data (`_signature`), the digest before it (of the link to it, if it
is reached through one) and its own digest."""


Stamps = tuple[bytes, str, int, dict[str, Stamp]]
"""A content folder's stamp index: the digests' _fingerprint() (stamps of another quizgen, Python or PyYAML are not
used), the name of their hash (`hashed`: it depends on the size of the whole content), when the stat data was taken
(a file changed within RACY_NS before it is hashed anyway), and each file's Stamp by relative path. A tuple, not a
dataclass: creating a class costs a warm start more than the index saves it on a small content folder."""


def _indexed_digests(
    root: str | os.PathLike[str], prefix: bytes, index: Stamps | None = None
) -> tuple[str, dict[str, str], Stamps] | None:
    """_digests, reading and hashing only the files whose stat data `index` holds as it is now; and the new index."""
    files: dict[str, str] = {}
    stamps: dict[str, Stamp] = {}
    taken_ns = _now_ns()
    try:
        inside = _resolved(root)
        found = [
            item
            for name, depth in CONTENT_DEPTH.items()
            for item in _tree(os.path.join(root, name), name, inside=inside, depth=depth)
        ]
        size = sum(len(data) if isinstance(data, bytes) else data[1].st_size for _, _, data in found)
        digest, base = hashed(prefix, size), hashed(prefix, size)
        known = index[3] if index is not None and index[:2] == (prefix, base.name) else {}
        trusted_ns = index[2] - RACY_NS if index is not None else 0
        for rel, kind, source in found:
            before = files.get(rel, "")  # a link, then the file it points to
            if isinstance(source, bytes):
                files[rel] = _one(base, rel, kind, before, source)
            else:
                signature = _signature(source[1])
                stamp = known.get(rel)
                if stamp is None or stamp[:2] != (signature, before) or max(signature[1:3]) >= trusted_ns:
                    stamp = (signature, before, _one(base, rel, kind, before, _bytes_of(source[0])))
                files[rel] = stamp[2]
                stamps[rel] = stamp
            digest.update(_framed(os.fsencode(rel)) + files[rel].encode())  # each byte hashed once
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return None
    return digest.hexdigest(), files, (prefix, base.name, taken_ns, stamps)


def _one(base: Any, rel: str, kind: bytes, before: str, data: bytes) -> str:
    """The digest of one item under the content folder (`_tree`), after `before` (the link to it, if any)."""
    one = base.copy()
    one.update(_framed(before.encode()))
    one.update(_framed(os.fsencode(rel)) + _framed(kind) + len(data).to_bytes(8, "big"))
    one.update(data)
    return str(one.hexdigest())


def _signature(info: os.stat_result) -> tuple[int, ...]:
    """What tells that a file changed without reading it, as git's index does: size, modification and change times
    (an edit that puts the modification time back still sets the change time), inode and device."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _now_ns() -> int:
    return time.time_ns()


RACY_NS = 2_000_000_000
"""A file modified (or changed) this close before its stat data was taken may have been changed again within the
file system clock's tick, keeping its times (git's "racily clean"): it is read and hashed anyway. Two seconds, not
git's one: FAT keeps modification times to two seconds."""
STAMPS = "stamps"
"""Subfolder: each content folder's stamp index, one small file per folder."""


def _stamped_digests(
    folder: str, root: str | os.PathLike[str], prefix: bytes
) -> tuple[str, dict[str, str], Stamps] | None:
    """_digests, taking the digest of a file whose stat data is as the content folder's stamp index holds from the
    index rather than reading and hashing the file; the index is written again when that spares later runs more."""
    name = hashed(b"stamps\0" + os.fsencode(os.path.realpath(root))).hexdigest()
    where = os.path.join(folder, STAMPS)
    index = _read(os.path.join(where, f"{name}{SUFFIX}"), name, tuple, touch=False)
    if index is not None and not _well_formed(index):
        index = None
    found = _indexed_digests(root, prefix, index)
    if found is None:
        return None
    digest, files, now = found
    if _trusted(now) != (_trusted(index) if index is not None else {}):
        _put(where, name, (*now[:3], _trusted(now)))
    return digest, files, now


def _well_formed(index: tuple[Any, ...]) -> bool:
    """An index as _stamped_digests writes it (it was read from the private cache folder, intact)."""
    return len(index) == 4 and isinstance(index[2], int) and isinstance(index[3], dict)


def _trusted(index: Stamps) -> dict[str, Stamp]:
    """The stamps of files changed at least RACY_NS before the index was taken: those a later run may trust."""
    return {rel: stamp for rel, stamp in index[3].items() if max(stamp[0][1:3]) < index[2] - RACY_NS}


def _put(folder: str, name: str, value: object) -> None:
    """_store, for a small file written on a warm start: with os alone (pathlib costs a warm start ~6 ms)."""
    with contextlib.suppress(Exception):
        _private_folders(folder)
        _write(folder, name, value)


def _private_folders(folder: str) -> None:
    """Make `folder` and the cache folder above it if missing, private: only this user may place entries there."""
    for private in (os.path.dirname(folder), folder):
        os.makedirs(private, mode=0o700, exist_ok=True)


def _framed(data: bytes) -> bytes:
    """Length-prefixed, so that no two different inputs hash the same stream."""
    return len(data).to_bytes(8, "big") + data


def _fingerprint() -> bytes:
    """What every key starts with: the entry format, quizgen's version and code, Python's and PyYAML's versions."""
    parts = (FORMAT, __version__.encode(), sys.version.encode(), code_fingerprint(), _yaml_fingerprint())
    return b"".join(_framed(part) for part in parts)


CONTENT_DEPTH = {"seeds": 0, "decks": 1}
"""How deep under each content folder loading reads: the files of seeds/ itself (load/texts.py), and those of each
deck folder of decks/ (load/decks.py, bank/kept.py), never a file in a subfolder of them (a deck's `reviews/`). Such
a subfolder counts as there (a folder named `x.yaml` is an error loading reports), what is inside it does not."""


def _tree(
    folder: str, rel: str, seen: frozenset[tuple[int, int]] = frozenset(), *, inside: str, depth: int
) -> Iterator[tuple[str, bytes, bytes | tuple[str, os.stat_result]]]:
    """(relative path, kind, bytes) of everything under `folder` loading can read, sorted, following symbolic links
    as loading does; a file's bytes as (path, stat), read when hashed (how to hash depends on the size of them all).

    Folders count too (an empty deck folder is a problem loading reports), `depth` levels of them below `folder`
    walked in turn (CONTENT_DEPTH); a link back to a parent is not followed. Where a link points counts, and a file
    outside the content folder `inside` is never read (loading refuses it).
    """
    info = os.stat(folder)
    seen = seen | {(info.st_dev, info.st_ino)}
    yield rel, b"dir", b""
    for name in sorted(os.listdir(folder)):
        path, sub = os.path.join(folder, name), f"{rel}/{name}"
        if os.path.islink(path):
            real = _resolved(path)
            yield sub, b"link", os.fsencode(real)
            if real != inside and not real.startswith(os.path.join(inside, "")):  # not inside the content folder
                continue
        try:
            inner = os.stat(path)
        except FileNotFoundError:  # a dangling link: loading sees a missing file
            yield sub, b"dangling", b""
            continue
        if stat.S_ISDIR(inner.st_mode):
            if (inner.st_dev, inner.st_ino) in seen:
                yield sub, b"loop", b""
            elif depth > 0:
                yield from _tree(path, sub, seen, inside=inside, depth=depth - 1)
            else:  # loading reads nothing in it
                yield sub, b"dir", b""
        elif stat.S_ISREG(inner.st_mode):
            yield sub, b"file", (path, inner)
        else:  # a fifo or a device: never read (it could block); that it is there is enough
            yield sub, b"other", b""


def _resolved(path: str | os.PathLike[str]) -> str:
    """`str(Path(path).resolve())`: the real path, and RuntimeError for a loop of symbolic links."""
    real = os.path.realpath(path)
    try:
        os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RuntimeError(f"Symlink loop from {real!r}") from None
    return real


def _bytes_of(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


MADE_BY = ("__init__.py", "errors.py", "problems.py", "util", "model", "load", "bank")
"""The modules and layers of quizgen that make what the cache keeps: loading, the models, generating. The layers
above (study/, outputs/, authoring/, the command line) only read it, and tests/test_architecture.py keeps bank/ and
those below from importing them: editing them cannot change an entry."""


@functools.cache
def code_fingerprint() -> bytes:
    """The relative path, size, modification and change times and inode of every .py file of the layers of quizgen
    that make the cache's entries (MADE_BY).

    Without reading the files (hashing them cost more than the rest of a warm quiz's cache lookup): an edit changes
    the modification and change times, and a reinstall writes new files (new inodes and change times) even when a
    reproducible build kept every size and modification time of the same version.
    """
    return package_fingerprint(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), MADE_BY)  # quizgen/


def package_fingerprint(package: str | os.PathLike[str], names: tuple[str, ...] | None = None) -> bytes:
    """What `code_fingerprint` says of the package at `package`: of its modules and subpackages in `names`, or all."""
    parts = []
    for rel, info in sorted(_py_files(os.fspath(package), "", names)):
        parts.append(rel.encode())
        parts.append(f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}".encode())
    return b"\0".join(parts)


def _py_files(folder: str, rel: str, names: tuple[str, ...] | None = None) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to the package, stat) of every .py file under `folder` (of those named `names`), at any depth."""
    with os.scandir(folder) as scan:
        for item in scan:
            if names is not None and item.name not in names:
                continue
            if item.is_dir(follow_symlinks=False) and item.name != "__pycache__":
                yield from _py_files(item.path, f"{rel}{item.name}/")
            elif item.name.endswith(".py") and item.is_file():
                yield f"{rel}{item.name}", item.stat()


def _yaml_fingerprint() -> bytes:
    """PyYAML parses the content: its `__init__.py` (which holds the version) and its file names (the C parser)."""
    spec = _spec_of("yaml")
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


def _spec_of(name: str) -> Any:
    """The spec of the top-level module `import name` would import, found without importing it, as
    importlib.util.find_spec finds it (without importing importlib.util: about 0.4 ms of a warm start)."""
    module = sys.modules.get(name)
    if module is not None:
        return module.__spec__
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find is not None else None
        if spec is not None:
            return spec
    return None


def _read(entry: str | os.PathLike[str], key: str, kind: type[T], *, touch: bool = True) -> T | None:
    """The content kept in `entry`, or None if there is none or it is not intact; with `touch`, it counts as used.

    The entry must be a regular file that belongs to the user and that nobody else can write, in a folder that
    belongs to the user and that nobody else can write: unpickling runs code, so an entry someone else could place
    or change is never read. It is opened without following links and without blocking, so a FIFO or a device placed
    there cannot hang or flood quizgen.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if not _private_folder(os.path.dirname(entry)):
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
    kept, payload = data[len(head) : len(head) + CHECKSUM], memoryview(data)[len(head) + CHECKSUM :]
    if not data.startswith(head) or checksum(payload) != kept:
        return None
    try:
        with paused_gc():
            found = _unpickle(payload)
    except Exception:  # intact bytes that still do not load: rebuild rather than fail
        return None
    if not isinstance(found, kind):
        return None
    if touch:
        with contextlib.suppress(OSError):
            os.utime(entry)  # the most recently used entries are the ones pruning keeps
    return found


def _private_folder(folder: str | os.PathLike[str]) -> bool:
    """The cache folder is a real folder of this user's that no one else can write (true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _store(folder: Path, entry: Path, key: str, content: object, *, count: bool = True) -> bool:
    """Write an entry atomically; a folder that cannot be written keeps nothing, silently."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: only this user may place entries here
        _write(os.fspath(folder), key, content, os.path.basename(entry))
    except Exception:  # unpicklable, out of memory, disk full, read-only: the command goes on uncached
        return False
    if count:
        stats.stores += 1
    return True


def _write(folder: str, key: str, content: object, file: str | None = None) -> str:
    """Write `content` to `folder`/`file` (default: the key's name) atomically, checksummed; return its path.

    Not durable: a torn file fails its checksum and is rebuilt, and prune sweeps stale temps (at x100, fsync and a
    folder listing per part cost 0.3 s of CPU of a cold run's writing). With os alone, as util/atomic.py's
    atomic_open(mode=0o600, durable=False, follow=False) writes, without its pathlib and random temp names: a cold run
    at x100 writes some 500 parts. The temp is named by the process (a killed run's is replaced by the next run with
    its id, or swept by prune); whatever is at the path (a link, a FIFO) is replaced, never written through.
    """
    payload = pickled(content, protocol=PROTOCOL)
    path = os.path.join(folder, file or f"{key}{SUFFIX}")
    temp = os.path.join(folder, f".{key}{SUFFIX}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with contextlib.suppress(OSError):
        os.unlink(temp)  # left by a killed run of the same process id
    try:
        with open(os.open(temp, flags, 0o600), "wb") as stream:  # in pieces: ~40 MB at x100
            stream.write(FORMAT + key.encode() + b"\n" + checksum(payload))
            stream.write(payload)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return path


CHECKSUM = 4
"""Bytes of `checksum`."""


def checksum(payload: bytes | memoryview) -> bytes:
    """What an entry's bytes are checked by: CRC-32, which catches a torn or damaged file, at ~6 times blake2b's
    speed (the 115 MB a cold run writes at x100). Not what keeps a planted entry unread: where it lies does (_read)."""
    return zlib.crc32(payload).to_bytes(CHECKSUM, "big")


def _pointer(folder: Path, root: Path) -> Path:
    """Where the key of a content folder's latest entry with this code is kept (roots/, one small file each)."""
    name = hashed(_fingerprint() + os.fsencode(root.resolve())).hexdigest()
    return folder / ROOTS / name


def _point(folder: Path, root: Path, key: str) -> None:
    """Remember `key` as the content folder's latest entry: after an edit, what it can reuse."""
    pointer = _pointer(folder, root)
    with contextlib.suppress(OSError):
        if pointer.is_file() and pointer.read_bytes() == key.encode():
            return
    with contextlib.suppress(Exception):
        pointer.parent.mkdir(mode=0o700, exist_ok=True)
        from ..util.atomic import atomic_open

        with atomic_open(pointer, mode=0o600, follow=False) as stream:
            stream.write(key.encode())


def _pointed(folder: Path, root: Path) -> str | None:
    """The key `_point` kept for the content folder (checked by reading that entry, as every key is)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(_pointer(folder, root), flags)
    except OSError:
        return None
    try:
        data = os.read(fd, 65)
    except OSError:
        return None
    finally:
        os.close(fd)
    key = data.decode("ascii", "replace")
    return key if re.fullmatch(r"[0-9a-f]{64}", key) else None


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the `keep` most recently used entries, the parts and pointers none of them uses, and temp files
    left by killed runs; nothing else.

    An entry's parts are used (read or written, then touched) no earlier than the entry itself, so a part older than
    every entry kept belongs to none of them.
    """
    try:
        entries = sorted(_listed(folder, _ENTRY), reverse=True)
        for _, path in entries[keep:]:
            os.unlink(path)
        kept = entries[:keep]
        if kept:
            oldest = kept[-1][0]
            for mtime, path in _listed(folder / PARTS, _ENTRY):
                if mtime < oldest:
                    os.unlink(path)
        names = {os.path.basename(path).encode()[:64] for _, path in kept}
        for _, path in _listed(folder / ROOTS, _POINTER):
            with open(path, "rb") as stream:
                if stream.read(65) not in names:
                    os.unlink(path)
    except OSError:  # another process pruned first, or the folder is read-only: try again next time
        pass


def _listed(folder: Path, pattern: str) -> list[tuple[int, str]]:
    """(modification time, path) of the files in `folder` named like `pattern`; stale temp files are removed."""
    found: list[tuple[int, str]] = []
    if not folder.is_dir():
        return found
    with os.scandir(folder) as scan:
        for item in scan:
            if re.match(pattern, item.name):
                found.append((item.stat().st_mtime_ns, item.path))
            elif re.match(_TEMP, item.name) and item.stat().st_mtime < time.time() - _STALE_TEMP_SECONDS:
                os.unlink(item.path)
    return found
