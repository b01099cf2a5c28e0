"""The lumbar-spine diagram: parts from the YAML, numbered and labelled versions, alt text."""

from __future__ import annotations

import base64
import re

from lesson.charts.diagram import (
    DIAGRAMS,
    diagram,
    diagram_alt,
    diagram_figure,
    diagram_png,
    diagram_svg,
    image_html,
    spec,
)
from lesson.display import ShownHTML

REQUIRED = {"Lumbar vertebra", "Intervertebral disc", "Nucleus pulposus", "Annulus fibrosus", "Facet joint",
            "Spinal canal", "Cauda equina", "Sacrum", "Erector spinae", "Sciatic nerve"}


def _texts(numbered: bool) -> list[str]:
    fig = diagram_figure("lumbar-spine", numbered)
    return [t.get_text() for t in fig.axes[0].texts]


def test_parts_are_numbered_one_to_n_and_cover_the_brief():
    parts = spec("lumbar-spine").parts
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    assert {p.name for p in parts} == REQUIRED
    assert "lumbar-spine" in DIAGRAMS


def test_labelled_version_names_every_part_and_level():
    found = _texts(numbered=False)
    for part in spec("lumbar-spine").parts:
        assert part.name in found
    for level in ("L1", "L2", "L3", "L4", "L5"):
        assert level in found


def test_numbered_version_shows_numbers_not_names():
    found = _texts(numbered=True)
    for part in spec("lumbar-spine").parts:
        assert str(part.number) in found
        assert part.name not in found


def test_png_deterministic_and_versions_differ():
    diagram_png.cache_clear()
    numbered = diagram_png("lumbar-spine")
    diagram_png.cache_clear()
    assert numbered == diagram_png("lumbar-spine", numbered=True)
    assert numbered != diagram_png("lumbar-spine", numbered=False)
    assert numbered.startswith(b"\x89PNG")


def test_numbered_alt_locates_parts_without_naming_them():
    alt = diagram_alt("lumbar-spine")
    for part in spec("lumbar-spine").parts:
        assert f"{part.number}: " in alt
        assert part.name.lower() not in alt.lower()
    assert "cauda equina" in diagram_alt("lumbar-spine", numbered=False)


def test_diagram_builder_returns_labelled_figure_with_alt_and_caption():
    shown = diagram("lumbar-spine")
    assert isinstance(shown, ShownHTML)
    assert shown.html.startswith('<figure class="lesson-chart lesson-diagram')
    assert 'alt="Side view of the lower back' in shown.html and "<figcaption>" in shown.html
    assert "10. Sciatic nerve" in shown.summary
    assert shown.html.count("data:image/svg+xml;base64,") == 2, "a wide and a phone drawing"


def test_phone_diagram_numbers_the_parts_and_names_them_in_a_key():
    texts = [t.get_text() for ax in diagram_figure("lumbar-spine", numbered=False, layout="narrow").axes
             for t in ax.texts]
    for part in spec("lumbar-spine").parts:
        assert str(part.number) in texts and part.name in texts
    quiz = [t.get_text() for ax in diagram_figure("lumbar-spine", numbered=True, layout="narrow").axes
            for t in ax.texts]
    assert not {p.name for p in spec("lumbar-spine").parts} & set(quiz), "the question's image names nothing"


def test_svg_deterministic_and_image_html_offers_both_layouts():
    diagram_svg.cache_clear()
    first = diagram_svg("lumbar-spine", True, "narrow")
    diagram_svg.cache_clear()
    assert first == diagram_svg("lumbar-spine", True, "narrow") and first.startswith(b"<?xml")
    markup = image_html("lumbar-spine", numbered=True)
    narrow = re.search(r'srcset="data:image/svg\+xml;base64,([^"]+)"', markup).group(1)
    assert base64.b64decode(narrow) == first
    assert 'alt="' + diagram_alt("lumbar-spine")[:30] in markup
