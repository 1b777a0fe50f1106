"""Imported just before PyYAML: its one costly regular expression, compiled from an equivalent that compiles quickly.

`yaml.reader.Reader` compiles, at import, a class of every character YAML may hold, negated (`NON_PRINTABLE`). Its
ranges up to U+10FFFF make Python's regex compiler walk some 63,000 code points one by one: about 57M instructions,
more than the rest of PyYAML's import and a seventh of a quiz's first run after an edit. The characters it matches
are the few listed in EQUIVALENT, whose class compiles in about 4M. Putting that compiled pattern into `re`'s cache
under PyYAML's pattern makes PyYAML's `re.compile` return it; the two match exactly the same characters
(tests/test_yamlprep.py checks every code point). With another Python (another cache) or another PyYAML (another
pattern), nothing changes: PyYAML compiles its own, as before.
"""

from __future__ import annotations

import re
import sys

PATTERN = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""yaml.reader.Reader.NON_PRINTABLE's pattern (PyYAML 5.1 to 6.0.x)."""
EQUIVALENT = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]|[\ud800-\udfff\ufffe\uffff]"
"""The characters PATTERN matches: the C0 controls but tab and line breaks, DEL, the C1 controls but NEL, the lone
surrogates, U+FFFE and U+FFFF."""


def prepare() -> None:
    """Cache EQUIVALENT's compiled pattern under PATTERN, where `re.compile(PATTERN)` looks first (CPython 3.11 to
    3.13 key the cache by the pattern's type, text and flags)."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict) and "yaml" not in sys.modules:
        cache.setdefault((str, PATTERN, 0), re.compile(EQUIVALENT))


prepare()
