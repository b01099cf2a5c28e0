"""Charts are readable on a phone, a laptop and a projector, measured in the browser (issue 10).

For every chart and diagram on the chapter pages, at 390, 1280 and 1920 px: the image the
browser chose (``currentSrc``) is an SVG; its smallest font, scaled by the shown width over the
SVG's viewBox width, is at least 11 CSS px (12 pt tick labels at least 12 CSS px), the phone gets
the narrow drawing, and no chart is wider than the screen. tests/charts/test_readable.py computes
the same from the figures without a browser.
"""

from __future__ import annotations

import pytest
from conftest import LessonServer, open_lesson
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CHART_PAGES = ("01_anatomy", "02_causes", "03_diagnosis", "04_treatment", "05_natural_prevention")
SIZES = {"phone": (390, 844), "laptop": (1280, 800), "projector": (1920, 1080)}
MEASURE = """() => [...document.querySelectorAll('figure.lesson-chart')].map(f => {
  const img = f.querySelector('img'), r = img.getBoundingClientRect(), src = img.currentSrc || img.src;
  const svg = src.startsWith('data:image/svg+xml;base64,') ? atob(src.split(',')[1]) : '';
  const box = svg.match(/viewBox="0 0 ([\\d.]+)/);
  const fonts = [...svg.matchAll(/font-size: ([\\d.]+)px/g)].map(m => +m[1]);
  return {chart: f.className, svg: !!svg, viewBox: box ? +box[1] : 0, smallest: Math.min(...fonts),
          shown: r.width, right: f.getBoundingClientRect().right};
})"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("notebook", CHART_PAGES)
def test_chart_text_is_readable_and_fits(page: Page, server: LessonServer, notebook: str, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    open_lesson(page, server, f"/voila/render/{notebook}.ipynb?learner=charts", "figure.lesson-chart img")
    page.wait_for_function("() => [...document.querySelectorAll('figure.lesson-chart img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    charts = page.evaluate(MEASURE)
    assert charts, f"{notebook}: no chart found"
    for c in charts:
        assert c["svg"], f"{notebook} {c['chart']}: not an SVG"
        smallest_px = c["smallest"] * c["shown"] / c["viewBox"]
        tick_px = 12 * c["shown"] / c["viewBox"]
        assert smallest_px >= 11, f"{notebook} {c['chart']} at {width}px: smallest text {smallest_px:.1f} px"
        assert tick_px >= 12, f"{notebook} {c['chart']} at {width}px: 12 pt labels {tick_px:.1f} px"
        assert c["right"] <= width, f"{notebook} {c['chart']} at {width}px: wider than the screen"
        if size == "phone":
            assert c["viewBox"] < 400, f"{notebook} {c['chart']}: the phone got the wide drawing"
