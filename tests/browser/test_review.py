"""Issue 16 in a real browser: a very sure wrong answer comes back on the review page; moving the
(test-only) clock brings it back again; a right answer moves its next date out. Also axe and the
keyboard on the "how sure are you?" control, at phone width (390 px)."""

from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS, LessonServer, axe_source, open_lesson, screenshot
from keyboard import answer, right_and_wrong
from playwright.sync_api import Locator, Page, expect

from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
LEARNER = "reviewer"
QUIZ = "seek-help"  # a safety chapter: a confident mistake there matters most
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture
def clock_server(start_server, tmp_path):
    """A private server whose review clock the test moves (test-only hook, off in normal use)."""
    offset = tmp_path / "clock-offset-days"
    offset.write_text("0")
    srv = start_server(env_extra={"LESSON_TEST_CLOCK": "1", "LESSON_CLOCK_FILE": str(offset)})
    return srv, offset


def _say_how_sure(page: Page, box: Locator, level: int) -> None:
    """Low (0), medium (1) or high (2) by keyboard alone: Space on the first, then arrow keys."""
    box.locator(".lesson-sure input[type=radio]").first.focus()
    page.keyboard.press("Space")
    for _ in range(level):
        page.keyboard.press("ArrowRight")
    chosen = box.locator(".lesson-sure label:has(input:checked)")
    expect(chosen).to_have_text(["Low", "Medium", "High"][level])


def _review(page: Page, srv: LessonServer) -> str:
    open_lesson(page, srv, f"/voila/render/review.ipynb?learner={LEARNER}", ".lesson-review-count")
    return page.locator(".lesson-review-count").inner_text()


def test_confident_mistake_comes_back_and_a_right_answer_moves_out(page: Page, clock_server) -> None:
    srv, offset = clock_server
    q = next(q for q in questions(QUIZ) if q.type in ("single", "truefalse"))
    right, wrong = right_and_wrong(q)
    page.set_viewport_size({"width": 390, "height": 844})
    open_lesson(page, srv, f"/voila/render/06_seek_help.ipynb?learner={LEARNER}", ".lesson-sure-switch")

    # The switch and the radio group, by keyboard: Space turns the switch on, arrows pick "High".
    switch = page.locator(".lesson-sure-switch input[type=checkbox]")
    switch.focus()
    page.keyboard.press("Space")
    box = page.locator(f".lesson-q-{q.id}")
    expect(box.locator(".lesson-sure")).to_be_visible()
    assert box.locator(".lesson-sure input[type=radio]").count() == 3
    _say_how_sure(page, box, 2)
    answer(page, q, wrong)
    expect(box.locator(".lesson-feedback")).to_contain_text("Not quite")
    expect(page.locator(".lesson-cbm-line")).to_contain_text("Certainty-based mark: -6")
    expect(page.locator(".lesson-cbm-line")).to_contain_text("safety question")
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the chapter scrolls sideways at 390 px ({widths})"
    ARTIFACTS.mkdir(exist_ok=True)
    box.screenshot(path=str(ARTIFACTS / "review-confidence-390.png"))
    page.locator(".lesson-cbm-line").screenshot(path=str(ARTIFACTS / "review-cbm-390.png"))
    page.add_script_tag(content=axe_source())
    assert page.evaluate(AXE_RUN) == []

    # The review page lists it as due today.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert "1 question is due for review today." in _review(page, srv)
    box = page.locator(f".lesson-q-{q.id}")
    _say_how_sure(page, box, 0)
    answer(page, q, wrong)
    expect(page.locator(".lesson-review-when")).to_contain_text("See this again tomorrow")
    page.add_script_tag(content=axe_source())
    assert page.evaluate(AXE_RUN) == []
    screenshot(page, "review-due-1280")
    page.set_viewport_size({"width": 1920, "height": 1080})
    screenshot(page, "review-due-1920")
    assert "Your next review is tomorrow" in _review(page, srv)

    # A day later (test clock) it comes back; a right, very sure answer sends it further out.
    offset.write_text("1")
    assert "1 question is due for review today." in _review(page, srv)
    box = page.locator(f".lesson-q-{q.id}")
    _say_how_sure(page, box, 2)
    answer(page, q, right)
    when = page.locator(".lesson-review-when")
    expect(when).to_contain_text("See this again in ")
    days = int(re.search(r"in (\d+) days", when.inner_text()).group(1))
    assert days > 1, when.inner_text()
