"""The final report against a seeded temporary database (and an empty one)."""

from __future__ import annotations

import html
import re

import pytest

from lesson.content_model.questions import version
from lesson.pages import final
from lesson.progress.identity import current_learner
from lesson.progress.scoring import storage_key, store_for
from lesson.progress.store import Attempt
from lesson.quiz.bank import questions


def answer(quiz_id: str, index: int, correct: bool) -> str:
    learner = current_learner()
    q = questions(quiz_id)[index]
    store_for(learner).add(Attempt(storage_key(learner), quiz_id, q.id, version(q), None,
                                   1.0 if correct else 0.0, correct, "check"))
    return q.objective


def test_empty_database_says_no_answers_yet():
    shown = final.final_report()
    assert repr(shown) == "final report\n" + final.NO_ANSWERS
    assert "No answers yet" in shown.widget.children[1].value


def test_seeded_report(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=ann")
    right = answer("anatomy", 0, True)
    answer("anatomy", 1, True)
    wrong = answer("causes", 0, False)
    report = final.build_report(current_learner())
    scores = {cid: s for cid, _, s in report.chapters}
    assert scores["anatomy"].correct == 2 and scores["anatomy"].answered == 2
    assert scores["causes"].correct == 0 and scores["causes"].answered == 1
    objectives = {oid: s for oid, _, s in report.objectives}
    assert objectives[right].correct >= 1
    assert report.review, "objectives not fully correct are suggested for review"
    assert report.review[0].score.correct == 0
    assert objectives[wrong].correct < objectives[wrong].total

    shown = final.final_report()
    text = repr(shown)
    assert text.startswith("final report\nby chapter:\n")
    assert "- anatomy: 2 of " in text and "review next:" in text
    assert "ann" not in text, "the learner's name is never in the summary"
    markup = shown.widget.children[1].value
    alt = html.unescape(re.search(r'alt="([^"]*)"', markup).group(1))
    assert "2 of " in alt and "Anatomy of the lower back" in alt
    assert "?learner=ann" in markup, "review links keep the learner in the query"
    assert "What to review next" in markup


def test_refresh_shows_new_answers(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=bo")
    shown = final.final_report()
    refresh, view = shown.widget.children
    assert "No answers yet" in view.value
    answer("treatment", 0, True)
    refresh.click()
    assert "Treatment" in view.value and "1 of " in view.value


def test_chart_png_is_deterministic(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=cy")
    answer("anatomy", 0, True)
    report = final.build_report(current_learner())
    assert final.chart_png(report) == final.chart_png(report)


def test_a_report_with_no_answers_does_not_import_matplotlib(tmp_path) -> None:
    """Every final-page load builds the report; with nothing to draw it must not pay for matplotlib."""
    import subprocess
    import sys

    code = ("import sys\nfrom lesson.pages.final import final_report\nfinal_report()\n"
            "print('matplotlib' in sys.modules)")
    env = {"LESSON_DB": str(tmp_path / "db.sqlite3"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
