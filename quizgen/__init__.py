"""quizgen: multiple-choice quizzes for the terminal, Anki and print from source documents."""

__version__ = "0.1.0"
