"""Renderers of questions: Anki, printing, exporters, and reading printed answer sheets back (grading)."""
