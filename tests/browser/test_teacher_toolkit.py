"""Issue 14 in a real browser: three learners answer on one server; the presenter's class poll
follows them live; the teacher page shows their counts, facility and option distribution with
the key, and refuses (showing nothing of theirs) without it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import (
    QUIZ_READY,
    LessonServer,
    NewContext,
    answer,
    axe_source,
    open_lesson,
    page_text,
    right_and_wrong,
    screenshot,
)
from playwright.sync_api import expect

from lesson.quiz.bank import questions

pytestmark = pytest.mark.browser
KEY = "test-teacher-key-0123456789"
CHAPTER = "/voila/render/00_start_here.ipynb"  # the lightest page with a quiz (practice questions)
TEACHER = "/voila/render/teacher.ipynb"
AXE_TEACHER = """async () => {
  const r = await axe.run(document.querySelector('.lesson-teacher-page'), {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id);
}"""


def test_class_poll_and_teacher_page(new_context: NewContext,
                                     start_server: Callable[..., LessonServer]) -> None:
    srv = start_server(env_extra={"LESSON_TEACHER_KEY": KEY})
    q = next(q for q in questions("start") if q.type == "single")
    right, wrong = right_and_wrong(q)

    # The presenter opens the chapter with the key and starts the poll on the first single-choice question.
    presenter = new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_lesson(presenter, srv, f"{CHAPTER}?present=1&key={KEY}", QUIZ_READY)
    expect(presenter.locator(".lesson-speaker-notes")).to_contain_text("Speaker notes")
    box = presenter.locator(f".lesson-q-{q.id}")
    box.locator(".lesson-poll-start").click()
    count = box.locator(".lesson-poll-count")
    expect(count).to_have_text("0")

    # Three learners answer, one after another, on their own browser: ann right, bob wrong, cai right.
    learners = new_context(viewport={"width": 390, "height": 844})
    learner = learners.new_page()
    for n, (name, response) in enumerate((("ann", right), ("bob", wrong), ("cai", right)), start=1):
        open_lesson(learner, srv, f"{CHAPTER}?learner={name}", QUIZ_READY)
        assert KEY not in learner.content()  # the key is never in a learner's page
        assert learner.locator(".lesson-poll, .lesson-speaker-notes").count() == 0
        answer(learner, q, response)
        expect(
            learner.locator(
                f".lesson-q-{q.id} .lesson-feedback .lesson-mark-correct, "
                f".lesson-q-{q.id} .lesson-feedback .lesson-mark-wrong"
            ).first
        ).to_be_visible()
        expect(count).to_have_text(str(n))  # the presenter's screen follows within a few seconds
    learners.close()
    box.locator(".lesson-poll-reveal").click()
    expect(box.locator(".lesson-poll-answer")).to_contain_text("Right answer")
    screenshot(presenter, "teacher-poll")
    # Presenting, the key goes along to the next chapter, so the poll is there too.
    next_href = presenter.locator(".lesson-nav-next").first.get_attribute("href") or ""
    assert f"key={KEY}" in next_href and "present=1" in next_href, next_href
    presenter.locator(".lesson-nav-next").first.click()
    presenter.wait_for_selector(".lesson-poll-start", timeout=120_000)
    presenter.context.close()

    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Without the key (or with a wrong one): a friendly refusal and nothing of theirs.
    for query in ("", "?key=wrong-key-123456789"):
        open_lesson(page, srv, TEACHER + query, ".lesson-teacher-refusal")
        text = page_text(page)
        assert "This page is for the teacher" in text
        assert (
            not any(name in text for name in ("ann", "bob", "cai"))
            and page.locator(".lesson-teacher").count() == 0
        )

    # With the key: the landing page links to the teacher page, which shows the three learners.
    open_lesson(page, srv, f"/voila/render/index.ipynb?key={KEY}", ".lesson-teacher-link")
    page.locator(".lesson-teacher-link a").click()
    page.wait_for_selector(".lesson-teacher .t-started")
    expect(page.locator(".t-started")).to_have_text("3")
    expect(page.locator(".t-learners")).to_have_text("3")
    row = page.locator(f'tr.t-item[data-question="{q.id}"]')
    expect(row.locator(".t-answered")).to_have_text("3")
    expect(row.locator(".t-facility")).to_contain_text("67%")  # 2 of 3 right on their first answer
    options = page.locator(f"#t-opt-start-{q.id}")
    options.locator("summary").click()
    counts = {o.text: 0 for o in q.options}
    counts[q.options[next(i for i, o in enumerate(q.options) if o.correct)].text] = 2
    wrong_index = [i for i, o in enumerate(q.options) if not o.correct]
    from lesson.quiz import shuffle

    counts[q.options[shuffle.option_order(q)[wrong]].text] = 1
    assert wrong_index  # a single question always has a wrong option
    for label, n in counts.items():
        cell = options.locator("tbody tr", has_text=label).first.locator(".t-count")
        expect(cell).to_have_text(str(n))
    for name in ("ann", "bob", "cai"):
        expect(page.locator(".t-heat")).to_contain_text(name)
    page.add_script_tag(content=axe_source())
    assert page.evaluate(AXE_TEACHER) == []  # charts, heatmap and tables: no serious accessibility fault
    screenshot(page, "teacher-page")
    context.close()
