"""Markdown to safe HTML, with citation keys turned into links.

Content authors write Markdown with keys such as ``[ng59]``. Raw HTML in content is
never passed through (markdown-it's ``html`` option is off), so a stray tag in a YAML
file shows as text instead of changing the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from markdown_it import MarkdownIt

from lesson.content_model.models import Reference

_MD = MarkdownIt("commonmark", {"html": False})
# The key regex of docs/architecture.md, applied to rendered text. Rendered HTML has no
# "[" inside tags, and a Markdown link "[x](y)" has already become an <a> element.
_CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*(?:\s*[,;]\s*[a-z0-9][a-z0-9-]*)*)\](?!\()")
_SPLIT = re.compile(r"\s*[,;]\s*")

CiteLink = Callable[[str], str]
"""Turns one citation key into HTML (a link to the reference list or to the source)."""

NEW_TAB_NOTE = (
    '<span class="lesson-sr-only" style="position:absolute;left:-10000px;"> (opens in a new tab)</span>'
)


def anchor_id(key: str) -> str:
    """The id a reference-list item carries, so ``[key]`` can link to it on the same page."""
    return f"ref-{key}"


def cite_to_anchor(key: str) -> str:
    """Link a key to its entry in the chapter's reference list further down the page."""
    return f'<a class="lesson-cite" href="#{anchor_id(key)}">{escape(key)}</a>'


def cite_to_source(references: dict[str, Reference]) -> CiteLink:
    """Link keys straight to the canonical source (for pages with no reference list)."""

    def link(key: str) -> str:
        ref = references.get(key)
        if ref is None:
            return escape(key)
        return external_link(ref.url, key, css="lesson-cite")

    return link


def external_link(url: str, text: str, css: str = "lesson-source-link") -> str:
    """A link that opens in a new tab without giving the new page access to this one."""
    return (
        f'<a class="{css}" href="{escape(url, quote=True)}" target="_blank" rel="noopener">'
        f"{escape(text)}{NEW_TAB_NOTE}</a>"
    )


def _link_citations(html: str, cite: CiteLink) -> str:
    def replace(match: re.Match[str]) -> str:
        keys = _SPLIT.split(match.group(1))
        return "[" + ", ".join(cite(k) for k in keys) + "]"

    return _CITATION.sub(replace, html)


def render_block(markdown: str, cite: CiteLink = cite_to_anchor) -> str:
    """Markdown paragraphs to HTML, keys linked."""
    return _link_citations(_MD.render(markdown).strip(), cite)


def render_inline(markdown: str, cite: CiteLink = cite_to_anchor) -> str:
    """One line of Markdown (no <p> wrapper), keys linked."""
    return _link_citations(_MD.renderInline(markdown).strip(), cite)


def short_source(ref: Reference) -> str:
    """A short label such as "Steffens D et al., 2016" or "NICE, 2016", for inline source lists."""
    authors = re.sub(r"\s*\([^)]*\)", "", ref.authors).strip()
    first, *rest = re.split(r"\s*[,;]\s*", authors, maxsplit=1)
    label = first + (" et al." if rest and rest[0] else "")
    return f"{label}, {ref.year}" if ref.year is not None else label


def year_text(ref: Reference) -> str:
    """The year as shown to learners; undated web pages say so."""
    return str(ref.year) if ref.year is not None else "no date"
