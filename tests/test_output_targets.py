"""`-o` onto what is not a regular file, for every command that writes one (fresh-user walkthrough, 1 and 10).

A device is written to and stays a device (a copy of /dev/null discards, of /dev/full is one `error:` line), a FIFO
streams to its reader, a symbolic link stays a link and the file it names gets what a plain file gets, and a file
where a folder should be is named. Never the machine's own /dev: as root the old code replaced the real /dev/full.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from output_commands import IDS, OUTPUTS, ids, some

from quizgen.cli import main

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # anki: the same notes give the same bytes

FULL, NULL = (1, 7), (1, 3)
"""Linux's (major, minor) numbers of /dev/full and /dev/null, for copies made in a test's folder."""


def run(content_dir: Path, argv: list[str], out: Path | str):
    return CliRunner().invoke(main, ["--content", str(content_dir), *argv, "-o", str(out)], env=EPOCH)


def device(folder: Path, name: str, numbers: tuple[int, int]) -> Path:
    if os.geteuid() != 0:
        pytest.skip("only root may make a device node")
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    return path


def is_device(path: Path, numbers: tuple[int, int]) -> bool:
    found = os.lstat(path)
    return stat.S_ISCHR(found.st_mode) and found.st_rdev == os.makedev(*numbers)


def plain_output(content_dir: Path, tmp_path: Path, argv: list[str], name: str) -> bytes:
    """What the command writes to a plain new file."""
    plain = tmp_path / "plain" / name
    result = run(content_dir, argv, plain)
    assert result.exit_code == 0, result.output
    return plain.read_bytes()


class Reader:
    """Whatever is written to the FIFO `path`, read in a thread, as `cat FIFO` in another terminal would."""

    def __init__(self, path: Path):
        self.path, self.got = path, b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with open(self.path, "rb") as stream:
            self.got = stream.read()

    def stop(self) -> bytes:
        """What was read; a reader still waiting for a writer is let go (a writer that opens and closes)."""
        with contextlib.suppress(OSError):
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
        self.thread.join(timeout=60)
        return self.got


@pytest.mark.parametrize(("argv", "name"), OUTPUTS, ids=IDS)
def test_a_symlink_stays_and_the_file_it_names_gets_what_a_plain_file_gets(content_dir, tmp_path, argv, name):
    expected = plain_output(content_dir, tmp_path, argv, name)
    real, link = tmp_path / "real" / name, tmp_path / name
    real.parent.mkdir()
    real.write_bytes(b"the previous output")
    os.symlink(f"real/{name}", link)
    result = run(content_dir, argv, link)
    assert result.exit_code == 0, result.output
    assert (os.readlink(link), real.read_bytes()) == (f"real/{name}", expected)
    assert os.listdir(tmp_path / "real") == [name]


@pytest.mark.parametrize(("argv", "name"), OUTPUTS, ids=IDS)
def test_a_fifo_streams_to_its_reader_what_a_plain_file_gets(content_dir, tmp_path, argv, name):
    expected = plain_output(content_dir, tmp_path, argv, name)
    fifo = tmp_path / name
    os.mkfifo(fifo)
    reader = Reader(fifo)
    result = run(content_dir, argv, fifo)
    assert result.exit_code == 0, result.output
    assert reader.stop() == expected and stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize(("argv", "name"), OUTPUTS, ids=IDS)
def test_a_null_device_discards_and_stays_a_device(content_dir, tmp_path, argv, name):
    null = device(tmp_path, "null", NULL)
    result = run(content_dir, argv, null)
    assert result.exit_code == 0, result.output
    assert str(null) in result.output
    assert is_device(null, NULL) and sorted(os.listdir(tmp_path)) == ["content", "null"]


@pytest.mark.parametrize(("argv", "name"), OUTPUTS, ids=IDS)
def test_a_full_device_is_one_error_line_and_stays_a_device(content_dir, tmp_path, argv, name):
    full = device(tmp_path, "full", FULL)
    result = run(content_dir, argv, full)
    assert result.exit_code == 1
    assert result.output == f"error: cannot write {full}: {os.strerror(errno.ENOSPC)}\n"
    assert is_device(full, FULL) and sorted(os.listdir(tmp_path)) == ["content", "full"]


FEW = some("bank.json", "deck.apkg", "test.pdf")


@pytest.mark.parametrize(("argv", "name"), OUTPUTS, ids=IDS)
def test_a_socket_is_one_error_line_naming_it_and_stays_a_socket(content_dir, tmp_path, argv, name):
    """It said "cannot write PATH: No such device or address" (ENXIO): a socket cannot be opened as a file."""
    import socket

    path = tmp_path / "s"  # short: a socket's path has room for about 100 bytes
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        result = run(content_dir, argv, path)
    assert (result.exit_code, result.output) == (
        1,
        f"error: cannot write {path}: it is a socket, which cannot be written to like a file; give a file or a folder\n",
    )
    assert stat.S_ISSOCK(os.lstat(path).st_mode) and sorted(os.listdir(tmp_path)) == ["content", "s"]


@pytest.mark.parametrize(("argv", "name"), FEW, ids=ids(FEW))
def test_a_file_where_a_folder_should_be_is_named(content_dir, tmp_path, argv, name):
    """Fresh user: `-o /etc/passwd/x.csv` said "File exists"."""
    blocker = tmp_path / "passwd"
    blocker.write_bytes(b"root:x:0:0")
    for out in (blocker / name, blocker / "sub" / name):
        result = run(content_dir, argv, out)
        assert result.exit_code == 1
        assert result.output == f"error: cannot write {out}: {blocker} is not a folder\n"
    assert blocker.read_bytes() == b"root:x:0:0"


def test_nothing_is_written_next_to_a_fifo(content_dir, tmp_path):
    """print's --also files and manifest go next to the test: next to /dev/stdout or a FIFO is no place for them."""
    cases = {
        "also": (
            ["print", "-n", "3", "--format", "md", "--also", "csv"],
            "error: --also writes files next to the test; -o {} is not a regular file, so give a file or folder\n",
        ),
        "manifest": (
            ["print", "-n", "3"],
            "error: -o: {} is not a regular file, and the answer sheets' manifest goes next to the test; "
            "give a file or folder, or --no-sheet\n",
        ),
    }
    for name, (argv, expected) in cases.items():
        fifo = tmp_path / name
        os.mkfifo(fifo)
        reader = Reader(fifo)  # so that a command that wrote to it anyway would not wait forever
        result = run(content_dir, argv, fifo)
        assert reader.stop() == b""
        assert (result.exit_code, result.output) == (1, expected.format(fifo))
    assert sorted(os.listdir(tmp_path)) == ["also", "content", "manifest"]


def test_analyze_history_writes_no_answers_next_to_a_fifo(content_dir, tmp_path, monkeypatch):
    from test_learners import quiz

    monkeypatch.chdir(tmp_path)
    quiz(content_dir, tmp_path / "ann", [True, False], n=2)
    os.mkfifo("report.html")
    reader = Reader(tmp_path / "report.html")
    result = CliRunner().invoke(main, ["analyze", "--history", "ann", "-o", "report.html"])
    assert reader.stop() == b""
    assert (result.exit_code, result.output) == (
        1,
        "error: -o: report.html is not a regular file, and the answers go next to the report; give a file or folder\n",
    )
    assert sorted(os.listdir(tmp_path)) == ["ann", "content", "report.html"]
