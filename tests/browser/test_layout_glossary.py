"""Glossary terms in a chapter open their meaning in a pop-up (keyboard and touch, no navigation);
links to the glossary land on the term; Back returns to the reading position (issue 10, item 8)."""

from __future__ import annotations

import pytest
from conftest import LessonServer, NewContext, open_lesson
from playwright.sync_api import Page, expect

from lesson.content_model import load

pytestmark = pytest.mark.browser
CHAPTER = "/voila/render/04_treatment.ipynb?learner=gloss"
SCROLLER = """() => {
  const cells = document.getElementById('rendered_cells');
  const o = cells ? getComputedStyle(cells).overflowY : 'visible';
  return cells && (o === 'auto' || o === 'scroll') && cells.scrollHeight > cells.clientHeight
    ? cells : document.scrollingElement;
}"""


def meaning(term_id: str) -> str:
    """The definition as glossary.yaml words it, without its citation keys (the first sentence)."""
    term = next(t for t in load.glossary() if t.id == term_id)
    return term.definition.split(". ")[0]


def scroll_top(page: Page) -> float:
    return float(page.evaluate(f"() => ({SCROLLER})().scrollTop"))


def test_a_term_opens_and_closes_by_keyboard(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, CHAPTER, ".lesson-footer")
    url = page.url
    term = page.locator("a.lesson-term[href*='#acute']").first
    expect(term).to_have_attribute("role", "button")
    expect(term).to_have_attribute("aria-expanded", "false")
    term.focus()
    page.keyboard.press("Enter")
    pop = page.locator(".lesson-term-pop")
    expect(pop).to_be_visible()
    expect(pop).to_contain_text(meaning("acute"))
    expect(term).to_have_attribute("aria-expanded", "true")
    assert term.get_attribute("aria-controls") == pop.get_attribute("id")
    assert page.url == url, "a term never leaves the page"
    page.keyboard.press("Escape")
    expect(pop).to_have_count(0)
    expect(term).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("() => document.activeElement.classList.contains('lesson-term')"), "focus returns"
    page.keyboard.press("Space")
    expect(pop).to_be_visible()
    page.keyboard.press("Tab")  # into the pop-up: its link to the glossary
    assert page.evaluate("() => document.activeElement.classList.contains('lesson-term-more')")
    page.keyboard.press("Tab")  # its close button
    page.keyboard.press("Enter")
    expect(pop).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_term_opens_and_closes_by_touch(new_context: NewContext, server: LessonServer,
                                          width: int) -> None:
    ctx = new_context(viewport={"width": width, "height": 844}, has_touch=True, is_mobile=width < 500)
    ctx.set_default_timeout(90_000)
    page = ctx.new_page()
    open_lesson(page, server, CHAPTER, ".lesson-footer")
    url = page.url
    term = page.locator("a.lesson-term[href*='#nsaid']").first
    term.scroll_into_view_if_needed()
    term.tap()
    pop = page.locator(".lesson-term-pop")
    expect(pop).to_be_visible()
    expect(pop).to_contain_text(meaning("nsaid"))
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the pop-up fits the screen"
    assert page.url == url
    pop.locator(".lesson-term-pop-close").tap()
    expect(pop).to_have_count(0)
    term.tap()
    expect(pop).to_be_visible()
    page.locator("#rendered_cells h1").tap()  # anywhere else
    expect(pop).to_have_count(0)
    ctx.close()


def test_glossary_links_land_on_the_term(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, "/voila/render/glossary.ipynb?learner=gloss#sciatica", ".lesson-footer")
    entry = page.locator("#sciatica")
    expect(entry).to_have_class("lesson-glossary-entry lesson-targeted")
    expect(entry).to_be_in_viewport()
    nav = page.locator(".lesson-nav-top").bounding_box()
    top = entry.bounding_box()["y"]
    assert nav["y"] + nav["height"] - 1 <= top <= 0.3 * page.viewport_size["height"], f"entry at {top}"
    assert page.title() == "Glossary — Lower-back spasms"
    assert page.locator("#rendered_cells h2", has_text="Glossary").count() == 0, "one 'Glossary' heading"


def test_more_in_the_glossary_lands_on_the_term_and_back_returns(page: Page, server: LessonServer) -> None:
    open_lesson(page, server, CHAPTER, ".lesson-footer")
    term = page.locator("a.lesson-term[href*='#placebo']").first
    term.scroll_into_view_if_needed()
    term.click()
    before = scroll_top(page)
    assert before > 300, "the term is well down the page"
    page.locator(".lesson-term-pop .lesson-term-more").click()
    page.wait_for_url("**/glossary.ipynb?**#placebo")
    expect(page.locator("#placebo")).to_have_class("lesson-glossary-entry lesson-targeted")
    expect(page.locator("#placebo")).to_be_in_viewport()
    page.go_back()
    page.wait_for_selector(".lesson-footer")
    expect(page.locator("a.lesson-term[href*='#placebo']").first).to_be_in_viewport()
    assert abs(scroll_top(page) - before) < 60, "Back returns to the reading position"
