"""Loading a content folder: YAML with locations, the schema checks, texts and decks into typed models."""
