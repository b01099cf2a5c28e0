"""Every page of the app: renders without errors, charts have alt text, axe finds nothing serious,
no request leaves the machine, and nothing scrolls sideways at 320 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import QUIZ_READY, LessonServer, Recorded, axe_source, open_lesson, page_text, screenshot
from PIL import Image
from playwright.sync_api import Page

from lesson.app import nav

pytestmark = pytest.mark.browser
ERROR_WORDS = ("Traceback", "Error")
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.mark.parametrize("notebook", [nav.INDEX, *(c.notebook for c in nav.chapters()), nav.GLOSSARY])
def test_page_renders_cleanly(
    page: Page, server: LessonServer, requests_seen: Recorded, notebook: str
) -> None:
    open_lesson(page, server, f"/voila/render/{notebook}?learner=pages", ".lesson-help-line")
    text = page_text(page)
    for word in ERROR_WORDS:
        assert word not in text, f"{notebook}: {word!r} on the page"
    assert page.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
    if notebook != nav.GLOSSARY:
        page.wait_for_selector(".lesson-footer .lesson-nav")
    for img in page.locator(".lesson-chart img").all():
        assert (img.get_attribute("alt") or "").strip(), f"{notebook}: chart image without alt text"
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"{notebook}: chart image not loaded"
    page.add_script_tag(content=axe_source())
    serious = page.evaluate(AXE_RUN)
    assert serious == [], f"{notebook}: axe found {serious}"
    assert requests_seen.foreign() == [], f"{notebook}: requests left the machine"
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function("() => window.innerWidth === 320")
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{notebook}: scrolls sideways at 320 px ({widths})"


def _a_whole_page(path: Path, width: int) -> None:
    """The screenshot is the page at this width, taller than one screen, and not blank."""
    with Image.open(path) as img:
        assert img.width == width and img.height > 900, f"{path.name}: {img.size}"
        colours = img.convert("RGB").getcolors(maxcolors=100_000)
        assert colours is None or len(colours) > 50, f"{path.name}: (nearly) blank, {len(colours)} colours"


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 375)])
def test_screenshots(page: Page, server: LessonServer, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_lesson(page, server, "/?learner=shots", ".lesson-card")
    _a_whole_page(screenshot(page, f"landing-{name}"), width)
    open_lesson(page, server, "/voila/render/02_causes.ipynb?learner=shots", QUIZ_READY)
    _a_whole_page(screenshot(page, f"chapter-causes-{name}"), width)


def test_tree_page_is_offline_and_has_lang(page: Page, server: LessonServer, requests_seen: Recorded) -> None:
    page.goto(server.url + "/voila/tree/notebooks_does_not_matter")
    page.goto(server.url + "/voila/tree")
    page.wait_for_selector(".lesson-help-line")  # the bare tree address leads to the landing page
    assert requests_seen.foreign() == []
    assert page.evaluate("() => document.documentElement.lang") == "en"
