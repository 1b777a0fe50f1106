"""Deterministic random generators: the same parts give the same draws on every platform and Python version."""

from __future__ import annotations

import random

from .hashes import sha256


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts, identical on every platform and Python version."""
    digest = sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
