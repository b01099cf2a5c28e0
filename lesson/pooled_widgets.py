"""ipywidgets constructors that share one default Layout and Style per kind.

Every ipywidgets widget creates its own Layout model and Style model, and the browser
fetches each model's state in its own round trip when a page opens. A chapter quiz
made ~500 models, 307 of them default layouts and styles, which slowed page start and
stalled pages when many learners opened a chapter at once. Widgets here share a
per-kernel default instead (ipywidgets supports one Layout/Style model behind many
views). A widget whose layout or style changes later (the reset confirmation) must be given
its own ``Layout()`` explicitly. To hide and show a widget, use ``set_shown``: it toggles a CSS
class, so the widget keeps the shared layout (a Hint button, a Show answer button and a
certainty box per question had their own Layout models only to be hidden: 3 models a question).

Use it like the ipywidgets module: ``from lesson import pooled_widgets as pooled``, then ``pooled.HTML(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as _w
from ipywidgets import Layout, Widget
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle

__all__ = ["HTML", "Button", "VBox", "HBox", "Label", "RadioButtons", "Checkbox", "ToggleButtons", "Text",
           "Dropdown", "Layout", "Widget", "shared", "fit_layout", "set_shown", "is_shown", "HIDDEN"]

T = TypeVar("T", bound=Widget)
HIDDEN = "lesson-hidden"
"""The class that hides a widget (``display: none`` in lesson/style/quiz.css)."""
_shared: dict[str, Widget] = {}


def shared(key: str, factory: Callable[[], T]) -> T:
    """The kernel's one instance for ``key``; a fresh one if the old one was closed."""
    widget = _shared.get(key)
    if widget is None or widget.comm is None:
        widget = _shared[key] = factory()
    return widget  # type: ignore[return-value]


def set_shown(widget: _w.DOMWidget, shown: bool) -> None:
    """Show or hide ``widget`` by its ``HIDDEN`` class (its layout stays shared)."""
    if shown:
        widget.remove_class(HIDDEN)
    else:
        widget.add_class(HIDDEN)


def is_shown(widget: _w.DOMWidget) -> bool:
    """False while ``widget`` is hidden by ``set_shown``."""
    return HIDDEN not in widget._dom_classes


def _layout(width: str | None = None) -> Layout:
    if width is None:
        return shared("layout", Layout)
    return shared(f"layout-width-{width}", lambda: Layout(width=width))


def fit_layout(width: str | None = None) -> Layout:
    """The kernel's one ``Layout(width=width, max_width="100%")``: never wider than its column."""
    return shared(f"layout-fit-{width}", lambda: Layout(width=width, max_width="100%"))


def _wide() -> _w.DescriptionStyle:
    return shared("wide-description", lambda: DescriptionStyle(description_width="initial"))


def _with(kwargs: dict[str, Any], style: Callable[[], Widget] | None) -> dict[str, Any]:
    kwargs.setdefault("layout", _layout())
    if style is not None:
        kwargs.setdefault("style", style())
    return kwargs


def HTML(value: str = "", **kwargs: Any) -> _w.HTML:  # noqa: N802 - mirrors ipywidgets
    return _w.HTML(value, **_with(kwargs, lambda: shared("html-style", HTMLStyle)))


def Label(value: str = "", **kwargs: Any) -> _w.Label:  # noqa: N802
    return _w.Label(value, **_with(kwargs, lambda: shared("label-style", LabelStyle)))


def Button(**kwargs: Any) -> _w.Button:  # noqa: N802
    return _w.Button(**_with(kwargs, lambda: shared("button-style", ButtonStyle)))


def VBox(children: Any = (), **kwargs: Any) -> _w.VBox:  # noqa: N802
    return _w.VBox(children, **_with(kwargs, None))


def HBox(children: Any = (), **kwargs: Any) -> _w.HBox:  # noqa: N802
    return _w.HBox(children, **_with(kwargs, None))


def RadioButtons(**kwargs: Any) -> _w.RadioButtons:  # noqa: N802
    kwargs.setdefault("layout", _layout("auto"))
    return _w.RadioButtons(**_with(kwargs, _wide))


def Checkbox(**kwargs: Any) -> _w.Checkbox:  # noqa: N802
    kwargs.setdefault("layout", _layout("auto"))
    return _w.Checkbox(**_with(kwargs, lambda: shared("checkbox-style", CheckboxStyle)))


def ToggleButtons(**kwargs: Any) -> _w.ToggleButtons:  # noqa: N802
    style = lambda: shared("toggle-style", lambda: ToggleButtonsStyle(description_width="initial"))  # noqa: E731
    return _w.ToggleButtons(**_with(kwargs, style))


def Text(**kwargs: Any) -> _w.Text:  # noqa: N802
    style = lambda: shared("text-style", lambda: TextStyle(description_width="initial"))  # noqa: E731
    return _w.Text(**_with(kwargs, style))


def Dropdown(**kwargs: Any) -> _w.Dropdown:  # noqa: N802
    return _w.Dropdown(**_with(kwargs, _wide))
