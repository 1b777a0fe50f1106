"""From models to questions: load_content, the cache, question generation and selection."""
