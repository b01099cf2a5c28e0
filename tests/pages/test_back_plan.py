""""My back plan" driven headlessly: tick, write, read the plan, open the saved files."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest

from lesson.content_model import load
from lesson.pages import back_plan as module
from lesson.pages.back_plan import BackPlanView, back_plan, clean_note
from lesson.redflags import load_redflags

LINE = "call 999 (UK), 911 (US) or your local emergency number"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def saved(view: BackPlanView, kind: str) -> str:
    """The text of the saved file behind the "save as web page" (html) or "text file" (txt) link."""
    css = {"html": "lesson-plan-save-html", "txt": "lesson-plan-save-text"}[kind]
    link = re.search(rf'<a class="{css}" download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"',
                     view.output.value)
    assert link, kind
    name, mime, data = link.groups()
    assert name == f"my-back-plan.{kind}"
    assert mime == {"html": "text/html", "txt": "text/plain"}[kind]
    return base64.b64decode(data).decode("utf-8")


def sheet(view: BackPlanView) -> str:
    return view.output.value.split('<div class="lesson-plan-sheet', 1)[1]


def test_ticked_activities_show_in_the_plan_as_they_are_ticked() -> None:
    view = BackPlanView()
    content = view.content
    first, second, third = content.activities[:3]
    assert html.escape(content.nothing_ticked) in sheet(view)
    view.boxes[first.id].value = True
    view.boxes[third.id].value = True
    page = sheet(view)
    assert html.escape(first.label) in page and html.escape(third.label) in page
    assert html.escape(second.label) not in page
    assert html.escape(content.nothing_ticked) not in page
    view.boxes[third.id].value = False
    assert html.escape(third.label) not in sheet(view)


def test_the_plan_always_ends_with_when_to_get_help() -> None:
    view = BackPlanView()
    page = sheet(view)
    flags = load_redflags()
    assert html.escape(view.content.help_heading) in page
    for sign in flags.signs:
        assert html.escape(sign.text) in page, sign.id
    assert LINE[0].upper() + LINE[1:] in page and "NHS 111" in page
    assert page.index("lesson-carecard-emergency") < page.index("lesson-carecard-urgent")


def test_downloads_hold_the_chosen_activities_and_the_emergency_signs() -> None:
    view = BackPlanView()
    chosen = [a for a in view.content.activities if a.id in ("keep-active", "heat")]
    for a in chosen:
        view.boxes[a.id].value = True
    view.note.value = "Short walks after lunch"
    flags = load_redflags()
    emergency = [s for s in flags.signs if s.tier == "emergency"]
    urgent = [s for s in flags.signs if s.tier == "urgent"]
    page, text = saved(view, "html"), saved(view, "txt")
    for a in chosen:
        assert html.escape(a.label) in page and f"[x] {a.label}." in text
    for a in view.content.activities:
        if a not in chosen:
            assert a.label not in text
    for s in emergency + urgent:
        assert html.escape(s.text) in page and f"- {s.text}" in text
    assert LINE in page and LINE in text and "NHS 111" in text
    assert "Short walks after lunch" in page and "Short walks after lunch" in text
    assert text.index(LINE[0].upper() + LINE[1:]) < text.index("NHS 111")


def test_the_saved_web_page_is_self_contained() -> None:
    page = saved(BackPlanView(), "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "<title>" in page
    assert "<script" not in page and "onclick" not in page
    assert not re.search(r'\s(src|srcset)="(?!data:)', page), "nothing is loaded from elsewhere"
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "@media print" in page and "lesson-plan-file" in page


def test_user_text_is_escaped_everywhere() -> None:
    view = BackPlanView()
    view.note.value = HOSTILE
    for page in (view.output.value, saved(view, "html")):
        assert "<script>" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "&amp; &quot;quotes&quot;" in page
    assert HOSTILE in saved(view, "txt"), "the text file keeps the words as written"


def test_user_text_is_length_limited_and_tidied() -> None:
    view = BackPlanView()
    limit = view.content.own.max_chars
    view.note.value = "a" * (limit + 500)
    page = sheet(view)
    assert "a" * limit in page and "a" * (limit + 1) not in page
    assert html.escape(view.content.own.cut) in page
    assert view.content.own.cut in saved(view, "txt")
    text, cut = clean_note("one\x00two\x1b[31m\tthree\r\n\n\n\nfour   five", limit)
    assert (text, cut) == ("onetwo[31m three\n\nfour five", False)
    assert clean_note("", 10) == ("", False)


def test_print_button_prints_only_the_plan() -> None:
    view = BackPlanView()
    button = re.search(r'<button type="button" class="lesson-plan-print" onclick="([^"]+)">',
                       view.output.value)
    assert button
    script = html.unescape(button.group(1))
    assert "classList.add('lesson-print-plan')" in script and "window.print()" in script
    assert "afterprint" in script
    css = module.css_text()
    assert "@media print" in css and "body.lesson-print-plan" in css
    assert ":not(.lesson-plan-sheet)" in css and "display: none" in css


def test_the_update_button_rebuilds_the_plan() -> None:
    view = BackPlanView()
    view.output.value = ""
    view.update.click()
    assert "lesson-plan-sheet" in view.output.value


def test_same_bytes_every_time_and_a_stable_summary() -> None:
    assert BackPlanView().output.value == BackPlanView().output.value
    assert repr(back_plan()) == repr(back_plan())
    summary = repr(back_plan())
    assert "keep-active" in summary and "emergency (11 signs)" in summary


def test_an_error_shows_a_friendly_message(monkeypatch: pytest.MonkeyPatch) -> None:
    view = BackPlanView()

    def broken(*_: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "sheet_html", broken)
    view.boxes["heat"].value = True
    assert "lesson-error" in view.output.value and "boom" not in view.output.value


def test_stores_nothing(storage_calls: list[tuple[str, str]], temp_db: Path) -> None:
    view = BackPlanView()
    view.boxes["keep-active"].value = True
    view.note.value = "private note"
    assert storage_calls == [] and not temp_db.exists()


def test_every_activity_is_sourced_and_ids_are_unique() -> None:
    content = load.back_plan()
    ids = [a.id for a in content.activities]
    assert len(ids) == len(set(ids)) >= 5
    refs = load.references()
    for a in content.activities:
        assert a.sources and all(k in refs for k in a.sources)


def test_a_full_plan_prints_a_size_smaller_to_stay_on_one_page() -> None:
    view = BackPlanView()
    assert "lesson-plan-dense" not in view.output.value
    for box in view.boxes.values():
        box.value = True
    assert 'class="lesson-plan-sheet lesson-plan-dense"' in view.output.value
    assert 'class="lesson-plan-sheet lesson-plan-file lesson-plan-dense"' in saved(view, "html")
    css = module.css_text()
    normal = re.search(r"\.lesson-plan-sheet \{[^}]*font-size: ([\d.]+)pt", css)
    smaller = re.search(r"\.lesson-plan-sheet\.lesson-plan-dense \{ font-size: ([\d.]+)pt;", css)
    assert normal and smaller and float(smaller[1]) < float(normal[1])
