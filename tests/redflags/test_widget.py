"""The self-check widget driven headlessly: tick and read (the advice follows the ticks; there is no
"See the advice" button). The advice is care cards."""

from __future__ import annotations

import html
import itertools
import re

import ipywidgets as widgets

from lesson.redflags import load_redflags
from lesson.redflags import widget as widget_module
from lesson.redflags.triage import triage
from lesson.redflags.widget import EMPTY, advice_html, redflag_check


def parts(shown):
    children = shown.widget.children
    boxes = {c.description: c for c in children if isinstance(c, widgets.Checkbox)}
    buttons = next(c for c in children if isinstance(c, widgets.HBox)).children
    return boxes, buttons, buttons[-1], children[-1]


def by_id(boxes):
    text = {s.id: s.text for s in load_redflags().signs}
    return {sid: boxes[t] for sid, t in text.items()}


def sentences(page: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = text.split("Sources:")[0]
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


def test_structure_and_labels():
    shown = redflag_check()
    assert "lesson-redflag" in shown.widget._dom_classes
    boxes, buttons, clear_button, output = parts(shown)
    assert len(boxes) == len(load_redflags().signs)
    assert all(box.description for box in boxes.values()), "every checkbox has a visible label"
    assert [b.description for b in buttons] == ["Untick all"], "no 'See the advice': ticking shows it"
    assert output.value == EMPTY and 'aria-live="polite"' in output.value
    intro = shown.widget.children[0].value
    assert "not a symptom checker" in intro and "Nothing you tick is saved" in intro
    flags = load_redflags()
    assert html.escape(flags.intro.warning) in intro
    assert "999 (UK), 911 (US) or your local emergency number" in intro


def ticked(*sign_ids: str):
    """A fresh self-check with these signs ticked (by id); returns its advice output."""
    boxes, _, _, output = parts(redflag_check())
    signs = by_id(boxes)
    for sign_id in sign_ids:
        signs[sign_id].value = True
    return output


def test_emergency_plus_urgent_gives_emergency_first():
    output = ticked("worse-at-night", "saddle-numbness")
    first = output.value.index("Call 999 (UK), 911 (US) or your local emergency number now")
    assert first < output.value.index("NHS 111")
    assert "lesson-carecard lesson-carecard-emergency" in output.value
    assert output.value.index("lesson-carecard-emergency") < output.value.index("lesson-carecard-urgent")
    assert "does not rule out cauda equina syndrome" in output.value


def test_cancer_history_with_new_leg_numbness_is_an_emergency():
    output = ticked("cancer-history", "leg-symptoms-new")
    flags = load_redflags()
    assert 'data-level="emergency"' in output.value
    block = output.value.split('lesson-carecard lesson-carecard-emergency"')[1].split("</section>")[0]
    cancer = next(s for s in flags.signs if s.id == "cancer-history")
    assert html.escape(cancer.text) in block
    assert "lesson-carecard-urgent" not in output.value, "both signs are raised to the emergency card"
    assert "say that you have had cancer" in output.value
    assert "ng234" in output.value


def test_no_sentence_is_shown_twice():
    flags = load_redflags()
    ids = [s.id for s in flags.signs]
    picks = [[]] + [[i] for i in ids] + [list(p) for p in itertools.combinations(ids, 2)]
    picks += [["cancer-history", "leg-symptoms-new", "fall-or-blow", "worse-at-night", "not-improving"], ids]
    for chosen in picks:
        said = sentences(advice_html(triage(chosen)))
        repeated = {s for s in said if said.count(s) > 1}
        assert not repeated, (chosen, repeated)


def test_nothing_ticked_does_not_reassure():
    shown = redflag_check()
    _, _, _, output = parts(shown)
    assert output.value == EMPTY, "nothing ticked: the advice area is empty, not a reassurance"
    said = advice_html(triage([]))  # what the advice says for no signs, wherever it is shown
    assert "cannot rule anything out" in said
    for word in ("fine", "nothing to worry", "safe", "normal"):
        assert word not in said.lower() and word not in output.value.lower()


def test_clear_unticks_and_empties():
    shown = redflag_check()
    boxes, _, clear_button, output = parts(shown)
    by_id(boxes)["not-improving"].value = True
    assert "physiotherapist" in output.value
    clear_button.click()
    assert not any(box.value for box in boxes.values())
    assert output.value == EMPTY


def test_error_message_comes_from_content(monkeypatch):
    shown = redflag_check()
    boxes, _, _, output = parts(shown)

    def broken(_ids):
        raise RuntimeError("boom")

    monkeypatch.setattr(widget_module, "triage", broken)
    by_id(boxes)["not-improving"].value = True
    assert "lesson-error" in output.value
    assert html.escape(load_redflags().error.text) in output.value
    assert "999 (UK), 911 (US) or your local emergency number" in output.value


def test_summary_names_what_the_self_check_is():
    # Same in every process and hash seed: tests/foundation/test_summaries_across_processes.py
    assert "not a symptom checker" in repr(redflag_check())
    assert "escalation cancer-with-nerve-signs [emergency]" in repr(redflag_check())


def test_stores_nothing(storage_calls, temp_db):
    shown = redflag_check()
    boxes, _, _, _ = parts(shown)
    by_id(boxes)["both-legs"].value = True
    assert storage_calls == [] and not temp_db.exists()


def test_the_storage_spy_sees_a_stored_answer(storage_calls):
    """The control for ``test_stores_nothing``: a real write is seen."""
    from lesson.progress.store import Attempt, get_store

    get_store().add(Attempt("someone", "start", "q1", "v1", 1, 1.0, True, "check"))
    assert ("add", "start/q1") in storage_calls and storage_calls[0][0] == "open"


def test_advice_updates_as_boxes_are_ticked_without_a_button():
    shown = redflag_check()
    boxes, _, _, output = parts(shown)
    signs = by_id(boxes)
    signs["not-improving"].value = True
    assert 'data-level="routine"' in output.value
    assert "lesson-carecard-routine" in output.value and "lesson-carecard-emergency" not in output.value
    signs["high-temperature"].value = True
    assert 'data-level="urgent"' in output.value
    assert output.value.index("lesson-carecard-urgent") < output.value.index("lesson-carecard-routine")
    signs["hard-to-pee"].value = True
    assert 'data-level="emergency"' in output.value
    assert output.value.index("lesson-carecard-emergency") < output.value.index("lesson-carecard-urgent")
    assert "Call 999 (UK), 911 (US) or your local emergency number now" in output.value
    signs["hard-to-pee"].value = False
    assert 'data-level="urgent"' in output.value
    signs["high-temperature"].value = False
    signs["not-improving"].value = False
    assert output.value == EMPTY, "unticking everything empties the advice again"


def test_each_card_lists_only_its_ticked_signs_and_its_advice_once():
    flags = load_redflags()
    page = advice_html(triage(["saddle-numbness", "weight-loss"]))
    emergency = page.split('lesson-carecard-emergency"')[1].split("</section>")[0]
    urgent = page.split('lesson-carecard-urgent"')[1].split("</section>")[0]
    text = {s.id: html.escape(s.text) for s in flags.signs}
    assert text["saddle-numbness"] in emergency and text["weight-loss"] not in emergency
    assert text["weight-loss"] in urgent and text["saddle-numbness"] not in urgent
    assert html.escape(flags.tiers["emergency"].label) in emergency
    assert page.count(html.escape(flags.tiers["emergency"].advice)) == 1
    assert page.count(html.escape(flags.tiers["urgent"].advice)) == 1


def test_sources_are_citation_links_not_raw_keys():
    page = advice_html(triage(["both-legs"]))
    line = page.split('lesson-redflag-sources"')[1].split("</p>")[0]
    assert "Sources:" in line and "<a " in line
    assert "[nhs-backpain" not in page and "bmjbp-ces]" not in page
