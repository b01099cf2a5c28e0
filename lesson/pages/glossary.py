"""The glossary page: every term A to Z, each with an anchor that chapters link to.

Chapters link the first use of a term as ``glossary.ipynb#<term id>``, so each entry
carries ``id="<term id>"``. The page has no reference list, so citation keys link
straight to the canonical source.
"""

from __future__ import annotations

import re
from html import escape
from itertools import groupby
from pathlib import Path

from lesson.content_model import load
from lesson.content_model.citations import keys_in
from lesson.content_model.models import GlossaryTerm, Reference
from lesson.display import ShownHTML
from lesson.pages.markup import cite_to_source, external_link, render_inline, short_source

HEADING = "Glossary"
INTRO = "Words used in this lesson, from A to Z, with where each meaning comes from."


def sort_key(term: GlossaryTerm) -> str:
    """A to Z by the term as written, ignoring case and anything that is not a letter or digit."""
    return re.sub(r"[^a-z0-9 ]", "", term.term.lower())


def _letter(term: GlossaryTerm) -> str:
    first = sort_key(term)[:1].upper()
    return first if first.isalpha() else "#"


def term_entry(term: GlossaryTerm, references: dict[str, Reference]) -> str:
    """One entry: the term, its other names, its definition and the sources it cites."""
    aliases = ""
    if term.aliases:
        aliases = '<p class="lesson-glossary-aliases">Also: ' + escape(", ".join(term.aliases)) + "</p>"
    keys = list(dict.fromkeys(keys_in(term.definition)))
    links = [external_link(references[k].url, short_source(references[k])) for k in keys if k in references]
    sources = f'<p class="lesson-glossary-sources">Sources: {"; ".join(links)}</p>' if links else ""
    return (
        f'<div class="lesson-glossary-entry" id="{escape(term.id)}">'
        f"<dt>{escape(term.term)}</dt>"
        f"<dd><p>{render_inline(term.definition, cite_to_source(references))}</p>"
        f"{aliases}{sources}</dd></div>"
    )


def glossary_page(root: Path | str | None = None) -> ShownHTML:
    """All glossary terms, grouped by first letter; ``root`` points tests at other content."""
    terms = sorted(load.glossary(root), key=sort_key)
    references = load.references(root)
    groups = []
    letters = []
    for letter, group in groupby(terms, key=_letter):
        letters.append(letter)
        entries = "".join(term_entry(t, references) for t in group)
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
        + "</section>"
    )
    summary = f"Glossary, {len(terms)} terms: {', '.join(t.id for t in terms)}"
    return ShownHTML(html, summary)
