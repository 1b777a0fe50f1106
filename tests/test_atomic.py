import os
import time

import pytest

from quizgen.errors import QuizgenError
from quizgen.util import atomic
from quizgen.util.atomic import atomic_open, write_bytes


def test_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "bank.json"
    write_bytes(target, b"one")
    write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["bank.json"]


def test_failure_midway_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "bank.json"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_open(target) as stream:
        stream.write(b"half")
        raise RuntimeError("render failed")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["bank.json"]


def test_keyboard_interrupt_also_leaves_no_partial_file(tmp_path):
    target = tmp_path / "bank.json"
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as stream:
        stream.write(b"half")
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_a_user_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(QuizgenError, match="cannot write"):
            write_bytes(folder / "x.json", b"x")
    finally:
        folder.chmod(0o700)


def test_path_under_a_file_is_a_user_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(QuizgenError, match=r"cannot write .*file/x\.json"):
        write_bytes(tmp_path / "file" / "x.json", b"x")


def test_a_rewritten_file_keeps_its_mode(tmp_path):
    """Probe F13: a 0600 file re-exported became 0644."""
    target = tmp_path / "bank.json"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_bytes(target, b"new")
    assert (target.read_bytes(), target.stat().st_mode & 0o7777) == (b"new", 0o600)
    with atomic_open(target, mode=0o640) as stream:  # an explicit mode still wins
        stream.write(b"newest")
    assert target.stat().st_mode & 0o7777 == 0o640


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        write_bytes(tmp_path / "x", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "x").stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file back to its owner")
def test_root_rewriting_another_users_file_keeps_its_owner(tmp_path):
    target = tmp_path / "bank.json"
    target.write_bytes(b"old")
    os.chown(target, 65534, 65534)
    target.chmod(0o600)
    write_bytes(target, b"new")
    found = target.stat()
    assert (found.st_uid, found.st_gid, found.st_mode & 0o777) == (65534, 65534, 0o600)


def test_temp_files_a_killed_run_left_are_removed_after_an_hour(tmp_path):
    """Probe F7: SIGKILL leaves `.target.XXXXXXXX.tmp`; later runs never removed it."""
    target = tmp_path / "deck.apkg"
    stale, fresh = tmp_path / ".deck.apkg.k3j_x9zq.tmp", tmp_path / ".deck.apkg.ab12cd34.tmp"
    others = [tmp_path / ".deck.apkg.notours.tmp", tmp_path / ".other.apkg.k3j_x9zq.tmp", tmp_path / "keep.tmp"]
    for path in [stale, fresh, *others]:
        path.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    for path in [stale, *others]:
        os.utime(path, (two_hours_ago, two_hours_ago))
    write_bytes(target, b"whole")
    # the fresh one may be another quizgen writing the same file right now; other names are not ours
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [target, fresh, *others])


def test_a_temp_file_is_new_private_and_named_as_the_stale_sweep_knows_it(tmp_path, monkeypatch):
    target = tmp_path / "deck.apkg"
    draws = iter([bytes(8), bytes(8), bytes([1] * 8)])  # the first two names are the same one
    monkeypatch.setattr(atomic.os, "urandom", lambda n: next(draws))
    first, name = atomic._new_temp(target)
    os.write(first, b"first")
    os.close(first)
    second, other = atomic._new_temp(target)  # the same name is taken: the next one, never the file made
    os.close(second)
    assert os.path.basename(name) == ".deck.apkg.aaaaaaaa.tmp" and os.path.basename(other) == ".deck.apkg.bbbbbbbb.tmp"
    assert (tmp_path / ".deck.apkg.aaaaaaaa.tmp").read_bytes() == b"first"
    for made in (name, other):
        assert os.stat(made).st_mode & 0o777 == 0o600
        assert atomic._RANDOM.fullmatch(os.path.basename(made)[len(".deck.apkg.") :])


def test_a_file_that_need_not_be_durable_is_still_replaced_whole_and_leaves_the_sweep_to_its_owner(tmp_path):
    """durable=False (the content cache's files): whole or not at all, but no folder listing per file."""
    target = tmp_path / "part.pickle"
    stale = tmp_path / ".part.pickle.k3j_x9zq.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    with pytest.raises(RuntimeError), atomic_open(target, durable=False) as stream:
        stream.write(b"half")
        raise RuntimeError("pickling failed")
    with atomic_open(target, mode=0o600, durable=False) as stream:
        stream.write(b"whole")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"whole", 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == [stale.name, target.name]
