"""Answer any question type in the page with the keyboard alone (Tab, Space, Enter, arrows, typing).

The right and wrong answers come from the question bank and the deterministic shuffle, so
the tests know what is shown where without reading the page's text.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page

from lesson.quiz import shuffle

HUMAN_PAUSE_MS = 250
"""Between the last key of an answer and Check. ipywidgets buffers state updates while one is
in flight, but sends a button click at once, so a robot that presses Check within a few
milliseconds of its last key could overtake its own answer. In the Voila app lesson.js now sends
the held update before the click (test_quiz_experience runs at machine speed, pause 0); JupyterLab
does not load lesson.js, so tests keep a person's pause."""


def right_and_wrong(q: Any) -> tuple[Any, Any]:
    """(a fully right response, a wrong one) in terms of shown positions / texts."""
    if q.type == "single":
        order = shuffle.option_order(q)
        right = next(pos for pos, i in enumerate(order) if q.options[i].correct)
        wrong = next(pos for pos, i in enumerate(order) if not q.options[i].correct)
        return right, wrong
    if q.type == "multiple":
        order = shuffle.option_order(q)
        right = {pos for pos, i in enumerate(order) if q.options[i].correct}
        wrong = {pos for pos, i in enumerate(order) if not q.options[i].correct}
        return right, wrong
    if q.type == "truefalse":
        return (0 if q.answer else 1), (1 if q.answer else 0)
    if q.type == "verdict":
        from lesson.content_model.questions import VERDICTS

        right = list(VERDICTS).index(q.answer)
        return right, (right + 1) % len(VERDICTS)
    if q.type == "numeric":
        return f"{q.answer:g}", f"{q.answer + q.tolerance + 100:g}"
    names = shuffle.choices(q)
    if q.type == "ordering":
        right = list(q.items)
    elif q.type == "matching":
        right = [p.right for p in q.pairs]
    else:
        right = [lab.answer for lab in q.labels]
    wrong = [right[1], right[0], *right[2:]]
    return [names.index(v) for v in right], [names.index(v) for v in wrong]


def _radio(box: Locator, page: Page, position: int) -> None:
    first = box.locator("input[type=radio]").first
    first.focus()
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")


def _checkboxes(box: Locator, page: Page, positions: set[int]) -> None:
    boxes = box.locator("input[type=checkbox]")
    boxes.first.focus()
    for i in range(boxes.count()):
        want = i in positions
        if boxes.nth(i).is_checked() != want:
            page.keyboard.press("Space")
        if i + 1 < boxes.count():
            page.keyboard.press("Tab")


def _text(box: Locator, page: Page, value: str) -> None:
    field = box.locator("input[type=text], input:not([type])").first
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(value)


def _selects(box: Locator, page: Page, indexes: list[int]) -> None:
    selects = box.locator("select")
    selects.first.focus()
    for n, index in enumerate(indexes):
        page.keyboard.press("Home")  # the placeholder, "Choose…"
        for _ in range(index + 1):
            page.keyboard.press("ArrowDown")
        if n + 1 < len(indexes):
            page.keyboard.press("Tab")


def answer(page: Page, q: Any, response: Any) -> Locator:
    """Enter ``response`` for ``q`` by keyboard and press Check; returns the question's box."""
    box = page.locator(f".lesson-q-{q.id}")
    box.scroll_into_view_if_needed()
    if q.type in ("single", "truefalse", "verdict"):  # one radio group: arrow keys move between options
        _radio(box, page, response)
    elif q.type == "multiple":
        _checkboxes(box, page, response)
    elif q.type == "numeric":
        _text(box, page, response)
    else:
        _selects(box, page, response)
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    box.locator(".lesson-check").focus()
    page.keyboard.press("Enter")
    return box
