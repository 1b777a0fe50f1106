"""Tools for content authors: validation, item-quality lint, coverage and item analysis from real answers."""
