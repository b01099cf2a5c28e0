"""Bank text as an LMS shows it: citation keys as source names, Markdown as HTML, numbers as decimals."""

from __future__ import annotations

from lesson.content_model.models import Reference
from lesson.lms.text import TextRenderer, decimal_text, plain_from_html, source_name

REFS = {
    "ng59": Reference(
        id="ng59",
        title="Low back pain",
        authors="National Institute for Health and Care Excellence (NICE)",
        year=2016,
        url="https://www.nice.org.uk/guidance/ng59",
    ),
    "acp2017": Reference(
        id="acp2017",
        title="Noninvasive treatments",
        authors="Qaseem A, Wilt TJ",
        year=2017,
        url="https://doi.org/10.7326/M16-2367",
    ),
    "nhs": Reference(
        id="nhs", title="Back pain", authors="NHS (nhs.uk)", year=None, url="https://www.nhs.uk/"
    ),
    "solo": Reference(id="solo", title="One author", authors="Miller KC", year=2015, url="https://doi.org/x"),
}
TEXT = TextRenderer(REFS)


def test_source_names_are_short_and_readable() -> None:
    assert source_name(REFS["ng59"]) == "NICE, 2016"
    assert source_name(REFS["acp2017"]) == "Qaseem et al., 2017"
    assert source_name(REFS["nhs"]) == "NHS"
    assert source_name(REFS["solo"]) == "Miller, 2015"


def test_citation_keys_become_names_and_links_stay_links() -> None:
    html = TEXT.block("Stay active [ng59, acp2017]. See [the NHS](https://www.nhs.uk/) and [nobody].")
    assert "(NICE, 2016; Qaseem et al., 2017)" in html
    assert '<a href="https://www.nhs.uk/">the NHS</a>' in html
    assert "(nobody)" in html  # an unknown key is kept, readable, rather than dropped
    assert "[" not in html


def test_markdown_becomes_html_and_raw_html_stays_text() -> None:
    assert TEXT.block("Some *stress* here.") == "<p>Some <em>stress</em> here.</p>"
    assert TEXT.inline("A <b>tag</b> & more") == "A &lt;b&gt;tag&lt;/b&gt; &amp; more"
    assert TEXT.block("Line one  \nline two") == "<p>Line one<br />\nline two</p>"  # XHTML, for QTI 2.1


def test_plain_text_has_no_markup() -> None:
    assert TEXT.plain("*Erector* spinae & `code` [ng59]") == "Erector spinae & code (NICE, 2016)"
    assert plain_from_html("<p>a &lt; b</p>\n<p>c</p>") == "a < b c"


def test_sources_line_links_each_title() -> None:
    line = TEXT.sources(["ng59", "nhs"])
    assert line == (
        '<p>Sources: <a href="https://www.nice.org.uk/guidance/ng59">Low back pain</a> (NICE, 2016); '
        '<a href="https://www.nhs.uk/">Back pain</a> (NHS).</p>'
    )
    assert TEXT.general_feedback("Because. [ng59]", ["ng59"]).startswith(
        "<p>Because. (NICE, 2016)</p><p>Sources"
    )


def test_numbers_are_plain_decimals() -> None:
    assert [decimal_text(v) for v in (76.0, 0.1, 2.5, -3.0, 1e-7, 1e20, -0.0)] == [
        "76",
        "0.1",
        "2.5",
        "-3",
        "0.0000001",
        "100000000000000000000",
        "0",
    ]
