"""The red-flag self-check is safe: ticking an emergency sign shows the emergency advice."""

from __future__ import annotations

import pytest
from conftest import LessonServer, open_lesson
from keyboard import HUMAN_PAUSE_MS
from playwright.sync_api import Page, expect

from lesson.redflags import load_redflags

pytestmark = pytest.mark.browser


def test_emergency_sign_shows_emergency_advice(page: Page, server: LessonServer) -> None:
    flags = load_redflags()  # the advice with help.yaml's emergency line filled in, as the page shows it
    sign = next(s for s in flags.signs if s.tier == "emergency")
    advice = flags.tiers["emergency"].advice
    open_lesson(page, server, "/voila/render/06_seek_help.ipynb?learner=flags", ".lesson-redflag")
    check = page.locator(".lesson-redflag").get_by_label(sign.text, exact=False).first
    check.check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    expect(page.locator(".lesson-redflag").get_by_role("button", name="See the advice")).to_have_count(0)
    first_words = advice.split("[")[0].strip()[:60]
    expect(page.locator(".lesson-redflag")).to_contain_text(first_words)
