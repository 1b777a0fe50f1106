import errno
import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from quizgen import __version__
from quizgen.cli import COMMANDS, main


def invoke(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output == f"quizgen, version {__version__}\n"


def commands():
    """Every command, as `quizgen NAME` runs it (each imported from its module)."""
    ctx = click.Context(main)
    return {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}


def test_every_command_has_help_with_an_example():
    for name, command in commands().items():
        result = invoke(name, "--help")
        assert result.exit_code == 0, name
        assert "Example: quizgen " in result.output or "quizgen " in (command.help or ""), name


def test_the_command_list_shows_each_commands_own_summary():
    """`quizgen --help` lists the commands from cli.COMMANDS without importing them: it must say what each says."""
    listed = {name: entry.summary for name, entry in COMMANDS.items()}
    assert listed == {name: command.help.split("\n\n")[0] for name, command in commands().items()}
    assert all(command.name == name and not command.hidden for name, command in commands().items())

    class Eager(click.Group):  # click's own listing, from the imported commands, in quizgen's order
        def list_commands(self, ctx):
            return list(self.commands)

    for width in (50, 80, 100):
        eager = Eager("quizgen", commands=commands())
        formatter = click.HelpFormatter(width=width)
        eager.format_commands(click.Context(eager), formatter)
        lazy = click.HelpFormatter(width=width)
        main.format_commands(click.Context(main), lazy)
        assert lazy.getvalue() == formatter.getvalue()


def test_help_imports_no_command():
    code = "import sys; from quizgen.__main__ import command; sys.argv = ['quizgen', '--help']\ntry: command()\nexcept SystemExit: pass\n"
    code += "print(sorted(m for m in sys.modules if m.startswith('quizgen.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = ["quizgen.__main__", "quizgen.cli", "quizgen.util", "quizgen.util.compiled", "quizgen.util.stdio"]
    assert out.stdout.splitlines()[-1] == str(expected)


def test_help_is_as_wide_as_clicks_without_importing_shutil(monkeypatch):
    """quizgen's help formatter finds the width as click's does (from shutil.get_terminal_size)."""
    import click.formatting

    from quizgen.cli import HelpFormatter

    monkeypatch.setattr(click.formatting, "FORCED_WIDTH", None)
    for columns in ("", "0", "-3", "abc", "40", "60", "90", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        for max_width in (None, 60, 100):
            assert HelpFormatter(max_width=max_width).width == click.HelpFormatter(max_width=max_width).width
    monkeypatch.delenv("COLUMNS")
    assert HelpFormatter(width=33).width == 33
    code = "import sys; from quizgen.__main__ import command; sys.argv = ['quizgen', '--help']\ntry: command()\nexcept SystemExit: pass\n"
    code += "print('shutil' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "False"


def test_the_console_script_ends_as_python_would_without_freeing_what_the_command_built(tmp_path):
    """run() ends the process itself once the command is over: exit functions run, output flushed, same status."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "seeds").mkdir()
    code = (
        "import atexit, sys; from quizgen.__main__ import run\n"
        "atexit.register(lambda: print('exit functions ran'))\n"
        f"sys.argv = ['quizgen', '--content', {str(tmp_path)!r}, 'validate']\n"
        "sys.stdout.write('buffered, not flushed; ')\n"
        "run()\n"
        "print('never here')\n"
    )
    env = {**os.environ, "QUIZGEN_CACHE": "off"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert (out.returncode, out.stdout) == (1, "buffered, not flushed; exit functions ran\n")
    assert out.stderr.endswith("0 facts, 0 questions; 1 error, 0 warnings, 0 recorded disagreements\n"), out.stderr


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "quizgen", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("quizgen, version")


def test_missing_content_folder_is_a_one_line_error(tmp_path):
    result = invoke("--content", str(tmp_path / "nope"), "validate")
    assert result.exit_code == 1
    assert result.output == f"error: --content: {tmp_path / 'nope'} is not a folder\n"
    (tmp_path / "seeds").mkdir()
    result = invoke("--content", str(tmp_path), "list")
    assert result.output == f"error: --content: {tmp_path} has no decks/ folder (see decks/README.md for the layout)\n"


def test_content_from_environment(content_dir, monkeypatch):
    monkeypatch.setenv("QUIZGEN_CONTENT", str(content_dir))
    result = invoke("list")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == ["d: Test deck", "  13 facts, 27 questions"]


def test_list_shows_the_counts_by_kind_source_and_tag(content_dir):
    result = invoke("--content", str(content_dir), "list")
    assert result.exit_code == 0
    assert result.output == (
        "d: Test deck\n"
        "  13 facts, 27 questions\n"
        "  by kind:   event 10, figure 8, position 1, number 8\n"
        "  by source: test-2024 27\n"
        "  by tag:    trade 11, diplomacy 7, aid 5, economy 4\n"
    )


def test_the_clis_kinds_and_levels_are_the_models():
    """The CLI names them without importing the model (start-up time); they must not drift apart."""
    from quizgen.commands.common import KIND_CHOICES, LEVEL_CHOICES
    from quizgen.model.questions import KINDS, LEVELS

    assert (sorted(KIND_CHOICES), sorted(LEVEL_CHOICES)) == (sorted(KINDS), sorted(LEVELS))


@pytest.mark.parametrize("command", ["quiz", "review", "anki"])
def test_level_filters_every_command_that_selects(content_dir, command, tmp_path):
    where = ["-o", str(tmp_path / "x.apkg")] if command == "anki" else ["--plain", "--data-dir", str(tmp_path)]
    result = invoke("--content", str(content_dir), command, *where, "--level", "Thesis")
    assert (result.exit_code, result.stderr) == (1, "error: no questions match: the deck has no thesis questions\n")


def test_list_counts_per_source_what_source_selects_and_the_rest_apart():
    """Questions needing two texts (a comparison) are under no single source: the counts add up to the total."""
    import re

    from quizgen.bank.content import load_content
    from quizgen.bank.select import Filters, select
    from quizgen.load.paths import bundled_content

    questions = load_content(bundled_content()).bank().questions
    line = next(line for line in invoke("list").output.splitlines() if line.startswith("  by source: "))
    counts = {slug: int(n) for slug, n in re.findall(r"([a-z][\w-]*) (\d+)", line.split(";")[0])}
    several = int(re.search(r"; (\d+) need two or more texts$", line).group(1))
    assert several > 0 and sum(counts.values()) + several == len(questions)
    for slug, count in counts.items():
        assert count == len(select(questions, Filters(sources=(slug,)))), slug


def test_list_wraps_the_tags_of_the_bundled_deck_most_used_first():
    """A learner finds every topic --tag takes, with its question count; in a pipe on one line (a terminal wraps it
    at its width: test_list_wraps_at_the_terminals_width_between_items_and_a_pipe_gets_whole_lines)."""
    from collections import Counter

    from quizgen.bank.content import load_content
    from quizgen.load.paths import bundled_content

    lines = invoke("list").output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  by tag:    "))
    listed = [pair.rsplit(" ", 1) for pair in " ".join(line[13:] for line in lines[start:]).split(", ")]
    bank = load_content(bundled_content()).bank()
    counts = Counter(t for q in bank.questions for t in q.tags)
    assert len(lines) - start == 1 and len(listed) == len(counts) > 20
    assert [(tag, int(n)) for tag, n in listed] == sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))


def test_export_json_to_stdout_and_file(content_dir, tmp_path):
    result = invoke("--content", str(content_dir), "export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["questions"]) == 27
    out = tmp_path / "bank.json"
    result = invoke("--content", str(content_dir), "export", "-o", str(out), "--kind", "number")
    assert result.exit_code == 0 and f"wrote 8 questions to {out}" in result.stderr
    assert {q["kind"] for q in json.loads(out.read_text())["questions"]} == {"number"}


def test_broken_content_fails_export_with_located_error_and_writes_nothing(content_dir, tmp_path):
    facts = content_dir / "decks" / "d" / "facts.yaml"
    facts.write_text(facts.read_text().replace("In May 2019 the two", "In May 2019 teh two"))
    out = tmp_path / "bank.json"
    result = invoke("--content", str(content_dir), "export", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: decks/d/facts.yaml:15:38: quote not found in seed 'test-2024'")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_unknown_filter_value_names_the_option(content_dir):
    result = invoke("--content", str(content_dir), "export", "--source", "test-2042")
    assert result.exit_code == 1
    assert result.output == "error: --source: unknown source 'test-2042' (did you mean 'test-2024'?)\n"


def test_an_error_names_the_option_as_typed_and_an_environment_variable_when_that_was_used(content_dir, tmp_path):
    """The library names parameters (`output`, `fmt`); the CLI says what the user typed, or the first spelling."""
    content = ["--content", str(content_dir)]
    assert (
        invoke(*content, "export", "--format=qti", "-o", "-").output
        == "error: --format qti is binary; give a file with -o\n"
    )
    assert invoke(*content, "export", "--format", "xlsx", "--output", "-").output == (
        "error: --format xlsx is binary; give a file with --output\n"
    )
    assert invoke(*content, "anki", "--output=-").output == "error: --output: an .apkg is binary; give a file name\n"
    assert invoke(*content, "anki", "-o", "-").output == "error: -o: an .apkg is binary; give a file name\n"
    result = invoke("list", env={"QUIZGEN_CONTENT": str(tmp_path / "nope")})
    assert result.output == f"error: QUIZGEN_CONTENT: {tmp_path / 'nope'} is not a folder\n"


def test_several_decks_need_deck_option(content_dir):
    import shutil

    shutil.copytree(content_dir / "decks" / "d", content_dir / "decks" / "e")
    result = invoke("--content", str(content_dir), "export")
    assert result.output == "error: several decks (d, e); choose one with --deck\n"
    result = invoke("--content", str(content_dir), "--deck", "dd", "export")
    assert result.output == "error: --deck: no deck 'dd' (did you mean 'd'?); decks: d, e\n"
    assert invoke("--content", str(content_dir), "--deck", "e", "export").exit_code == 0


def test_output_to_a_folder_writes_the_default_name_inside_it(content_dir, tmp_path):
    """Probe F2: `-o out/newdir/` wrote a file named `newdir`. A folder, new (ending in /) or existing, now gets
    the file under its default name, as `cp FILE DIR/` does."""
    new, existing = tmp_path / "new", tmp_path / "existing"
    existing.mkdir()
    cases = [
        (["export", "-o", f"{new}/"], new / "d.json"),
        (["export", "--format", "qti", "-o", str(existing)], existing / "d.qti.zip"),
        (["print", "--format", "md", "-n", "2", "-o", f"{new}/"], new / "d-test.md"),
        (["anki", "-o", str(existing)], existing / "d.apkg"),
    ]
    for args, expected in cases:
        result = invoke("--content", str(content_dir), *args)
        assert result.exit_code == 0, (args, result.output)
        assert expected.is_file() and str(expected) in result.output, (args, result.output)
    assert sorted(p.name for p in new.iterdir()) == ["d-test.md", "d.json"]
    assert sorted(p.name for p in existing.iterdir()) == ["d.apkg", "d.qti.zip"]


def test_exporting_again_over_a_private_file_keeps_it_private(content_dir, tmp_path):
    """Probe F13: re-exporting over a 0600 file left it 0644."""
    out = tmp_path / "bank.json"
    out.write_text("{}")
    out.chmod(0o600)
    assert invoke("--content", str(content_dir), "export", "-o", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600 and len(json.loads(out.read_text())["questions"]) == 27


def test_a_content_folder_from_the_environment_is_blamed_on_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZGEN_CONTENT", str(tmp_path / "nope"))
    result = invoke("list")
    assert result.exit_code == 1
    assert result.output == f"error: QUIZGEN_CONTENT: {tmp_path / 'nope'} is not a folder\n"
    (tmp_path / "decks").mkdir()
    monkeypatch.setenv("QUIZGEN_CONTENT", str(tmp_path))
    result = invoke("list")
    assert (
        result.output
        == f"error: QUIZGEN_CONTENT: {tmp_path} has no seeds/ folder (see decks/README.md for the layout)\n"
    )


def test_a_data_dir_that_cannot_be_created_names_the_option_or_the_variable(content_dir, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "file" / "sub"
    why = os.strerror(errno.ENOTDIR)
    monkeypatch.setenv("QUIZGEN_DATA_DIR", str(folder))
    result = invoke("--content", str(content_dir), "quiz", "--plain", "-n", "1", input="")
    assert result.exit_code == 1
    assert result.output == f"error: QUIZGEN_DATA_DIR: cannot create history folder {folder}: {why}\n"
    monkeypatch.delenv("QUIZGEN_DATA_DIR")
    result = invoke("--content", str(content_dir), "quiz", "--plain", "-n", "1", "--data-dir", str(folder), input="")
    assert result.exit_code == 1
    assert result.output == f"error: --data-dir: cannot create history folder {folder}: {why}\n"


def test_the_command_leaves_what_is_left_to_the_exit_uncollected():
    """command() freezes the objects left when the command is over: Python's collections at exit would only walk them."""
    code = (
        "import gc, sys; from quizgen.__main__ import command; sys.argv = ['quizgen', '--version']\n"
        "try: command()\nexcept SystemExit as e: print(e.code, gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "0 True"


def test_importing_the_cli_runs_no_collection():
    """Every module imported to start lives to the end: a collection while importing would only walk them. So that
    importing typing comes under command()'s pause too, `import quizgen` does not import it."""
    code = (
        "import gc, sys; had_typing = 'typing' in sys.modules\n"
        "from quizgen.__main__ import command; sys.argv = ['quizgen', '--version']\n"
        "print(had_typing or 'typing' not in sys.modules)\n"
        "seen = []\n"
        "def importing():\n"
        "    cli = sys.modules.get('quizgen.cli')\n"
        "    return cli is None or not hasattr(cli, 'main')\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and importing() and seen.append(info))\n"
        "try: command()\nexcept SystemExit as e: print(e.code, seen, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0] == "True"
    assert out.stdout.splitlines()[-1] == "0 [] True"


def test_choices_take_any_case(content_dir, tmp_path):
    """`--format PDF --paper A4` as a teacher types them; the value is used in its lower-case form."""
    out = tmp_path / "t.md"
    result = invoke(
        "--content", str(content_dir), "print", "-n", "2", "--format", "MD", "--paper", "A4", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}: 2 questions, versions A, B, answer keys\n"
    result = invoke("--content", str(content_dir), "export", "--format", "Csv", "--kind", "EVENT", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("\ufeffid,kind,")
    result = invoke("--content", str(content_dir), "print", "--format", "PFD")
    assert result.stderr == "error: --format: 'PFD' is not one of pdf, docx, md, html (did you mean 'pdf'?)\n"


def test_usage_errors_are_one_line_naming_the_option_with_exit_status_2(content_dir):
    # Click's own sentences may change between releases: only quizgen's part of each line is asserted exactly.
    result = invoke("--content", str(content_dir), "print", "--format", "pfd")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: --format: 'pfd' is not one of pdf, docx, md, html (did you mean 'pdf'?)\n"
    result = invoke("--content", str(content_dir), "export", "--format=csvv")
    assert result.stderr.startswith("error: --format: 'csvv' is not one of json, gift, moodle-xml, qti, csv, xlsx")
    result = invoke("--content", str(content_dir), "quiz", "-n", "ten")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: -n: ") and "ten" in result.stderr and result.stderr.count("\n") == 1
    for args, start in [(["print", "--bogus"], "error: --bogus: "), (["--bogus"], "error: --bogus: ")]:
        result = invoke(*args)
        assert result.exit_code == 2 and result.stderr.startswith(start) and result.stderr.count("\n") == 1, args


def test_an_unknown_command_suggests_the_closest():
    result = invoke("exprt")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: no such command 'exprt' (did you mean 'export'?); see `quizgen --help`\n",
    )


def test_list_wraps_at_the_terminals_width_between_items_and_a_pipe_gets_whole_lines():
    """In an 80-column terminal the bundled deck's source and tag lines (124 and 96+ characters) were broken by the
    terminal mid-word ("india-pakis" / "tan 74,"); a pipe keeps one line each, for scripts."""
    import itertools
    import re

    from conftest import QUIZGEN

    pexpect = pytest.importorskip("pexpect")
    if not QUIZGEN.exists():
        pytest.skip("needs the project installed in .venv")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    child = pexpect.spawn(str(QUIZGEN), ["list"], env=env, dimensions=(24, 80), encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    shown = child.before.replace("\r\n", "\n").splitlines()
    piped = invoke("list").output.splitlines()
    assert len(piped) == 5 and max(len(line) for line in piped) > 100  # unwrapped
    assert len(shown) > len(piped) and max(len(line) for line in shown) < 80
    for label in ("  by source: ", "  by tag:    "):
        start = next(i for i, line in enumerate(shown) if line.startswith(label))
        hanging = " " * len(label)
        block = [shown[start], *itertools.takewhile(lambda line, h=hanging: line.startswith(h), shown[start + 1 :])]
        rest = [line for line in block[1:] if not line.startswith(" " * (len(label) + 1))]
        assert rest == block[1:]  # continued lines hang under the first item
        joined = " ".join(line.strip() for line in block)
        assert joined == next(line for line in piped if line.startswith(label)).strip()  # the same words, whole
        # every item ("india-pakistan 74") on one line
        items = [item for line in block for item in re.split(r", ?", line[len(label) :].strip()) if item]
        assert all(re.fullmatch(r"[\w-]+ \d+(; \d+ need two or more texts)?", item) for item in items), items
