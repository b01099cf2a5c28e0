"""The final report against a seeded temporary database (and an empty one), and how it follows
the quiz on the same page: it always says what the score says, with no Refresh button."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from lesson.content_model.questions import version
from lesson.pages import final
from lesson.progress.identity import current_learner
from lesson.progress.scoring import quiz_score, storage_key, store_for
from lesson.progress.store import Attempt
from lesson.quiz.bank import questions


def answer(quiz_id: str, index: int, correct: bool, kind: str = "check") -> str:
    learner = current_learner()
    q = questions(quiz_id)[index]
    store_for(learner).add(Attempt(storage_key(learner), quiz_id, q.id, version(q), None,
                                   1.0 if correct else 0.0, correct, kind))
    return q.objective


def view_of(shown: final.Shown) -> widgets.HTML:
    (view,) = shown.widget.children
    return view


def test_empty_database_says_no_answers_yet():
    shown = final.final_report()
    assert repr(shown) == "final report\n" + final.NO_ANSWERS
    assert "No answers yet" in view_of(shown).value
    assert "Refresh" not in final.NO_ANSWERS


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
    markup = view_of(shown).value
    bar = re.search(r'<li class="lesson-final-bar lesson-final-bar-anatomy">(.*?)</li>', markup).group(1)
    assert "Anatomy of the lower back" in bar and str(scores["anatomy"]) in bar
    share = round(100 * 2 / scores["anatomy"].total)
    assert f'style="width:{share}%"' in bar and 'aria-hidden="true"' in bar
    assert "?learner=ann" in markup, "review links keep the learner in the query"
    assert "What to review next" in markup
    assert "<img" not in markup, "HTML bars, not a picture: they fit a phone"


def test_report_follows_each_change_of_the_quiz(monkeypatch: pytest.MonkeyPatch):
    """A Check changes the quiz's score line and feedback; the report is built again each time."""
    monkeypatch.setenv("LESSON_QUERY", "learner=bo")
    score_line = widgets.HTML("")
    score_line.add_class("lesson-score")
    feedback = widgets.HTML("")
    feedback.add_class("lesson-feedback")
    unrelated = widgets.HTML("")
    shown = final.final_report()
    view = view_of(shown)
    assert "No answers yet" in view.value
    assert score_line in final.quiz_parts() and feedback in final.quiz_parts()
    assert unrelated not in final.quiz_parts()

    answer("final", 0, False)  # a wrong first answer: the score line reads the same ("0 of N")...
    feedback.value = "<p>Not quite.</p>"  # ...but the feedback changes
    expected = quiz_score(current_learner(), "final")
    assert "No answers yet" not in view.value
    assert f"<span class=\"lesson-final-bar-score\">{expected}</span>" in view.value

    answer("final", 0, True)
    score_line.value = f"Score: {quiz_score(current_learner(), 'final')}"
    expected = quiz_score(current_learner(), "final")
    assert expected.correct == 1
    assert f"<span class=\"lesson-final-bar-score\">{expected}</span>" in view.value
    assert "lesson-final-bar-treatment" in view.value


def test_a_failing_rebuild_shows_a_friendly_message(monkeypatch: pytest.MonkeyPatch):
    score_line = widgets.HTML("")
    score_line.add_class("lesson-score")
    shown = final.final_report()

    def broken(_learner: object) -> final.Report:
        raise OSError("database is locked")

    monkeypatch.setattr(final, "build_report", broken)
    score_line.value = "Score: 1 of 25 correct"
    assert 'class="lesson-error"' in view_of(shown).value
    assert "database is locked" not in view_of(shown).value


def test_a_report_never_imports_matplotlib(tmp_path) -> None:
    """Every final-page load and every Check builds the report: it must not pay for a chart library."""
    import subprocess
    import sys

    code = ("import sys\nfrom lesson.pages.final import final_report\nfinal_report()\n"
            "print('matplotlib' in sys.modules)")
    env = {"LESSON_DB": str(tmp_path / "db.sqlite3"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
