"""sha256 and blake2b for start-up paths: the digests hashlib gives, without importing hashlib, which loads OpenSSL
(about 3 ms, some 5% of a warm quiz). CPython's own implementations, which hashlib falls back to, load in a tenth of
that. Their sha256 is several times slower than OpenSSL's on megabytes: here it hashes short inputs only; blake2b is
CPython's own in hashlib too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

__all__ = ["blake2b", "sha256"]


def _own_sha256() -> Callable[..., Any]:
    for name in ("_sha256", "_sha2"):  # Python 3.11, then 3.12 on
        try:
            found: Callable[..., Any] = importlib.import_module(name).sha256
            return found
        except (ImportError, AttributeError):
            pass
    from hashlib import sha256  # a Python built without them

    return sha256


sha256 = _own_sha256()
