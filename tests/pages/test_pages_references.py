"""The chapter reference list: keys in order of first use, canonical links only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pages_fixtures import write_content

from lesson.content_model import load
from lesson.pages.references import EMPTY, reference_list


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return write_content(tmp_path)


def test_order_of_first_use_across_notebook_and_claims(dirs: tuple[Path, Path]) -> None:
    content, notebooks = dirs
    shown = reference_list("alpha", root=content, notebooks=notebooks)
    assert re.findall(r'<li id="ref-([a-z0-9-]+)"', shown.html) == ["src-b", "src-a", "src-c"]
    assert shown.summary == "References (alpha), 3: src-b, src-a, src-c"


def test_each_item_has_authors_year_title_and_a_safe_link(dirs: tuple[Path, Path]) -> None:
    content, notebooks = dirs
    html = reference_list("alpha", root=content, notebooks=notebooks).html
    item = re.search(r'<li id="ref-src-a".*?</li>', html).group(0)
    assert "Smith J, Jones K; Some Panel (2020). <cite>Source A: a guideline</cite>." in item
    link = '<a class="lesson-source-link" href="https://doi.org/10.1000/a" target="_blank" rel="noopener">'
    assert link in item
    assert ">doi.org/10.1000/a<" in item
    assert "(no date)" in re.search(r'<li id="ref-src-b".*?</li>', html).group(0)
    assert "mirror.example.net" not in html  # found_at is never shown


def test_missing_key_is_shown_and_reported(dirs: tuple[Path, Path]) -> None:
    content, notebooks = dirs
    nb = notebooks / "01_alpha.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8").replace("[src-b]", "[src-zz]"), encoding="utf-8")
    shown = reference_list("alpha", root=content, notebooks=notebooks)
    assert "lesson-reference-missing" in shown.html
    assert shown.summary.endswith("; missing from references.yaml: src-zz")


def test_chapter_that_cites_nothing(dirs: tuple[Path, Path]) -> None:
    content, notebooks = dirs
    shown = reference_list("beta", root=content, notebooks=notebooks)
    assert EMPTY in shown.html
    assert shown.summary == "References (beta), 0: none"


@pytest.mark.parametrize("chapter_id", [c.id for c in load.chapters()])
def test_real_chapters_resolve_every_key_to_its_canonical_url(chapter_id: str) -> None:
    shown = reference_list(chapter_id)
    references = load.references()
    assert "missing from references.yaml" not in shown.summary
    for key in re.findall(r'<li id="ref-([a-z0-9-]+)"', shown.html):
        assert f'href="{references[key].url}"' in shown.html
    assert shown.summary == reference_list(chapter_id).summary
