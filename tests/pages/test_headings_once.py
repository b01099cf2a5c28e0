"""Each heading and each introduction is shown once (issue 10: doubled headings, the red-flag intro twice).

A chapter's notebook heading introduces its quiz, its "My back plan" and its red-flag exercise,
so these parts must not print a second heading or the same introduction again.
"""

from __future__ import annotations

import re

import nbformat

from lesson import paths
from lesson.pages.back_plan import BackPlanView
from lesson.quiz.widgets import QuizView
from lesson.redflags import load_redflags


def _html(widget: object) -> str:
    """Every HTML value in a widget tree."""
    out = [str(getattr(widget, "value", "") or "")]
    for child in getattr(widget, "children", ()):
        out.append(_html(child))
    return "\n".join(out)


def _markdown(notebook: str) -> str:
    nb = nbformat.read(paths.notebooks_dir() / notebook, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_a_chapter_quiz_has_no_heading_of_its_own(temp_db: object) -> None:
    html = _html(QuizView("treatment").widget)
    assert not re.search(r"<h[1-6][ >]", html), "the chapter's own heading introduces the quiz"


def test_the_plan_in_a_chapter_has_no_second_heading() -> None:
    in_chapter = _html(BackPlanView(chapter_id="treatment").widget)
    alone = _html(BackPlanView().widget)
    heading = BackPlanView().content.heading
    assert f"<h3>{heading}</h3>" in alone
    assert f"<h3>{heading}</h3>" not in in_chapter


def test_the_red_flag_introduction_is_not_repeated_in_the_chapter() -> None:
    prose = _markdown("06_seek_help.ipynb")
    intro = load_redflags().intro
    assert "symptom checker" in intro.lead  # the widget says it, with its emergency warning
    assert "symptom checker" not in prose
    assert "do not use this exercise" not in prose
