"""The frame around every page: the help line, who is learning, navigation, review date.

All of it is static HTML (``ShownHTML``), so it reads the same in Voila, JupyterLab and on
GitHub. Identity and the link query come from ``lesson.progress`` at render time, which
waits for the Voila request first, so a preheated kernel still shows the right learner.
"""

from __future__ import annotations

from html import escape

from lesson.app import nav
from lesson.display import ShownHTML
from lesson.progress.identity import Learner, current_learner, link_query, name_problem

HELP_TEXT = (
    "Need help now? In an emergency call 999 (UK) or 911 (US), or your local emergency number. "
    "UK urgent advice: NHS 111."
)
SEEK_HELP_NOTEBOOK = "06_seek_help.ipynb"


def help_line(query: str) -> str:
    """The one line on every page that says where to get help fast."""
    return (
        f'<p class="lesson-help-line" role="note">{escape(HELP_TEXT)} '
        f'<a href="{SEEK_HELP_NOTEBOOK}{escape(query)}">When to seek help</a></p>'
    )


def learner_bar(page_id: str, learner: Learner, problem: str | None = None) -> str:
    """Who is learning, and a name form when nothing would be saved on a shared server."""
    parts = []
    if learner.presenting:
        parts.append('<span class="lesson-presenter-note">Presenter mode: nothing is saved.</span>')
    else:
        who = escape(learner.label)
        parts.append(f'<span class="lesson-learner">Learning as: <strong>{who}</strong></span>')
    if learner.id is None and not learner.presenting:
        field_id = f"lesson-learner-name-{page_id}"
        parts.append('<span class="lesson-not-saved">Your progress is not being saved.</span>')
        parts.append(
            f'<form class="lesson-name-form" method="get" action="{escape(notebook_of(page_id))}">'
            f'<label for="{field_id}">Type your name to save your progress:</label> '
            f'<input type="text" id="{field_id}" name="learner" maxlength="40" autocomplete="off" required> '
            '<button type="submit">Save my progress</button></form>'
        )
    if problem:
        parts.append(f'<span class="lesson-error" role="alert">{escape(problem)}</span>')
    return '<div class="lesson-learner-bar">' + " ".join(parts) + "</div>"


def notebook_of(page_id: str) -> str:
    if page_id in nav.PAGES:
        return nav.PAGES[page_id][0]
    return nav.chapter(page_id).notebook


def nav_links(page_id: str, query: str, where: str) -> str:
    """Previous / Contents / Next as real links that keep the learner's query."""
    prev, nxt = nav.neighbours(page_id)
    q = escape(query)
    items = []
    if prev is not None:
        title = escape(prev.title)
        link = f'<a class="lesson-nav-prev" rel="prev" href="{prev.notebook}{q}">'
        items.append(f"<li>{link}&larr; Previous: {title}</a></li>")
    if page_id != "index":
        items.append(f'<li><a href="{nav.INDEX}{q}">Contents</a></li>')
    if nxt is not None:
        label = "Start" if page_id == "index" else "Next"
        title = escape(nxt.title)
        link = f'<a class="lesson-nav-next" rel="next" href="{nxt.notebook}{q}">'
        items.append(f"<li>{link}{label}: {title} &rarr;</a></li>")
    if page_id != "glossary":
        items.append(f'<li><a href="{nav.GLOSSARY}{q}">Glossary</a></li>')
    return f'<nav class="lesson-nav" aria-label="Lesson pages ({where})"><ul>{"".join(items)}</ul></nav>'


def review_line(page_id: str) -> str:
    """For chapters: when the facts were last checked, and how to report a mistake (no outside request)."""
    if page_id in nav.PAGES:
        return ""
    ch = nav.chapter(page_id)
    reviewed = f"{ch.last_reviewed.day} {ch.last_reviewed:%B %Y}" if ch.last_reviewed else "not yet"
    return (
        f'<p class="lesson-meta">Last reviewed: {reviewed}. '
        f"Found a mistake? Please tell whoever shared this lesson with you, or open an issue in the "
        f"lesson's repository. Say the chapter (&ldquo;{escape(ch.title)}&rdquo;) and what looks wrong.</p>"
    )


def _check(page_id: str) -> None:
    if not nav.is_page(page_id):
        raise KeyError(f"unknown page id {page_id!r}: use a chapter id, 'index' or 'glossary'")


def header(page_id: str) -> ShownHTML:
    """Top of a page: help line, learner bar, review date (chapters) and navigation."""
    _check(page_id)
    query = link_query()
    html = (
        '<div class="lesson-header">'
        + help_line(query)
        + learner_bar(page_id, current_learner(), name_problem())
        + review_line(page_id)
        + nav_links(page_id, query, "top")
        + "</div>"
    )
    prev, nxt = nav.neighbours(page_id)
    summary = (
        f"lesson header: {page_id} (help line, learner bar, "
        f"previous={prev.id if prev else '-'}, next={nxt.id if nxt else '-'})"
    )
    return ShownHTML(html, summary)


def footer(page_id: str) -> ShownHTML:
    """Bottom of a page: the same navigation as the top."""
    _check(page_id)
    prev, nxt = nav.neighbours(page_id)
    summary = f"lesson footer: {page_id} (previous={prev.id if prev else '-'}, next={nxt.id if nxt else '-'})"
    html = '<div class="lesson-footer">' + nav_links(page_id, link_query(), "bottom") + "</div>"
    return ShownHTML(html, summary)
