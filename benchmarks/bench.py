"""Benchmarks: quizgen's start-up on the bundled content and its commands on synthetic content at x1, x10 and x100
the bundled deck, each against a yardstick measured in the same run (issue 16's targets).

Each command runs in a fresh process, several times; the tables give the median CPU time (user + system, of the
child and everything it waited for), the median wall time and the median peak memory (the child's maximum resident
set size, from os.wait4). The targets compare CPU times, because the development machine is shared and wall time
measures the other users too. It prints Markdown tables (the README's) and writes benchmarks/out/bench.json.

quizgen keeps loaded and generated content in a cache (quizgen/bank/cache.py). A "cold" run starts with an empty
cache folder; a "warm" run finds its entry, as every run after the first does; "after an edit" is the first run
after one deck file was edited (a comment line added), with the cache the previous run left; "after a fact edit" the
same with one number fact's value changed instead.

Yardsticks: `python -c "import click"` for start-up; PyYAML's C loader loading the same YAML files for validate +
export json; a minimal genanki script writing the same notes (benchmarks/genanki_baseline.py) for `anki`.

    .venv/bin/python benchmarks/bench.py                  # start-up, x1, x10, x100 (about 15 minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --scales 1,10 --runs 3
    .venv/bin/python benchmarks/bench.py --scales ''      # start-up only
    .venv/bin/python benchmarks/bench.py --content DIR    # synthesize from another seeds/ + decks/ folder
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import synthesize  # noqa: E402

OUT_OF_ANSWERS = 3
"""The exit status of a quiz whose answers ran out (`session.EXIT_CODES`): how these runs end, with no answer given."""


def exit_code(argv: list[str], status: int) -> int:
    """The run's exit status, 0 for a quiz that ended as these runs do: out of answers."""
    code = os.waitstatus_to_exitcode(status)
    return 0 if code == OUT_OF_ANSWERS and "quiz" in argv else code


HEAVY = ("genanki", "questionary", "prompt_toolkit", "typst", "docx", "lxml", "fsrs", "yaml")
"""Modules whose import we report for `--help` and `quiz --plain`: only yaml belongs on the quiz path."""


@dataclass
class Run:
    seconds: float
    rss: int
    """Peak resident set size of the child, bytes."""
    code: int
    first: float | None = None
    """For the quiz: seconds from start to the first question on screen."""
    cpu: float = 0.0
    """User + system CPU seconds of the child and everything it waited for (os.wait4's rusage): what the targets
    compare, since on a shared machine wall time measures the other users too."""


@dataclass
class Result:
    name: str
    scale: int | None
    argv: list[str]
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    cache: str = "cold"
    """cold: each run started with an empty content cache; warm: with the cache filled by an earlier run."""

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.code == 0 for r in self.runs)

    @property
    def seconds(self) -> float:
        values = [r.first if r.first is not None else r.seconds for r in self.runs]
        return statistics.median(values) if values else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs) if self.runs else float("nan")

    @property
    def rss(self) -> int:
        return int(statistics.median(r.rss for r in self.runs)) if self.runs else 0

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "ok": self.ok,
            "median_seconds": self.seconds,
            "median_cpu": self.cpu,
            "median_peak_rss": self.rss,
        }


def _maxrss_bytes(ru_maxrss: int) -> int:
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_once(argv: list[str], *, env: dict, cwd: Path, stdin: str | None = None) -> Run:
    """Run argv to its end; stdin None means /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "rb") as null, tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE if stdin else null, stdout=out, stderr=out, env=env, cwd=cwd
        )
        if stdin:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = exit_code(argv, status)
        if code:
            out.seek(0)
            tail = out.read().decode(errors="replace").strip().splitlines()[-3:]
            print(f"    exit {code}: {' '.join(argv[1:])}\n      " + "\n      ".join(tail), file=sys.stderr)
    return Run(seconds, _maxrss_bytes(usage.ru_maxrss), code, cpu=usage.ru_utime + usage.ru_stime)


def run_to_first_question(argv: list[str], *, env: dict, cwd: Path, marker: bytes = b"Answer (") -> Run:
    """Start the plain quiz, time until its first answer prompt, then end it with end of input."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd
    )
    seen, first = b"", None
    while first is None:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        seen += chunk
        if marker in seen:
            first = time.perf_counter() - start
    proc.stdin.close()  # end of input: the quiz stops and prints its summary
    while os.read(proc.stdout.fileno(), 65536):
        pass
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = code = exit_code(argv, status)
    if first is None:
        print(f"    no question seen: {seen.decode(errors='replace')[-300:]}", file=sys.stderr)
        code = code or 1
    return Run(seconds, _maxrss_bytes(usage.ru_maxrss), code, first, usage.ru_utime + usage.ru_stime)


def with_cache(env: dict, folder: Path) -> dict:
    return {**env, "QUIZGEN_CACHE_DIR": str(folder)}


def measure(
    result: Result, runs: int, *, env: dict, cwd: Path, first_question: bool = False, warm: Path | None = None
) -> Result:
    """Run `runs` times; cold (each run with an empty cache folder) unless `warm` names a cache folder, which one
    unmeasured run fills first."""
    if warm is not None:
        result.cache = "warm"
        run_once(result.argv, env=with_cache(env, warm), cwd=cwd)
    for _ in range(runs):
        folder = warm or Path(tempfile.mkdtemp(prefix="cache-", dir=cwd))
        run_env = with_cache(env, folder)
        if first_question:
            result.runs.append(run_to_first_question(result.argv, env=run_env, cwd=cwd))
        else:
            result.runs.append(run_once(result.argv, env=run_env, cwd=cwd))
        if warm is None:
            shutil.rmtree(folder, ignore_errors=True)
        if result.runs[-1].code:
            result.note = result.note or "failed (see stderr above)"
            break
    return result


def measure_edited(result: Result, runs: int, *, edit: Path, env: dict, cwd: Path, fact: bool = False) -> Result:
    """The first run after an edit: the command fills an empty cache folder (unmeasured), the deck file `edit` is
    edited, and the command runs again on the edited content, measured; the file is put back after each run.

    The edit adds a comment line (every output stays the same), or with `fact` changes one fact's value: the first
    number's value is one more (the content still validates; the questions of that number and its neighbours change).
    """
    result.cache = "after a fact edit" if fact else "after an edit"
    original = edit.read_bytes()
    for i in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="cache-", dir=cwd))
        try:
            run_once(result.argv, env=with_cache(env, folder), cwd=cwd)
            edit.write_bytes(fact_edited(original) if fact else original + f"\n# edited {i}\n".encode())
            result.runs.append(run_once(result.argv, env=with_cache(env, folder), cwd=cwd))
        finally:
            edit.write_bytes(original)
            shutil.rmtree(folder, ignore_errors=True)
        if result.runs[-1].code:
            result.note = result.note or "failed (see stderr above)"
            break
    return result


def fact_edited(data: bytes) -> bytes:
    """A facts file with its first number fact's value one more (`value: 3` -> `value: 4`)."""
    found = re.search(rb"(?m)^ +value: (\d+)$", data)
    if found is None:
        raise SystemExit("bench: the edited file has no number fact to edit")
    return data[: found.start(1)] + str(int(found.group(1)) + 1).encode() + data[found.end(1) :]


def edited_file(content: Path) -> Path:
    """The deck file an author edits in `measure_edited`: the first fact file of the first deck."""
    deck = sorted(p for p in (content / "decks").iterdir() if p.is_dir())[0]
    skip = ("deck.yaml", "templates.yaml", "entities.yaml")
    return next(p for p in sorted(deck.glob("*.yaml")) if p.name not in skip)


LOAD_YAML = """import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
"""The yardstick for loading: PyYAML's C loader loading every YAML file of the content, and nothing else."""


def imported_heavy(argv: list[str], *, env: dict, cwd: Path, warm: Path | None = None) -> list[str]:
    """Which of HEAVY a `python -X importtime -m quizgen ...` run imports (with the cache in `warm`, if given)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizgen", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=with_cache(env, warm) if warm else env,
        cwd=cwd,
    )
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    return sorted(names & set(HEAVY))


def available() -> tuple[set[str], set[str]]:
    """The commands and export formats this quizgen has (others are skipped with a note)."""
    from quizgen import cli
    from quizgen.outputs.exporters import EXPORTERS

    formats = set(EXPORTERS)  # not cli's: since the commands load lazily, cli.py no longer imports the exporters
    return set(cli.main.list_commands(cli.click.Context(cli.main))), formats


def quizgen_file() -> str:
    import quizgen

    return quizgen.__file__


def show(result: Result) -> Result:
    print(
        f"  {result.name:28} {result.cache:>15} {result.cpu:7.2f} s CPU {result.seconds:7.2f} s  "
        f"{fmt_bytes(result.rss):>10}  {json.dumps(result.as_dict())}",
        flush=True,
    )  # every result as it comes, so that a run cut short still tells what it measured
    return result


def quizgen_argv() -> list[str]:
    script = Path(sys.executable).with_name("quizgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]


def fmt_bytes(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def measure_scale(scale: int, args: argparse.Namespace, *, work: Path, env: dict, qg: list[str]) -> list[Result]:
    """Every command at one scale of synthetic content, with the yardsticks the targets compare it against."""
    commands, formats = available()
    folder = work / f"x{scale}"
    info = synthesize(args.content, folder, scale)
    runs = min(args.runs, args.large_runs) if scale >= 100 else args.runs
    print(f"x{scale}: {info['facts']:,} facts over {info['seeds']} seeds; {runs} runs each", flush=True)
    content = [*qg, "--content", str(folder)]
    results: list[Result] = []

    def run(name: str, argv: list[str], cache: str = "cold", **extra: object) -> None:
        result = Result(name, scale, argv, cache=cache)
        results.append(show(measure(result, runs, env=env, cwd=work, **extra)))  # type: ignore[arg-type]

    run("PyYAML C loader, load only", [sys.executable, "-c", LOAD_YAML, str(folder)], "-")
    run("validate", [*content, "validate"])
    run("export json", [*content, "export", "--format", "json", "-o", str(work / "bank.json")])
    for fact in (False, True):
        edited = Result("validate", scale, [*content, "validate"])
        results.append(show(measure_edited(edited, runs, edit=edited_file(folder), env=env, cwd=work, fact=fact)))
    run("anki", [*content, "anki", "-o", str(work / "deck.apkg")])
    if scale in (10, 100):
        baseline = [sys.executable, str(HERE / "genanki_baseline.py"), str(folder), str(work / "base.apkg")]
        run("minimal genanki script", baseline, "-")
    if scale <= 10:  # no target at x100, where the others take long enough
        run("print -n 100", [*content, "print", "-n", "100", "-o", str(work / "test.pdf")])
    if "qti" in formats and scale <= 10:
        run("export qti", [*content, "export", "--format", "qti", "-o", str(work / "bank.zip")])
    if "quiz" in commands:
        argv = [*content, "quiz", "--plain", "-n", "1", "--seed", "1"]
        run("quiz: first question", argv, "warm", first_question=True, warm=work / f"cache-x{scale}")
    return results


def measure_startup(args: argparse.Namespace, *, work: Path, env: dict, qg: list[str]) -> list[Result]:
    """Start-up on the bundled content (copied, so that it can be edited) against starting Python and importing
    click.

    The measurements take turns, one run of each per round: run in blocks, the yardstick and the commands met
    different moments of a machine whose speed drifts (on the shared machine `import click` moved by 20-30% between
    blocks a minute apart), which moved the ratios more than the changes they were meant to show."""
    runs = max(args.runs, 5)
    bundled = work / "bundled"
    synthesize(args.content, bundled, 1)
    quiz = [*qg, "--content", str(bundled), "quiz", "--plain", "-n", "1"]
    click, help_, warm, cold, edited = (
        Result("python -c 'import click'", None, [sys.executable, "-c", "import click"], cache="-"),
        Result("quizgen --help", None, [*qg, "--help"], cache="-"),
        Result("quiz --plain -n 1 </dev/null", None, quiz),
        Result("quiz --plain -n 1 </dev/null", None, quiz),
        Result("quiz --plain -n 1 </dev/null", None, quiz),
    )
    for _ in range(runs):
        measure(click, 1, env=env, cwd=work)
        measure(help_, 1, env=env, cwd=work)
        measure(warm, 1, env=env, cwd=work, warm=work / "cache-b")
        measure(cold, 1, env=env, cwd=work)
        measure_edited(edited, 1, edit=edited_file(bundled), env=env, cwd=work)
    return [show(r) for r in (click, help_, warm, cold, edited)]


def targets_of(results: list[Result], facts_at: dict[int, int]) -> list[dict]:
    """Issue 16's targets, each a ratio of CPU times (or peak memory) measured in this run."""

    def find(name: str, scale: int | None, cache: str = "cold") -> Result | None:
        return next((r for r in results if r.name == name and r.scale == scale and r.cache == cache and r.ok), None)

    out: list[dict] = []

    def target(name: str, a: Result | None, b: Result | None, goal: float, *, memory: bool = False) -> None:
        if a is None or b is None:
            return
        x, y = (a.rss, b.rss) if memory else (a.cpu, b.cpu)
        shown = f"{fmt_bytes(x)} vs {fmt_bytes(y)}" if memory else f"{x:.3f} s vs {y:.3f} s CPU"
        out.append({"target": name, "measured": f"{shown} = {x / y:.2f}x", "goal": f"<= {goal}x", "met": x <= goal * y})

    click = find("python -c 'import click'", None, "-")
    quiz = "quiz --plain -n 1 </dev/null"
    target("quizgen --help vs import click", find("quizgen --help", None, "-"), click, 1.2)
    target("warm quiz --plain -n 1 vs import click", find(quiz, None, "warm"), click, 2.0)
    target("quiz after an edit of the bundled deck vs import click", find(quiz, None, "after an edit"), click, 4.0)
    target("quiz with an empty cache folder vs import click", find(quiz, None), click, 4.0)
    for scale in sorted(facts_at):
        label = f"x{scale} ({facts_at[scale]:,} facts)"
        v, e, y = find("validate", scale), find("export json", scale), find("PyYAML C loader, load only", scale, "-")
        if v and e and y and scale >= 10:
            both = Result("validate + export json", scale, [], [Run(0, 0, 0, cpu=v.cpu + e.cpu)])
            target(f"{label} validate + export json, each cold, vs the C loader", both, y, 2.5)
        if scale >= 10:
            target(f"{label} validate after an edit vs cold", find("validate", scale, "after an edit"), v, 0.25)
            target(f"{label} validate after a fact edit vs cold", find("validate", scale, "after a fact edit"), v, 0.25)
            target(f"{label} anki vs genanki, peak memory", find("anki", scale), find("minimal genanki script",
                   scale, "-"), 1.1, memory=True)  # fmt: skip
    v10, e10, v100, e100 = (find(n, s) for s in (10, 100) for n in ("validate", "export json"))
    if v10 and e10 and v100 and e100:
        small = Result("x10 validate + export json", 10, [], [Run(0, 0, 0, cpu=v10.cpu + e10.cpu)])
        large = Result("x100 validate + export json", 100, [], [Run(0, 0, 0, cpu=v100.cpu + e100.cpu)])
        target("x100 vs x10 validate + export json (linear: 10x)", large, small, 10.0)
    return out


def markdown(results: list[Result], targets: list[dict], facts_at: dict[int, int]) -> str:
    """The results and targets as Markdown tables (what the README shows)."""
    lines = [
        "| measurement | scale | cache | CPU | wall | peak memory | runs |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        scale = f"x{r.scale} ({facts_at.get(r.scale, 0):,} facts)" if r.scale else "bundled"
        wall = f"{r.seconds:.3f} s" + (" to the first question" if any(x.first for x in r.runs) else "")
        lines.append(
            f"| {r.name} | {scale} | {r.cache} | {r.cpu:.3f} s | {wall} | {fmt_bytes(r.rss)} | {len(r.runs)}"
            + (f" ({r.note})" if r.note else "")
            + " |"
        )
    lines += ["", "| target | measured | goal | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {t['target']} | {t['measured']} | {t['goal']} | {'yes' if t['met'] else 'no'} |" for t in targets]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the bundled deck")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--large-runs", type=int, default=3, help="at most this many runs from x100 on")
    parser.add_argument("--content", type=Path, default=HERE.parent, help="folder with seeds/ and decks/ to copy")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic content (printed path)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s]

    qg = quizgen_argv()
    work = Path(tempfile.mkdtemp(prefix="quizgen-bench-"))
    env = {**os.environ, "QUIZGEN_DATA_DIR": str(work / "data"), "SOURCE_DATE_EPOCH": "1767225600"}
    env = with_cache(env, work / "cache")  # never the user's own cache
    for name in ("QUIZGEN_CONTENT", "QUIZGEN_CACHE", "QUIZGEN_JOBS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    # As pip does at install: without .pyc files every run would compile quizgen's modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(quizgen_file()).parent)], check=False)
    load = os.getloadavg()
    results: list[Result] = []
    facts_at: dict[int, int] = {}
    try:
        results += measure_startup(args, work=work, env=env, qg=qg)
        heavy_help = imported_heavy(["--help"], env=env, cwd=work)
        for scale in scales:
            facts_at[scale] = synthesize(args.content, work / "count", scale)["facts"]
            results += measure_scale(scale, args, work=work, env=env, qg=qg)
    finally:
        if args.keep:
            print(f"content kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report(args, results, facts_at, load, heavy_help)
    return 0 if all(r.ok for r in results) else 1


def report(
    args: argparse.Namespace, results: list[Result], facts_at: dict[int, int], load: tuple, heavy_help: list[str]
) -> None:
    """Print the Markdown tables with what was measured where, and write them as JSON to args.out."""
    targets = targets_of(results, facts_at)
    end_load = os.getloadavg()
    print()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, load average {load[0]:.1f} at the start and "
        f"{end_load[0]:.1f} at the end; medians of {args.runs} runs (start-up: {max(args.runs, 5)}, x100: "
        f"{min(args.runs, args.large_runs)}); `quizgen --help` imports "
        f"{', '.join(heavy_help) or 'none of ' + '/'.join(HEAVY)}"
    )
    print()
    print(markdown(results, targets, facts_at))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "libyaml": _has_libyaml(),
        "load average": [load, end_load],
    }
    out = {"machine": machine, "results": [r.as_dict() for r in results], "targets": targets}
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


def _has_libyaml() -> bool:
    import yaml

    return bool(getattr(yaml, "__with_libyaml__", False))


if __name__ == "__main__":
    sys.exit(main())
