"""Outputs that render a question bank to a file format. Each module renders to bytes; the CLI writes atomically."""
