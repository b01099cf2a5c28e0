"""Review baselines: what a person sees first on every page, and one question of each type,
at phone, laptop and projector sizes (issue 10).

Each screenshot is compared with a committed baseline in ``tests/browser/baselines/`` with a
tolerance, so an unintended change of layout fails here and shows up as a reviewable picture.
Baselines are small on purpose: grey, 320 px wide. When the design changes on purpose,
refresh them with ``make screenshots`` and look at the new pictures before committing them.
A missing baseline fails (it is never skipped).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTIFACTS, LessonServer, open_lesson
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

BASELINES = Path(__file__).resolve().parent / "baselines"
UPDATE = os.environ.get("LESSON_UPDATE_BASELINES") == "1"
WIDTH = 320
"""Baselines are stored this wide, in grey: enough to see a layout change, small in the repository."""
SIZES = {"phone": (390, 844), "laptop": (1280, 800), "projector": (1920, 1080)}
PAGES = ["index", "00_start_here", "01_anatomy", "02_causes", "03_diagnosis", "04_treatment",
         "05_natural_prevention", "06_seek_help", "07_final_assessment", "glossary"]
QUESTIONS = {  # one practice question of each type, all in Start here
    "single": "start-practice-emergency",
    "multiple": "start-practice-emergency-signs",
    "truefalse": "start-practice-gets-better",
    "verdict": "start-practice-scans",
    "numeric": "start-practice-lumbar-count",
    "ordering": "start-practice-care-levels",
    "matching": "start-practice-words",
    "labelling": "start-practice-diagram",
}
MEAN_LIMIT = 4.0
"""Largest mean grey-level difference (0-255) accepted: anti-aliasing noise is well below 1."""
CHANGED_LIMIT = 0.03
"""Largest share of pixels allowed to differ by more than 48 grey levels."""


def small(png: bytes) -> Image.Image:
    """The picture as stored: grey, ``WIDTH`` px wide, height in proportion."""
    image = Image.open(io.BytesIO(png)).convert("L")
    height = max(1, round(image.height * WIDTH / image.width))
    return image.resize((WIDTH, height), Image.Resampling.LANCZOS)


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean grey difference, share of pixels that differ a lot); pictures of other heights differ fully."""
    if a.size != b.size:
        return 255.0, 1.0
    diff = ImageChops.difference(a, b)
    changed = diff.point(lambda v: 255 if v > 48 else 0).convert("1").histogram()[255]  # white = differs
    return ImageStat.Stat(diff).mean[0], changed / (a.width * a.height)


def compare(name: str, png: bytes) -> str | None:
    """Compare with (or, when refreshing on purpose, write) the baseline ``name``; what differs, or None."""
    current = small(png)
    path = BASELINES / f"{name}.png"
    if UPDATE:
        BASELINES.mkdir(exist_ok=True)
        current.save(path, optimize=True)
        return None
    if not path.exists():
        return f"no baseline {path.name}: run `make screenshots`, look at the pictures, commit"
    mean, changed = difference(Image.open(path).convert("L"), current)
    if mean > MEAN_LIMIT or changed > CHANGED_LIMIT:
        ARTIFACTS.mkdir(exist_ok=True)
        current.save(ARTIFACTS / f"baseline-now-{name}.png")
        return (f"{name} differs from its baseline (mean {mean:.1f} > {MEAN_LIMIT} or changed "
                f"{changed:.1%} > {CHANGED_LIMIT:.0%}); see artifacts/baseline-now-{name}.png")
    return None


@pytest.fixture(scope="module")
def fresh() -> Iterator[LessonServer]:
    """A server of its own with an empty database, so other tests' answers never show here."""
    srv = LessonServer().start()
    yield srv
    srv.stop()


def settle(page: Page) -> None:
    """Wait until the whole page has rendered and its images have loaded, then go to the top."""
    page.wait_for_selector(".lesson-footer, .lesson-cards", state="attached")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    # the widgets too (the page is readable before its kernel is ready, with placeholders)
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget')")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


def resize(page: Page, size: str) -> None:
    """Show the open page at ``size``: the layout (and each chart's phone or wide picture) follows
    the window as it would on that screen, without loading the page again."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    settle(page)


def verdict(problems: list[str | None]) -> None:
    found = [p for p in problems if p]
    assert not found, "\n".join(found) + "\n(run `make screenshots` if the change is intended)"


@pytest.mark.parametrize("notebook", PAGES)
def test_first_screen(page: Page, fresh: LessonServer, notebook: str) -> None:
    """The first screen of each page at the three sizes (one page load, each size in turn)."""
    page.set_viewport_size({"width": SIZES["phone"][0], "height": SIZES["phone"][1]})
    open_lesson(page, fresh, f"/voila/render/{notebook}.ipynb")
    problems = []
    for size in SIZES:
        resize(page, size)
        shot = page.screenshot(animations="disabled", caret="hide")
        problems.append(compare(f"page-{notebook}-{size}", shot))
    verdict(problems)


def test_one_question_of_each_type(page: Page, fresh: LessonServer) -> None:
    """One question of each type (all in Start here) at the three sizes."""
    page.set_viewport_size({"width": SIZES["phone"][0], "height": SIZES["phone"][1]})
    open_lesson(page, fresh, "/voila/render/00_start_here.ipynb", ".lesson-quiz .lesson-check")
    problems = []
    for size in SIZES:
        resize(page, size)
        for kind, question_id in QUESTIONS.items():
            question = page.locator(f".lesson-q-{question_id}")
            question.scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            problems.append(compare(f"question-{kind}-{size}",
                                    question.screenshot(animations="disabled", caret="hide")))
    verdict(problems)
