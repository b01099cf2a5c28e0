"""The reference list at the end of a chapter, generated from the keys the chapter uses.

Keys come from ``content_model.citations.keys_used_by_chapter`` (notebook Markdown, quiz,
claims, charts and red-flag advice), in order of first use. The list is numbered in that
order, the numbers every citation on the page shows (``markup.Citations``); each item has the
id ``ref-<key>`` the citations link to. Each item links to the canonical record only; where
the fact base found the fact (``found_at``) is never linked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.models import Reference
from lesson.display import ShownHTML
from lesson.pages.markup import Citations, anchor_id, chapter_citations, external_link, year_text

HEADING = "References"
EMPTY = "This chapter cites no sources."


def _display_url(url: str) -> str:
    """The address without its scheme, which is easier to read aloud and to scan."""
    return url.split("://", 1)[-1].rstrip("/")


def reference_item(key: str, ref: Reference | None) -> str:
    """One list item: authors (year). Title. Link. A missing key is shown, not hidden.

    The item's number is its place in the ``<ol>``, the number its citations show.
    """
    if ref is None:
        return (
            f'<li id="{anchor_id(key)}" class="lesson-reference lesson-reference-missing">'
            f"A source is missing from the reference list (\u201c{escape(key)}\u201d). Please report it.</li>"
        )
    return (
        f'<li id="{anchor_id(key)}" class="lesson-reference">'
        f"{escape(ref.authors)} ({escape(year_text(ref))}). <cite>{escape(ref.title)}</cite>. "
        f"{external_link(ref.url, _display_url(ref.url))}</li>"
    )


def list_html(cites: Citations, heading_id: str, heading: str = HEADING, level: int = 3) -> str:
    """The numbered reference list of a page's citations (also used by the glossary page)."""
    if cites.keys:
        body = '<ol class="lesson-reference-list">' + "".join(
            reference_item(k, cites.references.get(k)) for k in cites.keys
        ) + "</ol>"
    else:
        body = f"<p>{escape(EMPTY)}</p>"
    return (
        f'<section class="lesson-references" aria-labelledby="{heading_id}">'
        f'<h{level} id="{heading_id}">{escape(heading)}</h{level}>{body}</section>'
    )


def reference_list(
    chapter_id: str, root: Path | str | None = None, notebooks: Path | str | None = None
) -> ShownHTML:
    """The chapter's references in order of first use; ``root``/``notebooks`` are for tests."""
    load.chapter(chapter_id, root)  # an unknown chapter id fails loudly here
    cites = chapter_citations(chapter_id, root, notebooks)
    keys, references = list(cites.keys), cites.references
    html = list_html(cites, f"lesson-references-{chapter_id}")
    missing = [k for k in keys if k not in references]
    summary = f"References ({chapter_id}), {len(keys)}: {', '.join(keys) or 'none'}"
    if missing:
        summary += f"; missing from references.yaml: {', '.join(missing)}"
    return ShownHTML(html, summary)
