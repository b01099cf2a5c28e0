"""`make app`: a page that is left (closed, reloaded, navigated away) frees its kernel at once.

Voila starts a kernel per page load; without the _xsrf cookie its unload beacon is refused and
every load would keep a kernel until culled (lesson.app.pagehandler). The jupyter-server path is
tested in test_jupyter_server.py.
"""

from __future__ import annotations

import pytest
from conftest import LessonServer, leave_and_wait_kernel_gone, open_lesson
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_leaving_a_chapter_frees_its_kernel(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/01_anatomy.ipynb?learner=leaver", ".lesson-quiz")
    assert "_xsrf" in {c["name"] for c in page.context.cookies()}
    assert leave_and_wait_kernel_gone(page, server.url)
