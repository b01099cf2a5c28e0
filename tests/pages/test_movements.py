"""Starter movements: a drawing per picture, real alt text, colour-blind-safe shapes, steps from
content, and the same bytes on every run."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET

import pytest

from lesson.content_model import load
from lesson.pages import movement_drawings as drawing
from lesson.pages.movements import movement_html, movements

PALETTE = {"#ffffff", drawing.INK, drawing.FLOOR_INK, drawing.MAT, drawing.ARROW}


def images(page: str) -> list[tuple[str, str]]:
    """(decoded SVG, alt) of every drawing on the page."""
    found = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    return [(base64.b64decode(data).decode("utf-8"), html.unescape(alt)) for data, alt in found]


def test_three_or_four_movements_each_with_its_drawings_and_alt_text() -> None:
    content = load.movements()
    assert 3 <= len(content.movements) <= 4
    page = movements().html
    pictures = images(page)
    expected = [" ".join(p.alt.split()) for m in content.movements for p in m.pictures]
    assert [alt for _, alt in pictures] == expected
    assert all(len(alt) > 30 for alt in expected)
    for m in content.movements:
        assert len(drawing.drawings(m.id)) == len(m.pictures), m.id
        assert f'id="move-{m.id}"' in page and html.escape(m.name) in page


def test_drawings_are_valid_svg_shapes_only_in_a_colour_blind_safe_palette() -> None:
    for movement_id in drawing.DRAWINGS:
        for svg in drawing.drawings(movement_id):
            root = ET.fromstring(svg)
            assert root.tag.endswith("svg") and root.get("viewBox") == f"0 0 {drawing.W} {drawing.H}"
            assert "<text" not in svg, "words belong in movements.yaml (captions, alt text)"
            colours = set(re.findall(r"#[0-9a-fA-F]{6}", svg))
            assert colours <= PALETTE, (movement_id, colours - PALETTE)


def test_body_and_arrow_stand_out_from_the_background() -> None:
    from test_care_cards import contrast

    assert contrast(drawing.INK, "#ffffff") >= 4.5
    assert contrast(drawing.ARROW, "#ffffff") >= 4.5
    assert contrast(drawing.INK, drawing.MAT) >= 3
    assert contrast(drawing.ARROW, drawing.MAT) >= 3


def test_steps_tips_and_sources_come_from_content() -> None:
    content = load.movements()
    page = movements().html
    for m in content.movements:
        block = movement_html(m)
        assert block in page
        listed = block.split('<ol class="lesson-move-steps">')[1].split("</ol>")[0]
        steps = re.findall(r"<li>(.*?)</li>", listed)
        assert steps == [html.escape(" ".join(s.split())) for s in m.steps]
        if m.tip:
            assert html.escape(m.tip) in block
        refs = load.references()
        line = block.split('<p class="lesson-sources-line">')[1]
        assert all(html.escape(refs[k].url, quote=True) in line for k in m.sources)
    assert html.escape(" ".join(content.safety.text.split())) in page


def test_same_bytes_every_run_and_a_stable_summary() -> None:
    first, second = movements(), movements()
    assert first.html == second.html and first.summary == second.summary
    assert "knee-rolls: Knee rolls (2 drawings" in first.summary


def test_drawings_scale_to_a_phone() -> None:
    page = movements().html
    assert 'width="240" height="150"' in page
    assert re.search(r"\.lesson-moves \.lesson-move-pictures img \{[^}]*width: 100%", page)


def test_a_movement_without_a_drawing_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no drawing for movement 'somersault'"):
        drawing.drawings("somersault")


def test_the_citation_inventory_covers_every_part() -> None:
    from lesson.content_model.action_texts import PARTS

    refs = load.references()
    for name, inventory in PARTS.items():
        texts, sources = inventory()
        assert texts and sources, name
        assert all(key in refs for key in sources), name
    moves = load.movements()
    texts, sources = PARTS["movements"]()
    assert set(sources) == ({k for m in moves.movements for k in m.sources} | set(moves.intro.sources)
                            | set(moves.safety.sources))
    assert all(" ".join(s.split()) in " ".join(" ".join(t.split()) for t in texts)
               for m in moves.movements for s in m.steps)


def test_knee_rolls_show_bent_knees_and_flat_feet_then_the_knees_rolled_over() -> None:
    import math

    start = drawing._legs(1, 0)
    hip, knee, *_, toes = start
    assert knee[2] - hip[2] > 30, "the knees are bent up, not flat as seen from above"
    assert toes[2] <= 4 and start[-2][2] <= 4, "the foot is flat on the floor"
    rolled = drawing._legs(1, math.radians(64))
    assert rolled[1][2] < knee[2] - 15 and rolled[1][1] > knee[1] + 25, "the knees go down to one side"
    assert math.dist(rolled[0], hip) < 10, "the hips stay about where they were"
    first, second = drawing.knee_rolls()
    assert 'stroke-dasharray="4 3"' in second and 'stroke-dasharray="4 3"' not in first, (
        "dashed lines show where the knees started")
    assert drawing.ARROW in second and drawing.ARROW not in first


def test_pelvic_tilt_shows_the_gap_then_the_back_flat_with_arms_on_the_floor() -> None:
    start, tilt = drawing.pelvic_tilt()
    assert 'stroke-dasharray="3 3"' in start and 'stroke-dasharray="3 3"' not in tilt, "the gap, then none"
    arm = drawing.tube((64, 110), (94, 121))
    assert arm in start and arm in tilt, "one arm lies along the side, no zig-zag across the body"
    assert drawing.ARROW in tilt and drawing.ARROW not in start
