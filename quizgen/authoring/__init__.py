"""Authoring: checks for content authors (validate, lint, coverage, item analysis from real answers) and tools to
grow a deck (init, add-seed, draft)."""
