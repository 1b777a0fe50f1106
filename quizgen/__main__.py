"""`python -m quizgen`."""

from .cli import main

main(prog_name="quizgen")
