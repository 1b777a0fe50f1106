"""Authoring: checks for content authors (validate, lint, coverage) and tools to grow a deck (init, add-seed, draft)."""
