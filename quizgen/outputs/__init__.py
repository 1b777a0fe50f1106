"""Rendering questions for other programs and paper: Anki decks, printed tests, LMS exports, and reading printed
answer sheets back (grading)."""
