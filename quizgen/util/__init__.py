"""Plumbing with no quizgen knowledge: atomic file writes."""
