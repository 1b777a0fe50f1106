"""The content cache: a hit gives exactly what a fresh build gives, any change to the content or the code misses, and
a damaged entry or an unusable folder never costs more than a rebuild."""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FACTS, write_content

import quizgen.bank.cache as cache
import quizgen.bank.content
from quizgen.authoring.validate import validate
from quizgen.bank import kept
from quizgen.bank.content import load_content
from quizgen.bank.leaks import common_words
from quizgen.cli import main
from quizgen.errors import CacheFolderWarning, QuizgenError

# A second position fact without curated distractors: generating it reports problems, which a hit must repeat.
SHORT_OF_DISTRACTORS = """\
  - id: park-view
    kind: position
    holder: Di Park
    topic: the reserves
    stance: reserves had fallen too far
    tags: [economy]
    explanation: Park warned about the reserves.
    source: {seed: test-2024, quote: "reserves had fallen by 40 percent since 2017"}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder (not yet created)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(path))
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def counts() -> tuple[int, int, int]:
    return cache.stats.hits, cache.stats.misses, cache.stats.stores


def loaded(root: Path) -> tuple[quizgen.bank.content.Content, tuple[int, int, int]]:
    """load_content(root) and what the cache did meanwhile: (hits, misses, stores)."""
    before = counts()
    content = load_content(root)
    return content, tuple(after - b for after, b in zip(counts(), before, strict=True))


def assert_same(cached: quizgen.bank.content.Content, fresh: quizgen.bank.content.Content) -> None:
    """Everything the commands use, compared field by field (facts compare by identity, so by their repr)."""
    assert cached.root == fresh.root
    assert cached.texts == fresh.texts
    assert repr(cached.decks) == repr(fresh.decks)
    assert cached.problems == fresh.problems
    assert validate(cached) == validate(fresh)
    for slug in fresh.decks:
        assert cached.generated(slug) == fresh.generated(slug)


# --- a hit is a fresh build ----------------------------------------------------------------------------------------


def test_a_hit_gives_the_bank_a_fresh_build_gives_for_every_seed(content_dir, folder):
    first, did = loaded(content_dir)
    assert did == (0, 1, 1) and len(entries(folder)) == 1
    second, did = loaded(content_dir)
    assert did == (1, 0, 0) and len(entries(folder)) == 1
    fresh = load_content(content_dir, cache=False)
    assert_same(second, fresh)
    banks = {seed: second.bank(None, seed) for seed in (0, 7)}
    for seed, bank in banks.items():
        assert bank.questions == fresh.bank(None, seed).questions == first.bank(None, seed).questions
        assert bank.seed == seed
    assert [q.options for q in banks[0].questions] != [q.options for q in banks[7].questions]


def test_a_hit_parses_no_yaml(content_dir, folder, monkeypatch):
    load_content(content_dir)

    def no_loading(path):
        raise AssertionError("loaded the content again")

    monkeypatch.setattr(quizgen.bank.content, "_load", no_loading)
    monkeypatch.setattr(kept, "load_folder", no_loading)
    assert len(load_content(content_dir).bank().questions) > 20


def test_a_hit_reports_the_same_problems_as_a_fresh_build(tmp_path, folder):
    root = write_content(tmp_path / "content", FACTS + SHORT_OF_DISTRACTORS)
    (root / "decks" / "d" / "empty.yaml").write_text("", encoding="utf-8")
    load_content(root)
    cached, did = loaded(root)
    assert did == (1, 0, 0)
    fresh = load_content(root, cache=False)
    assert_same(cached, fresh)
    assert [p.severity for p in cached.problems] == ["warning"]
    report = validate(cached)
    assert report.count("warning") == 3 and "cannot get 3 distractors" in report.problems[-1].message
    assert [p.format() for p in report.problems] == [p.format() for p in validate(fresh).problems]
    # A fact short of distractors loses those questions only: the deck makes all the others, cached or not.
    assert [q.id for q in cached.bank().questions] == [q.id for q in fresh.bank().questions]
    assert "park-view/position-holder" not in {q.id for q in cached.bank().questions}


def test_content_that_fails_to_load_is_cached_with_its_errors(tmp_path, folder):
    root = write_content(tmp_path / "content", FACTS.replace("    tags: [aid]\n", "    tags: [aid]\n    qoute: x\n", 1))
    load_content(root)
    cached, did = loaded(root)
    assert did == (1, 0, 0)
    assert_same(cached, load_content(root, cache=False))
    assert "unknown key 'qoute'" in cached.errors[0].message


def test_validate_prints_the_same_from_a_hit(tmp_path, folder):
    root = write_content(tmp_path / "content", FACTS + SHORT_OF_DISTRACTORS)
    runs = [CliRunner().invoke(main, ["--content", str(root), "validate", "--strict"]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [1, 1]
    assert runs[0].output == runs[1].output
    assert "cannot get 3 distractors" in runs[1].output


def test_a_hit_takes_the_folder_it_was_asked_for(tmp_path, folder, monkeypatch):
    root = write_content(tmp_path / "content")
    load_content(root)
    monkeypatch.chdir(tmp_path)
    content, did = loaded(Path("content"))
    assert did == (1, 0, 0) and content.root == Path("content")


# --- what misses ---------------------------------------------------------------------------------------------------


def edit_a_deck(root: Path) -> None:
    path = root / "decks" / "d" / "facts.yaml"
    path.write_text(path.read_text().replace("Examplia suspended aid in", "Examplia suspended its aid in"), "utf-8")


def edit_a_text(root: Path) -> None:
    path = root / "seeds" / "test-2024.txt"
    path.write_bytes(path.read_bytes() + b" ")


def edit_text_metadata(root: Path) -> None:
    path = root / "seeds" / "test-2024.yaml"
    path.write_text(path.read_text().replace("Test Times", "Test Tames"), "utf-8")


def add_an_empty_deck_folder(root: Path) -> None:
    (root / "decks" / "e").mkdir()


EDITS = [edit_a_deck, edit_a_text, edit_text_metadata, add_an_empty_deck_folder]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_any_change_to_the_content_misses_and_the_change_shows(content_dir, folder, edit):
    before = load_content(content_dir)
    edit(content_dir)
    after, did = loaded(content_dir)
    assert did == (0, 1, 1) and len(entries(folder)) == 2
    assert_same(after, load_content(content_dir, cache=False))
    assert repr(after) != repr(before)


def note_in_a_subfolder(root: Path, where: str) -> None:
    (root / where).mkdir(parents=True, exist_ok=True)
    (root / where / "notes.yaml").write_text("- id: not-a-fact\n", "utf-8")


@pytest.mark.parametrize("where", ["decks/d/reviews", "decks/d/reviews/2026", "seeds/drafts"])
def test_what_a_subfolder_of_a_deck_or_of_seeds_holds_is_not_content(content_dir, folder, where):
    """Loading never reads inside them (a deck's `reviews/` notes): adding or editing a file there hits."""
    note_in_a_subfolder(content_dir, where.split("/2026")[0])  # the subfolder itself is there before
    before, _ = loaded(content_dir)
    note_in_a_subfolder(content_dir, where)
    (content_dir / where / "notes.yaml").write_text("- id: edited\n", "utf-8")
    after, did = loaded(content_dir)
    assert did == (1, 0, 0)
    assert_same(after, load_content(content_dir, cache=False))
    assert repr(after) == repr(before)


@pytest.mark.parametrize("name", ["reviews", "more.yaml"])
def test_a_new_subfolder_of_a_deck_is_content(content_dir, folder, name):
    """A folder named like a facts file is one loading tries to read: that a subfolder is there counts."""
    load_content(content_dir)
    (content_dir / "decks" / "d" / name).mkdir()
    after, did = loaded(content_dir)
    assert did == (0, 1, 1)
    assert_same(after, load_content(content_dir, cache=False))


def test_a_change_to_quizgens_code_misses(content_dir, folder, monkeypatch):
    load_content(content_dir)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"quizgen.py, edited")
    _, did = loaded(content_dir)
    assert did == (0, 1, 1) and len(entries(folder)) == 2


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_a_large_content_folder_is_hashed_by_sha256_and_hits_and_misses_as_a_small_one(
    content_dir, folder, monkeypatch, large
):
    if large:  # every content folder counts as large
        monkeypatch.setattr(cache, "LARGE", 1)
    digest = cache.content_digest(content_dir)
    files = b"".join(p.read_bytes() for p in content_dir.rglob("*") if p.is_file())
    size = len(files)
    assert len(digest) == 64 and (size >= cache.LARGE) == large
    assert (
        cache.hashed(files).digest()
        == (hashlib.sha256(files) if large else hashlib.blake2b(files, digest_size=32)).digest()
    )
    first, did = loaded(content_dir)
    assert did == (0, 1, 1)
    again, did = loaded(content_dir)
    assert did == (1, 0, 0)
    assert_same(again, first)
    edit_a_deck(content_dir)
    _, did = loaded(content_dir)
    assert did == (0, 1, 1)


def test_a_change_back_hits_again(content_dir, folder):
    path = content_dir / "seeds" / "test-2024.txt"
    original = path.read_bytes()
    load_content(content_dir)
    path.write_bytes(original + b"\n")
    load_content(content_dir)
    path.write_bytes(original)
    _, did = loaded(content_dir)
    assert did == (1, 0, 0)


# --- the stamp index: a file whose stat data is as it was is not read again ----------------------------------------


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files the cache reads from now on (to hash them)."""
    seen: list[str] = []
    read = cache._bytes_of
    monkeypatch.setattr(cache, "_bytes_of", lambda path: seen.append(os.path.basename(path)) or read(path))
    return seen


def later(monkeypatch: pytest.MonkeyPatch, seconds: float = 10) -> None:
    """From now on the clock runs `seconds` ahead: every file so far counts as changed long before (not racy)."""
    monkeypatch.setattr(cache, "_now_ns", lambda: cache.time.time_ns() + int(seconds * 1e9))


def session_key(root: Path) -> str:
    session = cache.open_session(root)
    assert session is not None
    return session.key


def test_a_file_whose_stat_data_is_unchanged_is_not_read_again(content_dir, folder, monkeypatch):
    later(monkeypatch)
    first = session_key(content_dir)
    seen = reads(monkeypatch)
    assert session_key(content_dir) == first and seen == []
    assert cache._digests(content_dir, cache._fingerprint()) == (
        cache.open_session(content_dir).digest,  # type: ignore[union-attr]
        cache.open_session(content_dir).files,  # type: ignore[union-attr]
    )


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_edit_is_seen_and_only_the_edited_file_read(content_dir, folder, monkeypatch, edit):
    later(monkeypatch)
    session_key(content_dir)
    edit(content_dir)
    seen = reads(monkeypatch)
    session = cache.open_session(content_dir)
    assert len(seen) <= 1  # the edited file (a new folder has none)
    assert session is not None and (session.digest, session.files) == cache._digests(content_dir, session.prefix)


def test_an_edit_that_keeps_size_and_modification_time_is_seen(content_dir, folder, monkeypatch):
    later(monkeypatch)
    before = session_key(content_dir)
    path = content_dir / "decks" / "d" / "facts.yaml"
    info = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Examplia", b"Exemplia"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # only the change time tells
    assert path.stat().st_size == info.st_size and session_key(content_dir) != before
    assert session_key(content_dir) == cache.content_key(content_dir)


def test_a_file_changed_just_before_the_stamp_is_read_anyway(content_dir, folder, monkeypatch):
    """git's "racily clean": a file written just before its stat data was taken could change again unseen."""
    session_key(content_dir)  # the content folder was written just now
    seen = reads(monkeypatch)
    session_key(content_dir)
    assert "facts.yaml" in seen and "test-2024.txt" in seen


def test_stamps_of_another_quizgen_are_not_used(content_dir, folder, monkeypatch):
    later(monkeypatch)
    session_key(content_dir)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"quizgen.py, edited")
    seen = reads(monkeypatch)
    assert session_key(content_dir) == cache.content_key(content_dir) and "facts.yaml" in seen


def test_a_damaged_stamp_index_means_reading_every_file(content_dir, folder, monkeypatch):
    later(monkeypatch)
    first = session_key(content_dir)
    (index,) = (folder / cache.STAMPS).iterdir()
    index.write_bytes(index.read_bytes()[:-5])
    seen = reads(monkeypatch)
    assert session_key(content_dir) == first and "facts.yaml" in seen


def test_the_code_fingerprint_covers_every_module_of_the_layers_that_make_the_cache():
    fingerprint = b"\0" + cache.code_fingerprint()
    package = Path(cache.__file__).parent.parent  # quizgen/
    for rel in (
        "__init__.py",
        "errors.py",
        "util/records.py",
        "model/questions.py",
        "load/facts.py",
        "bank/generate.py",
    ):
        assert (package / rel).is_file() and b"\0" + rel.encode() + b"\0" in fingerprint
    for rel in ("cli.py", "study/quiz.py", "outputs/exporters/qti.py", "authoring/validate.py", "commands/study.py"):
        assert (package / rel).is_file() and b"\0" + rel.encode() + b"\0" not in fingerprint


def test_what_makes_the_cache_imports_nothing_outside_the_layers_the_fingerprint_covers(content_dir, folder):
    """Every module loading, generating and keeping content imports is one whose edits change the key."""
    package = Path(cache.__file__).parent.parent
    modules = sorted(f"quizgen.bank.{p.stem}" for p in (package / "bank").glob("*.py") if p.stem != "__init__")
    code = f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
    code += "from quizgen.bank.content import load_content\nfrom quizgen.bank.studycache import load_study_set\n"
    code += f"load_content({str(content_dir)!r}).bank(seed=1)\nload_study_set({str(content_dir)!r})\n"
    code += "print(sorted(m for m in sys.modules if m.startswith('quizgen.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported = eval(out.stdout.splitlines()[-1])  # a list of module names
    assert len(entries(folder)) == 2  # the subprocess made the content's entry and its study set's
    assert "quizgen.bank.content" in imported and "quizgen.load.facts" in imported
    assert [m for m in imported if m.split(".")[1] not in {n.removesuffix(".py") for n in cache.MADE_BY}] == []


def test_the_code_fingerprint_changes_with_any_edit_even_one_that_keeps_size_and_time(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "a.py").write_text("A = 1\n")
    module = package / "sub" / "b.py"
    module.write_text("B = 1\n")
    before = cache.package_fingerprint(package)
    assert b"sub/b.py" in before.split(b"\0") and b"a.py" in before.split(b"\0")
    assert cache.package_fingerprint(package, ("sub",)).split(b"\0")[0] == b"sub/b.py"
    (package / "__pycache__" / "c.py").write_text("")
    (package / "notes.txt").write_text("")
    assert cache.package_fingerprint(package) == before  # only the package's modules count
    info = module.stat()
    module.write_text("B = 2\n")
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same modification time
    assert cache.package_fingerprint(package) != before


def test_a_warm_quiz_imports_neither_yaml_nor_fsrs_nor_the_generators_helpers_nor_pathlib(content_dir, tmp_path):
    """The start-up target of issue 16 rests on this: a warm quiz unpickles its questions and asks."""
    watched = ("yaml", "fsrs", "quizgen.model.roles", "quizgen.bank.parallel", "quizgen.bank.generate")
    # ... nor the models of facts, decks and texts: it reads its study set, questions only (studycache.load_study_set)
    watched += ("quizgen.model.models", "quizgen.load.texts", "quizgen.load.facts", "quizgen.bank.content")
    # ... nor pathlib: its content, cache and history folders are strings (util/pathnames.py), ~6 ms less
    watched += ("pathlib",)
    # ... nor the classes of located problems, when the content has none (errors.py makes them when asked for)
    watched += ("quizgen.problems",)
    # ... nor the class of stored answers (a quiz writes answers, never reads them), nor string (textnorm's constant)
    watched += ("quizgen.study.stored", "string")
    code = (
        "import sys\n"
        "from quizgen.cli import main\n"
        "try:\n"
        f"    main(['--content', {str(content_dir)!r}, 'quiz', '--plain', '-n', '1', '--data-dir', "
        f"{str(tmp_path / 'd')!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 3, e.code\n"  # no answer given: stopped by end of input
        f"print(sorted(m for m in {watched!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "QUIZGEN_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", code], input="", capture_output=True, text=True, timeout=60, env=env)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert "'yaml'" in runs[0].stdout.splitlines()[-1]  # the first run loads and generates (the test can tell)
    assert runs[1].stdout.splitlines()[-1] == "[]"


def test_the_leak_check_of_a_deck_counts_its_common_words_once_and_keeps_them(content_dir, folder):
    bank = load_content(content_dir).bank(seed=3)
    cached = load_content(content_dir)
    assert cache.stats.hits >= 1
    check = cached.leak_check(bank.deck.slug)
    assert check.common == common_words(bank.questions) and len(check.common) > 0


def test_a_file_edited_while_loading_keeps_nothing(content_dir, folder, monkeypatch):
    loading = kept.load_folder

    def load_folder(*args: object) -> object:
        found = loading(*args)  # type: ignore[arg-type]
        edit_a_text(content_dir)  # as if saved in an editor halfway through the load
        return found

    monkeypatch.setattr(kept, "load_folder", load_folder)
    before = counts()
    load_content(content_dir)
    assert entries(folder) == [] and counts()[2] == before[2]
    assert not any((folder / cache.PARTS).glob("*"))  # parts are named by the bytes the run started with
    monkeypatch.undo()
    _, did = loaded(content_dir)
    assert did == (0, 1, 1)


# --- damage and unusable folders -----------------------------------------------------------------------------------


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def one_byte_flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]


def empty(data: bytes) -> bytes:
    return b""


def garbage(data: bytes) -> bytes:
    return os.urandom(len(data))


def another_format(data: bytes) -> bytes:
    return data.replace(cache.FORMAT, b"quizgen content cache 0\n", 1)


def intact_but_not_content(data: bytes) -> bytes:
    head = data[: data.index(b"\n", len(cache.FORMAT)) + 1]
    payload = pickle.dumps({"not": "content"})
    return head + cache.checksum(payload) + payload


DAMAGE = [truncated, one_byte_flipped, empty, garbage, another_format, intact_but_not_content]


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__ for d in DAMAGE])
def test_a_damaged_entry_is_rebuilt_without_error(content_dir, folder, damage):
    load_content(content_dir)
    [entry] = entries(folder)
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    content, did = loaded(content_dir)
    assert did == (0, 1, 1)
    assert_same(content, load_content(content_dir, cache=False))
    assert entry.read_bytes() == intact
    _, did = loaded(content_dir)
    assert did == (1, 0, 0)


def test_an_entry_that_cannot_be_read_is_rebuilt(content_dir, folder):
    load_content(content_dir)
    [entry] = entries(folder)
    entry.unlink()
    entry.mkdir()  # reading it fails (IsADirectoryError), as an unreadable file does, even for root
    content, did = loaded(content_dir)
    assert did == (0, 1, 0)
    assert_same(content, load_content(content_dir, cache=False))


def test_a_folder_that_cannot_be_written_means_no_caching(content_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        with pytest.warns(CacheFolderWarning, match="cannot be created"):
            content, did = loaded(content_dir)
        assert did == (0, 0, 0)
    assert_same(content, load_content(content_dir, cache=False))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_means_no_caching(content_dir, folder):
    folder.mkdir(mode=0o500)
    with pytest.warns(CacheFolderWarning, match="cannot be written"):
        _, did = loaded(content_dir)
    assert did == (0, 0, 0) and entries(folder) == []


def _file(tmp_path: Path) -> Path:
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    return tmp_path / "a file"


def _shared(tmp_path: Path) -> Path:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared").chmod(0o777)
    return tmp_path / "shared"


def _link(tmp_path: Path) -> Path:
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    return tmp_path / "link"


BAD_FOLDERS = {
    "a file": (_file, "is not a folder"),
    "under a file": (lambda tmp: _file(tmp) / "cache", f"cannot be created ({os.strerror(errno.ENOTDIR)})"),
    "others can write": (_shared, "can be written by other users (the cache reads only from a private folder)"),
    "a link": (_link, "is a symbolic link (the cache reads only from a real folder)"),
}


@pytest.mark.parametrize("case", BAD_FOLDERS)
def test_a_bad_cache_folder_is_one_warning_line_and_the_command_runs_uncached(content_dir, tmp_path, monkeypatch, case):
    """It was silently ignored: a user who set QUIZGEN_CACHE_DIR is told the cache is not used, and why."""
    make, why = BAD_FOLDERS[case]
    bad = make(tmp_path)
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(bad))
    before = counts()
    result = CliRunner().invoke(main, ["--content", str(content_dir), "list"])
    assert (result.exit_code, result.stdout) == (
        0,
        CliRunner().invoke(main, ["--content", str(content_dir), "list"]).stdout,
    )
    assert result.stderr == f"warning: QUIZGEN_CACHE_DIR={bad} {why}; running without a cache\n"
    assert counts() == before  # no entry read or written: not even into the real folder a link names
    assert not (tmp_path / "real").exists() or os.listdir(tmp_path / "real") == []


def test_a_folder_that_cannot_be_written_is_named(content_dir, folder, monkeypatch):
    """Root may write anywhere, so the refusal (a read-only file system, a folder of mode 0500) is injected."""
    folder.mkdir(mode=0o700)
    real = os.access
    monkeypatch.setattr(cache.os, "access", lambda path, mode, **kw: path != str(folder) and real(path, mode, **kw))
    result = CliRunner().invoke(main, ["--content", str(content_dir), "list"])
    assert result.exit_code == 0 and result.stdout.startswith("d: Test deck\n")
    assert result.stderr == f"warning: QUIZGEN_CACHE_DIR={folder} cannot be written; running without a cache\n"


def test_a_missing_cache_folder_is_made_and_used_without_a_warning(content_dir, folder):
    result = CliRunner().invoke(main, ["--content", str(content_dir), "list"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(entries(folder)) == 1 and folder.stat().st_mode & 0o777 == 0o700


def test_the_warning_comes_once_in_a_command_that_loads_the_content_twice(content_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    answered = CliRunner().invoke(
        main, ["--content", str(content_dir), "quiz", "--plain", "-n", "1", "--data-dir", str(data)], input="a\n"
    )
    assert answered.exit_code == 0, answered.output
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(_file(tmp_path)))
    resolved = []
    real = cache.cache_dir
    monkeypatch.setattr(cache, "cache_dir", lambda: resolved.append(1) or real())
    result = CliRunner().invoke(main, ["--content", str(content_dir), "stats", "--data-dir", str(data)])
    assert result.exit_code == 0 and len(resolved) == 2  # the bank, then the texts' names
    assert (
        result.stderr == f"warning: QUIZGEN_CACHE_DIR={tmp_path / 'a file'} is not a folder; running without a cache\n"
    )


def test_content_that_cannot_be_read_is_loaded_uncached(content_dir, folder):
    (content_dir / "decks" / "d" / "notes").symlink_to(content_dir / "decks" / "d" / "notes")  # a loop of one link
    content, did = loaded(content_dir)
    assert did == (0, 0, 0) and entries(folder) == []
    assert len(content.bank().questions) > 20


# --- switching off, and staying small ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["off", "0", "false", "no", "OFF"])
def test_quizgen_cache_off_disables_it(content_dir, folder, monkeypatch, value):
    monkeypatch.setenv("QUIZGEN_CACHE", value)
    for _ in range(2):
        _, did = loaded(content_dir)
        assert did == (0, 0, 0)
    assert not folder.exists()


def test_load_content_can_skip_the_cache(content_dir, folder):
    before = counts()
    load_content(content_dir, cache=False).bank()
    assert counts() == before and not folder.exists()


def test_a_mistyped_switch_is_an_error_naming_it(content_dir, folder, monkeypatch):
    monkeypatch.setenv("QUIZGEN_CACHE", "of")
    with pytest.raises(QuizgenError, match="^QUIZGEN_CACHE: 'of' is neither on nor off$"):
        load_content(content_dir)
    result = CliRunner().invoke(main, ["--content", str(content_dir), "list"])
    assert (result.exit_code, result.output) == (1, "error: QUIZGEN_CACHE: 'of' is neither on nor off\n")


def test_the_folder_keeps_only_the_most_recent_entries(content_dir, folder):
    folder.mkdir()
    other = folder / "notes.txt"  # someone else's file in a folder given by QUIZGEN_CACHE_DIR: never touched
    other.write_text("mine", encoding="utf-8")
    stale, live = folder / f".{'0' * 64}.pickle.x1.tmp", folder / f".{'1' * 64}.pickle.x2.tmp"
    stale_part = folder / cache.PARTS / f".{'2' * 64}.pickle.x3.tmp"  # parts are written without a sweep of their own
    stale_part.parent.mkdir()
    for temp in (stale, live, stale_part):
        temp.write_bytes(b"half an entry")
    for temp in (stale, stale_part):
        os.utime(temp, (1, 1))  # left by a run killed long ago; `live` may be another run writing right now
    keys = []
    for i in range(cache.KEEP + 3):
        (content_dir / "seeds" / "test-2024.txt").write_text(f"A Title {i}\n\nBy Ann Author\n", encoding="utf-8")
        load_content(content_dir)
        keys.append(cache.content_key(content_dir))
        os.utime(folder / f"{keys[-1]}.pickle", (100 + i, 100 + i))  # in order, whatever the clock's resolution
    assert [p.name for p in entries(folder)] == sorted(f"{key}.pickle" for key in keys[-cache.KEEP :])
    assert other.read_text(encoding="utf-8") == "mine" and live.exists() and not stale.exists()
    assert not stale_part.exists()


def test_the_parts_kept_are_those_the_kept_entries_use(content_dir, folder):
    for i in range(cache.KEEP + 3):
        (content_dir / "seeds" / "test-2024.txt").write_text(f"A Title {i}\n\nBy Ann Author\n", encoding="utf-8")
        load_content(content_dir)
    assert len(entries(folder)) == cache.KEEP
    used = set()
    for path in entries(folder):
        found = cache._read(path, path.stem, kept.Kept)
        assert found is not None
        used |= {found.texts} | {name for deck in found.decks for _, name in (*deck.files, *deck.made)}
    assert {path.stem for path in (folder / cache.PARTS).glob("*.pickle")} == used
    assert len(list((folder / cache.ROOTS).iterdir())) == 1


def test_a_hit_counts_as_recent_use(content_dir, folder):
    load_content(content_dir)
    [entry] = entries(folder)
    os.utime(entry, (1, 1))
    load_content(content_dir)
    assert entry.stat().st_mtime > 1


# --- the commands ---------------------------------------------------------------------------------------------------


def test_a_command_fills_the_cache_and_the_next_one_hits(content_dir, folder):
    argv = [
        "--content",
        str(content_dir),
        "quiz",
        "--plain",
        "-n",
        "3",
        "--seed",
        "5",
        "--data-dir",
        str(folder.parent / "data"),
    ]
    before = counts()
    first = CliRunner().invoke(main, argv, input="a\nb\nc\n")
    assert first.exit_code == 0, first.output
    # the content, and apart from it what a quiz reads of it (studycache.load_study_set)
    assert len(entries(folder)) == 2 and counts()[1:] == (before[1] + 2, before[2] + 2)
    second = CliRunner().invoke(main, argv, input="a\nb\nc\n")
    assert second.exit_code == 0 and second.output == first.output
    assert len(entries(folder)) == 2 and counts() == (before[0] + 1, before[1] + 2, before[2] + 2)
    validate = CliRunner().invoke(main, ["--content", str(content_dir), "validate"])
    assert validate.exit_code == 0 and counts()[0] == before[0] + 2  # the content's own entry


def test_the_quiz_asks_the_same_from_the_cache_as_without_it(content_dir, folder, monkeypatch):
    argv = ["--content", str(content_dir), "quiz", "--plain", "-n", "6", "--seed", "11"]
    outputs = []
    for switch in ("on", "on", "off"):
        monkeypatch.setenv("QUIZGEN_CACHE", switch)
        data = ["--data-dir", str(folder.parent / f"data-{len(outputs)}")]
        result = CliRunner().invoke(main, [*argv, *data], input="a\nb\nc\nd\na\nb\n")
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("seed", [0, 1, 7, 123])
def test_arranging_only_the_questions_asked_gives_the_banks_order(seed):
    content = load_content(None)
    bank = content.bank(None, seed)
    unarranged = content.bank(None, seed, arrange=False)
    asked = [unarranged.questions[i] for i in (0, 5, 6, 100, 101, 250, len(unarranged.questions) - 1)]
    by_id = {q.id: q for q in bank.questions}
    assert content.arranged(bank.deck.slug, asked, seed) == [by_id[q.id] for q in asked]
    # Unarranged, the correct option is first; a true/false statement always offers True, False.
    assert [q.correct for q in unarranged.questions if not q.true_false] == [
        q.options[0] for q in unarranged.questions if not q.true_false
    ]


# --- a pickle inside a content folder -------------------------------------------------------------------------------


class _Payload:
    """Unpickling this runs code: it creates the file named by `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_a_prebuilt_bank_in_a_content_folder_someone_hands_you_is_never_opened(content_dir, folder, tmp_path):
    # The crafted entry is well formed (right key, checksum and format), so only where it lies keeps it unread.
    marker = tmp_path / "PWNED"
    digest = cache.content_digest(content_dir)
    payload = pickle.dumps(_Payload(marker))
    (content_dir / "bank.pickle").write_bytes(
        cache.FORMAT + digest.encode() + b"\n" + cache.checksum(payload) + payload
    )
    for args in (["--content", str(content_dir), "list"], ["--content", str(content_dir), "validate"]):
        CliRunner().invoke(main, args)
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_an_entry_someone_else_owns_is_never_unpickled(content_dir, folder):
    load_content(content_dir)
    (entry,) = entries(folder)
    os.chown(entry, 12345, 12345)  # as if another user had placed it in a shared cache folder
    _, (hits, misses, _) = loaded(content_dir)
    assert (hits, misses) == (0, 1)


def test_an_entry_others_can_write_is_never_unpickled(content_dir, folder):
    load_content(content_dir)
    (entry,) = entries(folder)
    entry.chmod(0o666)
    _, (hits, misses, _) = loaded(content_dir)
    assert (hits, misses) == (0, 1)


def test_a_cache_folder_others_can_write_is_never_read(content_dir, folder):
    load_content(content_dir)
    folder.chmod(0o777)
    with pytest.warns(CacheFolderWarning, match="can be written by other users"):
        _, (hits, misses, _) = loaded(content_dir)
    assert (hits, misses) == (0, 0)


def test_a_fifo_or_a_device_in_the_cache_folder_neither_hangs_nor_floods(content_dir, folder):
    load_content(content_dir)
    (entry,) = entries(folder)
    entry.unlink()
    os.mkfifo(entry)  # open() without O_NONBLOCK would wait forever for a writer
    _, (hits, misses, _) = loaded(content_dir)
    assert (hits, misses) == (0, 1)
    for item in entries(folder):
        item.unlink()
    entry.symlink_to("/dev/zero")  # read whole, it would exhaust memory
    _, (hits, misses, _) = loaded(content_dir)
    assert (hits, misses) == (0, 1)


def test_a_link_planted_in_the_cache_folder_is_replaced_not_written_through(content_dir, folder, tmp_path):
    """-o follows a link to the file it names; the cache must not: its entries are quizgen's, not a user's choice."""
    load_content(content_dir)
    (entry,) = entries(folder)
    victim = tmp_path / "victim"
    victim.write_bytes(b"not the cache's")
    entry.unlink()
    entry.symlink_to(victim)
    _, (hits, misses, stores) = loaded(content_dir)
    assert (hits, misses, victim.read_bytes()) == (0, 1, b"not the cache's")
    assert not entry.is_symlink() and entry.is_file()


@pytest.mark.parametrize("name", ["yaml", "click", "json", "quizgen", "no_such_module_here"])
def test_a_modules_spec_is_found_as_importlib_finds_it(name):
    import importlib.util

    expected, found = importlib.util.find_spec(name), cache._spec_of(name)
    assert (found is None) == (expected is None)
    if expected is not None:
        assert (found.origin, found.submodule_search_locations) == (
            expected.origin,
            expected.submodule_search_locations,
        )
