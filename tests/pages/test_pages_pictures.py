"""Explanatory pictures (saddle area, leg-symptom chart, bulging disc): valid models, alt text,
labels from content, readable sizes, the same bytes every run, and a decision chart whose rules
are exactly the red-flag content's (signs, tiers, escalations, advice)."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET

import pytest

from lesson.charts.diagram import diagram
from lesson.content_model import load
from lesson.content_model.citations import keys_used_by_chapter
from lesson.content_model.models import DiagramFile, RedFlagsFile
from lesson.pages import picture_drawings as draw
from lesson.pages import pictures

IDS = sorted(pictures.PICTURES)
LEG_SIGNS = {"both-legs", "leg-weakness-worse", "leg-symptoms-new", "walking-difficulty",
             "leg-pain-spreading"}
"""Red-flag signs about a leg or walking: each must be asked about by the chart."""
NERVE_SIGNS = {"saddle-numbness", "hard-to-pee", "toilet-feeling", "bladder-full", "bladder-bowel-control",
               "sex-problems"}
"""Emergency signs of pressure on the nerves (cauda equina syndrome): asked in the first step."""


def image(page: str) -> tuple[str, str]:
    """(decoded SVG, alt text) of the one picture on a page."""
    found = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    assert len(found) == 1
    data, alt = found[0]
    return base64.b64decode(data).decode("utf-8"), html.unescape(alt)


@pytest.mark.parametrize("picture_id", IDS)
def test_each_picture_is_a_valid_diagram_file_with_caption_alt_and_sources(picture_id: str) -> None:
    info = load.diagram(picture_id)  # the schema that `lesson check` applies to diagrams/*.yaml
    assert info.diagram == picture_id
    assert len(" ".join(info.alt.split())) > 60 and info.caption and info.sources
    refs = set(load.references())
    assert set(info.sources) <= refs


@pytest.mark.parametrize("picture_id", IDS)
def test_page_shows_figure_title_image_alt_and_caption(picture_id: str) -> None:
    shown = diagram(picture_id)  # what ui.diagram(id) shows
    page = shown.html
    info = load.diagram(picture_id)
    assert page.startswith("<figure") and f'id="picture-{picture_id}"' in page
    assert "<figcaption" in page and html.escape(info.title) in page
    assert "[" + info.sources[0] not in re.sub(r"<[^>]+>", "", page), "raw citation keys on the page"
    svg, alt = image(page)
    assert alt == pictures.picture_alt(picture_id) and len(alt) > 60
    assert f"picture: {picture_id}" in shown.summary and "alt:" in shown.summary
    assert "<script" not in page and "<script" not in svg


@pytest.mark.parametrize("picture_id", IDS)
def test_svg_is_valid_fits_a_phone_and_text_is_never_below_the_label_size(picture_id: str) -> None:
    svg = pictures.picture_svg(picture_id)
    root = ET.fromstring(svg)
    assert root.get("width") == str(draw.W) and root.get("viewBox", "").startswith(f"0 0 {draw.W} ")
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= draw.LABEL  # 14 units: about 14 px on a 390 px phone, never below 12
    assert svg == pictures.picture_svg(picture_id), "same bytes every run"


def test_wide_chart_has_the_same_words_as_the_phone_chart() -> None:
    narrow = pictures.picture_svg("leg-symptoms")
    wide = pictures.picture_svg("leg-symptoms", "wide")
    assert ET.fromstring(wide).get("width") == str(pictures.WIDE_W)
    assert min(int(s) for s in re.findall(r'font-size="(\d+)"', wide)) >= draw.LABEL

    def words(svg: str) -> list[str]:
        return sorted(" ".join(re.sub(r"<[^>]+>", " ", svg).split()).split())

    assert words(wide) == words(narrow)
    page = diagram("leg-symptoms").html
    assert f'<source media="{pictures.NARROW_MEDIA}"' in page and page.count("<img") == 1


@pytest.mark.parametrize("picture_id", ["saddle-area", "disc-bulge"])
def test_every_label_comes_from_the_yaml(picture_id: str) -> None:
    svg = pictures.picture_svg(picture_id)
    words = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    for part in load.diagram(picture_id).parts:
        assert html.escape(part.name) in words or all(w in words for w in part.name.split()), part.name


def _flow() -> tuple[DiagramFile, RedFlagsFile]:
    return load.diagram("leg-symptoms"), load.redflags()


def test_chart_steps_ask_about_signs_of_their_own_tier_most_urgent_first() -> None:
    info, flags = _flow()
    tier_of = {s.id: s.tier for s in flags.signs}
    assert [step.tier for step in info.flow] == ["emergency", "urgent", "routine"]
    for step in info.flow:
        for sign in step.signs:
            assert tier_of[sign] == step.tier, (sign, step.tier)


def test_chart_covers_every_leg_and_nerve_sign_and_every_leg_escalation() -> None:
    info, flags = _flow()
    asked = {s for step in info.flow for s in step.signs}
    assert LEG_SIGNS | NERVE_SIGNS <= asked
    assert {s.id for s in flags.signs if s.tier == "emergency"} - asked == {
        "chest-pain", "serious-accident", "belly-throbbing"}, "only the non-leg emergency signs are left out"
    leg_rules = {e.id for e in flags.escalations
                 if (set(e.when_all) | set(e.when_any)) & (LEG_SIGNS - {"both-legs", "leg-weakness-worse"})}
    named = {e for step in info.flow for e in step.escalations}
    assert leg_rules == named
    rules = {e.id: e for e in flags.escalations}
    for step in info.flow:
        for rule in step.escalations:
            assert rules[rule].tier == step.tier == "emergency"
        assert bool(step.lines) == bool(step.escalations)


def test_escalation_lines_name_each_rules_trigger_in_plain_words() -> None:
    info, _ = _flow()
    lines = " ".join(line.text for step in info.flow for line in step.lines).lower()
    for words in ("had cancer", "a fall or a blow", "fever", "risk of infection", "difficulty walking"):
        assert words in lines


def test_outcome_boxes_are_the_care_cards_labels_and_advice() -> None:
    info, flags = _flow()
    svg = pictures.picture_svg("leg-symptoms")
    text = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    alt = pictures.picture_alt("leg-symptoms")
    fill = load.help_content().fill
    for step, part in zip(info.flow, sorted(info.parts, key=lambda p: p.number), strict=True):
        tier = getattr(flags.tiers, step.tier)
        assert part.name == tier.label
        advice = " ".join(fill(tier.advice).split())
        assert html.escape(tier.label) in text and advice in alt
        for word in advice.split()[:4]:
            assert html.escape(word) in text
    for sign in (s for s in flags.signs if s.id in {i for st in info.flow for i in st.signs}):
        assert sign.text in alt


def test_chart_colours_are_the_care_cards_with_words_and_icons() -> None:
    svg = pictures.picture_svg("leg-symptoms")
    for colour in ("#d5281b", "#ffb81c", "#005eb8"):
        assert colour in svg
    assert svg.count(">Yes<") == 3 and svg.count(">No<") == 3
    from lesson.pages.action import TIER_ICONS

    for tier in ("emergency", "urgent", "routine"):
        assert TIER_ICONS[tier] in svg  # a shape per tier, so colour is never the only cue


def test_mismatched_outcome_label_is_an_error() -> None:
    info, flags = _flow()
    parts = [p.model_copy(update={"name": "Call later"}) if p.number == 1 else p for p in info.parts]
    wrong = info.model_copy(update={"parts": parts})
    with pytest.raises(ValueError, match="tier labels"):
        pictures.leg_chart(wrong, flags)


def test_chapters_cite_the_pictures_sources() -> None:
    seek = keys_used_by_chapter("seek-help")
    assert set(load.diagram("saddle-area").sources) <= set(seek)
    assert set(load.diagram("leg-symptoms").sources) <= set(seek)
    assert set(load.diagram("disc-bulge").sources) <= set(keys_used_by_chapter("diagnosis"))


# --- the icon array: the chance of another bout of back pain, with and without exercise ----------

ICONS = "prevention-icons"


def _people(svg: str) -> list[str]:
    """The kind of each person drawn, in order (rows first, then the key): filled, maybe, empty."""
    fills = re.findall(r'<path d="[^"]*" fill="([^"]+)" stroke="[^"]+" stroke-width="2" '
                       r'stroke-linejoin="round"/>', svg)
    kind = {draw.FILLED: "filled", "url(#icon-stripes)": "maybe", "#ffffff": "empty"}
    return [kind[f] for f in fills]


def test_icon_rows_draw_the_yaml_counts() -> None:
    info = load.diagram(ICONS)
    assert info.icons is not None
    people = _people(pictures.picture_svg(ICONS))
    per_row = info.icons.per_row
    for i, row in enumerate(info.icons.rows):
        drawn = people[i * per_row:(i + 1) * per_row]
        assert drawn == ["filled"] * row.filled + ["maybe"] * row.maybe + ["empty"] * (
            per_row - row.filled - row.maybe), row.label
    assert people[len(info.icons.rows) * per_row:] == ["filled", "maybe", "empty"], "the key"
    # the numbers the chapter gives: about 7 in 10 without exercise, about 4 or 5 in 10 with it
    assert [(r.filled, r.maybe) for r in info.icons.rows] == [(7, 0), (4, 1)]


def test_icon_counts_follow_the_yaml_not_the_code() -> None:
    info = load.diagram(ICONS)
    assert info.icons is not None
    rows = [info.icons.rows[0].model_copy(update={"filled": 3})]
    other = info.model_copy(update={"icons": info.icons.model_copy(update={"rows": rows})})
    people = _people(pictures.PICTURES[ICONS](other))
    assert people == ["filled"] * 3 + ["empty"] * 7 + ["filled", "empty"], "no striped key when unused"


def test_icon_labels_key_and_alt_text_are_real_text_from_the_yaml() -> None:
    info = load.diagram(ICONS)
    assert info.icons is not None
    svg = pictures.picture_svg(ICONS)
    words = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    for text in [*(r.label for r in info.icons.rows), info.icons.filled, info.icons.maybe or "",
                 info.icons.empty]:
        assert all(html.escape(w) in words for w in text.split()), text
    alt = pictures.picture_alt(ICONS)
    assert alt.startswith(" ".join(info.alt.split()))
    for row in info.icons.rows:
        assert f"{row.label}. {row.filled} of {info.icons.per_row} filled in" in alt
    assert "1 more striped" in alt


def test_icon_caption_cites_the_chapters_own_keys_for_these_numbers() -> None:
    from lesson.content_model.citations import CITATION

    info = load.diagram(ICONS)
    cited = {k.strip() for m in CITATION.finditer(info.caption) for k in m.group(0).strip("[]").split(",")}
    assert cited == set(info.sources) == {"pengel2003", "steffens2016"}
    assert cited <= set(load.references())
    assert cited <= set(keys_used_by_chapter("treatment")), "the Treatment chapter cites the same sources"


def test_icon_people_differ_by_shape_of_fill_not_colour_alone() -> None:
    from test_care_cards import contrast

    svg = pictures.picture_svg(ICONS)
    assert 'id="icon-stripes"' in svg and "url(#icon-stripes)" in svg
    assert contrast(draw.FILLED, "#ffffff") >= 4.5, "filled people stand out from empty ones"


def test_icon_counts_that_do_not_fit_are_an_error() -> None:
    from pydantic import ValidationError

    from lesson.content_model.models import IconArray

    with pytest.raises(ValidationError, match="more than 10 people"):
        IconArray(rows=[{"label": "Too many", "filled": 9, "maybe": 2}], filled="a", maybe="b", empty="c")
    with pytest.raises(ValidationError, match="needs `maybe` words"):
        IconArray(rows=[{"label": "Striped", "filled": 4, "maybe": 1}], filled="a", empty="c")
