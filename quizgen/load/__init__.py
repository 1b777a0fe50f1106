"""Loading a content folder: YAML with locations, the schema checks, seeds and decks into typed models."""
