"""The reference list at the end of a chapter, generated from the keys the chapter uses.

Keys come from ``content_model.citations.keys_used_by_chapter`` (notebook Markdown, quiz,
claims, charts and red-flag advice), in order of first use. Each item links to the
canonical record only; where the fact base found the fact (``found_at``) is never linked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from lesson.content_model import citations, load
from lesson.content_model.models import Reference
from lesson.display import ShownHTML
from lesson.pages.markup import anchor_id, external_link, year_text

HEADING = "References"
EMPTY = "This chapter cites no sources."


def _display_url(url: str) -> str:
    """The address without its scheme, which is easier to read aloud and to scan."""
    return url.split("://", 1)[-1].rstrip("/")


def reference_item(key: str, ref: Reference | None) -> str:
    """One list item: authors (year). Title. Link. A missing key is shown, not hidden."""
    if ref is None:
        return (
            f'<li id="{anchor_id(key)}" class="lesson-reference lesson-reference-missing">'
            f"[{escape(key)}] This source is missing from the reference list. Please report it.</li>"
        )
    return (
        f'<li id="{anchor_id(key)}" class="lesson-reference">'
        f'<span class="lesson-reference-key">[{escape(key)}]</span> '
        f"{escape(ref.authors)} ({escape(year_text(ref))}). <cite>{escape(ref.title)}</cite>. "
        f"{external_link(ref.url, _display_url(ref.url))}</li>"
    )


def reference_list(
    chapter_id: str, root: Path | str | None = None, notebooks: Path | str | None = None
) -> ShownHTML:
    """The chapter's references in order of first use; ``root``/``notebooks`` are for tests."""
    load.chapter(chapter_id, root)  # an unknown chapter id fails loudly here
    keys = citations.keys_used_by_chapter(
        chapter_id,
        Path(root) if root is not None else None,
        Path(notebooks) if notebooks is not None else None,
    )
    references = load.references(root)
    heading_id = f"lesson-references-{chapter_id}"
    if keys:
        body = '<ol class="lesson-reference-list">' + "".join(
            reference_item(k, references.get(k)) for k in keys
        ) + "</ol>"
    else:
        body = f"<p>{escape(EMPTY)}</p>"
    html = (
        f'<section class="lesson-references" aria-labelledby="{heading_id}">'
        f'<h3 id="{heading_id}">{escape(HEADING)}</h3>{body}</section>'
    )
    missing = [k for k in keys if k not in references]
    summary = f"References ({chapter_id}), {len(keys)}: {', '.join(keys) or 'none'}"
    if missing:
        summary += f"; missing from references.yaml: {', '.join(missing)}"
    return ShownHTML(html, summary)
