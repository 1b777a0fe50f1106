import errno
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from quizgen.errors import QuizgenError
from quizgen.util import atomic
from quizgen.util.atomic import atomic_open, destination, write_bytes


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


def test_path_under_a_file_says_the_file_is_not_a_folder(tmp_path):
    """Fresh user: `-o /etc/passwd/x.csv` said "File exists"."""
    (tmp_path / "file").write_text("x")
    for path in (tmp_path / "file" / "x.json", tmp_path / "file" / "sub" / "x.json"):
        with pytest.raises(QuizgenError) as failed:
            write_bytes(path, b"x")
        assert str(failed.value) == f"cannot write {path}: {tmp_path / 'file'} is not a folder"
    assert (tmp_path / "file").read_text() == "x"


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


# --- -o onto what is not a regular file: devices, FIFOs, symbolic links (fresh-user walkthrough, 1) ------------------
# Never the machine's own /dev/null or /dev/full: as root, the old code replaced the real /dev/full with a file.

FULL, NULL = (1, 7), (1, 3)
"""Linux's (major, minor) numbers of /dev/full and /dev/null, for copies of them made in a test's folder."""


def _device(folder, name: str, numbers: tuple[int, int]):
    if os.geteuid() != 0:
        pytest.skip("only root may make a device node")
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    return path


def _still_the_device(path, numbers: tuple[int, int]) -> bool:
    found = os.lstat(path)
    return stat.S_ISCHR(found.st_mode) and found.st_rdev == os.makedev(*numbers)


def test_a_null_device_is_written_to_and_stays_a_device(tmp_path):
    null = _device(tmp_path, "null", NULL)
    write_bytes(null, b"discarded")
    assert _still_the_device(null, NULL)
    assert os.listdir(tmp_path) == ["null"]  # no temp file beside it


def test_a_full_device_is_a_user_error_and_stays_a_device(tmp_path):
    full = _device(tmp_path, "full", FULL)
    with pytest.raises(QuizgenError) as failed:
        write_bytes(full, b"x" * 100_000)
    assert str(failed.value) == f"cannot write {full}: {os.strerror(errno.ENOSPC)}"
    with pytest.raises(QuizgenError, match=f"^cannot write {full}: "), atomic_open(full) as stream:
        stream.write(b"small")  # buffered: the error comes when it is flushed, still inside the command
    assert _still_the_device(full, FULL) and os.listdir(tmp_path) == ["full"]


def _read_in_background(path) -> tuple[threading.Thread, list[bytes]]:
    """A reader of the FIFO `path` in a thread, as `cat FIFO` in another terminal; what it read goes in the list."""
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as stream:
            got.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)  # daemon: if nothing ever opens the FIFO, do not hang
    reader.start()
    return reader, got


def test_a_fifo_streams_to_its_reader_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    data = bytes(range(256)) * 4096  # 1 MiB, far more than a pipe holds: it must stream, not be written beforehand
    reader, got = _read_in_background(fifo)
    write_bytes(fifo, data)
    reader.join(timeout=30)
    assert not reader.is_alive() and got == [data]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["fifo"]


def test_a_fifo_whose_reader_leaves_is_a_broken_pipe(tmp_path):
    """As for standard output (`| head`): the CLI stops quietly on BrokenPipeError, as `cat > FIFO` does."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def read_a_little() -> None:
        with open(fifo, "rb") as stream:
            stream.read(10)

    reader = threading.Thread(target=read_a_little, daemon=True)
    reader.start()
    with pytest.raises(BrokenPipeError):
        write_bytes(fifo, b"x" * 1_000_000)
    reader.join(timeout=30)


def test_a_symlink_stays_a_link_and_the_file_it_names_gets_the_content(tmp_path):
    real = tmp_path / "real" / "bank.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o600)
    (tmp_path / "links").mkdir()
    link, chain = tmp_path / "links" / "bank.csv", tmp_path / "chain.csv"
    os.symlink("../real/bank.csv", link)  # relative: to the link's own folder
    os.symlink(link, chain)  # a link to a link
    write_bytes(link, b"new")
    assert (os.readlink(link), real.read_bytes()) == ("../real/bank.csv", b"new")
    write_bytes(chain, b"newer")
    assert (os.readlink(chain), os.readlink(link), real.read_bytes()) == (str(link), "../real/bank.csv", b"newer")
    assert real.stat().st_mode & 0o777 == 0o600  # the file it names keeps its mode, as any rewrite does
    assert sorted(os.listdir(tmp_path / "real")) == ["bank.csv"] and os.listdir(tmp_path / "links") == ["bank.csv"]


def test_a_failure_through_a_symlink_keeps_the_old_content_and_the_link(tmp_path):
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_bytes(b"previous")
    os.symlink("real.csv", link)
    with pytest.raises(RuntimeError), atomic_open(link) as stream:
        stream.write(b"half")
        raise RuntimeError("render failed")
    assert (real.read_bytes(), os.readlink(link)) == (b"previous", "real.csv")
    assert sorted(os.listdir(tmp_path)) == ["link.csv", "real.csv"]


def test_a_link_to_nothing_gets_its_file_made(tmp_path):
    link = tmp_path / "link.csv"
    os.symlink("made/real.csv", link)
    write_bytes(link, b"new")
    assert (os.readlink(link), (tmp_path / "made" / "real.csv").read_bytes()) == ("made/real.csv", b"new")


def test_a_loop_of_links_is_a_user_error_and_stays(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    os.symlink("b.csv", first)
    os.symlink("a.csv", second)
    with pytest.raises(QuizgenError) as failed:
        write_bytes(first, b"x")
    assert str(failed.value) == f"cannot write {first}: {os.strerror(errno.ELOOP)}"
    assert (os.readlink(first), os.readlink(second)) == ("b.csv", "a.csv")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc")
def test_an_open_file_reached_through_proc_is_written_in_place(tmp_path):
    """`-o /dev/stdout` with stdout a file, a pipe or a terminal: /dev/stdout -> /proc/self/fd/1 -> what is open."""
    out = tmp_path / "out.json"
    with open(out, "wb") as opened:
        before = os.fstat(opened.fileno()).st_ino
        write_bytes(f"/proc/self/fd/{opened.fileno()}", b"through the descriptor")
        assert destination(f"/proc/self/fd/{opened.fileno()}") is None
    assert (out.read_bytes(), out.stat().st_ino) == (b"through the descriptor", before)  # the same file, not a new one
    read, write = os.pipe()
    try:
        write_bytes(f"/proc/self/fd/{write}", b"piped")
        assert os.read(read, 100) == b"piped"
    finally:
        os.close(read)
        os.close(write)
    assert os.listdir(tmp_path) == ["out.json"]


def test_where_a_path_is_written(tmp_path):
    (tmp_path / "real.csv").write_bytes(b"")
    os.symlink("real.csv", tmp_path / "link.csv")
    os.mkfifo(tmp_path / "fifo")
    assert destination(tmp_path / "new.csv") == tmp_path / "new.csv"
    assert destination(tmp_path / "real.csv") == tmp_path / "real.csv"
    assert destination(tmp_path / "link.csv") == Path(os.path.realpath(tmp_path)) / "real.csv"
    assert destination(tmp_path / "fifo") is None


def test_a_file_quizgen_names_in_its_own_folder_is_replaced_whatever_is_there(tmp_path):
    """follow=False (the cache): a link or FIFO there was planted or left, so it is replaced, not written through."""
    victim, link, fifo = tmp_path / "victim", tmp_path / "entry.pickle", tmp_path / "part.pickle"
    victim.write_bytes(b"not the cache's")
    os.symlink(victim, link)
    os.mkfifo(fifo)  # written through, it would wait for a reader forever
    for path in (link, fifo):
        with atomic_open(path, mode=0o600, durable=False, follow=False) as stream:
            stream.write(b"entry")
        assert stat.S_ISREG(os.lstat(path).st_mode) and path.read_bytes() == b"entry"
    assert victim.read_bytes() == b"not the cache's"
