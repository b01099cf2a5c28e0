"""A widget callback that raises: the learner sees a short friendly sentence, the page shows no
error banner or traceback, and the full traceback is in the server log.

The failure is made from outside the product code: a test-only notebook, served from a temporary
folder, replaces the grading function the quiz calls before it builds the quiz.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from conftest import QUIZ_READY, LessonServer, assert_no_error_shown, open_lesson
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.errors import FRIENDLY
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
BOOM = "grading exploded on purpose (browser test)"
BREAK_GRADING = f"""from unittest import mock
from lesson.quiz import question_view
question_view.grade = mock.Mock(side_effect=RuntimeError({BOOM!r}))"""
SHOW_QUIZ = """from lesson import ui
ui.quiz("anatomy")"""


def failing_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BREAK_GRADING), nbformat.v4.new_code_cell(SHOW_QUIZ)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "broken_quiz.ipynb"
    nbformat.write(nb, path)
    return path


def test_raising_callback_shows_a_friendly_message(
    page: Page, start_server: Callable[..., LessonServer], tmp_path: Path
) -> None:
    root = tmp_path / "notebooks"
    root.mkdir()
    failing_notebook(root)
    srv = start_server(root=root)
    open_lesson(page, srv, "/voila/render/broken_quiz.ipynb?learner=oops", QUIZ_READY)
    q = next(q for q in questions("anatomy") if q.type in ("single", "truefalse"))
    right, _ = right_and_wrong(q)
    box = answer(page, q, right)
    expect(box.locator(".lesson-feedback .lesson-error")).to_have_text(FRIENDLY)
    expect(box.locator(".lesson-feedback [aria-live='polite']")).to_have_count(1)
    assert_no_error_shown(page)
    assert BOOM not in page.evaluate("() => document.body.innerText")
    log = srv.log()
    assert "Traceback (most recent call last)" in log
    assert f"RuntimeError: {BOOM}" in log
    assert "callback" in log and "failed" in log
