import os

import pytest

from quizgen.errors import QuizgenError
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
