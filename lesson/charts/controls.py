"""Which charts offer a view control, kept apart from the figure code so that showing a chart
whose PNG is already cached never has to import matplotlib."""

from __future__ import annotations

CONTROLS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "us-age": ("breakdown", (("By age", "age"), ("By sex", "sex"))),
    "recovery": ("cohort", (("Recent (acute) pain", "acute"), ("Lasting (persistent) pain", "persistent"))),
    "magnesium-intake": ("sex", (("Women", "Women"), ("Men", "Men"))),
}
"""Chart id -> (keyword, ((button label, value), ...)); the first value is the default view."""
