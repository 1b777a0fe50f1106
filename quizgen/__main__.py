"""`python -m quizgen`, and the `quizgen` command (`run`)."""

import gc
import os
import sys


def run() -> None:
    """The console script: the command (`command`), then the process ends without freeing what the command built.

    Freeing the objects a large content folder loads into, one by one, is work for no one: at x100 about 0.2 s of CPU
    per command, as much as writing its JSON export. So once the command is over and its output flushed, the process
    exits as Python would (exit functions run, same status), minus that teardown, as mypy's hard_exit does.
    """
    try:
        command()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):  # a message (str) is Python's to print
            _leave(exc.code or 0)
        raise


def command() -> None:
    """Run the command line: Ctrl-C while Python is still importing quizgen ends quietly with 130, like later.

    (Click turns a Ctrl-C once the command runs into `Aborted!`; the quiz, into its summary.)
    """
    # Every module imported now lives to the end: a collection while importing (seven of them, walking every class
    # and function made so far) frees nothing, and frozen they are never walked again. ~10M instructions.
    gc.disable()
    from .util import compiled

    try:
        compiled.keep(os.path.dirname(__file__))  # the code of dataclasses' methods, compiled once (util/compiled.py)
        from .cli import main

        gc.freeze()
        gc.enable()

        main(prog_name="quizgen")
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        compiled.save()
        # The command is over and has closed what it opened: the collections Python runs as it exits would only walk
        # every object left (modules, classes, the questions read) to free memory the process is about to give back.
        # A warm quiz spent about a tenth of its CPU time there.
        gc.freeze()


def _leave(code: int) -> None:
    """End the process with `code` now, as Python's exit would: exit functions run and standard streams flushed.

    Returns (for a normal exit) when a flush fails, so Python reports it as it would have, or when another thread
    runs, which Python's exit would wait for.
    """
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    try:
        _flush()
        import atexit

        atexit._run_exitfuncs()
        _flush()
    except Exception:
        return
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


if __name__ == "__main__":
    run()
