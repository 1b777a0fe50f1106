"""Rendering questions for other programs and paper: Anki decks, printed tests, LMS exports."""
