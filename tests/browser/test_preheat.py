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
from conftest import QUIZ_READY, LessonServer, answer_one_right, one_right_score, open_lesson
from playwright.sync_api import Page, expect

from lesson.paths import notebooks_dir

pytestmark = pytest.mark.browser
PREHEATED = "Using pre-heated kernel"
POOL_FILLED = "is filled with"
"""Voila logs "Kernel pool of <notebook> is filled with N kernel(s)" once the first preheat is done.
A page asked for before that gets an ordinary kernel (Voila knows nothing of the notebook yet),
which on a slow machine made the test's first load miss the pool."""


def test_reload_from_the_pool_shows_the_new_score(
    page: Page, start_server: Callable[..., LessonServer], tmp_path: Path
) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    shutil.copy(notebooks_dir() / "01_anatomy.ipynb", root)  # one notebook: one pool, one kernel
    server = start_server(root=root, args=["--preheat", "1"])
    server.wait_for_log(POOL_FILLED)
    url = "/voila/render/01_anatomy.ipynb?learner=warm-a"
    open_lesson(page, server, url, QUIZ_READY)
    expect(page.locator(".lesson-learner-bar")).to_contain_text("warm-a")
    qid = answer_one_right(page)  # waits for the right mark and the saved score

    page.reload()
    page.wait_for_selector(QUIZ_READY)
    expect(page.locator(".lesson-learner-bar")).to_contain_text("warm-a")
    expect(page.locator(".lesson-quiz .lesson-score")).to_contain_text(one_right_score())
    expect(page.locator(f".lesson-q-{qid} .lesson-mark-correct")).to_be_visible()
    assert server.log().count(PREHEATED) == 2, "both loads should come from the preheated pool"
