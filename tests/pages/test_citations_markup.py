"""Citations as learners see them: numbered links, the same numbers everywhere on a page.

Authors write ``[key]``; ``lesson.execute`` rewrites a chapter's Markdown into numbered links
that keep their keys (``markup.cite_markdown``), Python-rendered text goes through
``markup.Citations``, and ``keys_in`` reads both forms so every key still resolves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from pages_fixtures import text_nodes, write_content

from lesson.content_model.check_medical import blocks
from lesson.content_model.citations import CITATION, keys_in, keys_used_by_chapter
from lesson.execute import cite_file
from lesson.pages.markup import Citations, chapter_citations, cite_markdown, reference_text, render_block
from lesson.pages.references import reference_list
from lesson.readability import grade, measure

RAW_KEY = re.compile(r"\[[a-z0-9-]+(, ?[a-z0-9-]+)*\]")


def ref(key: str, title: str = "") -> SimpleNamespace:
    return SimpleNamespace(id=key, title=title or f"Title of {key}", authors="Smith J, Lee K", year=2020,
                           url=f"https://doi.org/10.1000/{key}")


REFS = {k: ref(k) for k in ("ng59", "acp2017", "costa2012")}
CITES = Citations(("ng59", "acp2017", "costa2012"), REFS)


def numbers(html: str) -> list[list[tuple[str, str]]]:
    """[(key, number), ...] of each citation group in ``html``."""
    return [re.findall(r'href="#ref-([a-z0-9-]+)"[^>]*>(\d+)</a>', m.group(0))
            for m in re.finditer(r'<sup class="lesson-cite">.*?</sup>', html)]


def test_one_key_becomes_a_numbered_link_with_the_full_reference_as_its_title() -> None:
    out = cite_markdown("Keep moving [acp2017].", CITES)
    assert out == (
        'Keep moving<sup class="lesson-cite">[<a href="#ref-acp2017" title="Smith J, Lee K (2020). '
        'Title of acp2017." aria-describedby="ref-acp2017">2</a>]</sup>.'
    )


def test_several_keys_share_one_group_in_number_order() -> None:
    out = cite_markdown("Heat helps [costa2012, ng59; acp2017].", CITES)
    assert numbers(out) == [[("ng59", "1"), ("acp2017", "2"), ("costa2012", "3")]]
    assert "[<a" in out and "</a>]</sup>" in out and out.count("<sup") == 1


def test_the_transform_is_idempotent_and_picks_up_new_raw_keys() -> None:
    once = cite_markdown("A [ng59]. B [acp2017, costa2012].\n\n- [ng59] first\n- second", CITES)
    assert cite_markdown(once, CITES) == once
    edited = once + " New [costa2012]."
    again = cite_markdown(edited, CITES)
    assert cite_markdown(again, CITES) == again
    assert numbers(again)[-1] == [("costa2012", "3")]
    assert not [t for t in text_nodes(again) if RAW_KEY.search(t)]


def test_rendered_groups_follow_a_new_numbering_and_title() -> None:
    once = cite_markdown("A [ng59] and [costa2012].", CITES)
    refs = {**REFS, "costa2012": ref("costa2012", "A new title")}
    renumbered = cite_markdown(once, Citations(("costa2012", "ng59"), refs))
    assert renumbered == cite_markdown("A [ng59] and [costa2012].", Citations(("costa2012", "ng59"), refs))
    assert numbers(renumbered) == [[("ng59", "2")], [("costa2012", "1")]]
    assert 'title="Smith J, Lee K (2020). A new title."' in renumbered


def test_an_unknown_key_stays_visible_as_written() -> None:
    assert cite_markdown("Odd [nope].", CITES) == "Odd [nope]."
    assert cite_markdown("Mixed [ng59, nope].", CITES) == "Mixed [ng59, nope]."
    # a rendered group whose key has gone from references.yaml goes back to the raw form
    rendered = cite_markdown("Gone [costa2012].", CITES)
    assert cite_markdown(rendered, Citations(("ng59",), {"ng59": REFS["ng59"]})) == "Gone [costa2012]."
    assert keys_in("Mixed [ng59, nope].") == ["ng59", "nope"]  # so `lesson check` reports it


def test_code_links_and_list_markers_are_left_alone() -> None:
    text = ("Write `[ng59]` for a key.\n\n```\n[ng59]\n```\n\nSee [the NHS](https://www.nhs.uk).\n\n"
            "- [ng59] item\n1. [acp2017] step")
    out = cite_markdown(text, CITES)
    assert "`[ng59]`" in out and "```\n[ng59]\n```" in out and "[the NHS](https://www.nhs.uk)" in out
    assert '\n- <sup class="lesson-cite">' in out and '\n1. <sup class="lesson-cite">' in out


def test_titles_are_escaped_for_an_attribute() -> None:
    odd = Citations(("x1",), {"x1": ref("x1", 'A "quoted" <b>title</b> & more')})
    out = cite_markdown("See [x1].", odd)
    assert 'title="Smith J, Lee K (2020). A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more."' in out
    assert keys_in(out) == ["x1"]


def test_keys_in_reads_both_forms_in_order() -> None:
    text = "A [ng59]. B [acp2017, costa2012]. C [ng59]."
    assert keys_in(cite_markdown(text, CITES)) == keys_in(text) == ["ng59", "acp2017", "costa2012", "ng59"]
    assert keys_in("See [sciatica](glossary.ipynb#sciatica) and [Capital Letters].") == []


def test_checks_see_a_rendered_group_as_a_citation() -> None:
    raw = "A scan can help in a few cases [ng59]:\n\n- an emergency\n- a cancer history"
    rendered = cite_markdown(raw, CITES)
    # the medical-sentence check joins a list to the sentence that introduces it, in both forms
    assert len(blocks(rendered)) == len(blocks(raw)) == 1
    assert CITATION.sub("", rendered) == CITATION.sub("", raw).replace("cases ", "cases")
    # readability measures the same words (the title in the attribute is not read)
    prose = "Bed rest does not help a sore back [ng59]. Keep moving as much as you can [acp2017, costa2012]."
    assert measure(cite_markdown(prose, CITES)) == measure(prose)
    assert grade(cite_markdown(prose, CITES)) == grade(prose)


def test_python_rendered_markdown_uses_the_same_markup() -> None:
    html = render_block("Staying active helps [acp2017, ng59]. Unknown [zz].", CITES)
    assert numbers(html) == [[("ng59", "1"), ("acp2017", "2")]]
    assert "Unknown [zz]." in html
    assert cite_markdown("Staying active helps [acp2017, ng59].", CITES) in html


def test_sources_line_is_numbered_and_keeps_unknown_keys_visible() -> None:
    line = CITES.sources(["costa2012", "ng59", "zz"], "lesson-sources")
    assert line.startswith('<p class="lesson-sources">Sources: <span class="lesson-cite lesson-cite-list">[')
    assert re.findall(r">(\d+)</a>", line) == ["1", "3"]
    assert line.endswith(" [zz]</p>")


def test_a_key_outside_the_page_numbering_links_to_its_record() -> None:
    html = Citations((), REFS).group(["ng59"])
    assert 'href="https://doi.org/10.1000/ng59"' in html and 'target="_blank"' in html and ">source<" in html


def test_reference_text_is_the_full_reference() -> None:
    asked = ref("ng59", "Low back pain: assessment?")
    assert reference_text(asked) == "Smith J, Lee K (2020). Low back pain: assessment?"
    undated = SimpleNamespace(title="A page", authors="NHS", year=None, url="https://www.nhs.uk")
    assert reference_text(undated) == "NHS (no date). A page."


def test_execute_cites_a_chapter_notebook_and_the_list_uses_the_same_numbers(tmp_path: Path) -> None:
    content, notebooks = write_content(tmp_path)
    path = notebooks / "01_alpha.ipynb"
    before = keys_used_by_chapter("alpha", content, notebooks)
    assert cite_file(path, content) == 2
    assert cite_file(path, content) == 0  # idempotent
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert keys_used_by_chapter("alpha", content, notebooks) == before == ["src-b", "src-a", "src-c"]
    assert numbers(markdown) == [[("src-b", "1")], [("src-b", "1"), ("src-a", "2")]]
    listed = re.findall(r'<li id="ref-([a-z0-9-]+)"', reference_list("alpha", content, notebooks).html)
    assert listed == list(chapter_citations("alpha", content, notebooks).keys) == before


@pytest.mark.parametrize("chapter_id", ["anatomy", "treatment", "seek-help", "final"])
def test_real_chapters_number_in_order_of_first_use_on_the_page(chapter_id: str) -> None:
    cites = chapter_citations(chapter_id)
    assert list(cites.keys) == keys_used_by_chapter(chapter_id)
    listed = re.findall(r'<li id="ref-([a-z0-9-]+)"', reference_list(chapter_id).html)
    assert listed == list(cites.keys)
    assert all(cites.knows(k) for k in cites.keys)


def test_a_figure_caption_lists_only_the_sources_it_does_not_already_cite() -> None:
    from lesson.pages.markup import figure_caption

    sources = ["nhs-backpain", "bmjbp-ces"]
    some = figure_caption("saddle-area", "New numbness there is an emergency [nhs-backpain].", sources)
    caption, line = some.split("Sources:")
    assert "#ref-nhs-backpain" in caption and "#ref-bmjbp-ces" in line and "#ref-nhs-backpain" not in line
    every = figure_caption("saddle-area", "Numb there is an emergency [nhs-backpain, bmjbp-ces].", sources)
    assert "Sources:" not in every and "#ref-bmjbp-ces" in every and not RAW_KEY.search(every)
