"""Input controls for each question type: build them, read a response, restore a saved one.

Only standard, keyboard-focusable ipywidgets are used (no drag-and-drop), and every control
carries a visible label (its ``description``), as the accessibility rules require.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lesson.content_model.questions import VERDICT_LABELS, VERDICTS, AnyQuestion
from lesson.quiz import lean as W
from lesson.quiz import shuffle


@dataclass
class Controls:
    """The widget tree for a question's input plus how to read and fill it."""

    box: W.Widget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    clear: Callable[[], None]
    shown: str
    """Deterministic description of what is offered, in shown order (for text/plain)."""


def _choice(q: AnyQuestion) -> Controls:
    order = shuffle.option_order(q)  # type: ignore[arg-type]
    texts = [q.options[i].text for i in order]  # type: ignore[union-attr]
    shown = "options: " + " | ".join(texts)
    if q.type == "single":
        radio = W.RadioButtons(options=[(q.options[i].text, i) for i in order], value=None,  # type: ignore
                               description="Your answer")

        def set_single(v: Any) -> None:
            radio.value = v if v in order else None

        return Controls(radio, lambda: radio.value, set_single, lambda: set_single(None), shown)
    boxes = {i: W.Checkbox(value=False, description=q.options[i].text, indent=False)  # type: ignore
             for i in order}
    label = W.Label("Tick every answer that fits:")

    def set_multi(v: Any) -> None:
        picked = set(v or [])
        for i, box in boxes.items():
            box.value = i in picked

    box = W.VBox([label, *[boxes[i] for i in order]])
    return Controls(box, lambda: {i for i, b in boxes.items() if b.value}, set_multi,
                    lambda: set_multi([]), shown)


def _toggle(options: list[tuple[str, Any]], shown: str) -> Controls:
    buttons = W.ToggleButtons(options=options, value=None, description="Your answer")

    def set_value(v: Any) -> None:
        buttons.value = v if v in [o[1] for o in options] else None

    return Controls(buttons, lambda: buttons.value, set_value, lambda: set_value(None), shown)


def _numeric(q: Any) -> Controls:
    text = W.Text(value="", description="Your answer", placeholder="Type a number")
    parts: list[W.Widget] = [text] + ([W.Label(q.unit)] if q.unit else [])

    def set_text(v: Any) -> None:
        text.value = v if isinstance(v, str) else ""

    return Controls(W.HBox(parts), lambda: text.value, set_text, lambda: set_text(""),
                    f"unit: {q.unit or '(none)'}")


def _dropdowns(q: AnyQuestion, keys: list[Any], labels: list[str], as_list: bool) -> Controls:
    names = shuffle.choices(q)
    drops = [W.Dropdown(options=names, value=None, description=lab) for lab in labels]

    def get() -> Any:
        values = [d.value for d in drops]
        return values if as_list else dict(zip(keys, values, strict=True))

    def set_values(v: Any) -> None:
        if as_list:
            chosen = list(v) if isinstance(v, list) else []
        else:
            saved = {str(k): val for k, val in (v or {}).items()} if isinstance(v, dict) else {}
            chosen = [saved.get(str(k)) for k in keys]
        for i, d in enumerate(drops):
            val = chosen[i] if i < len(chosen) else None
            d.value = val if val in names else None

    return Controls(W.VBox(drops), get, set_values, lambda: set_values([] if as_list else {}),
                    "choices: " + " | ".join(names))


def build(q: AnyQuestion) -> Controls:
    """The controls for ``q``'s type."""
    if q.type in ("single", "multiple"):
        return _choice(q)
    if q.type == "truefalse":
        return _toggle([("True", True), ("False", False)], "options: True | False")
    if q.type == "verdict":
        shown = "options: " + " | ".join(VERDICT_LABELS[v] for v in VERDICTS)
        return _toggle([(VERDICT_LABELS[v], v) for v in VERDICTS], shown)
    if q.type == "numeric":
        return _numeric(q)
    if q.type == "ordering":
        n = len(q.items)  # type: ignore[union-attr]
        return _dropdowns(q, list(range(n)), [f"Position {i}" for i in range(1, n + 1)], as_list=True)
    if q.type == "matching":
        lefts = [p.left for p in q.pairs]  # type: ignore[union-attr]
        return _dropdowns(q, lefts, lefts, as_list=False)
    if q.type == "labelling":
        nums = [lab.number for lab in q.labels]  # type: ignore[union-attr]
        return _dropdowns(q, nums, [f"Part {n}" for n in nums], as_list=False)
    raise TypeError(f"unknown question type {q.type}")
