"""Landing cards and the progress table: real links, the learner's query, honest progress text."""

from __future__ import annotations

import pytest

from lesson.app import landing, nav
from lesson.progress.identity import Learner
from lesson.progress.scoring import Score


@pytest.fixture(autouse=True)
def _no_request(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LESSON_QUERY", "LESSON_HOST", "LESSON_PRESENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(key, raising=False)


def test_cards_are_links_with_title_summary_and_progress() -> None:
    progress = {"start": "Practice only", "anatomy": "3 of 8 correct"}
    html = landing.cards_html(progress, "?learner=ann")
    assert html.count('class="lesson-card ') == len(nav.chapters())
    assert '<a href="01_anatomy.ipynb?learner=ann">' in html
    assert "Anatomy of the lower back" in html and "3 of 8 correct" in html and "Practice only" in html
    assert "Not started" in html  # chapters with no entry


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
    assert texts["anatomy"] == landing.UNAVAILABLE


def test_landing_widget_and_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lesson.progress.scoring.chapter_scores", lambda learner: {})
    monkeypatch.setenv("LESSON_QUERY", "learner=ann")
    shown = landing.landing()
    assert "lesson-landing" in shown.widget._dom_classes
    assert "01_anatomy.ipynb?learner=ann" in shown.widget.value
    assert shown.summary.startswith("landing: 8 chapter cards (start, anatomy")
    overview = landing.progress_overview()
    assert "<table" in overview.widget.value and overview.summary == "progress overview: 8 chapters"
