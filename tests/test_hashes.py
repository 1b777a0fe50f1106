"""util/hashes.py gives the digests hashlib gives."""

import hashlib

import pytest

from quizgen.util.hashes import blake2b, sha256


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 1000])
def test_the_digests_are_hashlibs(data):
    assert sha256(data).digest() == hashlib.sha256(data).digest()
    one = sha256(data[:10])
    one.update(data[10:])
    assert one.hexdigest() == hashlib.sha256(data).hexdigest()
    for size in (8, 32, 64):
        assert blake2b(data, digest_size=size).digest() == hashlib.blake2b(data, digest_size=size).digest()
