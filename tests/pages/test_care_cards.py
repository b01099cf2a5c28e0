"""Care cards: NHS-style, generated from redflags.yaml, the same markup in the chapter and in the
self-check's result, never colour alone, AA contrast, and no raw citation keys."""

from __future__ import annotations

import html
import re

from lesson.content_model import load
from lesson.pages import action
from lesson.pages.action import TIER_ICONS, Card, card_html
from lesson.pages.care_cards import care_cards, tier_cards
from lesson.redflags import load_redflags
from lesson.redflags.triage import triage
from lesson.redflags.widget import advice_html

LINE = "call 999 (UK), 911 (US) or your local emergency number"


def sections(page: str) -> dict[str, str]:
    """Each card's markup by tier."""
    found = re.findall(r'<section class="lesson-carecard lesson-carecard-(\w+)".*?</section>', page, re.S)
    blocks = re.findall(r'<section class="lesson-carecard lesson-carecard-\w+".*?</section>', page, re.S)
    return dict(zip(found, blocks, strict=True))


def test_three_cards_most_urgent_first_with_heading_advice_and_every_sign() -> None:
    flags = load_redflags()
    shown = care_cards()
    cards = sections(shown.html)
    assert list(cards) == ["emergency", "urgent", "routine"]
    for tier, block in cards.items():
        assert html.escape(flags.tiers[tier].label) in block, "the heading says the tier in words"
        assert html.escape(flags.tiers[tier].advice) in block
        for sign in flags.signs:
            assert (html.escape(sign.text) in block) == (sign.tier == tier), (tier, sign.id)
    assert LINE[0].upper() + LINE[1:] in cards["emergency"]
    assert "NHS 111" in cards["urgent"]


def test_emergency_card_shows_the_combinations_that_are_also_emergencies() -> None:
    flags = load_redflags()
    block = sections(care_cards().html)["emergency"]
    words = load.redflags().cards
    assert words is not None and html.escape(words.also) in block
    for rule in flags.escalations:
        assert html.escape(rule.note.text) in block


def test_never_colour_alone_each_tier_has_words_and_its_own_icon() -> None:
    assert len(set(TIER_ICONS.values())) == 3
    page = care_cards().html
    for tier, block in sections(page).items():
        head = re.search(r'<h3 class="lesson-carecard-head">(.*?)</h3>', block, re.S)
        assert head, tier
        assert 'aria-hidden="true"' in head.group(1) and TIER_ICONS[tier] in head.group(1)
        words = re.sub(r"<[^>]+>", "", head.group(1)).strip()
        assert len(words) >= 8, f"{tier}: the heading needs words, not only an icon"


def test_the_self_check_result_uses_the_same_card_markup() -> None:
    chapter = sections(care_cards().html)
    result = sections(advice_html(triage(["saddle-numbness", "weight-loss", "not-improving"])))
    assert list(result) == ["emergency", "urgent", "routine"]
    for tier in result:
        opening = lambda block: block.split('<div class="lesson-carecard-body">')[0]  # noqa: E731
        assert opening(result[tier]).replace("<h4", "<h3").replace("</h4>", "</h3>") == opening(chapter[tier])


def test_static_html_with_css_inline_and_byte_stable() -> None:
    first, second = care_cards(), care_cards()
    assert first.html == second.html and repr(first) == repr(second)
    assert first.html.startswith("<style>") and ".lesson-carecard" in first.html
    bundle = first._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "emergency: Emergency: act now" in bundle["text/plain"]


def test_sources_use_the_chapters_numbered_citations_not_raw_keys() -> None:
    page = care_cards("seek-help").html
    text = re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", page, flags=re.S))
    assert not re.search(r"\[[a-z][a-z0-9-]*(,\s*[a-z0-9-]+)*\]", text), "no raw [key] groups"
    lines = re.findall(r'<p class="lesson-sources-line">Sources: (.*?)</p>', page, re.S)
    assert len(lines) == 3
    for card, body in zip(tier_cards(), lines, strict=True):
        linked = re.findall(r'href="#ref-([a-z0-9-]+)"', body)
        assert sorted(linked) == sorted(card.sources), card.tier
        assert all(n.isdigit() for n in re.findall(r">([^<>]+)</a>", body))


def test_without_a_chapter_sources_link_to_their_records() -> None:
    page = care_cards().html
    refs = load.references()
    for card in tier_cards():
        for key in card.sources:
            assert html.escape(refs[key].url, quote=True) in page


def test_card_text_is_escaped() -> None:
    block = card_html(Card("urgent", "<b>x</b>", "a & b", "<i>", ("<script>alert(1)</script>",)))
    assert "<script>" not in block and "&lt;script&gt;" in block
    assert "<b>x</b>" not in block and "a &amp; b" in block


def test_cards_wrap_and_never_exceed_their_container() -> None:
    css = action.css_text()
    rule = re.search(r"\n\.lesson-carecard \{(.*?)\}", css, re.S)
    assert rule, "the .lesson-carecard rule"
    body = rule.group(1)
    assert "max-width: 100%" in body and "box-sizing: border-box" in body
    assert "overflow-wrap: break-word" in body
    assert "white-space: nowrap" not in css


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_heading_bars_and_bodies_meet_wcag_aa() -> None:
    css = action.css_text()

    def colours(selector: str) -> tuple[str, str]:
        rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert rule, selector
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", rule.group(1))
        fg = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", rule.group(1))
        assert bg and fg, selector
        return bg.group(1), fg.group(1)

    for selector in (".lesson-carecards .lesson-carecard .lesson-carecard-head",
                     ".lesson-carecards .lesson-carecard-emergency .lesson-carecard-head",
                     ".lesson-carecards .lesson-carecard-urgent .lesson-carecard-head",
                     ".lesson-carecard-emergency", "\n.lesson-carecard"):
        bg, fg = colours(selector)
        assert contrast(bg, fg) >= 4.5, (selector, bg, fg, contrast(bg, fg))


def test_tier_cards_follow_the_content() -> None:
    cards = tier_cards()
    flags = load_redflags()
    assert [c.tier for c in cards] == ["emergency", "urgent", "routine"]
    assert sum(len(c.items) for c in cards) == len(flags.signs)
    for c in cards:
        assert set(flags.tiers[c.tier].sources) <= set(c.sources)
