"""Typed models of the content (facts, templates, questions, dates, quantities); no I/O."""
