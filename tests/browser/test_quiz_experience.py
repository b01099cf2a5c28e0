"""Quizzes as a learner meets them (issue 10): on a 390 px phone, a 1280 px laptop and a 1920 px
projector in presenter mode.

- every select of a matching, ordering or labelling question can be tapped on a phone and opens
  its own list (no row slides under the next one, the last never hides under Check);
- no quiz element is wider than the screen; labels wrap instead of being cut;
- quiz text is at least the prose size (>= 20 px on the projector);
- keyboard-only runs of every question type pass, at machine speed (no pause before Check), and
  Check grades the answer on screen every time, 15 times over;
- after Check the chosen answer and each wrong row is marked with words, not colour alone;
- axe finds nothing in the quiz at the three sizes.

Screenshots of each question type at each size go to artifacts/ (quiz-<type>-<width>.png).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import keyboard
import pytest
from conftest import (
    ARTIFACTS,
    NOT_RIGHT,
    PAGE_TIMEOUT_MS,
    QUIZ_READY,
    LessonServer,
    answer_each_wrong_then_right,
    axe_source,
    open_lesson,
    screenshot,
)
from keyboard import answer, right_and_wrong
from playwright.sync_api import BrowserContext, Page, expect

from lesson.app import nav
from lesson.content_model.questions import VERDICT_LABELS, VERDICTS
from lesson.quiz import shuffle
from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
SIZES = {390: 844, 1280: 800, 1920: 1080}
DROPDOWN_TYPES = ("ordering", "matching", "labelling")
ALL_TYPES = {"single", "multiple", "truefalse", "verdict", "numeric", "ordering", "matching", "labelling"}
MACHINE_SPEED_ROUNDS = 15
TAP_TIMEOUT_MS = 15_000
"""A tap waits for its select to be the element under the finger; a covered select never is."""


def chapters_with(types: tuple[str, ...]) -> list[str]:
    """Notebooks whose quiz has a question of one of ``types``."""
    return [c.notebook for c in nav.chapters() if any(q.type in types for q in questions(c.id))]


def quiz_of(notebook: str) -> str:
    return next(c.id for c in nav.chapters() if c.notebook == notebook)


def url(notebook: str, learner: str, present: bool = False) -> str:
    return f"/voila/render/{notebook}?learner={learner}" + ("&present=1" if present else "")


@pytest.fixture
def open_at(new_context: Callable[..., BrowserContext]) -> Callable[..., Page]:
    """``open_at(width, touch=False)``: a page in a fresh context of that size (pytest-playwright's
    ``new_context``: recorded for the failure artefacts, closed afterwards)."""

    def make(width: int, touch: bool = False) -> Page:
        ctx = new_context(viewport={"width": width, "height": SIZES[width]}, has_touch=touch, is_mobile=touch)
        ctx.set_default_timeout(PAGE_TIMEOUT_MS)
        return ctx.new_page()

    return make


# ---------------------------------------------------------------- phones: matching and friends

ROWS = """box => [...box.querySelectorAll('.lesson-pick')].map(row => {
  const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  return {label: r(row.querySelector('label')), select: r(row.querySelector('select'))};
})"""
IS_OPEN = "s => { try { return s.matches(':open'); } catch (e) { return true; } }"
"""The select's own list is showing (``:open``; an older browser without it passes)."""
ROW_MARKS = "b => [...b.querySelectorAll('.lesson-pick')].map(p => getComputedStyle(p, '::after').content)"
"""Each row's mark after Check, as CSS draws it ("none" when unmarked)."""
OUTLINE = "l => [getComputedStyle(l).outlineStyle, parseFloat(getComputedStyle(l).outlineWidth)]"
TAPPED = """() => {
  window.__tapped = [];
  for (const type of ['pointerdown', 'touchstart', 'mousedown', 'click']) {
    document.addEventListener(type, e => {
      const s = e.target.closest && e.target.closest('select');
      window.__tapped.push(s ? s.id : (e.target.tagName || '?'));
    }, true);
  }
}"""


@pytest.mark.parametrize("notebook", chapters_with(DROPDOWN_TYPES))
def test_every_select_on_a_phone_can_be_tapped_and_opens_its_own_list(
    open_at, server: LessonServer, notebook: str
) -> None:
    page = open_at(390, touch=True)
    open_lesson(page, server, url(notebook, "tap"), QUIZ_READY)
    page.evaluate(TAPPED)
    checked = 0
    for q in questions(quiz_of(notebook)):
        if q.type not in DROPDOWN_TYPES:
            continue
        box = page.locator(f".lesson-q-{q.id}")
        box.scroll_into_view_if_needed()
        rows = box.evaluate(ROWS)
        for n, row in enumerate(rows):
            label, select = row["label"], row["select"]
            assert label[3] <= select[1] + 1, f"{q.id} row {n + 1}: its label overlaps its own select"
            assert select[0] >= -1 and select[2] <= 391, f"{q.id} row {n + 1}: the select leaves the screen"
            if n + 1 < len(rows):
                below = rows[n + 1]["label"][1]
                assert select[3] <= below + 1, f"{q.id} row {n + 1} slides under row {n + 2}"
        check_top = box.locator(".lesson-check").evaluate("b => b.getBoundingClientRect().top")
        assert rows[-1]["select"][3] <= check_top, f"{q.id}: the last select hides under Check"
        selects = box.locator("select")
        for i in range(selects.count()):
            select = selects.nth(i)
            sid = select.get_attribute("id")
            page.evaluate("() => { window.__tapped = []; }")
            select.tap(timeout=TAP_TIMEOUT_MS)  # fails if another element would take the tap
            tapped = page.evaluate("() => window.__tapped")
            assert tapped and set(tapped) == {sid}, f"{q.id} select {i + 1}: the tap reached {tapped}"
            assert page.evaluate("() => document.activeElement.id") == sid
            assert select.evaluate(IS_OPEN), f"{q.id} select {i + 1}: its list did not open"
            page.keyboard.press("Escape")
            checked += 1
    assert checked > 0


def test_a_phone_can_answer_a_matching_question_by_touch(open_at, server: LessonServer) -> None:
    """Tap each select, pick the right entry, tap Check: all rows marked right."""
    notebook = next(n for n in chapters_with(("matching",)) if quiz_of(n) == "diagnosis")
    page = open_at(390, touch=True)
    open_lesson(page, server, url(notebook, "touch"), QUIZ_READY)
    q = next(q for q in questions("diagnosis") if q.type == "matching")
    box = page.locator(f".lesson-q-{q.id}")
    box.scroll_into_view_if_needed()
    for pair, select in zip(q.pairs, box.locator("select").all(), strict=True):
        select.tap(timeout=TAP_TIMEOUT_MS)
        page.keyboard.press("Escape")
        select.select_option(label=pair.right)
    page.wait_for_timeout(keyboard.HUMAN_PAUSE_MS)
    box.locator(".lesson-check").tap(timeout=TAP_TIMEOUT_MS)
    expect(box.locator(".lesson-feedback .lesson-mark-correct")).to_be_visible()
    expect(box.locator(".lesson-pick")).to_have_count(len(q.pairs))
    assert box.evaluate(ROW_MARKS) == ['"✓ Right"'] * len(q.pairs)


# ---------------------------------------------------------------- widths, wrapping, text size

TOO_WIDE = """() => {
  const vw = document.documentElement.clientWidth;
  return [...document.querySelectorAll('.lesson-quiz, .lesson-quiz *')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width > 1 && (r.right > vw + 1 || r.left < -1); })
    .map(e => e.tagName + '.' + String(e.className).split(' ').slice(-2).join('.')).slice(0, 5);
}"""
IN_COLUMN = """() => document.querySelector('.lesson-quiz').getBoundingClientRect().right
  <= document.querySelector('#rendered_cells').getBoundingClientRect().right + 1"""
CUT = """() => [...document.querySelectorAll('.lesson-quiz label, .lesson-quiz .widget-label, '
                                          + '.lesson-quiz button, .lesson-quiz .widget-label-basic span')]
  .filter(e => e.offsetWidth > 0 && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim()).slice(0, 5)"""


@pytest.mark.parametrize("width", list(SIZES))
def test_no_quiz_element_is_wider_than_the_screen_and_no_label_is_cut(
    open_at, server: LessonServer, width: int
) -> None:
    page = open_at(width, touch=width < 500)
    for notebook in ("00_start_here.ipynb", "07_final_assessment.ipynb"):
        open_lesson(page, server, url(notebook, "wide", present=width >= 1600), QUIZ_READY)
        assert page.evaluate(TOO_WIDE) == [], f"{notebook} at {width} px"
        assert page.evaluate(IN_COLUMN), f"{notebook} at {width} px: the quiz sticks out of the text column"
        assert page.evaluate(CUT) == [], f"{notebook} at {width} px: cut labels"
        verdicts = page.locator(".lesson-options-row label", has_text=VERDICT_LABELS["otherwise"])
        for i in range(verdicts.count()):
            assert verdicts.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    reset_all = page.locator(".lesson-reset-all")
    assert reset_all.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "Reset the whole lesson is cut"


SIZES_JS = """() => {
  const px = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetWidth > 0)
      .map(e => parseFloat(getComputedStyle(e).fontSize));
  return {
    prose: px('.jp-RenderedMarkdown p'),
    quiz: [].concat(px('.lesson-prompt p:not(.lesson-q-count)'), px('.lesson-quiz .widget-radio-box label'),
                    px('.lesson-quiz .widget-label-basic'), px('.lesson-quiz select'),
                    px('.lesson-quiz input[type=text]'), px('.lesson-quiz .lesson-check'),
                    px('.lesson-feedback .lesson-live p:not(.lesson-sources)'), px('.lesson-pick > label'))
  };
}"""


@pytest.mark.parametrize(("width", "present"), [(1280, False), (1280, True), (1920, True), (390, False)])
def test_quiz_text_is_at_least_the_prose_size(
    open_at, server: LessonServer, width: int, present: bool
) -> None:
    page = open_at(width)
    open_lesson(page, server, url("00_start_here.ipynb", f"size{width}", present), QUIZ_READY)
    q = next(q for q in questions("start") if q.type == "single")
    answer(page, q, right_and_wrong(q)[1])  # some feedback text too
    expect(page.locator(f".lesson-q-{q.id} .lesson-feedback .lesson-mark")).to_be_visible()
    sizes = page.evaluate(SIZES_JS)
    prose = max(sizes["prose"])
    assert sizes["quiz"] and min(sizes["quiz"]) >= prose - 0.01, sizes
    if present or width >= 1600:
        assert min(sizes["quiz"]) >= 20, sizes


# ---------------------------------------------------------------- keyboard, machine speed

@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_only_every_type_at_machine_speed(
    open_at, server: LessonServer, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Start here has one question of each type: wrong then right, keys only, no pause before Check."""
    monkeypatch.setattr(keyboard, "HUMAN_PAUSE_MS", 0)
    page = open_at(width)
    open_lesson(page, server, url("00_start_here.ipynb", f"keys{width}"), QUIZ_READY)
    assert answer_each_wrong_then_right(page, "start") == ALL_TYPES


def shown_answer(page: Page, q) -> object:
    """What the screen shows as the answer to ``q``, in right_and_wrong()'s terms."""
    box = page.locator(f".lesson-q-{q.id}")
    if q.type in ("single", "truefalse", "verdict"):
        return box.evaluate("b => [...b.querySelectorAll('input[type=radio]')].findIndex(r => r.checked)")
    if q.type == "numeric":
        return box.locator("input[type=text]").input_value()
    names = shuffle.choices(q)
    picked = [s.evaluate("s => s.options[s.selectedIndex].value") for s in box.locator("select").all()]
    return [names.index(v) if v in names else None for v in picked]


def test_check_grades_the_answer_on_screen_at_machine_speed(
    open_at, server: LessonServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: at machine speed (two arrow keys, then Enter) Check graded the previous option
    3 times in 15. Here 15 rounds of wrong-then-right answers, by keys with no pause, on a radio
    group, a verdict, an ordering and a number: every Check grades what the screen shows, and the
    screen shows what was typed (a redrawn radio group would lose the keys after it)."""
    monkeypatch.setattr(keyboard, "HUMAN_PAUSE_MS", 0)
    page = open_at(1280)
    open_lesson(page, server, url("00_start_here.ipynb", "speed"), QUIZ_READY)
    picked = [q for q in questions("start") if q.type in ("single", "verdict", "ordering", "numeric")]
    misgraded = []
    for n in range(MACHINE_SPEED_ROUNDS):
        for q in picked:
            right, wrong = right_and_wrong(q)
            for response, mark in ((wrong, NOT_RIGHT), (right, ".lesson-mark-correct")):
                box = answer(page, q, response)
                feedback = box.locator(f".lesson-feedback :is({mark})")
                try:
                    expect(feedback).to_be_visible(timeout=15_000)
                except AssertionError:
                    misgraded.append((n, q.type, response, shown_answer(page, q)))
                    continue
                assert shown_answer(page, q) == response, f"round {n}, {q.type}: the keys did not all land"
    assert misgraded == [], f"Check graded something other than the answer typed: {misgraded}"


def test_arrow_keys_move_between_verdict_options(open_at, server: LessonServer) -> None:
    page = open_at(1280)
    open_lesson(page, server, url("00_start_here.ipynb", "arrows"), QUIZ_READY)
    q = next(q for q in questions("start") if q.type == "verdict")
    radios = page.locator(f".lesson-q-{q.id} input[type=radio]")
    radios.first.focus()
    page.keyboard.press("Space")
    for i in range(1, len(VERDICTS)):
        page.keyboard.press("ArrowRight")
        expect(radios.nth(i)).to_be_checked()
        assert page.evaluate("() => document.activeElement.type") == "radio"
    page.keyboard.press("ArrowLeft")
    expect(radios.nth(len(VERDICTS) - 2)).to_be_checked()
    ring = page.locator(f".lesson-q-{q.id} .widget-radio-box label").nth(len(VERDICTS) - 2)  # focused card
    outline = ring.evaluate(OUTLINE)
    assert outline == ["solid", 3], "the focused option card has the lesson's focus ring"


# ---------------------------------------------------------------- marks after Check

def test_chosen_answer_and_wrong_rows_are_marked_in_words(open_at, server: LessonServer) -> None:
    page = open_at(1280)
    open_lesson(page, server, url("00_start_here.ipynb", "marks"), QUIZ_READY)
    verdict = next(q for q in questions("start") if q.type == "verdict")
    box = answer(page, verdict, right_and_wrong(verdict)[1])
    expect(box.locator(".lesson-feedback .lesson-mark-wrong")).to_be_visible()
    chosen = box.locator(".widget-radio-box label:has(input:checked)")
    assert chosen.evaluate("l => getComputedStyle(l, '::after').content") == '"✗ Not right"'
    expect(box.locator(".lesson-feedback .lesson-chosen")).to_contain_text("Your answer:")
    expect(box.locator(".lesson-feedback")).to_contain_text("Try again")
    order = next(q for q in questions("start") if q.type == "ordering")
    box = answer(page, order, right_and_wrong(order)[1])  # the first two swapped
    expect(box.locator(".lesson-feedback .lesson-mark-partial")).to_be_visible()
    marks = box.evaluate(ROW_MARKS)
    assert marks[:2] == ['"✗ Not right"'] * 2 and set(marks[2:]) <= {'"✓ Right"'}
    # changing the answer takes the marks away: they belong to the answer that was checked
    box.locator("select").first.focus()
    page.keyboard.press("ArrowDown")
    expect(box).to_have_class(re.compile(r"\blesson-stale\b"))
    assert set(box.evaluate(ROW_MARKS)) == {"none"}


def test_next_question_link_moves_on(open_at, server: LessonServer) -> None:
    page = open_at(1280)
    open_lesson(page, server, url("00_start_here.ipynb", "next"), QUIZ_READY)
    first, second = questions("start")[0], questions("start")[1]
    box = answer(page, first, right_and_wrong(first)[0])
    link = box.locator(".lesson-feedback a.lesson-next")
    expect(link).to_have_text("Next question ↓")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#q-{second.id}")).to_be_focused()
    expect(page.locator(".lesson-score-top")).to_contain_text("1 of")
    expect(page.locator(f".lesson-q-{second.id} .lesson-q-count")).to_have_text(
        f"Question 2 of {len(questions('start'))}")


# ---------------------------------------------------------------- axe and screenshots

AXE_QUIZ = """async () => {
  const r = await axe.run({include: [['.lesson-quiz']]}, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.mark.parametrize("width", list(SIZES))
def test_axe_finds_nothing_in_a_quiz_and_screenshots(open_at, server: LessonServer, width: int) -> None:
    page = open_at(width, touch=width < 500)
    present = width >= 1600
    open_lesson(page, server, url("00_start_here.ipynb", f"axe{width}", present), QUIZ_READY)
    page.add_script_tag(content=axe_source())
    found = page.evaluate(AXE_QUIZ)
    assert found == [], f"fresh quiz at {width} px: {found}"
    for n, q in enumerate(questions("start")):
        right, wrong = right_and_wrong(q)
        box = answer(page, q, wrong if n % 2 else right)  # feedback of both kinds, marks of both kinds
        expect(box.locator(".lesson-feedback .lesson-mark")).to_be_visible()
    found = page.evaluate(AXE_QUIZ)
    assert found == [], f"answered quiz at {width} px: {found}"
    for q in questions("start"):
        box = page.locator(f".lesson-q-{q.id}")
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(screenshot_path(f"quiz-{q.type}-{width}")))
    assert screenshot(page, f"quiz-start-{width}").stat().st_size > 0


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
