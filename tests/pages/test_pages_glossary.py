"""The glossary page: A to Z, one anchor per term id, definitions with their sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pages_fixtures import write_content

from lesson.content_model import load
from lesson.pages.glossary import glossary_page


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path)[0]


def test_terms_are_sorted_a_to_z_ignoring_case(content: Path) -> None:
    shown = glossary_page(root=content)
    ids = re.findall(r'class="lesson-glossary-entry" id="([a-z0-9-]+)"', shown.html)
    assert ids == ["acute", "mri", "zeta-term"]
    assert shown.summary == "Glossary, 3 terms: acute, mri, zeta-term"
    assert re.findall(r'<h3 id="glossary-letter-([a-z])">', shown.html) == ["a", "m", "z"]


def test_entry_has_definition_aliases_and_numbered_citations(content: Path) -> None:
    html = glossary_page(root=content).html
    entry = re.search(r'id="mri">.*?</div>', html).group(0)
    assert "<dt>MRI</dt>" in entry
    assert "Also: MRI scan" in entry
    # numbered in order of first use from A to Z: acute [src-c], mri [src-b, src-c], zeta [src-a]
    assert re.findall(r'href="#ref-([a-z0-9-]+)"[^>]*>(\d+)<', entry) == [("src-c", "1"), ("src-b", "2")]
    assert "[src-" not in entry  # keys became links, not bare text
    refs = html.split('class="lesson-references"')[1]
    assert re.findall(r'<li id="ref-([a-z0-9-]+)"', refs) == ["src-c", "src-b", "src-a"]
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1/" target="_blank" rel="noopener"' in refs


def test_real_glossary_has_an_anchor_for_every_term() -> None:
    shown = glossary_page()
    terms = load.glossary()
    for term in terms:
        assert f'class="lesson-glossary-entry" id="{term.id}"' in shown.html
    assert shown.summary.startswith(f"Glossary, {len(terms)} terms: ")
    assert len(set(re.findall(r' id="([^"]+)"', shown.html))) == len(re.findall(r' id="([^"]+)"', shown.html))
