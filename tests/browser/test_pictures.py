"""The explanatory pictures (saddle area, leg-symptom chart, bulging disc) on a 390 px phone: each
is visible, no wider than the screen, has an accessible name (its alt text), its smallest label is
at least 12 CSS px, and axe finds nothing. Also at 1920 px: a picture stays a sensible size.

The pictures are served from a temporary notebook that calls ``ui.diagram`` for each, so this test
does not depend on the rest of the chapters. Screenshots: artifacts/pictures-<width>.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import nbformat
import pytest
from conftest import (
    LessonServer,
    assert_no_error_shown,
    axe_source,
    one_notebook_server,
    open_lesson,
    screenshot,
)
from playwright.sync_api import Page, expect

from lesson.pages import picture_drawings, pictures

pytestmark = pytest.mark.browser
IDS = sorted(pictures.PICTURES)
AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""
MEASURE = """(img) => {
  const r = img.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width, natural: img.naturalWidth,
          complete: img.complete, viewport: document.documentElement.clientWidth,
          pageWidth: document.documentElement.scrollWidth};
}"""


@pytest.fixture(scope="module")
def pictures_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LessonServer]:
    cells = ['from lesson import ui\nui.header("seek-help")', nbformat.v4.new_markdown_cell("# Pictures")]
    cells += [f'ui.diagram("{pid}")' for pid in IDS] + ['ui.footer("seek-help")']
    yield from one_notebook_server(tmp_path_factory, "pictures", cells)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1920, 1080)])
def test_pictures_fit_have_names_and_readable_labels(
    page: Page, pictures_server: LessonServer, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_lesson(page, pictures_server, "/voila/render/pictures.ipynb?learner=pictures", ".lesson-picture img")
    assert_no_error_shown(page)
    for pid in IDS:
        img = page.locator(f"#picture-{pid} img")
        img.scroll_into_view_if_needed()
        expect(img).to_be_visible()
        expect(img).to_have_accessible_name(pictures.picture_alt(pid))
        expect(page.locator(f"#picture-{pid} figcaption")).to_be_visible()
        seen = img.evaluate(MEASURE)
        assert seen["complete"] and seen["natural"] in (picture_drawings.W, pictures.WIDE_W), seen
        assert seen["left"] >= -1 and seen["right"] <= seen["viewport"] + 1, seen
        assert seen["pageWidth"] <= seen["viewport"] + 1, f"the page scrolls sideways: {seen}"
        smallest = picture_drawings.LABEL * seen["width"] / seen["natural"]
        assert smallest >= 12, f"{pid}: labels {smallest:.1f} px at {width} px"
        if width > 1000:  # a sensible size on a laptop or projector: not blown up to the whole column
            assert seen["width"] <= 760, f"{pid} is {seen['width']} px wide on a {width} px screen"
    if width == 390:
        page.add_script_tag(content=axe_source())
        assert page.evaluate(AXE) == []
    screenshot(page, f"pictures-{width}")
