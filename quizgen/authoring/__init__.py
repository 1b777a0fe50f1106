"""Authoring: what content authors run to check and grow a deck (validate, lint, coverage, init, draft)."""
