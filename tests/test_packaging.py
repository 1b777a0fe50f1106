"""The built wheel carries the seeds and decks and works from outside the repository."""

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("quizgen-*.whl")
    return path


def test_wheel_holds_seeds_decks_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for slug in ("chellaney-2025", "mahapatra-2025", "dominic-et-al", "husain-2025", "haq-2025"):
        assert f"quizgen/_content/seeds/{slug}.txt" in names
        assert f"quizgen/_content/seeds/{slug}.yaml" in names
    assert "quizgen/_content/decks/us-pakistan-india/templates.yaml" in names
    assert "quizgen/_content/decks/README.md" in names
    assert "quizgen/py.typed" in names
    assert not any(n.startswith("tests/") for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """A fresh venv with quizgen installed from the wheel: its python, an environment with nothing of ours, and its
    site-packages."""
    home = tmp_path_factory.mktemp("installed")
    env_dir = home / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The runtime dependencies come from this test environment; quizgen itself only from the wheel.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    return python, {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(home)}, site


def test_installed_wheel_builds_its_bank_once_then_finds_it(wheel, installed, tmp_path):
    """No pre-built bank ships (issue 15, must-have 8: it paid off on the first run only): the first run after
    installing builds the bundled bank into the user's cache, every later run finds it, and it is the bank itself."""
    assert not any(name.endswith(".pickle") for name in zipfile.ZipFile(wheel).namelist())
    python, env, _ = installed
    code = (
        "import sys\n"
        "from quizgen.bank import cache\n"
        "from quizgen.bank.content import load_content\n"
        "from quizgen.outputs.exporters.json_export import to_json\n"
        "sys.stdout.buffer.write(to_json(load_content().bank(seed=5)))\n"
        "print(cache.stats.hits, cache.stats.misses, cache.stats.stores, file=sys.stderr)\n"
    )
    env = {**env, "QUIZGEN_CACHE_DIR": str(tmp_path / "cache")}
    first, second = (
        subprocess.run([str(python), "-c", code], cwd=tmp_path, env=env, capture_output=True, check=True)
        for _ in range(2)
    )
    assert first.stderr.split() == [b"0", b"1", b"1"] and second.stderr.split() == [b"1", b"0", b"0"]
    from quizgen.bank.content import load_content
    from quizgen.outputs.exporters.json_export import to_json

    assert first.stdout == second.stdout == to_json(load_content(cache=False).bank(seed=5))


def test_installed_wheel_runs_outside_the_repo(installed, tmp_path):
    python, env, site = installed
    env = {**env, "HOME": str(tmp_path)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import quizgen, quizgen.load.paths as p; print(quizgen.__file__); print(p.bundled_content())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(site)) and where[1] == str(site / "quizgen" / "_content")
    cli = [str(python), "-m", "quizgen"]
    validate = subprocess.run([*cli, "validate"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert "facts" in validate.stdout + validate.stderr  # runs and reports, whatever the content state
    assert "Traceback" not in validate.stderr
    exported = subprocess.run(
        [*cli, "export", "--format", "json"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    if validate.returncode == 0:
        assert exported.returncode == 0, exported.stderr
        assert json.loads(exported.stdout)["questions"]
    else:
        assert exported.returncode == 1 and exported.stderr.startswith("error: ")
