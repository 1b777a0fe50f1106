"""`python -m quizgen`, and the `quizgen` command (`run`)."""

import gc
import os
import sys


def run() -> None:
    """The console script: Ctrl-C while Python is still importing quizgen ends quietly with 130, like later.

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


if __name__ == "__main__":
    run()
