"""Deterministic random generators: the same parts give the same draws on every platform and Python version."""

from __future__ import annotations

import random

from .hashes import sha256


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts, identical on every platform and Python version."""
    return random.Random(seed_of(*parts))


def seed_of(*parts: object) -> int:
    """The seed rng_for gives its generator."""
    digest = sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Reseeded:
    """One generator seeded again for each use: the draws of rng_for(*parts), without making a generator each time
    (making and seeding one took half the time of drawing a large deck's hand-written questions' options).

    Not for draws that outlive the next `of` call: every use shares the one generator.
    """

    def __init__(self) -> None:
        self._rng = random.Random(0)

    def of(self, *parts: object) -> random.Random:
        """The generator, in the state rng_for(*parts) starts in (random.Random.seed of an int: the same state)."""
        self._rng.seed(seed_of(*parts))
        return self._rng
