"""Every number in every chart CSV must be a number the fact base gives for that chart.

medical-facts.md section 6 ("Numbers for charts", items 70-82) is parsed, and each CSV's
numeric cells are checked against the numbers in the items the chart is built from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lesson.content_model.chart_data import CHART_IDS, load

# shared/ sits beside the repository (on developer machines and in CI alike).
FACTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "medical-facts.md"
LOCAL_FACTS = Path(__file__).resolve().parents[2] / "docs" / "medical-facts.md"

# chart id -> the fact-base items its numbers come from (section 6 of medical-facts.md)
ITEMS = {
    "global-cases": [70],
    "us-age": [71],
    "golf-sites": [82],
    "scan-findings": [74],
    "recovery": [72],
    "treatment-effects": [79],
    "magnesium-intake": [75, 76],
    "prevention-effect": [80],
    "serious-causes": [81],
}
# columns that hold labels, not numbers from the fact base
TEXT_COLUMNS = {"breakdown", "group", "site", "finding", "cohort", "label", "kind", "source", "gbd_round",
                "age_group", "sex", "approach", "measure"}
NUMBER = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")


def facts_text() -> str:
    for path in (FACTS, LOCAL_FACTS):
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail(f"fact base not found at {FACTS}")


def item_text(number: int) -> str:
    """The text of one numbered item, up to the next numbered item or heading."""
    match = re.search(rf"^{number}\. (.*?)(?=^\d+\. |^## |\Z)", facts_text(), re.S | re.M)
    if not match:
        pytest.fail(f"item {number} not found in the fact base")
    return match.group(1)


def numbers_in(text: str) -> set[float]:
    values = set()
    for token in NUMBER.findall(text):
        value = float(token.lstrip("−-").replace(",", ""))
        # both signs: "−7.29" is a signed value, "554–694" a range, and "10-point" a threshold that the
        # CSV stores as -10 (a reduction in pain)
        values.update({value, -value})
    return values


def test_every_chart_has_items():
    assert set(ITEMS) == set(CHART_IDS)


def test_item_parser_finds_known_values():
    assert 843.0 in numbers_in(item_text(70))
    assert -7.29 in numbers_in(item_text(79))
    assert 1172.0 in numbers_in(item_text(81))


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_csv_numbers_are_in_the_fact_base(chart_id: str):
    allowed = set().union(*(numbers_in(item_text(i)) for i in ITEMS[chart_id]))
    data = load(chart_id)
    checked = 0
    for row in data.rows:
        for column, cell in row.items():
            if column in TEXT_COLUMNS or not cell:
                continue
            assert float(cell) in allowed, f"{chart_id}.csv {column}={cell} is not in items {ITEMS[chart_id]}"
            checked += 1
    assert checked >= 3, f"{chart_id}: too few numbers checked"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_numbers_in_label_columns_are_in_the_fact_base(chart_id: str):
    """Age bands like "18-29" and "9 and over" are facts too."""
    allowed = set().union(*(numbers_in(item_text(i)) for i in ITEMS[chart_id]))
    for row in load(chart_id).rows:
        for column in ("group", "age_group"):
            for token in re.findall(r"\d+(?:\.\d+)?", row.get(column, "")):
                assert float(token) in allowed, f"{chart_id}: {column} {row[column]!r}"


def test_specific_values():
    """An explicit table for the headline numbers (items cited), so a parser bug cannot hide a change."""
    assert [r["cases_millions"] for r in load("global-cases").rows] == ["377.5", "577.0", "619", "843"]  # 70
    assert load("global-cases").where(year="2050")[0]["kind"] == "projection"  # 70
    sexes = {r["group"]: r["percent"] for r in load("us-age").where(breakdown="sex")}
    assert sexes == {"Women": "40.6", "Men": "37.2", "All adults": "39.0"}  # 71
    assert {r["value"] for r in load("treatment-effects").where(kind="effect")} == {"-7.29", "-7.7"}  # 79
    assert load("magnesium-intake").where(kind="ul")[0]["mg_per_day"] == "350"  # 76
    assert [r["rr"] for r in load("prevention-effect").rows] == ["0.55", "0.65"]  # 80


def test_scan_findings_has_only_ages_20_and_80():
    """Item 74: intermediate decades are unverified and must not appear."""
    assert load("scan-findings").columns == ("finding", "age_20", "age_80")


def test_caption_and_notes_numbers_come_from_the_fact_base():
    """Numbers typed into captions and notes (e.g. "about 10%") must be in the chart's items or item 39."""
    extra = numbers_in(item_text(39)) | numbers_in(item_text(37)) | numbers_in(item_text(55))
    extra |= {0.0, 1.0, 4.0, 5.0, 6.0, 95.0, 100.0, 33.0}  # scale ends, "95%" CIs, "0 to 5 scale", 33 studies
    for chart_id in CHART_IDS:
        meta = load(chart_id).meta
        allowed = set().union(*(numbers_in(item_text(i)) for i in ITEMS[chart_id])) | extra
        for text in (meta.caption, meta.notes, meta.alt, meta.title):
            for token in re.findall(r"\d+(?:\.\d+)?", text):
                rounded = {round(v) for v in allowed}  # "about 10%" for 10.4%
                assert float(token) in allowed or float(token) in rounded, f"{chart_id}: {token} in {text!r}"
