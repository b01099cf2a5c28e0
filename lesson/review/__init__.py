"""Issue 16: certainty-based marking and spaced review (pure logic, storage and widgets)."""
