"""Citations in the browser: no raw key such as "[ng59]" in any text node of any chapter, numbered
links that land on their reference, the full reference on keyboard focus (Voila) and the title
kept by JupyterLab's sanitizer.

By default the real notebooks/ are served. ``LESSON_CITE_NOTEBOOKS=/some/folder`` serves another
folder instead (e.g. copies cited with ``python -m lesson notebooks --cite-only``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import QUIZ_READY, LessonServer, answer_one_right, jupyter_process, open_lesson
from playwright.sync_api import Page, expect

from lesson.content_model import load
from lesson.paths import lab_config_dir, notebooks_dir

pytestmark = pytest.mark.browser
RAW_KEY = r"\[[a-z0-9-]+(, ?[a-z0-9-]+)*\]"
CHAPTERS = [(c.id, c.notebook) for c in load.chapters()]
RAW_TEXT_NODES = """([pattern, roots]) => {
  const re = new RegExp(pattern);
  const found = [];
  for (const root of document.querySelectorAll(roots)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (['SCRIPT', 'STYLE', 'TEXTAREA'].includes(n.parentElement.tagName)
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT)
    });
    while (walker.nextNode()) {
      if (re.test(walker.currentNode.data)) { found.push(walker.currentNode.data.trim().slice(0, 80)); }
    }
  }
  return found;
}"""
LAB_CONTENT = ".jp-Notebook .jp-MarkdownOutput, .jp-Notebook .jp-OutputArea-output"
"""What JupyterLab shows of the lesson itself (not its "[1]:" prompts or the code)."""
NUMBERS_MATCH_LIST = """() => {
  const items = [...document.querySelectorAll('.lesson-reference-list > li[id^="ref-"]')].map(li => li.id);
  const wrong = [];
  for (const a of document.querySelectorAll('.lesson-cite a[href^="#ref-"]')) {
    const at = items.indexOf(a.getAttribute('href').slice(1));
    if (at < 0 || String(at + 1) !== a.textContent.trim()) {
      wrong.push(a.getAttribute('href') + '=' + a.textContent);
    }
  }
  return [items.length, document.querySelectorAll('.lesson-cite a').length, wrong];
}"""
FOCUS_TIP = """(a) => {
  const tip = getComputedStyle(a, '::after');
  return {content: tip.content, display: tip.display, position: tip.position, title: a.title,
          described: (document.getElementById(a.getAttribute('aria-describedby')) || {}).textContent || ''};
}"""


@pytest.fixture(scope="module")
def lesson(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LessonServer]:
    folder = os.environ.get("LESSON_CITE_NOTEBOOKS")
    srv = LessonServer(root=Path(folder) if folder else None).start()
    yield srv
    srv.stop()


@pytest.mark.parametrize(("chapter_id", "notebook"), CHAPTERS)
def test_no_text_node_shows_a_raw_key(
    page: Page, lesson: LessonServer, chapter_id: str, notebook: str
) -> None:
    open_lesson(page, lesson, f"/voila/render/{notebook}?learner=cite-{chapter_id}", QUIZ_READY)
    page.wait_for_selector(".lesson-reference-list")
    if chapter_id == "anatomy":
        answer_one_right(page)  # quiz feedback with its explanation and sources
    if chapter_id == "seek-help":
        page.locator(".lesson-redflag input[type=checkbox]").first.check()
        page.wait_for_selector(".lesson-redflag-advice .lesson-cite")
    raw = page.evaluate(RAW_TEXT_NODES, [RAW_KEY, "body"])
    assert raw == [], f"{notebook}: raw citation keys on the page: {raw[:5]}"
    items, links, wrong = page.evaluate(NUMBERS_MATCH_LIST)
    assert items > 0 and links > 0, f"{notebook}: no numbered citations found"
    assert wrong == [], f"{notebook}: citation numbers that are not their reference's number: {wrong[:5]}"


def test_focus_shows_the_full_reference_and_a_click_lands_on_it(page: Page, lesson: LessonServer) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_lesson(page, lesson, "/voila/render/01_anatomy.ipynb?learner=cite-focus", ".lesson-reference-list")
    link = page.locator(".jp-RenderedMarkdown sup.lesson-cite a").first
    link.focus()
    expect(link).to_be_focused()
    tip = link.evaluate(FOCUS_TIP)
    assert tip["title"] and tip["content"] == f'"{tip["title"]}"', tip
    assert tip["position"] == "fixed" and tip["display"] != "none"
    key = link.get_attribute("href").removeprefix("#")
    item = page.locator(f"li#{key}")
    authors = tip["title"].split(" (")[0]
    assert authors in tip["described"] and authors in item.inner_text()
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the focused citation widens the page: {widths}"
    link.blur()
    assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    link.click()
    page.wait_for_function(f"() => location.hash === '#{key}'")
    expect(item).to_be_in_viewport()


def test_jupyterlab_keeps_the_numbered_link_and_its_title(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("jlab-cite")
    work = tmp / "lab-work"
    shutil.copytree(Path(os.environ.get("LESSON_CITE_NOTEBOOKS") or notebooks_dir()), work)
    args = [f"--ServerApp.root_dir={work}", "--LabApp.default_url=/lab/tree/01_anatomy.ipynb"]
    with jupyter_process("lab", args, {"JUPYTER_CONFIG_PATH": str(lab_config_dir())}, tmp) as url:
        page.goto(f"{url}/lab/tree/01_anatomy.ipynb")
        cite = page.locator(".jp-MarkdownOutput sup.lesson-cite a[href^='#ref-']").first
        expect(cite).to_be_attached()
        assert re.fullmatch(r"\d+", cite.inner_text().strip())
        assert (cite.get_attribute("title") or "").endswith("."), "the full reference is the hover title"
        raw = page.evaluate(RAW_TEXT_NODES, [RAW_KEY, LAB_CONTENT])
        assert raw == [], f"raw keys in JupyterLab: {raw[:5]}"
