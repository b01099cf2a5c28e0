"""Smoke: the app's front door leads to the landing page, which shows every chapter card."""

from __future__ import annotations

import pytest
from conftest import LessonServer, page_text, wait_rendered
from playwright.sync_api import Page

from lesson.app import nav

pytestmark = pytest.mark.browser


def test_root_redirects_to_landing_and_shows_cards(page: Page, server: LessonServer) -> None:
    page.goto(server.url + "/?learner=ann")
    wait_rendered(page)
    page.wait_for_selector(".lesson-card")
    assert page.url == server.url + "/voila/render/index.ipynb?learner=ann"
    cards = page.locator(".lesson-card a")
    assert cards.count() == len(nav.chapters())
    for i, ch in enumerate(nav.chapters()):
        assert cards.nth(i).get_attribute("href") == f"{ch.notebook}?learner=ann"
    text = page_text(page)
    assert "Traceback" not in text
    assert "Error" not in text
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
