"""Header, footer and navigation: a slim header (help line + one nav line), the contents drawer
with ticks, the learner's name in the footer unless something needs doing, glossary meanings."""

from __future__ import annotations

import json
import re

import pytest

from lesson.app import chrome, landing, nav
from lesson.content_model import load
from lesson.paths import notebooks_dir
from lesson.progress.identity import GUEST, Learner
from lesson.progress.scoring import Score


@pytest.fixture(autouse=True)
def _no_request(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(key, raising=False)


def html_of(shown: object) -> str:
    return shown._repr_mimebundle_()["text/html"]  # type: ignore[attr-defined]


def top_nav_items(html: str) -> list[str]:
    """The visible words of each item of the top nav line, in order (drawer panel left out)."""
    nav_html = re.search(r'<nav class="lesson-nav lesson-nav-top".*?</nav>', html, re.S).group(0)
    nav_html = re.sub(r'<div class="lesson-contents-panel">.*?</div>(?=</details>)', "", nav_html, flags=re.S)
    nav_html = re.sub(r'<span class="lesson-sr">.*?</span>', "", nav_html)
    items = re.findall(r"<li[^>]*>(.*?)</li>", nav_html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).replace("&larr;", "").replace("&rarr;", "").split())
            for item in items]


def test_help_line_has_numbers_and_links_to_seek_help() -> None:
    html = chrome.help_line("?learner=ann")
    assert "In an emergency, call 999 (UK), 911 (US) or your local emergency number." in html
    assert "UK urgent advice: NHS 111." in html
    assert 'href="06_seek_help.ipynb?learner=ann"' in html
    assert 'class="lesson-help-line"' in html
    assert chrome.help_text() in html, "the help text is shown whole, never clipped"


def test_header_is_help_line_then_one_nav_line_in_order() -> None:
    html = html_of(chrome.header("treatment"))
    assert html.index("lesson-help-line") < html.index("lesson-nav-top")
    assert top_nav_items(html) == ["Previous", "Contents", "Chapter 5 of 8", "Next", "Glossary"]
    assert 'title="Previous: Diagnosis and imaging"' in html
    assert '<span class="lesson-sr">: Natural approaches and prevention</span>' in html
    assert "Last reviewed" not in html, "the review record belongs in the footer"
    assert "Learning as" not in html, "who is learning belongs in the footer"
    assert f'id="{chrome.SKIP_TARGET}"' in html


def test_first_last_index_and_glossary_nav_lines() -> None:
    start, final = html_of(chrome.header("start")), html_of(chrome.header("final"))
    assert top_nav_items(start) == ["Contents", "Chapter 1 of 8", "Next", "Glossary"]
    assert top_nav_items(final) == ["Previous", "Contents", "Chapter 8 of 8", "Glossary"]
    assert top_nav_items(html_of(chrome.header("glossary"))) == ["Contents", "Glossary"]
    assert 'aria-current="page">Glossary</li>' in html_of(chrome.header("glossary"))
    index = html_of(chrome.header("index"))
    assert top_nav_items(index) == ["Start: Start here", "Glossary"]
    assert "lesson-contents" not in index, "the contents page needs no contents drawer"


def test_nav_of_a_middle_chapter_keeps_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=ann&present=1")
    html = html_of(chrome.header("anatomy"))
    assert 'href="00_start_here.ipynb?learner=ann&amp;present=1"' in html
    assert 'href="02_causes.ipynb?learner=ann&amp;present=1"' in html
    assert 'href="index.ipynb?learner=ann&amp;present=1"' in html
    assert 'href="04_treatment.ipynb?learner=ann&amp;present=1#Keep-moving"' in html
    footer = html_of(chrome.footer("anatomy"))
    assert "Presenter mode: nothing is saved." in footer


def test_chapter_numbers_agree_everywhere() -> None:
    """Start here's list, the landing cards and "Chapter N of 8" all count 1 to 8."""
    chapters = nav.chapters()
    cards = landing.cards_html({}, "")
    nb = json.loads((notebooks_dir() / chapters[0].notebook).read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    covers = next(s for s in sources if s.startswith("## What the lesson"))
    listed = dict(re.findall(r"^(\d+)\. (.*)$", covers, re.M))
    for n, ch in enumerate(chapters, start=1):
        assert nav.position(ch.id) == f"Chapter {n} of {len(chapters)}"
        assert f'<span class="lesson-card-title">{n}. {ch.title}</span>' in cards
        assert ch.notebook in listed[str(n)] or ch.title in listed[str(n)], (n, listed.get(str(n)))
    assert nav.position("index") == "" and nav.position("glossary") == ""


def test_contents_drawer_lists_every_chapter_with_its_sections_and_ticks() -> None:
    scores = {"anatomy": Score(15, 15, 15), "causes": Score(3, 16, 5), "treatment": Score(0, 26, 0)}
    panel = chrome.contents_panel("treatment", "?learner=ann", scores)
    for n, ch in enumerate(nav.chapters(), start=1):
        assert f'<span class="lesson-contents-number">{n}.</span> {ch.title}</a>' in panel
        assert f'href="{ch.notebook}?learner=ann"' in panel
    here = ('<a class="lesson-contents-chapter-link" href="04_treatment.ipynb?learner=ann" '
            'aria-current="page">')
    assert here in panel
    assert '<li><a href="#Keep-moving">Keep moving</a></li>' in panel, "this page's sections jump within it"
    assert 'href="01_anatomy.ipynb?learner=ann#The-bones-of-the-spine"' in panel
    assert panel.count('class="lesson-contents-more"') == len(nav.chapters()) - 1
    anatomy = panel.split("01_anatomy.ipynb?learner=ann")[1]
    assert anatomy.split("</a>", 1)[1].lstrip().startswith('<span class="lesson-status lesson-status-done">')
    assert "3 of 16 correct" in panel and "Practice only" in panel and "Not started" in panel
    assert 'href="index.ipynb?learner=ann"' in panel and 'href="glossary.ipynb?learner=ann"' in panel


def test_unreadable_progress_still_gives_a_drawer() -> None:
    panel = chrome.contents_panel("anatomy", "", None)
    assert len(re.findall(r'<li class="lesson-contents-chapter[ "]', panel)) == len(nav.chapters())
    assert landing.UNAVAILABLE in panel


def test_index_nav_continues_once_there_is_progress() -> None:
    scores = {"anatomy": Score(15, 15, 15), "causes": Score(3, 16, 5)}
    top = chrome.top_nav("index", "", scores)
    assert 'href="02_causes.ipynb"' in top and "Continue: Causes" in top
    assert "Continue: Causes" in chrome.nav_links("index", "", "bottom", scores)
    assert "Start: Start here" in chrome.top_nav("index", "", {"anatomy": Score(0, 15, 0)})


def test_footer_shows_the_review_record_honestly() -> None:
    html = html_of(chrome.footer("treatment"))
    ch = nav.chapter("treatment")
    assert f"<strong>Last reviewed:</strong> {ch.last_reviewed.day} {ch.last_reviewed:%B %Y}." in html
    due = ch.next_review
    assert (due - ch.last_reviewed).days in (365, 366)
    assert f"<strong>Next review due:</strong> {due.day} {due:%B %Y}." in html
    assert "Not yet reviewed by a clinician." in html
    for key in ch.checked_against:
        assert f'href="{chrome.reference_url(key)}"' in html
    assert "lesson-review" not in html_of(chrome.footer("glossary"))


def test_a_named_clinician_review_is_shown_instead_of_the_honest_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    from lesson.content_model.models import ClinicianReview

    ch = nav.chapter("anatomy").model_copy(
        update={"clinician_review": ClinicianReview(name="Dr A Example", role="GP", date=dt.date(2027, 1, 2))}
    )
    monkeypatch.setattr(nav, "chapter", lambda _id: ch)
    html = chrome.review_record("anatomy")
    assert "Reviewed by Dr A Example, GP, on 2 January 2027." in html
    assert "Not yet reviewed" not in html


def test_next_review_is_twelve_months_later_even_from_29_february() -> None:
    import datetime as dt

    ch = nav.chapter("anatomy")
    assert ch.model_copy(update={"last_reviewed": dt.date(2028, 2, 29)}).next_review == dt.date(2029, 2, 28)
    assert ch.model_copy(update={"last_reviewed": dt.date(2026, 12, 1)}).next_review == dt.date(2027, 12, 1)


def test_bottom_nav_has_full_titles_and_no_dangling_links() -> None:
    first = chrome.nav_links("start", "", "bottom")
    assert "lesson-nav-prev" not in first and 'href="01_anatomy.ipynb"' in first
    assert "Next: Anatomy of the lower back" in first
    last = chrome.nav_links("final", "", "bottom")
    assert "lesson-nav-next" not in last and "Previous: When to seek help" in last
    index = chrome.nav_links("index", "", "bottom")
    assert "Contents" not in index and 'href="00_start_here.ipynb"' in index
    assert "Glossary" not in chrome.nav_links("glossary", "", "bottom")


def test_summary_is_deterministic_and_names_no_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=Zed")
    shown = chrome.header("causes")
    assert "Zed" not in shown.summary
    assert shown.summary == ("lesson header: causes (help line, navigation: Chapter 3 of 8, "
                             "previous=anatomy, next=diagnosis)")
    glossary = chrome.header("glossary").summary
    assert glossary.startswith("lesson header: glossary (help line, navigation: Glossary")
    assert chrome.footer("causes").summary == "lesson footer: causes (previous=anatomy, next=diagnosis)"


def test_named_learner_is_shown_in_the_footer_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=Ann")
    assert "Learning as" not in html_of(chrome.header("anatomy"))
    assert "Learning as: <strong>Ann</strong>" in html_of(chrome.footer("anatomy"))


def test_shared_server_without_name_offers_a_name_form_at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_HOST", "0.0.0.0")
    html = html_of(chrome.header("treatment"))
    assert '<details class="lesson-save-prompt">' in html
    assert html.index("lesson-save-prompt") < html.index("lesson-nav-top")
    assert 'method="get"' in html and 'action="04_treatment.ipynb"' in html
    assert 'name="learner"' in html
    assert '<label for="lesson-learner-name-treatment">' in html
    assert 'id="lesson-learner-name-treatment"' in html
    assert "not being saved" in html
    footer = html_of(chrome.footer("treatment"))
    assert "lesson-learner-name-treatment" not in footer, "one name form per page (ids stay unique)"


def test_a_name_claim_with_news_is_shown_whole_at_the_top() -> None:
    claimed = Learner("name:ann", "Ann", "query", True, False, "claimed", "K7QM-3XPA")
    top = chrome.learner_prompt("anatomy", claimed)
    assert "K7QM-3XPA" in top and "Write it down" in top and "<details" not in top
    refused = Learner(None, GUEST, "none", False, False, "refused", asked="Ann")
    top = chrome.learner_prompt("anatomy", refused)
    assert "lesson-code-form" in top and 'name="learner" maxlength="40"' in top
    owner = Learner("name:ann", "Ann", "query", True, False, "owner")
    assert chrome.learner_prompt("anatomy", owner) == "", "the new-code link lives in the footer"
    assert "Get a new one" in chrome.learner_bar("anatomy", owner)


def test_named_learner_gets_no_form_and_label_is_escaped() -> None:
    bar = chrome.learner_bar("start", Learner("name:x", "<b>x</b>", "query", True, False))
    assert "<form" not in bar and "&lt;b&gt;x&lt;/b&gt;" in bar


def test_bad_name_is_explained_at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=%3Cscript%3E")
    html = html_of(chrome.header("index"))
    assert "That name cannot be used." in html and "<script>" not in html


def test_footer_carries_the_meanings_of_the_pages_glossary_terms() -> None:
    footer = html_of(chrome.footer("treatment"))
    hidden = '<div class="lesson-term-defs" hidden style="display:none">'
    defs = re.search(re.escape(hidden) + r"(.*)</div></div>$", footer, re.S)
    assert defs, "the meanings are hidden in the footer"
    ids = re.findall(r'data-term="([a-z0-9-]+)"', defs.group(1))
    assert ids == list(nav.outline("04_treatment.ipynb").terms)
    assert "acute" in ids and "nsaid" in ids
    glossary = {t.id: t for t in load.glossary()}
    assert f'<span class="lesson-term-def-name">{glossary["acute"].term}</span>' in footer
    assert not re.search(r"\[[a-z0-9-]+(, ?[a-z0-9-]+)*\]", defs.group(1)), "no raw citation keys in meanings"
    assert "lesson-term-defs" not in html_of(chrome.footer("glossary"))
    assert "lesson-term-defs" not in html_of(chrome.footer("index"))


def test_outline_reads_level_two_headings_and_glossary_links() -> None:
    notebook = json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["# Title\n", "Text with [acute](glossary.ipynb#acute).\n"]},
        {"cell_type": "code", "source": "## not a heading (code)\nglossary.ipynb#nope"},
        {"cell_type": "markdown", "source": "## Heat **and** ice?\n### Small\n```\n## fenced\n```\n"
                                            "## [Keep](x.ipynb) moving\nSee [MRI](glossary.ipynb#mri) "
                                            "and [acute](glossary.ipynb#acute)."},
    ]})
    out = nav.outline_of(notebook)
    assert out.sections == (nav.Section("Heat and ice?", "Heat-and-ice?"),
                            nav.Section("Keep moving", "Keep-moving"))
    assert out.terms == ("acute", "mri")
    assert nav.outline("no-such-notebook.ipynb") == nav.Outline()


def test_unknown_page_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown page id"):
        chrome.header("nope")


def test_every_chapter_has_a_header() -> None:
    for n, ch in enumerate(nav.chapters(), start=1):
        shown = chrome.header(ch.id)
        assert shown.summary.startswith(f"lesson header: {ch.id} (help line, navigation: Chapter {n} of 8")
