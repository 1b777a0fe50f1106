"""util/compiled.py: the code of the methods dataclasses generates, compiled once and kept beside the bytecode."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen.util import compiled


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package folder whose kept code goes to its own __pycache__; dataclasses compile as before afterwards."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    folder = tmp_path / "pkg"
    folder.mkdir()
    yield folder
    compiled.save()
    assert "exec" not in vars(dataclasses)


def make(name: str = "Point") -> type:
    """A frozen dataclass, created anew (its methods compiled, or taken from the kept code)."""

    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2
        tags: tuple[str, ...] = ()

    Point.__name__ = Point.__qualname__ = name
    return Point


def kept_file(package: Path) -> Path:
    (found,) = (package / "__pycache__").glob("dataclass-code.*.marshal")
    return found


def test_a_class_takes_its_methods_from_the_kept_code_and_works_as_a_compiled_one(package):
    compiled.keep(str(package))
    first = make()
    assert compiled._kept is not None
    made = compiled._kept.compiled
    assert made == len(compiled._kept.used) == 6  # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__
    compiled.save()
    assert kept_file(package).stat().st_size > 0

    compiled.keep(str(package))  # as the next command does
    again = make()
    assert compiled._kept.compiled == 0 and len(compiled._kept.used) == made
    compiled.save()
    for cls in (first, again):
        point = cls(1, tags=("a",))
        assert (point.x, point.y, point.tags) == (1, 2, ("a",)) and point == cls(1, 2, ("a",))
        with pytest.raises(dataclasses.FrozenInstanceError):
            point.x = 3  # type: ignore[misc]
        with pytest.raises(TypeError):
            cls()
    assert first.__init__.__code__.co_code == again.__init__.__code__.co_code


def edited() -> type:
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        z: str = "z"

    return Point


def test_an_edited_class_compiles_anew_and_is_kept_beside_the_old_one(package):
    compiled.keep(str(package))
    make()
    compiled.save()
    compiled.keep(str(package))
    assert edited()(1).z == "z" and compiled._kept.compiled == 6  # its fields differ: every method's text differs
    compiled.save()
    compiled.keep(str(package))
    make()
    edited()
    assert compiled._kept.compiled == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"\0" * 4 + data[4:],  # another Python's magic number
        lambda data: data[:-40] + b"\xff" * 40,
        lambda data: compiled.header() + marshal.dumps([1]),  # marshalled, but not a dict of texts
        lambda data: b"",
    ],
    ids=["truncated", "another-python", "damaged", "not-a-dict", "empty"],
)
def test_a_damaged_file_means_compiling_again_and_keeping_it_anew(package, damage):
    compiled.keep(str(package))
    make()
    compiled.save()
    path = kept_file(package)
    path.write_bytes(damage(path.read_bytes()))
    compiled.keep(str(package))
    point = make()(5)
    assert point.y == 2 and compiled._kept.compiled >= 1
    compiled.save()
    compiled.keep(str(package))
    make()
    assert compiled._kept.compiled == 0


def test_a_damaged_code_in_an_intact_file_is_compiled_again(package):
    compiled.keep(str(package))
    make()
    compiled.save()
    kept = compiled.read(str(kept_file(package)))
    assert len(kept) == 6
    kept = {text: b"\xe3" for text in kept}  # a code object's type byte and nothing else
    kept_file(package).write_bytes(compiled.header() + marshal.dumps(kept))
    compiled.keep(str(package))
    assert make()(1).x == 1 and compiled._kept.compiled == 6


def test_nothing_is_written_where_python_writes_no_bytecode(package, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compiled.keep(str(package))
    make()
    compiled.save()
    assert not (package / "__pycache__").exists()


def test_a_folder_that_cannot_be_written_only_means_compiling_each_time(package):
    (package / "__pycache__").write_text("not a folder")
    compiled.keep(str(package))
    assert make()(1).y == 2
    compiled.save()  # no error
    assert (package / "__pycache__").read_text() == "not a folder"
    assert [p.name for p in package.iterdir()] == ["__pycache__"]  # no temp file left


def test_without_keep_dataclasses_compile_as_before(package):
    compiled.attach()  # util/records.py does this on import: nothing unless the command line called keep()
    assert "exec" not in vars(dataclasses)
    make()
    assert not (package / "__pycache__").exists()


def test_the_command_line_keeps_the_code_and_its_next_run_compiles_none(tmp_path, content_dir):
    """Run as the console script does, with a package of its own (a copy), whose __pycache__ may be written."""
    import shutil

    source = Path(compiled.__file__).resolve().parent.parent
    shutil.copytree(source, tmp_path / "quizgen", ignore=shutil.ignore_patterns("__pycache__", "_content"))
    code = (
        "import sys; from quizgen.util import compiled; from quizgen.__main__ import command\n"
        f"sys.argv = ['quizgen', '--content', {str(content_dir)!r}, 'list']\n"
        "save = compiled.Kept.save\n"
        "compiled.Kept.save = lambda self: print('compiled', self.compiled, len(self.used)) or save(self)\n"
        "try: command()\nexcept SystemExit as e: print('exit', e.code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "QUIZGEN_CACHE": "off"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
        for _ in range(2)
    ]
    first, second = (run.stdout.splitlines() for run in runs)
    assert first[-1] == second[-1] == "exit 0", runs[0].stderr + runs[1].stderr
    compiled_first, used_first = map(int, first[-2].split()[1:])
    assert compiled_first == used_first > 30  # every dataclass of loading and listing the content
    assert second[-2] == f"compiled 0 {used_first}"
    assert list((tmp_path / "quizgen" / "__pycache__").glob("dataclass-code.*.marshal"))
