"""Small, explicit content folders written into a temp dir for each test."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

# Property tests draw the same examples on every run, so CI is reproducible; set QUIZGEN_HYPOTHESIS=explore to
# search new random examples while developing.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("QUIZGEN_HYPOTHESIS") == "explore" else "repeatable")


@pytest.fixture(autouse=True, scope="session")
def content_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The content cache of the whole run, never the user's own: set in os.environ, so subprocesses use it too."""
    folder = tmp_path_factory.mktemp("cache")
    saved = {name: os.environ.get(name) for name in ("QUIZGEN_CACHE_DIR", "QUIZGEN_CACHE")}
    os.environ["QUIZGEN_CACHE_DIR"] = str(folder)
    os.environ.pop("QUIZGEN_CACHE", None)  # on, whatever the developer's shell says
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own data folder (`quizgen anki` keeps its note stamps there), never the user's: set in os.environ,
    so subprocesses use it too, and one test's stamps never reach another's."""
    folder = tmp_path_factory.mktemp("data", numbered=True)
    monkeypatch.setenv("QUIZGEN_DATA_DIR", str(folder))
    return folder


TEXT_BODY = """\
A Test Title

By Ann Author
March 3, 2024

In January 2018 the government of Examplia suspended aid to Testland after a dispute.

Minister Bo Smith said the aid “will not return soon”, calling the decision final.

In May 2019 the two countries signed a trade pact that cut tariffs to 19% from 25%.

Analyst Cy Jones argued that the pact was a mistake and that Testland cannot be trusted.

The central bank governor, Di Park, warned that reserves had fallen by 40 percent since 2017.

In June 2020 a summit in Capital City ended without agreement; tariffs rose to 50%.

Ed Lee, the opposition leader, called for new talks in 2021.

Next Story >>>
"""

TEXT_META = """\
title: "A Test Title"
authors: [Ann Author]
cite_as: Author
outlet: Test Times
date: "2024-03-03"
date_as_given: "March 3, 2024"
type: opinion column
not_citable: [1, 2, 10]
"""

DECK = 'title: "Test deck"\ndescription: "A small deck for tests."\n'

FACTS = """\
facts:
  - id: aid-cut
    kind: event
    what: the suspension of Examplia's aid to Testland
    when: "2018-01"
    tags: [aid]
    explanation: Examplia suspended aid in January 2018.
    source: {seed: test-2024, quote: "In January 2018 the government of Examplia suspended aid to Testland"}
  - id: trade-pact
    kind: event
    what: the signing of the Examplia–Testland trade pact
    when: "2019-05"
    tags: [trade]
    explanation: The pact was signed in May 2019.
    source: {seed: test-2024, quote: "In May 2019 the two countries signed a trade pact"}
  - id: summit
    kind: event
    what: the summit in Capital City that ended without agreement
    when: "2020-06"
    tags: [diplomacy]
    explanation: The summit took place in June 2020.
    source: {seed: test-2024, quote: "In June 2020 a summit in Capital City ended without agreement"}
  - id: smith
    kind: figure
    name: Bo Smith
    role: the minister who called the aid decision final
    affiliation: Examplia
    tags: [aid]
    explanation: Bo Smith is a minister.
    source: {seed: test-2024, quote: "Minister Bo Smith said the aid"}
  - id: jones
    kind: figure
    name: Cy Jones
    role: the analyst who called the pact a mistake
    affiliation: Examplia
    tags: [trade]
    explanation: Cy Jones is an analyst.
    source: {seed: test-2024, quote: "Analyst Cy Jones argued that the pact was a mistake"}
  - id: park
    kind: figure
    name: Di Park
    role: the central bank governor
    affiliation: Testland
    tags: [economy]
    explanation: Di Park is the central bank governor.
    source: {seed: test-2024, quote: "The central bank governor, Di Park, warned"}
  - id: lee
    kind: figure
    name: Ed Lee
    role: the opposition leader
    affiliation: Testland
    tags: [diplomacy]
    explanation: Ed Lee leads the opposition.
    source: {seed: test-2024, quote: "Ed Lee, the opposition leader"}
  - id: talks-call
    kind: event
    what: the opposition leader's call for new talks
    when: "2021"
    tags: [diplomacy]
    explanation: Lee called for talks in 2021.
    distractors: {when: ["2022"]}  # the latest event: without a later year, 2021 would be the latest option
    source: {seed: test-2024, quote: "called for new talks in 2021"}
  - id: jones-pact
    kind: position
    holder: Cy Jones
    topic: the trade pact
    stance: the pact was a mistake
    tags: [trade]
    explanation: Jones criticised the pact.
    distractors:
      stance: [the pact was a triumph, the pact came too late, the pact was too small]
    skip: [position-holder]
    source: {seed: test-2024, quote: "Analyst Cy Jones argued that the pact was a mistake"}
  - id: tariff-new
    kind: number
    measures: the tariff after the 2019 pact
    value: 19
    unit: percent
    tags: [trade]
    explanation: The pact cut tariffs to 19%.
    source: {seed: test-2024, quote: "cut tariffs to 19% from 25%"}
  - id: tariff-old
    kind: number
    measures: the tariff before the 2019 pact
    value: 25
    unit: percent
    tags: [trade]
    explanation: Tariffs were 25% before the pact.
    source: {seed: test-2024, quote: "cut tariffs to 19% from 25%"}
  - id: reserves
    kind: number
    measures: the fall in reserves since 2017
    value: 40
    unit: percent
    according_to: Di Park
    tags: [economy]
    explanation: Park said reserves fell by 40 percent.
    source: {seed: test-2024, quote: "reserves had fallen by 40 percent since 2017"}
  - id: tariff-2020
    kind: number
    measures: the tariff after the 2020 summit
    value: 50
    unit: percent
    tags: [trade]
    explanation: Tariffs rose to 50% in 2020.
    source: {seed: test-2024, quote: "tariffs rose to 50%"}
"""

REPO = Path(__file__).resolve().parent.parent
BUNDLED_TEMPLATES = (REPO / "decks" / "us-pakistan-india" / "templates.yaml").read_text(encoding="utf-8")
TEMPLATES = BUNDLED_TEMPLATES.split("\n  # True/false")[0] + "\n"
"""The bundled templates but the true/false one: the fixture bank stays the 27 four-option questions the tests
count and answer; true/false has tests of its own (BUNDLED_TEMPLATES gives the fixture facts the whole set)."""
assert "true-false" in BUNDLED_TEMPLATES and "true-false" not in TEMPLATES


def write_content(root: Path, facts: str = FACTS, *, templates: str = TEMPLATES, deck: str = DECK) -> Path:
    """A content folder with one text (`test-2024`) and one deck (`d`)."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / "test-2024.txt").write_text(TEXT_BODY, encoding="utf-8")
    (root / "seeds" / "test-2024.yaml").write_text(TEXT_META, encoding="utf-8")
    folder = root / "decks" / "d"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(deck, encoding="utf-8")
    (folder / "templates.yaml").write_text(templates, encoding="utf-8")
    (folder / "facts.yaml").write_text(textwrap.dedent(facts), encoding="utf-8")
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


# --- running a command on a test's content and history ---------------------------------------------------------------

QUIZGEN = Path(sys.executable).with_name("quizgen")
"""The installed command, for tests that run quizgen in a process of its own, as a user does: the one of the
environment running the tests (.venv, or the oldest-dependencies one of .ci/oldest)."""
needs_quizgen = pytest.mark.skipif(not QUIZGEN.exists(), reason="needs the project installed in the test's venv")
TERMINAL = {"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "100", "LINES": "40"}
"""The environment of the pseudo-terminal `spawn` runs quizgen in (no cursor-position requests: pexpect answers none)."""


def argv(content_dir: Path, command: str, data_dir: Path, *args: str) -> list[str]:
    """`--content <content_dir> <command> --data-dir <data_dir> <args>`."""
    return ["--content", str(content_dir), command, "--data-dir", str(data_dir), *args]


def invoke(content_dir: Path, command: str, data_dir: Path, *args: str, input: str = "") -> Result:
    """The command run in this process by click's CliRunner, reading `input`."""
    from quizgen.cli import main

    return CliRunner().invoke(main, argv(content_dir, command, data_dir, *args), input=input)


def run_process(
    content_dir: Path, command: str, data_dir: Path, *args: str, input: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command run by the installed quizgen in a process of its own, with pipes for input and output; `env` adds
    to the environment."""
    return subprocess.run(
        [str(QUIZGEN), *argv(content_dir, command, data_dir, *args)],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=30,
    )


def spawn(content_dir: Path, command: str, data_dir: Path, *args: str):
    """The command run by the installed quizgen in a 40x100 pseudo-terminal, to drive with pexpect."""
    pexpect = pytest.importorskip("pexpect")
    return pexpect.spawn(
        str(QUIZGEN),
        argv(content_dir, command, data_dir, *args),
        env={**os.environ, **TERMINAL},  # as it is now, not at import: content_cache sets QUIZGEN_CACHE_DIR in it
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=15,
    )


def go_on(child) -> None:
    """Past the line after an answer's feedback in a spawned interactive quiz: wait for it, then press Enter."""
    child.expect_exact("Press Enter")  # "... for the next question", or "for the summary"; wrapped when narrow
    child.send("\r")


def finish(child) -> int:
    """Wait for a spawned quizgen to end; its exit status."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def yaml_says(text: str) -> tuple[str | None, str]:
    """PyYAML's own words for the syntax error in `text`: (context, problem), with the same loader quizgen uses.

    Tests of quizgen's YAML messages fill these in rather than spelling out the parser's sentences, so that a new
    PyYAML release rewording them cannot turn the suite red; where quizgen places the error stays asserted."""
    import yaml

    try:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        return exc.context, str(exc.problem)
    raise AssertionError("the text parses")
