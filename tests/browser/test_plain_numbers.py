"""PEMAT-P items 2 and 6 in a real browser, on a phone (390 px): the article's claims folded in a
closed, labelled box that opens from the keyboard; the quiz introduced as optional with its size;
the Treatment chart's table in whole positive numbers; and red-flag labels with a hanging indent
(a wrapped line starts under the words, not under the box)."""

from __future__ import annotations

import re

import pytest
from conftest import LessonServer, open_lesson
from playwright.sync_api import Page, expect

from lesson.pages.evidence import FOLD_LABEL

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_treatment_folds_claims_introduces_quiz_and_shows_plain_numbers(page: Page,
                                                                          server: LessonServer) -> None:
    page.set_viewport_size(PHONE)
    open_lesson(page, server, "/voila/render/04_treatment.ipynb?learner=plain", ".lesson-quiz")
    fold = page.locator(".lesson-evidence-fold")
    expect(fold).to_have_count(1)
    summary = fold.locator("summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(FOLD_LABEL)
    expect(fold.locator(".lesson-claim").first).to_be_hidden()  # closed until the learner opens it
    summary.focus()
    page.keyboard.press("Enter")
    expect(fold.locator(".lesson-claim").first).to_be_visible()

    intro = page.locator(".lesson-quiz-intro")
    expect(intro).not_to_contain_text("Test yourself")  # the heading above says it once
    expect(intro).to_contain_text(re.compile(r"\d+ questions, about \d+ minutes"))

    table = page.locator("figure.lesson-chart-treatment-effects table")
    text = table.text_content() or ""
    assert "points less pain" in text and not re.search(r"-\d|\d\.\d", text), text
    alt = page.locator("figure.lesson-chart-treatment-effects img").get_attribute("alt") or ""
    assert "about 7 points less pain out of 100" in alt and not re.search(r"-\d", alt), alt


def test_red_flag_labels_have_a_hanging_indent(page: Page, server: LessonServer) -> None:
    page.set_viewport_size(PHONE)
    open_lesson(page, server, "/voila/render/06_seek_help.ipynb?learner=plain",
                ".lesson-redflag .widget-checkbox")
    expect(page.locator(".lesson-redflag").get_by_role("button", name="See the advice")).to_have_count(0)
    lines = page.evaluate("""() => [...document.querySelectorAll('.lesson-redflag .widget-checkbox')]
      .map(row => {
        const box = row.querySelector('input').getBoundingClientRect();
        const words = row.querySelector('.widget-label-basic > span');
        const rects = [...words.getClientRects()];
        const range = document.createRange(); range.selectNodeContents(words);
        const lineLefts = [...range.getClientRects()].map(r => r.left);
        return {boxRight: box.right, wrapped: rects.length > 1 || words.getBoundingClientRect().height > 40,
                left: Math.min(...lineLefts)};
    })""")
    wrapped = [r for r in lines if r["wrapped"]]
    assert wrapped, "at 390 px some labels wrap onto a second line"
    assert all(r["left"] >= r["boxRight"] for r in lines), lines  # no line of words runs under the box
