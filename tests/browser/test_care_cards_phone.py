"""Care cards, the red-flag result, "My back plan" and the starter movements in a real browser.

At 390 px (a phone) the emergency card is fully visible: not clipped by any ancestor and not
wider than the viewport; the self-check's result appears as boxes are ticked (no button); the
plan saves as a file holding the chosen activity and the emergency signs, and prints on one page.
The parts are served from a temporary notebook that calls their builders, so this test does not
depend on where the chapters show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LessonServer, assert_no_error_shown, one_notebook_server, open_lesson, screenshot
from playwright.sync_api import Locator, Page, expect

from lesson.content_model import load
from lesson.redflags import load_redflags

pytestmark = pytest.mark.browser
CELLS = [
    "from lesson.pages.care_cards import care_cards\ncare_cards()",
    "from lesson.redflags.widget import redflag_check\nredflag_check()",
    "from lesson.pages.back_plan import back_plan\nback_plan()",
    "from lesson.pages.movements import movements\nmovements()",
]
SIZES = [(390, 844), (1280, 800), (1920, 1080)]

CLIPPED_JS = """(el) => {
  const box = el.getBoundingClientRect();
  const area = el.closest('.jp-OutputArea-output') || document.body;
  const room = area.getBoundingClientRect();
  const out = {left: box.left, right: box.right, width: box.width, viewport: window.innerWidth,
               pageWidth: document.documentElement.scrollWidth, clippedBy: [], ownOverflow: [],
               outsideOutput: box.left < room.left - 1 || box.right > room.right + 1};
  for (const node of el.querySelectorAll('*')) {
    if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'visible')
      out.ownOverflow.push(node.className || node.tagName);
  }
  for (let p = el.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    const r = p.getBoundingClientRect();
    if (box.left < r.left - 1 || box.right > r.right + 1) out.clippedBy.push(p.className || p.tagName);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def parts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LessonServer]:
    yield from one_notebook_server(tmp_path_factory, "action_parts", list(CELLS))


def open_parts(page: Page, srv: LessonServer, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_lesson(page, srv, "/voila/render/action_parts.ipynb?learner=cards", ".lesson-plan-sheet")
    page.wait_for_selector(".lesson-redflag .widget-checkbox")


def assert_fully_visible(card: Locator, width: int) -> None:
    card.scroll_into_view_if_needed()
    expect(card).to_be_visible()
    seen = card.evaluate(CLIPPED_JS)
    assert seen["left"] >= -1 and seen["right"] <= width + 1, seen
    assert seen["width"] <= width, seen
    assert seen["clippedBy"] == [], seen
    assert seen["ownOverflow"] == [], seen
    assert not seen["outsideOutput"], f"wider than its output area: {seen}"
    assert seen["pageWidth"] <= width + 1, f"the page scrolls sideways: {seen}"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_emergency_card_is_fully_visible(
    page: Page, parts_server: LessonServer, width: int, height: int
) -> None:
    open_parts(page, parts_server, width, height)
    flags = load_redflags()
    card = page.locator(".lesson-carecards .lesson-carecard-emergency").first
    assert_fully_visible(card, width)
    expect(card).to_contain_text(flags.tiers["emergency"].advice)
    for sign in flags.signs:
        if sign.tier == "emergency":
            expect(card).to_contain_text(sign.text)
    for tier in ("urgent", "routine"):
        assert_fully_visible(page.locator(f".lesson-carecards .lesson-carecard-{tier}").first, width)
    assert_no_error_shown(page)
    screenshot(page, f"care-cards-{width}")


def test_red_flag_result_updates_as_boxes_are_ticked_on_a_phone(
    page: Page, parts_server: LessonServer
) -> None:
    open_parts(page, parts_server, 390, 844)
    flags = load_redflags()
    check = page.locator(".lesson-redflag")
    sign = next(s for s in flags.signs if s.id == "saddle-numbness")
    urgent = next(s for s in flags.signs if s.id == "high-temperature")
    check.get_by_label(urgent.text, exact=True).check()
    result = check.locator(".lesson-redflag-output .lesson-carecard-urgent")
    expect(result).to_contain_text(urgent.text)
    check.get_by_label(sign.text, exact=True).check()
    emergency = check.locator(".lesson-redflag-output .lesson-carecard-emergency")
    expect(emergency).to_contain_text(flags.tiers["emergency"].advice)
    expect(emergency).to_contain_text(sign.text)
    assert_fully_visible(emergency, 390)
    assert_fully_visible(check, 390)
    screenshot(page, "red-flag-result-390")
    check.get_by_role("button", name="Untick all").click()
    expect(check.locator(".lesson-redflag-output .lesson-carecard")).to_have_count(0)


def test_back_plan_saves_a_file_and_prints_on_one_page(page: Page, parts_server: LessonServer) -> None:
    open_parts(page, parts_server, 390, 844)
    content = load.back_plan()
    activity = next(a for a in content.activities if a.id == "heat")
    plan = page.locator(".lesson-plan")
    plan.get_by_label(re.compile("^" + re.escape(activity.label))).check()
    sheet = page.locator(".lesson-plan-sheet")
    expect(sheet).to_contain_text(activity.label)
    assert_fully_visible(sheet, 390)
    assert_fully_visible(page.locator(".lesson-plan textarea"), 390)
    assert_fully_visible(plan, 390)
    sheet.scroll_into_view_if_needed()
    screenshot(page, "back-plan-390")
    with page.expect_download() as info:
        page.locator("a.lesson-plan-save-html").click()
    download = info.value
    assert download.suggested_filename == "my-back-plan.html"
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert activity.label in saved
    flags = load_redflags()
    assert flags.tiers["emergency"].advice.split(",")[0] in saved
    for sign in flags.signs:
        if sign.tier == "emergency":
            assert sign.text.replace("&", "&amp;") in saved or sign.text in saved
    page.evaluate("() => document.body.classList.add('lesson-print-plan')")
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    box = sheet.bounding_box()
    assert box is not None and box["height"] > 300, box
    assert box["y"] < 5, f"the plan starts the printed page: {box}"
    expect(sheet).to_contain_text(activity.label)
    others = (".lesson-redflag", ".lesson-moves", ".lesson-plan-actions", ".lesson-plan .widget-checkbox",
              ".jp-OutputArea-output > .lesson-carecards")
    for other in others:
        expect(page.locator(other).first).to_be_hidden()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"{paper}: the plan prints on {pages} pages"
    page.evaluate("() => document.body.classList.remove('lesson-print-plan')")
    page.emulate_media(media="screen")
    for other in others:
        expect(page.locator(other).first).to_be_visible()


def test_fullest_saved_plan_prints_on_one_page(
    page: Page, parts_server: LessonServer, tmp_path: Path
) -> None:
    """Every activity ticked and the longest note: the saved web page still prints on one page."""
    open_parts(page, parts_server, 1280, 800)
    plan = page.locator(".lesson-plan")
    for box in plan.locator(".widget-checkbox input").all():
        box.check()
    page.locator(".lesson-plan textarea").fill("x" * 400)
    page.locator(".lesson-plan").get_by_role("button", name=load.back_plan().actions.update).click()
    expect(page.locator(".lesson-plan-cut")).to_be_visible()
    with page.expect_download() as info:
        page.locator("a.lesson-plan-save-html").click()
    saved = tmp_path / "plan.html"
    info.value.save_as(saved)
    other = page.context.new_page()
    other.goto(saved.as_uri())
    for paper in ("A4", "Letter"):
        pdf = other.pdf(format=paper, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, paper
    other.close()


def test_movement_drawings_load_with_alt_text(page: Page, parts_server: LessonServer) -> None:
    open_parts(page, parts_server, 390, 844)
    images = page.locator(".lesson-move-pictures img")
    expected = sum(len(m.pictures) for m in load.movements().movements)
    expect(images).to_have_count(expected)
    for img in images.all():
        img.scroll_into_view_if_needed()
        assert img.evaluate("(el) => el.complete && el.naturalWidth > 0")
        assert len(img.get_attribute("alt") or "") > 30
        box = img.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "movements-390")
