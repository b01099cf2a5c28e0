"""The evidence panel: word-and-symbol verdicts, safe Markdown, linked keys and sources."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from pages_fixtures import write_content

from lesson.content_model import load
from lesson.pages.evidence import (
    EMPTY,
    FOLD_LABEL,
    HEADING,
    VERDICT_BADGES,
    claim_item,
    evidence_panel,
    verdict_badge,
)
from lesson.pages.markup import chapter_citations


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path)[0]


def test_badges_use_a_word_and_a_symbol_for_every_verdict() -> None:
    expected = {
        "supported": ("✓", "Supported"),
        "qualified": ("◐", "Partly true"),
        "contradicted": ("✗", "Evidence says otherwise"),
        "unsupported": ("?", "No good evidence"),
    }
    assert VERDICT_BADGES == expected
    for verdict, (symbol, word) in expected.items():
        badge = verdict_badge(verdict)
        assert f'<span aria-hidden="true">{symbol}</span> {word}' in badge
        assert f"lesson-verdict-{verdict}" in badge


def test_panel_shows_each_claim_with_its_verdict(content: Path) -> None:
    shown = evidence_panel("alpha", root=content)
    html = shown.html
    assert html.startswith('<section class="lesson-evidence"')
    assert HEADING in html
    for claim_id, word in [("claim-one", "Partly true"), ("claim-two", "Evidence says otherwise"),
                           ("claim-three", "No good evidence"), ("claim-four", "Supported")]:
        item = re.search(rf'<li class="lesson-claim lesson-claim-{claim_id}".*?</li>', html).group(0)
        assert word in item
    assert shown.summary == (
        "What the evidence says (alpha), 4 claims: claim-one=qualified, claim-two=contradicted, "
        "claim-three=unsupported, claim-four=supported"
    )


def test_markdown_is_rendered_but_raw_html_is_not(content: Path) -> None:
    html = evidence_panel("alpha", root=content).html
    assert "<strong>a little</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_keys_are_numbered_links_to_the_reference_list(content: Path) -> None:
    # no notebook given: the chapter's numbers come from its claims, in order (src-c, src-a, src-b)
    html = evidence_panel("alpha", root=content).html
    two = re.search(r'<li class="lesson-claim lesson-claim-claim-two".*?</li>', html).group(0)
    assert re.findall(r'<sup class="lesson-cite">\[(.*?)\]</sup>', two) == [
        '<a href="#ref-src-a" title="Smith J, Jones K; Some Panel (2020). Source A: a guideline." '
        'aria-describedby="ref-src-a">2</a>,<a href="#ref-src-b" title="Health Service (example) '
        '(no date). Source B page." aria-describedby="ref-src-b">3</a>'
    ]
    assert "lesson-claim-sources" not in two  # every source is cited in the text: no repeated "Sources:" line
    assert "[src-" not in html  # no raw key is left for a learner to read
    assert "mirror.example.net" not in html


def test_only_a_source_the_text_does_not_cite_gets_a_sources_line(content: Path) -> None:
    claim = load.claims(content)["claim-two"].model_copy(update={"sources": ["src-a", "src-b", "src-c"]})
    item = claim_item(claim, chapter_citations("alpha", content))
    sources = re.search(r'<p class="lesson-claim-sources">.*?</p>', item).group(0)
    assert "#ref-src-c" in sources and "#ref-src-a" not in sources and "#ref-src-b" not in sources


def test_chapter_without_claims_says_so(content: Path) -> None:
    shown = evidence_panel("beta", root=content)
    assert EMPTY in shown.html
    assert shown.summary == "What the evidence says (beta), 0 claims: none"


def test_unknown_chapter_fails_loudly(content: Path) -> None:
    with pytest.raises(KeyError):
        evidence_panel("nope", root=content)


def test_real_panels_cover_the_whole_register_exactly_once() -> None:
    shown_ids: list[str] = []
    for chapter in load.chapters():
        shown = evidence_panel(chapter.id)
        shown_ids += re.findall(r'id="claim-([a-z0-9-]+)"', shown.html)
    assert sorted(shown_ids) == sorted(load.claims())


def test_claims_are_folded_in_a_labelled_closed_box(content: Path) -> None:
    """PEMAT-P item 2: the fact-check is optional reading, closed until opened, its label saying
    what is inside (how many claims, which verdicts) so nothing is hidden without a clue."""
    html = evidence_panel("alpha", root=content).html
    fold = re.search(r'<details class="lesson-evidence-fold">(.*?)</details>', html, re.S)
    assert fold is not None and "<details class=\"lesson-evidence-fold\" open" not in html
    summary = re.search(r"<summary>(.*?)</summary>", fold.group(1), re.S).group(1)
    plain_summary = unescape(re.sub(r"<[^>]+>", "", summary))
    assert plain_summary == (f"{FOLD_LABEL}: 4 claims: 1 Supported, 1 Partly true, "
                             "1 Evidence says otherwise, 1 No good evidence")
    assert fold.group(1).count('<li class="lesson-claim ') == 4  # every claim is inside the box
