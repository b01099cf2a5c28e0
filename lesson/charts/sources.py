"""Short source names ("Wu et al. (2020)") by reference id, for text drawn inside a chart image
and for the few places a name must stand alone (the review record's "Checked against").

Citations in the page itself are numbered links (``lesson.pages.markup``); this module only
looks names up, in the one name style ``markup.source_name`` defines, from the one reader of
references.yaml (``content_model.load``). The charts must still draw while references.yaml
is being written or if an id is missing, so an unknown id falls back to the id itself rather
than failing the page.
"""

from __future__ import annotations

from lesson.content_model import load
from lesson.content_model.models import Reference
from lesson.pages.markup import short_author, source_name

__all__ = ["reference_url", "short_author", "short_citation", "source_line"]


def _reference(ref_id: str) -> Reference | None:
    try:
        return load.references().get(ref_id)
    except Exception:  # references.yaml unreadable: `lesson check` reports it; the chart still draws
        return None


def short_citation(ref_id: str) -> str:
    """"Author (year)" for one reference id, or the id if references.yaml lacks it."""
    ref = _reference(ref_id)
    return source_name(ref) if ref is not None else ref_id


def reference_url(ref_id: str) -> str | None:
    """The canonical URL of a reference, if known."""
    ref = _reference(ref_id)
    return ref.url if ref is not None and ref.url else None


def source_line(ref_ids: list[str], notes: str = "") -> str:
    """"Source: A (2020); B (2023)." plus optional notes, for the line drawn under a chart."""
    text = "Source: " + "; ".join(short_citation(r) for r in ref_ids) + "."
    return f"{text} {notes}".strip()
