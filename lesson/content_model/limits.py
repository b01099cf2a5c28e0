"""How big a content file may be: every YAML reader (``yamlio``, ``fastyaml``) refuses more."""

from __future__ import annotations

MAX_BYTES = 1_000_000
"""Largest content file read (the largest real one is about 40 kB)."""
MAX_NODES = 50_000
"""Most values (mappings, lists, scalars) one file may hold (the largest real one has about 1,100)."""
MAX_DEPTH = 50
"""Deepest nesting allowed (real files nest about 6 levels)."""
