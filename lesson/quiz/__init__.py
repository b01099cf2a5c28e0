"""The quiz engine: pure grading, deterministic shuffling and the widget builder."""
