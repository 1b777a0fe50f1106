"""Standard streams: every write completes or fails with `error: ...`; `| head` ends quietly; closed streams refused.

Run through the installed command in a process of its own, since the faults are those of a real file descriptor 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import QUIZGEN, needs_quizgen

pytestmark = needs_quizgen
FULL = "error: cannot write to standard output: No space left on device\n"


def shell(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`command` in bash, with `quizgen` the installed command and the history in a temp folder."""
    return subprocess.run(
        ["bash", "-c", command.replace("quizgen", str(QUIZGEN))],
        capture_output=True,
        text=True,
        env={**os.environ, "QUIZGEN_DATA_DIR": str(tmp_path / "data"), **env},
        timeout=60,
    )


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize(
    "command",
    [
        "quizgen export",
        "quizgen list",
        "quizgen print --format html -n 3 -o -",
        "quizgen coverage",
        "quizgen --help",
        "quizgen export --help",
        "quizgen --version",
    ],
)
def test_a_write_to_a_full_stdout_is_an_error(command: str, unbuffered: str, tmp_path: Path) -> None:
    env = {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
    result = shell(f"{command} > /dev/full", tmp_path, **env)
    assert (result.returncode, result.stderr) == (1, FULL)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_plain_quiz_to_a_full_stdout_is_an_error(tmp_path: Path) -> None:
    result = shell("echo a | quizgen quiz --plain -n 1 --seed 1 > /dev/full", tmp_path)
    assert (result.returncode, result.stderr) == (1, FULL)


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("command", [["export"], ["list"], ["print", "--format", "md", "-n", "200", "-o", "-"]])
def test_a_reader_that_stops_early_ends_quietly_with_sigpipe_status(command: list[str], unbuffered: str) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    # `quizgen export | head -1`: read one line, then close the pipe while quizgen still has most of its output
    with subprocess.Popen([str(QUIZGEN), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        errors = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
    assert first
    if command[0] == "list" and code == 0:  # `list` is short: it may all fit in the pipe before the reader stops
        return
    assert (code, errors) == (141, "" if command[0] != "print" else errors)
    assert "Traceback" not in errors and "Exception ignored" not in errors


def test_the_bundled_export_is_longer_than_a_pipe_holds() -> None:
    """The test above means something only if `export` cannot fit in the pipe before the reader closes it."""
    result = subprocess.run([str(QUIZGEN), "export"], capture_output=True, timeout=60)
    assert len(result.stdout) > 4 * 65536


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a tmpfs needs root")
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_a_full_disk_stops_export_to_stdout_with_an_error(unbuffered: str, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (a container without CAP_SYS_ADMIN)")
    try:
        env = {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
        result = shell(f"quizgen export > {disk}/bank.json", tmp_path, **env)
        assert (result.returncode, result.stderr) == (1, FULL)
        # the old error: 65,536 of 711,209 bytes written and exit 0
        assert (disk / "bank.json").stat().st_size < 65536 * 2
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize("command", ["quizgen export", "quizgen quiz --plain -n 1", "quizgen list"])
def test_a_closed_stdout_is_refused(command: str, tmp_path: Path) -> None:
    result = shell(f"{command} >&-", tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "error: standard output is closed; redirect it to /dev/null to discard it\n",
    )


@pytest.mark.parametrize("command", ["quiz", "review"])
def test_a_closed_stdin_is_refused_before_the_session_starts(command: str, tmp_path: Path) -> None:
    result = shell(f"quizgen {command} --plain -n 1 <&-", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "error: standard input is closed; --plain reads the answers from it, one per line\n",
    )
    assert not (tmp_path / "data" / "history.sqlite3").exists() or _sessions(tmp_path / "data") == 0


def _sessions(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / "history.sqlite3") as db:
        return db.execute("SELECT count(*) FROM sessions").fetchone()[0]


def test_ctrl_c_while_importing_ends_quietly_with_130(tmp_path: Path) -> None:
    """SIGINT lands while the console script imports click (the first 0.1 s of a run): no traceback."""
    script = (
        "import os, signal, sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['quizgen', 'list']\n"
        "from quizgen.__main__ import run\n"
        "run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")
