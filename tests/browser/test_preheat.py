"""Preheated kernels (``make app PREHEAT=1``): a page opened from the pool shows fresh progress.

A preheated kernel runs the notebook before the request exists, so anything that read the
learner or their progress before ``voila.utils.wait_for_request()`` would show the wrong
learner or a stale score. The test answers a question, reloads at once (the reload is served
by a kernel that was preheated while the first page was open) and expects the new score.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LessonServer, open_lesson
from keyboard import answer, right_and_wrong
from playwright.sync_api import Page, expect

from lesson.paths import notebooks_dir
from lesson.progress.scoring import Score
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
QUIZ_READY = ".lesson-quiz .lesson-check"
PREHEATED = "Using pre-heated kernel"


def test_reload_from_the_pool_shows_the_new_score(
    page: Page, start_server: Callable[..., LessonServer], tmp_path: Path
) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    shutil.copy(notebooks_dir() / "01_anatomy.ipynb", root)  # one notebook: one pool, one kernel
    server = start_server(root=root, args=["--preheat", "1"])
    url = "/voila/render/01_anatomy.ipynb?learner=warm-a"
    open_lesson(page, server, url, QUIZ_READY)
    expect(page.locator(".lesson-learner-bar")).to_contain_text("warm-a")
    q = questions("anatomy")[0]
    right, _ = right_and_wrong(q)
    answer(page, q, right)
    expect(page.locator(f".lesson-q-{q.id} .lesson-mark-correct")).to_be_visible()
    total = len(questions("anatomy"))
    expect(page.locator(".lesson-score").first).to_contain_text(str(Score(1, total, 1)))

    page.reload()
    page.wait_for_selector(QUIZ_READY)
    expect(page.locator(".lesson-learner-bar")).to_contain_text("warm-a")
    expect(page.locator(".lesson-score").first).to_contain_text(str(Score(1, total, 1)))
    expect(page.locator(f".lesson-q-{q.id} .lesson-mark-correct")).to_be_visible()
    assert server.log().count(PREHEATED) == 2, "both loads should come from the preheated pool"
