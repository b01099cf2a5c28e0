"""Short source lines ("Wu et al. (2020)") built from references.yaml.

The charts must still draw while references.yaml is being written or if an id is missing,
so an unknown id falls back to the id itself rather than failing the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lesson.content_model.plaincache import safe_yaml
from lesson.paths import content_path

_PERSON = re.compile(r"^(?P<surname>(?:[a-z]+ )*[A-Z][\w'’-]*(?: [A-Z][a-z][\w'’-]*)*) [A-Z]{1,4}$")
_LISTED_IN_BRACKETS = re.compile(r"\s*\([^)]*,[^)]*\)")


@lru_cache(maxsize=1)
def _references() -> dict[str, dict[str, object]]:
    path = content_path("references.yaml")
    if not path.exists():
        return {}
    loaded = safe_yaml(path) or {}
    return {str(r["id"]): dict(r) for r in loaded.get("references", []) if isinstance(r, dict) and "id" in r}


def short_author(authors: str) -> str:
    """First author's surname plus "et al." for people; an organisation's name as given."""
    group = _LISTED_IN_BRACKETS.sub("", authors.split(";")[0])
    first, _, rest = group.partition(",")
    first = first.strip()
    match = _PERSON.match(first)
    if match:
        return match.group("surname") + (" et al." if rest.strip() else "")
    return first


def short_citation(ref_id: str) -> str:
    """"Author (year)" for one reference id, or the id if references.yaml lacks it."""
    ref = _references().get(ref_id)
    if not ref:
        return ref_id
    authors = short_author(str(ref.get("authors", "")).strip()) or str(ref.get("title", ref_id))
    year = ref.get("year")
    return f"{authors} ({year})" if year else authors


def reference_url(ref_id: str) -> str | None:
    """The canonical URL of a reference, if known."""
    ref = _references().get(ref_id)
    return str(ref["url"]) if ref and ref.get("url") else None


def source_line(ref_ids: list[str], notes: str = "") -> str:
    """"Source: A (2020); B (2023)." plus optional notes, for the line under a chart."""
    text = "Source: " + "; ".join(short_citation(r) for r in ref_ids) + "."
    return f"{text} {notes}".strip()
