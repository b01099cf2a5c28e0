"""In-chapter pages built from content data: objectives, evidence panel, references, glossary.

Every builder returns a ``ShownHTML``: static HTML (readable without a kernel) plus a
deterministic text summary of ids and counts for strict nbval. ``final.py`` (the final
report) belongs to the charts part of the lesson.
"""
