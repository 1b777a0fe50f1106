"""Memory plumbing: pausing the cyclic garbage collector while building many long-lived objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc(*, for_good: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive; `for_good` when they live
    to the end of the process, so that they are frozen however few they are (a collection would only walk them).

    Loading or generating a large deck allocates millions of objects and frees almost none, and every full
    collection walks all of them: with the collector running, loading 100 times the bundled content took over
    twice as long. Reference counting still frees what is dropped; nested pauses switch it back on only once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if for_good or gc.get_count()[0] > FREEZE_AFTER:
                # What was built is long-lived, yet all of it sits in the youngest generation: the first collection
                # after the pause would walk every object once more (0.4 s of a cold validate at x100), the next
                # older one again. Frozen, the collector leaves them be; reference counting still frees them.
                gc.freeze()
            gc.enable()


FREEZE_AFTER = 50_000
"""How many objects a pause must leave (net of those freed) before they are frozen: a large deck (x10 the bundled
one leaves 100,000), never the small ones tests load many times (the bundled deck leaves 18,000). Loading and
generating leave no reference cycles, so freezing keeps nothing alive that would otherwise be freed."""
