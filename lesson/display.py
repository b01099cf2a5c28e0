"""What a builder hands back to a notebook: a widget plus a stable text summary.

ipywidgets cuts a widget's own ``text/plain`` to about 110 characters and it carries a
random model id, so strict nbval would compare nothing useful. ``Shown`` keeps the widget
view for the browser and puts a deterministic summary (ids, option order) in
``text/plain`` for nbval. Builders return it; only notebooks display it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for the annotation: importing this module must not load ipywidgets
    import ipywidgets as widgets


class Shown:
    """A widget to display, with the deterministic summary nbval compares."""

    def __init__(self, widget: widgets.Widget, summary: str) -> None:
        self.widget = widget
        self.summary = summary

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/plain"] = self.summary
        return data

    def __repr__(self) -> str:
        return self.summary


class ShownHTML:
    """Static HTML (no kernel needed to view it) with a deterministic plain-text summary."""

    def __init__(self, html: str, summary: str) -> None:
        self.html = html
        self.summary = summary

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return {"text/html": self.html, "text/plain": self.summary}

    def __repr__(self) -> str:
        return self.summary
