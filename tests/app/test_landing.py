"""Landing cards and the progress table: real links, the learner's query, honest progress text,
a progress bar per chapter, and "Continue" to the first unfinished chapter once there is progress."""

from __future__ import annotations

import re

import pytest

from lesson.app import landing, nav
from lesson.progress.identity import Learner
from lesson.progress.scoring import Score


@pytest.fixture(autouse=True)
def _no_request(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(key, raising=False)


def test_cards_are_numbered_links_with_title_summary_and_progress() -> None:
    progress = {"start": "Practice only", "anatomy": "3 of 8 correct"}
    html = landing.cards_html(progress, "?learner=ann")
    assert html.count('class="lesson-card ') == len(nav.chapters())
    assert '<a href="01_anatomy.ipynb?learner=ann">' in html
    assert "Anatomy of the lower back" in html and "3 of 8 correct" in html and "Practice only" in html
    assert "Not started" in html  # chapters with no entry
    titles = re.findall(r'<span class="lesson-card-title">(\d+)\. ', html)
    assert titles == [str(n) for n in range(1, len(nav.chapters()) + 1)], "numbered 1 to 8, as in Start here"


def test_cards_draw_a_bar_of_the_share_correct() -> None:
    scores = {"anatomy": Score(3, 12, 5), "causes": Score(0, 16, 0)}
    html = landing.cards_html({}, "", scores)
    anatomy = html.split("lesson-card-anatomy")[1].split("</li>")[0]
    bar = ('<span class="lesson-card-bar" aria-hidden="true">'
           '<span class="lesson-card-bar-fill" style="width:25%">')
    assert bar in anatomy
    assert 'style="width:0%"' in html.split("lesson-card-causes")[1].split("</li>")[0]
    assert "lesson-card-bar" not in html.split("lesson-card-start")[1].split("</li>")[0], "practice: no bar"
    assert html.count("<a ") == len(nav.chapters()), "one link per card, nothing else to tab through"


def test_progress_texts_use_the_scoring_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    scores = {"anatomy": Score(3, 8, 5), "causes": Score(0, 6, 0)}
    monkeypatch.setattr("lesson.progress.scoring.chapter_scores", lambda learner: scores)
    texts = landing.progress_texts(Learner("local", "you, on this computer", "local", True, False))
    assert texts["start"] == "Practice only"
    assert texts["anatomy"] == str(Score(3, 8, 5))
    assert texts["causes"] == "Not started"
    assert texts["final"] == "Not started"


def test_unreadable_progress_still_shows_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(learner: Learner) -> dict[str, Score]:
        raise OSError("database is locked")

    monkeypatch.setattr("lesson.progress.scoring.chapter_scores", broken)
    texts = landing.progress_texts(Learner("local", "you", "local", True, False))
    assert texts["anatomy"] == landing.UNAVAILABLE and texts["start"] == landing.PRACTICE_ONLY
    assert landing.continue_target(None) is None


def test_continue_leads_to_the_first_unfinished_chapter() -> None:
    assert landing.continue_target({}) is None
    assert landing.continue_target({"anatomy": Score(0, 15, 0)}) is None, "no answers yet: no Continue"
    scores = {"anatomy": Score(15, 15, 15), "causes": Score(2, 16, 4), "diagnosis": Score(0, 13, 0)}
    assert landing.continue_target(scores).id == "causes"
    scores = {"anatomy": Score(0, 15, 0), "causes": Score(16, 16, 16)}
    assert landing.continue_target(scores).id == "anatomy", "a skipped chapter is unfinished too"
    assert landing.continue_target({"anatomy": Score(15, 15, 15)}) is None, "all done"


def test_continue_button_replaces_start_once_there_is_progress() -> None:
    start = landing.continue_html({"anatomy": Score(0, 15, 0)}, "?learner=ann")
    assert 'href="00_start_here.ipynb?learner=ann"' in start and "Start: Chapter 1, Start here" in start
    scores = {"anatomy": Score(15, 15, 15), "causes": Score(2, 16, 4)}
    more = landing.continue_html(scores, "?learner=ann")
    assert 'class="lesson-continue" href="02_causes.ipynb?learner=ann"' in more
    assert "Continue: Chapter 3, Causes" in more
    done = landing.continue_html({"anatomy": Score(15, 15, 15)}, "")
    assert "Well done" in done and 'href="07_final_assessment.ipynb"' in done


def test_landing_widget_and_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    scores = {"anatomy": Score(1, 15, 1)}
    monkeypatch.setattr("lesson.progress.scoring.chapter_scores", lambda learner: scores)
    monkeypatch.setenv("LESSON_QUERY", "learner=ann")
    shown = landing.landing()
    assert "lesson-landing" in shown.widget._dom_classes
    assert "01_anatomy.ipynb?learner=ann" in shown.widget.value
    assert shown.widget.value.index("lesson-continue") < shown.widget.value.index("lesson-cards")
    assert "Continue: Chapter 2, Anatomy" in shown.widget.value
    assert shown.summary.startswith("landing: 8 chapter cards (start, anatomy")
    overview = landing.progress_overview()
    assert "<table" in overview.widget.value and overview.summary == "progress overview: 8 chapters"
    assert ">1. Start here</a>" in overview.widget.value

