"""Header, footer and navigation: links keep the learner, the name form appears only when needed."""

from __future__ import annotations

import pytest

from lesson.app import chrome, nav
from lesson.progress.identity import Learner


@pytest.fixture(autouse=True)
def _no_request(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(key, raising=False)


def test_help_line_has_numbers_and_links_to_seek_help() -> None:
    html = chrome.help_line("?learner=ann")
    assert "In an emergency call 999 (UK) or 911 (US), or your local emergency number." in html
    assert "UK urgent advice: NHS 111." in html
    assert 'href="06_seek_help.ipynb?learner=ann"' in html
    assert 'class="lesson-help-line"' in html


def test_nav_of_a_middle_chapter_keeps_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=ann&present=1")
    html = chrome.header("anatomy")._repr_mimebundle_()["text/html"]
    assert 'href="00_start_here.ipynb?learner=ann&amp;present=1"' in html
    assert 'href="02_causes.ipynb?learner=ann&amp;present=1"' in html
    assert 'href="index.ipynb?learner=ann&amp;present=1"' in html
    assert "Presenter mode: nothing is saved." in html
    assert "Last reviewed: 25 November 2026." in html


def test_first_and_last_pages_have_no_dangling_links() -> None:
    first = chrome.nav_links("start", "", "top")
    assert 'lesson-nav-prev' not in first and 'href="01_anatomy.ipynb"' in first
    last = chrome.nav_links("final", "", "top")
    assert 'lesson-nav-next' not in last
    index = chrome.nav_links("index", "", "top")
    assert "Contents" not in index and 'href="00_start_here.ipynb"' in index
    assert "Glossary" not in chrome.nav_links("glossary", "", "top")


def test_summary_is_deterministic_and_names_no_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=Zed")
    shown = chrome.header("causes")
    assert "Zed" not in shown.summary
    assert shown.summary == "lesson header: causes (help line, learner bar, previous=anatomy, next=diagnosis)"
    assert chrome.footer("causes").summary == "lesson footer: causes (previous=anatomy, next=diagnosis)"


def test_shared_server_without_name_offers_a_labelled_get_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_HOST", "0.0.0.0")
    html = chrome.header("treatment")._repr_mimebundle_()["text/html"]
    assert 'method="get"' in html and 'action="04_treatment.ipynb"' in html
    assert 'name="learner"' in html
    assert '<label for="lesson-learner-name-treatment">' in html
    assert 'id="lesson-learner-name-treatment"' in html
    assert "not being saved" in html


def test_named_learner_gets_no_form_and_label_is_escaped() -> None:
    bar = chrome.learner_bar("start", Learner("name:x", "<b>x</b>", "query", True, False))
    assert "<form" not in bar and "&lt;b&gt;x&lt;/b&gt;" in bar


def test_bad_name_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSON_QUERY", "learner=%3Cscript%3E")
    html = chrome.header("index")._repr_mimebundle_()["text/html"]
    assert "That name cannot be used." in html and "<script>" not in html


def test_unknown_page_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown page id"):
        chrome.header("nope")


def test_every_chapter_has_a_header() -> None:
    for ch in nav.chapters():
        assert chrome.header(ch.id).summary.startswith(f"lesson header: {ch.id} ")
