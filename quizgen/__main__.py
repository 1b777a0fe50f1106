"""`python -m quizgen`, and the `quizgen` command (`run`)."""

import sys


def run() -> None:
    """The console script: Ctrl-C while Python is still importing quizgen ends quietly with 130, like later.

    (Click turns a Ctrl-C once the command runs into `Aborted!`; the quiz, into its summary.)
    """
    try:
        from .cli import main

        main(prog_name="quizgen")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
