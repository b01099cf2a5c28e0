"""Input controls for each question type: build them, read a response, restore a saved one.

Only standard, keyboard-focusable ipywidgets are used (no drag-and-drop), and every control
carries a visible label (its ``description``), as the accessibility rules require. Choices are
native radio groups (arrow keys move between options, as Start here promises), checkboxes,
a text field or labelled selects; the CSS in ``lesson/style/quiz.css`` gives them body-size,
wrapping, thumb-sized rows.

After a Check, ``marks`` names a class for each answered part: ``lesson-picked-right`` /
``lesson-picked-wrong`` for a one-value answer, ``lesson-rowN-right`` / ``lesson-rowN-wrong`` for
the N-th child of a list of rows. The question's box carries them (never the input widgets: a
kernel-side change to a RadioButtons model makes ipywidgets rebuild its radios, which throws the
keyboard focus away mid-answer), and the CSS draws a word and a symbol for each, so a mark never
relies on colour. Any change by the learner removes the marks: a mark always belongs to the
answer on screen.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lesson import pooled_widgets as pooled
from lesson.content_model.questions import (
    VERDICT_LABELS,
    VERDICTS,
    AnyQuestion,
    MultipleQuestion,
    SingleQuestion,
)
from lesson.quiz import shuffle
from lesson.quiz.question_types import grade

PLACEHOLDER = "Choose…"
"""The first entry of every select: an empty select looks like a broken box on a phone."""
MARK_PREFIX = ("lesson-picked-", "lesson-row")
"""Every mark class starts with one of these (so the question view can take them all off)."""


def mark_class(row: int | None, ok: bool) -> str:
    """``lesson-picked-right`` for a one-value answer, ``lesson-row3-wrong`` for the 3rd child row."""
    word = "right" if ok else "wrong"
    return f"lesson-picked-{word}" if row is None else f"lesson-row{row}-{word}"


@dataclass
class Controls:
    """The widget tree for a question's input plus how to read, fill and mark it."""

    box: pooled.Widget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    clear: Callable[[], None]
    shown: str
    """Deterministic description of what is offered, in shown order (for text/plain)."""
    inputs: list[pooled.Widget] = field(default_factory=list)
    """The widgets whose ``value`` is the answer."""
    judge: Callable[[Any], dict[int | None, bool]] = lambda _r: {}
    """Which answered parts of a response are right: ``None`` for a one-value answer, else the
    part's child position (1-based, as CSS ``:nth-child`` counts) in its list of rows."""
    chosen: Callable[[Any], str] = lambda _r: ""
    """The learner's answer as Markdown for the feedback ("" where the rows carry the marks)."""

    def marks(self, response: Any) -> builtins.set[str]:  # `set` alone is the field above
        """The mark classes for ``response`` (answered parts only)."""
        return {mark_class(row, ok) for row, ok in self.judge(response).items()}

    def watch(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a value changes (the learner's or a restore)."""
        for widget in self.inputs:
            widget.observe(lambda _change: callback(), names="value")


def _radio(options: list[tuple[str, Any]], row: bool) -> pooled.Widget:
    radio = pooled.RadioButtons(options=options, value=None, description="Your answer",
                           orientation="horizontal" if row else "vertical")
    radio.add_class("lesson-options")
    if row:
        radio.add_class("lesson-options-row")
    return radio


def _one_value(radio: pooled.Widget, values: list[Any], shown: str, right: Callable[[Any], bool | None],
               label: Callable[[Any], str]) -> Controls:
    """A question answered by one radio group (single, true/false, verdict)."""

    def set_value(v: Any) -> None:
        radio.value = v if any(v == x and type(v) is type(x) for x in values) else None

    def judge(v: Any) -> dict[int | None, bool]:
        ok = right(v)
        return {} if ok is None else {None: ok}

    def chosen(v: Any) -> str:
        text = label(v)
        return f"Your answer: **{text}**" if text else ""

    return Controls(radio, lambda: radio.value, set_value, lambda: set_value(None), shown,
                    [radio], judge, chosen)


def _offered(q: SingleQuestion | MultipleQuestion) -> tuple[list[int], str]:
    """The options' bank indices in shown order, and the text/plain line naming them."""
    order = shuffle.option_order(q)
    return order, "options: " + " | ".join(q.options[i].text for i in order)


def _single(q: SingleQuestion) -> Controls:
    order, shown = _offered(q)
    options = q.options
    radio = _radio([(options[i].text, i) for i in order], row=False)
    valid = lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(options)  # noqa: E731
    return _one_value(radio, list(order), shown,
                      lambda v: options[v].correct if valid(v) else None,
                      lambda v: options[v].text if valid(v) else "")


def _multiple(q: MultipleQuestion) -> Controls:
    order, shown = _offered(q)
    options = q.options
    boxes = {i: pooled.Checkbox(value=False, description=options[i].text, indent=False) for i in order}
    for b in boxes.values():
        b.add_class("lesson-option")
    label = pooled.Label("Tick every answer that fits:")
    row_of = {i: pos + 2 for pos, i in enumerate(order)}  # child 1 is the label

    def set_multi(v: Any) -> None:
        picked = set(v or [])
        for i, box in boxes.items():
            box.value = i in picked

    def judge(v: Any) -> dict[int | None, bool]:
        try:
            picks = {int(i) for i in v}
        except (TypeError, ValueError):
            return {}
        return {row_of[i]: options[i].correct for i in picks if i in boxes}

    box = pooled.VBox([label, *[boxes[i] for i in order]])
    box.add_class("lesson-checks")
    return Controls(box, lambda: {i for i, b in boxes.items() if b.value}, set_multi,
                    lambda: set_multi([]), shown, [boxes[i] for i in order], judge)


def _numeric(q: Any) -> Controls:
    text = pooled.Text(value="", description="Your answer", placeholder="Type a number")
    text.add_class("lesson-numeric")  # lesson.js gives it a number keypad (inputmode="decimal")
    parts: list[pooled.Widget] = [text] + ([pooled.Label(q.unit)] if q.unit else [])

    def set_text(v: Any) -> None:
        text.value = v if isinstance(v, str) else ""

    def judge(v: Any) -> dict[int | None, bool]:
        result = grade(q, v)
        return {} if result.status == "invalid" else {None: result.correct}

    box = pooled.HBox(parts)
    box.add_class("lesson-numeric-row")
    return Controls(box, lambda: text.value, set_text, lambda: set_text(""),
                    f"unit: {q.unit or '(none)'}", [text], judge)


def _dropdowns(q: AnyQuestion, keys: list[Any], labels: list[str], right: list[str],
               as_list: bool) -> Controls:
    names = shuffle.choices(q)
    options = [(PLACEHOLDER, ""), *[(n, n) for n in names]]  # "" (not None: ipywidgets maps None to no index)
    drops = [pooled.Dropdown(options=options, index=0, description=lab) for lab in labels]
    for d in drops:
        d.add_class("lesson-pick")

    def get() -> Any:
        values = [d.value for d in drops]
        return values if as_list else dict(zip(keys, values, strict=True))

    def chosen_list(v: Any) -> list[Any]:
        if as_list:
            return list(v) if isinstance(v, list | tuple) else []
        saved = {str(k): val for k, val in (v or {}).items()} if isinstance(v, dict) else {}
        return [saved.get(str(k)) for k in keys]

    def set_values(v: Any) -> None:
        chosen = chosen_list(v)
        for i, d in enumerate(drops):
            val = chosen[i] if i < len(chosen) else None
            d.index = names.index(val) + 1 if val in names else 0

    def judge(v: Any) -> dict[int | None, bool]:
        chosen = chosen_list(v)
        answered = [i for i in range(min(len(drops), len(chosen))) if chosen[i] in names]
        return {i + 1: chosen[i] == right[i] for i in answered}

    box = pooled.VBox(drops)
    box.add_class("lesson-picks")
    return Controls(box, get, set_values, lambda: set_values([] if as_list else {}),
                    "choices: " + " | ".join(names), drops, judge)


def _truefalse(q: Any) -> Controls:
    answer = q.answer
    names = {True: "True", False: "False"}
    is_bool = lambda v: isinstance(v, bool)  # noqa: E731
    return _one_value(_radio([("True", True), ("False", False)], row=True), [True, False],
                      "options: True | False", lambda v: v == answer if is_bool(v) else None,
                      lambda v: names[v] if is_bool(v) else "")


def _verdict(q: Any) -> Controls:
    verdict = q.answer
    shown = "options: " + " | ".join(VERDICT_LABELS[v] for v in VERDICTS)
    radio = _radio([(VERDICT_LABELS[v], v) for v in VERDICTS], row=True)
    return _one_value(radio, list(VERDICTS), shown,
                      lambda v: v == verdict if v in VERDICT_LABELS else None,
                      lambda v: VERDICT_LABELS[v] if v in VERDICT_LABELS else "")


def _ordering(q: Any) -> Controls:
    n = len(q.items)
    positions = [f"Position {i}" for i in range(1, n + 1)]
    return _dropdowns(q, list(range(n)), positions, list(q.items), as_list=True)


def _matching(q: Any) -> Controls:
    lefts = [p.left for p in q.pairs]
    return _dropdowns(q, lefts, lefts, [p.right for p in q.pairs], as_list=False)


def _labelling(q: Any) -> Controls:
    nums = [lab.number for lab in q.labels]
    return _dropdowns(q, nums, [f"Part {n}" for n in nums], [lab.answer for lab in q.labels], as_list=False)


CONTROLS: dict[str, Callable[[Any], Controls]] = {
    "single": _single,
    "multiple": _multiple,
    "truefalse": _truefalse,
    "verdict": _verdict,
    "numeric": _numeric,
    "ordering": _ordering,
    "matching": _matching,
    "labelling": _labelling,
}
"""The widget view of each question type (the builder layer's half of ``quiz.question_types``)."""


def build(q: AnyQuestion) -> Controls:
    """The controls for ``q``'s type."""
    return CONTROLS[q.type](q)
