"""The glossary page: every term A to Z, each with an anchor that chapters link to.

Chapters link the first use of a term as ``glossary.ipynb#<term id>``, so each entry
carries ``id="<term id>"``. Citations use the lesson's one style: numbered links to the
page's own reference list at the end, numbered in order of first use from A to Z.
"""

from __future__ import annotations

import re
from html import escape
from itertools import groupby
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.citations import keys_in
from lesson.content_model.models import GlossaryTerm
from lesson.display import ShownHTML
from lesson.pages.markup import Citations, glossary_citations, render_inline
from lesson.pages.references import list_html

HEADING = "Find a word"
"""Under the page's own "# Glossary" title (the notebook's), so the word is not said twice."""
INTRO = "Press a letter to jump to it. The numbers after a meaning link to its sources, listed at the end."


def sort_key(term: GlossaryTerm) -> str:
    """A to Z by the term as written, ignoring case and anything that is not a letter or digit."""
    return re.sub(r"[^a-z0-9 ]", "", term.term.lower())


def _letter(term: GlossaryTerm) -> str:
    first = sort_key(term)[:1].upper()
    return first if first.isalpha() else "#"


def term_entry(term: GlossaryTerm, cites: Citations) -> str:
    """One entry: the term, its other names, and its definition with numbered citations."""
    aliases = ""
    if term.aliases:
        aliases = '<p class="lesson-glossary-aliases">Also: ' + escape(", ".join(term.aliases)) + "</p>"
    return (
        f'<div class="lesson-glossary-entry" id="{escape(term.id)}">'
        f"<dt>{escape(term.term)}</dt>"
        f"<dd><p>{render_inline(term.definition, cites)}</p>"
        f"{aliases}</dd></div>"
    )


def glossary_page(root: Path | str | None = None) -> ShownHTML:
    """All glossary terms, grouped by first letter; ``root`` points tests at other content."""
    terms = sorted(load.glossary(root), key=sort_key)
    cites = glossary_citations(root, [k for t in terms for k in keys_in(t.definition)])
    groups = []
    letters = []
    for letter, group in groupby(terms, key=_letter):
        letters.append(letter)
        entries = "".join(term_entry(t, cites) for t in group)
        groups.append(
            f'<h3 id="glossary-letter-{letter.lower()}">{escape(letter)}</h3>'
            f'<dl class="lesson-glossary-list">{entries}</dl>'
        )
    index = " ".join(f'<a href="#glossary-letter-{x.lower()}">{escape(x)}</a>' for x in letters)
    html = (
        '<section class="lesson-glossary" aria-labelledby="lesson-glossary-heading">'
        f'<h2 id="lesson-glossary-heading">{escape(HEADING)}</h2>'
        f"<p>{escape(INTRO)}</p>"
        f'<nav class="lesson-glossary-index" aria-label="Glossary letters">{index}</nav>'
        + "".join(groups)
        + list_html(cites, "lesson-glossary-references")
        + "</section>"
    )
    summary = f"Glossary, {len(terms)} terms: {', '.join(t.id for t in terms)}"
    return ShownHTML(html, summary)
