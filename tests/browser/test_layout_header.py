"""The page frame at a phone (390 px), a laptop (1280 px) and a projector (1920 px): the title is on
the first screen, the nav line is one line and stays at the top, nothing is wider than a phone,
the contents drawer lists every chapter, real tab titles, a skip link, a strong focus ring and
axe finds nothing (issue 10, "What to build" 2).

Screenshots of each chapter's first screen go to artifacts/layout-<chapter>-<width>.png for review.
"""

from __future__ import annotations

import re

import pytest
from conftest import LessonServer, NewContext, axe_source, open_lesson, screenshot
from playwright.sync_api import Page, expect

from lesson.app import chrome, nav

pytestmark = pytest.mark.browser
SIZES = {390: 844, 1280: 800, 1920: 1080}
H1 = "document.querySelector('#rendered_cells h1')"
AXE_ALL = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""
TOO_WIDE = """() => {
  const vw = document.documentElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') { const r = a.getBoundingClientRect(); return r.right <= vw + 1 && r.left >= -1; }
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // hidden or visually hidden
    if (r.right <= vw + 1 && r.left >= -1) continue;
    if (clipped(el)) continue;  // inside a box that scrolls or clips and itself fits
    out.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.') +
             ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
  }
  return out.slice(0, 8);
}"""


def new_page(new_context: NewContext, width: int) -> Page:
    ctx = new_context(viewport={"width": width, "height": SIZES[width]})
    ctx.set_default_timeout(90_000)
    return ctx.new_page()


def title_top(page: Page) -> float:
    return float(page.evaluate(f"() => {H1}.getBoundingClientRect().top"))


def scroll_page(page: Page, by: int) -> None:
    """Scroll whatever scrolls the lesson (Voila's box or the document)."""
    page.evaluate("""by => {
      const cells = document.getElementById('rendered_cells');
      const o = cells ? getComputedStyle(cells).overflowY : 'visible';
      const box = cells && (o === 'auto' || o === 'scroll') && cells.scrollHeight > cells.clientHeight
        ? cells : document.scrollingElement;
      box.scrollTop += by;
    }""", by)


@pytest.mark.parametrize("width", list(SIZES))
def test_every_chapter_first_screen(new_context: NewContext, server: LessonServer, width: int) -> None:
    """Title on the first screen (top quarter of a laptop or projector), one nav line that stays at
    the top when the page scrolls, the help line whole, nothing wider than the screen."""
    page = new_page(new_context, width)
    height = SIZES[width]
    for number, ch in enumerate(nav.chapters(), start=1):
        open_lesson(page, server, f"/voila/render/{ch.notebook}?learner=layout-{width}", ".lesson-footer")
        assert page.title() == f"{ch.title} — Lower-back spasms"
        top = title_top(page)
        h1_bottom = page.evaluate(f"() => {H1}.getBoundingClientRect().bottom")
        if width == 390:
            assert h1_bottom <= height, f"{ch.id}: the title is below the first phone screen ({h1_bottom})"
        else:
            assert top <= 0.25 * height, f"{ch.id}: the title starts at {top:.0f} px of {height}"
        help_line = page.locator(".lesson-header .lesson-help-line")
        assert chrome.help_text() in help_line.inner_text(), "the help line is shown whole"
        assert help_line.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the help line is not cut"
        items = page.locator(".lesson-nav-top > ul > li")
        boxes = [items.nth(i).bounding_box() for i in range(items.count())]
        middles = [b["y"] + b["height"] / 2 for b in boxes]
        assert max(middles) - min(middles) <= 4, f"{ch.id}: the nav line wraps at {width} px ({middles})"
        where = page.locator(".lesson-nav-top .lesson-nav-where")
        assert where.text_content() == f"Chapter {number} of {len(nav.chapters())}"
        screenshot_first_screen(page, f"layout-{ch.id}-{width}")
        scroll_page(page, 1500)
        expect(page.locator(".lesson-nav-top")).to_be_in_viewport()
        nav_top = page.locator(".lesson-nav-top").bounding_box()["y"]
        assert abs(nav_top) <= 1, f"{ch.id}: the nav line does not stay at the top ({nav_top})"
        if width == 390:
            assert page.evaluate(TOO_WIDE) == [], f"{ch.id}: wider than the phone"
            widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{ch.id}: the page scrolls sideways ({widths})"
    page.context.close()


def screenshot_first_screen(page: Page, name: str) -> None:
    from conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [390, 1280])
def test_contents_drawer_lists_every_chapter(new_context: NewContext, server: LessonServer,
                                             width: int) -> None:
    page = new_page(new_context, width)
    open_lesson(page, server, "/voila/render/04_treatment.ipynb?learner=drawer", ".lesson-quiz .lesson-check")
    toggle = page.locator(".lesson-nav-top .lesson-contents-toggle")
    toggle.focus()
    expect(toggle).to_be_focused()  # the whole page has rendered; nothing takes the focus away
    page.keyboard.press("Enter")
    panel = page.locator(".lesson-contents-panel")
    expect(panel).to_be_visible()
    links = panel.locator(".lesson-contents-chapter-link")
    assert links.count() == len(nav.chapters())
    for n, ch in enumerate(nav.chapters(), start=1):
        assert re.sub(r"\s+", " ", links.nth(n - 1).inner_text()).strip() == f"{n}. {ch.title}"
        assert links.nth(n - 1).get_attribute("href").startswith(ch.notebook)
    assert links.nth(4).get_attribute("aria-current") == "page"
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, "the drawer fits the screen"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('lesson-contents-toggle')")
    toggle.click()
    panel.locator("a[href='#Keep-moving']").click()  # a section of this page: jump there, drawer closes
    expect(panel).to_be_hidden()
    heading = page.locator("h2#Keep-moving")
    expect(heading).to_be_in_viewport()
    nav_bottom = page.locator(".lesson-nav-top").bounding_box()
    assert heading.bounding_box()["y"] >= nav_bottom["y"] + nav_bottom["height"] - 1, "not under the nav"
    page.context.close()


def test_skip_link_and_focus_ring(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/03_diagnosis.ipynb?learner=skip", ".lesson-footer")
    page.keyboard.press("Tab")
    skip = page.locator(".lesson-skip-link")
    assert page.evaluate("() => document.activeElement.className") == "lesson-skip-link"
    expect(skip).to_be_in_viewport()
    ring = skip.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
    assert ring == ["solid", "3px"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement === document.querySelector('#rendered_cells h1')")
    page.locator(".lesson-nav-top .lesson-nav-next").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, s.boxShadow]; }""")
    assert style[0] == "solid" and style[1] >= 3 and style[2] in ("rgb(11, 12, 12)", "rgb(255, 255, 255)")
    assert "255, 191, 71" in style[3] or "255, 212, 121" in style[3], "a yellow halo around the dark ring"


@pytest.mark.parametrize("width", list(SIZES))
def test_axe_finds_nothing_on_landing_and_chapter(new_context: NewContext, server: LessonServer,
                                                  width: int) -> None:
    page = new_page(new_context, width)
    for path in ("/voila/render/index.ipynb?learner=axe", "/voila/render/04_treatment.ipynb?learner=axe"):
        open_lesson(page, server, path, ".lesson-footer")
        page.add_script_tag(content=axe_source())
        found = page.evaluate(AXE_ALL)
        assert found == [], f"{path} at {width} px: {found}"
    page.locator("a.lesson-term").first.click()
    expect(page.locator(".lesson-term-pop")).to_be_visible()
    page.evaluate("() => { document.querySelector('details.lesson-contents').open = true; }")
    expect(page.locator(".lesson-contents-panel")).to_be_visible()
    found = page.evaluate(AXE_ALL)
    assert found == [], f"treatment with the drawer and a pop-up open at {width} px: {found}"
    page.context.close()


def test_landing_shows_progress_bars_and_continue(page: Page, server: LessonServer) -> None:
    from conftest import answer_one_right

    open_lesson(page, server, "/voila/render/index.ipynb?learner=cont-a", ".lesson-card")
    assert page.title() == "Lower-back spasms: an evidence-checked lesson"
    expect(page.locator(".lesson-continue")).to_have_text(re.compile(r"^Start: Chapter 1, Start here"))
    expect(page.locator(".lesson-nav-top .lesson-nav-next")).to_contain_text("Start")
    open_lesson(page, server, "/voila/render/01_anatomy.ipynb?learner=cont-a", ".lesson-quiz .lesson-check")
    answer_one_right(page)
    open_lesson(page, server, "/voila/render/index.ipynb?learner=cont-a", ".lesson-card")
    cont = page.locator(".lesson-continue")
    expect(cont).to_have_text(re.compile(r"^Continue: Chapter 2, Anatomy of the lower back"))
    assert cont.get_attribute("href") == "01_anatomy.ipynb?learner=cont-a"
    expect(page.locator(".lesson-nav-top .lesson-nav-next")).to_contain_text("Continue")
    fill = page.locator(".lesson-card-anatomy .lesson-card-bar-fill")
    track = page.locator(".lesson-card-anatomy .lesson-card-bar")
    assert 0 < fill.bounding_box()["width"] < track.bounding_box()["width"]
    titles = page.locator(".lesson-card-title").all_inner_texts()
    assert [t.split(".")[0] for t in titles] == [str(n) for n in range(1, len(nav.chapters()) + 1)]
    assert screenshot(page, "layout-landing-progress").stat().st_size > 0
