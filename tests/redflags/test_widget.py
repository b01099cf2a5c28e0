"""The self-check widget driven headlessly: tick, click, read."""

from __future__ import annotations

import ipywidgets as widgets

from lesson.redflags import load_redflags, redflag_check
from lesson.redflags.widget import EMPTY


def parts(shown):
    children = shown.widget.children
    boxes = {c.description: c for c in children if isinstance(c, widgets.Checkbox)}
    buttons = next(c for c in children if isinstance(c, widgets.HBox)).children
    return boxes, buttons[0], buttons[1], children[-1]


def by_id(boxes):
    text = {s.id: s.text for s in load_redflags().signs}
    return {sid: boxes[t] for sid, t in text.items()}


def test_structure_and_labels():
    shown = redflag_check()
    assert "lesson-redflag" in shown.widget._dom_classes
    boxes, advice_button, clear_button, output = parts(shown)
    assert len(boxes) == len(load_redflags().signs)
    assert all(box.description for box in boxes.values()), "every checkbox has a visible label"
    assert advice_button.description == "See the advice"
    assert output.value == EMPTY and 'aria-live="polite"' in output.value
    intro = shown.widget.children[0].value
    assert "not a symptom checker" in intro and "Nothing you tick is saved" in intro
    assert "999" in intro and "911" in intro and "local emergency number" in intro


def test_emergency_plus_urgent_gives_emergency_first():
    shown = redflag_check()
    boxes, advice_button, _, output = parts(shown)
    signs = by_id(boxes)
    signs["worse-at-night"].value = True
    signs["saddle-numbness"].value = True
    advice_button.click()
    assert output.value.index("Call 999 or go to A&amp;E now") < output.value.index("NHS 111")
    assert "lesson-redflag-emergency" in output.value
    assert "does not rule out cauda equina syndrome" in output.value


def test_nothing_ticked_does_not_reassure():
    shown = redflag_check()
    _, advice_button, _, output = parts(shown)
    advice_button.click()
    assert "cannot rule anything out" in output.value
    for word in ("fine", "nothing to worry", "safe", "normal"):
        assert word not in output.value.lower()


def test_clear_unticks_and_empties():
    shown = redflag_check()
    boxes, advice_button, clear_button, output = parts(shown)
    by_id(boxes)["not-improving"].value = True
    advice_button.click()
    assert "physiotherapist" in output.value
    clear_button.click()
    assert not any(box.value for box in boxes.values())
    assert output.value == EMPTY


def test_summary_is_deterministic():
    assert repr(redflag_check()) == repr(redflag_check())
    assert "not a symptom checker" in repr(redflag_check())


def test_stores_nothing(tmp_path, monkeypatch):
    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("LESSON_DB", str(db))
    shown = redflag_check()
    boxes, advice_button, _, _ = parts(shown)
    by_id(boxes)["both-legs"].value = True
    advice_button.click()
    assert not db.exists()
