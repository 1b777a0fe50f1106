"""Studying in the terminal: sessions, the answer history, spaced-repetition review and stats."""
