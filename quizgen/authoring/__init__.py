"""Checks for content authors: validation, lint of generated questions and coverage of the sources."""
