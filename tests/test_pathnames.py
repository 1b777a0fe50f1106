"""util/pathnames.py spells a path as pathlib does, so a message naming a folder reads the same either way."""

import itertools
import os
from pathlib import Path

from quizgen.util.pathnames import expanded, joined, spelled

PIECES = ("", "/", "//", "///", ".", "..", "a", "b c", "./", "../", "a/", "~", "~/x")


def test_spelled_as_pathlib_spells_it():
    for name in ("".join(p) for p in itertools.product(PIECES, repeat=3)):
        assert spelled(name) == str(Path(name)), name
        assert joined(name, "history.sqlite3") == str(Path(name) / "history.sqlite3"), name


def test_a_path_like_and_joined_parts():
    assert spelled(Path("a/b")) == "a/b"
    assert joined(Path("/x/"), "decks", "d") == str(Path("/x") / "decks" / "d") == "/x/decks/d"
    assert joined(".", "f") == str(Path(".") / "f") == "f"


def test_expanded_as_pathlib_expands_it(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path) + "/")
    for name in ("~", "~/", "~/data//q/", "./~/x", "x/~"):
        assert expanded(name) == str(Path(name).expanduser()), name
    assert expanded("~/q") == str(tmp_path / "q")
    assert os.path.isabs(expanded("~"))
