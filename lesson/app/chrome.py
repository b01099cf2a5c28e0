"""The frame around every page: the help line, the navigation line, who is learning, the review record.

Top of the page (``header``): one line of emergency help; a name prompt only when something needs
doing (nothing is being saved on a shared server, or a name claim has news); then one line of
navigation (Previous, Contents, "Chapter 3 of 8", Next, Glossary) that stays at the top of the
screen as the learner scrolls. "Contents" opens a drawer listing every chapter with its sections
and the learner's progress. Bottom of the page (``footer``): the review record, who is learning,
the same navigation with full chapter titles, and the meanings of the glossary terms the page
links, which ``lesson.js`` shows in a pop-up when a term is pressed.

All of it is static HTML (``ShownHTML``), so it reads the same in Voila, JupyterLab and on
GitHub. Identity and the link query come from ``lesson.progress`` at render time, which
waits for the Voila request first, so a preheated kernel still shows the right learner.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote, urlencode

from lesson.app import landing, nav
from lesson.charts.sources import reference_url, short_citation
from lesson.content_model import load
from lesson.content_model.citations import RAW_CITATION
from lesson.display import ShownHTML
from lesson.progress.identity import Learner, current_learner, link_query, name_problem
from lesson.progress.scoring import Score

SEEK_HELP_NOTEBOOK = "06_seek_help.ipynb"


def help_text() -> str:
    """Where to get help fast, from lesson/content/help.yaml (the one emergency line lives there)."""
    helps = load.help_content()
    return " ".join(helps.fill(helps.help_line.text).split())


def help_line(query: str) -> str:
    """The one line on every page that says where to get help fast (it wraps; it is never cut)."""
    return (
        f'<p class="lesson-help-line" role="note">{escape(help_text())} '
        f'<a href="{SEEK_HELP_NOTEBOOK}{escape(query)}">When to seek help</a></p>'
    )


def _name_form(page_id: str) -> str:
    field_id = f"lesson-learner-name-{page_id}"
    return (
        f'<form class="lesson-name-form" method="get" action="{escape(notebook_of(page_id))}">'
        f'<label for="{field_id}">Type your name to save your progress:</label> '
        f'<input type="text" id="{field_id}" name="learner" maxlength="40" autocomplete="off" required> '
        '<button type="submit">Save my progress</button></form>'
    )


def learner_bar(page_id: str, learner: Learner, problem: str | None = None) -> str:
    """Who is learning; a name form when nothing would be saved on a shared server; and, there,
    what became of a name: its new recovery code for its owner, or a code form for another browser."""
    parts = []
    if learner.presenting:
        parts.append('<span class="lesson-presenter-note">Presenter mode: nothing is saved.</span>')
    else:
        who = escape(learner.label)
        parts.append(f'<span class="lesson-learner">Learning as: <strong>{who}</strong></span>')
    parts += _claim_notes(page_id, learner)
    if learner.id is None and not learner.presenting:
        parts.append('<span class="lesson-not-saved">Your progress is not being saved.</span>')
        parts.append(_name_form(page_id))
    if problem:
        parts.append(f'<span class="lesson-error" role="alert">{escape(problem)}</span>')
    return '<div class="lesson-learner-bar">' + " ".join(parts) + "</div>"


def needs_prompt(learner: Learner, problem: str | None) -> bool:
    """Whether the top of the page must say something about the learner's name: a name that could
    not be used, news about a name claim, or a shared server where nothing is being saved."""
    return bool(problem) or learner.claim in CLAIM_NOTES or (learner.id is None and not learner.presenting)


def learner_prompt(page_id: str, learner: Learner, problem: str | None = None) -> str:
    """The header's part about the learner: nothing while all is well (who is learning is in the
    footer); the whole learner bar when a name needs attention (a recovery code is shown only
    once); and on a shared server where nothing is saved, a one-line prompt that opens the name form."""
    if not needs_prompt(learner, problem):
        return ""
    if problem or learner.claim in CLAIM_NOTES:
        return learner_bar(page_id, learner, problem)
    return (
        '<details class="lesson-save-prompt"><summary><span class="lesson-not-saved">Your progress is not '
        'being saved.</span> <span class="lesson-save-prompt-action">Add your name to save it</span>'
        "</summary>"
        f'<div class="lesson-learner-bar">{_name_form(page_id)}</div></details>'
    )


CLAIM_NOTES = {
    "claimed": "This name is now kept for this web browser. Your recovery code is {code}. Write it down: "
               "it is shown only now. You need it to use this name in another browser.",
    "new-code": "Your new recovery code is {code}. Write it down: it is shown only now. The old code no "
                "longer works.",
    "unlocked": "Code accepted: this browser can now use the name {name}.",
    "refused": "The name {name} is already used in another web browser. If it is yours, type its "
               "recovery code. If not, choose another name.",
    "wrong-code": "That recovery code does not match the name {name}. Check it and try again.",
    "locked": "Too many wrong codes for the name {name}. Wait 10 minutes, then try again.",
    "no-cookie": "Names cannot be kept safe in this browser because it does not keep this site's "
                 "cookies. Allow cookies for this site, then reload the page.",
    "unavailable": "Your name cannot be checked just now. Please reload the page in a minute.",
}
"""What the learner bar says after each outcome of ``lesson.progress.names.claim``."""


def _claim_notes(page_id: str, learner: Learner) -> list[str]:
    """The sentence (and, for another browser, the code form) for a shared server's name claim."""
    name = learner.asked or learner.label
    if learner.claim == "owner":
        query = escape(urlencode({"learner": name, "newcode": "1"}), quote=True)
        return [f'<a class="lesson-new-code" href="{escape(notebook_of(page_id))}?{query}">'
                "Lost your recovery code? Get a new one</a>"]
    note = CLAIM_NOTES.get(learner.claim)
    if note is None:
        return []
    code = f'<strong class="lesson-recovery-code">{escape(learner.code)}</strong>'
    text = escape(note).format(name=escape(name), code=code)
    out = [f'<span class="lesson-claim lesson-claim-{learner.claim}" role="status">{text}</span>']
    if learner.claim in ("refused", "wrong-code"):
        field_id = f"lesson-recovery-code-{page_id}"
        out.append(
            f'<form class="lesson-code-form" method="get" action="{escape(notebook_of(page_id))}">'
            f'<input type="hidden" name="learner" value="{escape(name, quote=True)}">'
            f'<label for="{field_id}">Recovery code for {escape(name)}:</label> '
            f'<input type="text" id="{field_id}" name="code" maxlength="20" autocomplete="off" '
            'autocapitalize="characters" spellcheck="false" required> '
            '<button type="submit">Use my name</button></form>'
        )
    return out


def notebook_of(page_id: str) -> str:
    if page_id in nav.PAGES:
        return nav.PAGES[page_id][0]
    return nav.chapter(page_id).notebook


def _next_of_index(scores: dict[str, Score] | None) -> tuple[str, nav.Chapter | None]:
    """From the contents page: "Continue" to the first unfinished chapter once there is progress."""
    target = landing.continue_target(scores)
    if target is not None:
        return "Continue", target
    order = nav.chapters()
    return "Start", order[0] if order else None


def nav_links(page_id: str, query: str, where: str, scores: dict[str, Score] | None = None) -> str:
    """The bottom navigation: Previous / Contents / Next with full chapter titles, as real links
    that keep the learner's query."""
    prev, nxt = nav.neighbours(page_id)
    label = "Next"
    if page_id == "index":
        label, nxt = _next_of_index(scores)
    q = escape(query)
    items = []
    if prev is not None:
        title = escape(prev.title)
        link = f'<a class="lesson-nav-prev" rel="prev" href="{prev.notebook}{q}">'
        items.append(f"<li>{link}&larr; Previous: {title}</a></li>")
    if page_id != "index":
        items.append(f'<li><a class="lesson-nav-contents" href="{nav.INDEX}{q}">Contents</a></li>')
    if nxt is not None:
        title = escape(nxt.title)
        link = f'<a class="lesson-nav-next" rel="next" href="{nxt.notebook}{q}">'
        items.append(f"<li>{link}{label}: {title} &rarr;</a></li>")
    if page_id != "glossary":
        items.append(f'<li><a href="{nav.GLOSSARY}{q}">Glossary</a></li>')
    items.append(f'<li><a class="lesson-nav-review" href="review.ipynb{q}">Review questions</a></li>')
    return f'<nav class="lesson-nav" aria-label="Lesson pages ({where})"><ul>{"".join(items)}</ul></nav>'


def status_html(chapter_id: str, scores: dict[str, Score] | None) -> str:
    """A chapter's tick in the contents drawer: "✓ Done", "3 of 8 correct", "Not started"..."""
    score = None if scores is None else scores.get(chapter_id)
    if landing.is_done(score):
        return ('<span class="lesson-status lesson-status-done"><span aria-hidden="true">&#10003;</span> '
                f"{landing.DONE}</span>")
    word = landing.progress_word(chapter_id, scores)
    started = " lesson-status-started" if score is not None and score.answered else ""
    return f'<span class="lesson-status{started}">{escape(word)}</span>'


def _section_links(notebook: str, href_base: str) -> str:
    sections = nav.outline(notebook).sections
    if not sections:
        return ""
    items = "".join(f'<li><a href="{escape(href_base)}#{escape(quote(s.anchor, safe=_ANCHOR_SAFE))}">'
                    f"{escape(s.title)}</a></li>" for s in sections)
    return f'<ol class="lesson-contents-sections">{items}</ol>'


_ANCHOR_SAFE = "-_.~!$'()*+,;=:@/?"


def contents_panel(page_id: str, query: str, scores: dict[str, Score] | None) -> str:
    """Every chapter with its number, progress and sections: the page's own sections open, the
    others behind a "Sections" toggle. Links keep the learner's query."""
    items = []
    for number, ch in enumerate(nav.chapters(), start=1):
        href = ch.notebook + query
        here = ch.id == page_id
        current = ' aria-current="page"' if here else ""
        head = (f'<a class="lesson-contents-chapter-link" href="{escape(href)}"{current}>'
                f'<span class="lesson-contents-number">{number}.</span> {escape(ch.title)}</a> '
                + status_html(ch.id, scores))
        if here:
            sections = _section_links(ch.notebook, "")
        else:
            inner = _section_links(ch.notebook, href)
            sections = (f'<details class="lesson-contents-more"><summary>Sections<span class="lesson-sr"> of '
                        f"{escape(ch.title)}</span></summary>{inner}</details>") if inner else ""
        css = "lesson-contents-chapter" + (" lesson-contents-here" if here else "")
        items.append(f'<li class="{css}">{head}{sections}</li>')
    home = (f'<p class="lesson-contents-home"><a href="{escape(nav.INDEX + query)}">All chapters and your '
            "progress</a></p>")
    glossary = (f'<p class="lesson-contents-glossary"><a href="{escape(nav.GLOSSARY + query)}">Glossary: '
                "what the words mean</a></p>")
    return (f'<div class="lesson-contents-panel">{home}<ol class="lesson-contents-list">{"".join(items)}</ol>'
            f"{glossary}</div>")


def top_nav(page_id: str, query: str, scores: dict[str, Score] | None) -> str:
    """The one line of navigation at the top: Previous · Contents · Chapter N of 8 · Next · Glossary.

    Short words so it fits one line of a phone; the full chapter titles are in each link's
    accessible name and tooltip (and in the footer). It stays at the top of the screen (lesson.css)."""
    prev, nxt = nav.neighbours(page_id)
    next_word = "Next"
    if page_id == "index":
        next_word, nxt = _next_of_index(scores)
    q = escape(query)
    items = []
    if prev is not None:
        title = escape(prev.title)
        items.append(
            '<li class="lesson-nav-item-prev">'
            f'<a class="lesson-nav-prev" rel="prev" href="{prev.notebook}{q}" '
            f'title="Previous: {title}"><span aria-hidden="true">&larr;</span> '
            f'<span class="lesson-nav-word">Previous</span><span class="lesson-sr">: {title}</span></a></li>'
        )
    if page_id != "index":
        items.append(
            '<li class="lesson-nav-item-contents"><details class="lesson-contents">'
            '<summary class="lesson-contents-toggle">Contents</summary>'
            f"{contents_panel(page_id, query, scores)}</details></li>"
        )
    where = nav.position(page_id)
    if where:
        n, total = where.removeprefix("Chapter ").split(" of ")
        items.append('<li class="lesson-nav-where" aria-current="page">'
                     f'<span class="lesson-nav-chapter-word">Chapter </span>{n} of {total}</li>')
    if nxt is not None:
        title = escape(nxt.title)
        if page_id == "index":  # the landing's main way in: the word always shows, the title where it fits
            words = f'{next_word}<span class="lesson-nav-title">: {title}</span>'
        else:
            words = (f'<span class="lesson-nav-word">{next_word}</span>'
                     f'<span class="lesson-sr">: {title}</span>')
        items.append(
            '<li class="lesson-nav-item-next">'
            f'<a class="lesson-nav-next" rel="next" href="{nxt.notebook}{q}" '
            f'title="{next_word}: {title}">{words} <span aria-hidden="true">&rarr;</span></a></li>'
        )
    if page_id == "glossary":
        items.append('<li class="lesson-nav-where" aria-current="page">Glossary</li>')
    else:
        items.append(f'<li class="lesson-nav-item-glossary"><a class="lesson-nav-glossary" '
                     f'href="{nav.GLOSSARY}{q}">Glossary</a></li>')
    return ('<nav class="lesson-nav lesson-nav-top" aria-label="Lesson pages (top)">'
            f'<ul>{"".join(items)}</ul></nav>')


def term_definitions(page_id: str) -> str:
    """The meanings of the glossary terms this page links, hidden: ``lesson.js`` shows one in a
    pop-up when its term is pressed, so reading a meaning never leaves the page. Citation keys are
    left out; the pop-up links to the glossary entry, which lists the sources."""
    if page_id == "glossary":
        return ""
    wanted = nav.outline(notebook_of(page_id)).terms
    if not wanted:
        return ""
    terms = {t.id: t for t in load.glossary()}
    items = []
    for term_id in wanted:
        term = terms.get(term_id)
        if term is None:
            continue
        meaning = " ".join(RAW_CITATION.sub("", term.definition).split()).replace(" .", ".")
        items.append(f'<div class="lesson-term-def" data-term="{escape(term.id)}">'
                     f'<span class="lesson-term-def-name">{escape(term.term)}</span> '
                     f'<span class="lesson-term-def-text">{escape(meaning)}</span></div>')
    if not items:
        return ""
    return f'<div class="lesson-term-defs" hidden style="display:none">{"".join(items)}</div>'


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _source_link(ref_id: str) -> str:
    name = escape(short_citation(ref_id))
    url = reference_url(ref_id)
    return f'<a href="{escape(url)}" rel="noopener">{name}</a>' if url else name


def review_record(page_id: str) -> str:
    """For chapters: when the facts were checked, when they will be checked again, against
    what, and honestly by whom; then how to report a mistake (no outside request)."""
    if page_id in nav.PAGES:
        return ""
    ch = nav.chapter(page_id)
    sources = "; ".join(_source_link(key) for key in ch.checked_against)
    if ch.clinician_review is None:
        who = ("<strong>Not yet reviewed by a clinician.</strong> The lesson's authors checked this "
               "chapter against the sources below; it is education, not medical advice.")
    else:
        r = ch.clinician_review
        who = f"Reviewed by {escape(r.name)}, {escape(r.role)}, on {_date(r.date)}."
    return (
        f'<section class="lesson-review" aria-label="About this chapter\'s facts">'
        f"<p><strong>Last reviewed:</strong> {_date(ch.last_reviewed)}. "
        f"<strong>Next review due:</strong> {_date(ch.next_review)}.</p>"
        f"<p>{who}</p>"
        f"<p><strong>Checked against:</strong> {sources}.</p>"
        f'<p class="lesson-meta">Found a mistake? Please tell whoever shared this lesson with you, or open '
        f"an issue in the lesson's repository. Say the chapter (&ldquo;{escape(ch.title)}&rdquo;) and what "
        "looks wrong.</p></section>"
    )


def _check(page_id: str) -> None:
    if not nav.is_page(page_id):
        raise KeyError(f"unknown page id {page_id!r}: use a chapter id, 'index' or 'glossary'")


def _scores(learner: Learner) -> dict[str, Score] | None:
    return landing.chapter_progress(learner)


SKIP_TARGET = "lesson-main"
"""The id the "Skip to main content" link (added by lesson.js) leads to: the end of the header."""


def _speaker_notes(page_id: str) -> str:
    """Presenter mode only: the chapter's speaker notes (lesson/content/speaker-notes.yaml)."""
    from lesson.app.speaker_notes import notes_html

    return notes_html(page_id)


def header(page_id: str) -> ShownHTML:
    """Top of a page: help line, a name prompt only when needed, and the navigation line."""
    _check(page_id)
    query = link_query()
    learner = current_learner()
    scores = _scores(learner)
    html = (
        '<div class="lesson-header">'
        + help_line(query)
        + learner_prompt(page_id, learner, name_problem())
        + top_nav(page_id, query, scores)
        + (_speaker_notes(page_id) if learner.presenting else "")
        + f'<span id="{SKIP_TARGET}" class="lesson-main-start" tabindex="-1"></span>'
        + "</div>"
    )
    prev, nxt = nav.neighbours(page_id)
    where = nav.position(page_id) or nav.PAGES[page_id][1]
    summary = (
        f"lesson header: {page_id} (help line, navigation: {where}, "
        f"previous={prev.id if prev else '-'}, next={nxt.id if nxt else '-'})"
    )
    return ShownHTML(html, summary)


def footer(page_id: str) -> ShownHTML:
    """Bottom of a page: the review record, who is learning (unless the header already asks about
    it), the navigation with full titles, and the meanings behind the page's glossary pop-ups."""
    _check(page_id)
    prev, nxt = nav.neighbours(page_id)
    summary = f"lesson footer: {page_id} (previous={prev.id if prev else '-'}, next={nxt.id if nxt else '-'})"
    learner = current_learner()
    problem = name_problem()
    who = "" if needs_prompt(learner, problem) else learner_bar(page_id, learner)
    scores = _scores(learner) if page_id == "index" else None
    html = (
        '<div class="lesson-footer">'
        + review_record(page_id)
        + who
        + nav_links(page_id, link_query(), "bottom", scores)
        + term_definitions(page_id)
        + "</div>"
    )
    return ShownHTML(html, summary)
