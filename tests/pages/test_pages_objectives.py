"""The objectives box: the chapter's objectives, escaped, in order, with a stable summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages_fixtures import write_content

from lesson.content_model import load
from lesson.pages.objectives import HEADING, objectives


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path)[0]


def test_lists_objectives_in_order_with_heading(content: Path) -> None:
    shown = objectives("alpha", root=content)
    assert HEADING in shown.html
    assert shown.html.index("alpha-one") < shown.html.index("alpha-two")
    assert 'class="lesson-objectives"' in shown.html


def test_text_is_escaped_not_rendered(content: Path) -> None:
    html = objectives("alpha", root=content).html
    assert "&lt;b&gt;bones&lt;/b&gt; &amp; discs" in html
    assert "<b>bones</b>" not in html


def test_summary_is_ids_and_count(content: Path) -> None:
    shown = objectives("alpha", root=content)
    assert shown.summary == "Objectives for alpha (2): alpha-one, alpha-two"
    assert shown._repr_mimebundle_()["text/plain"] == shown.summary


def test_unknown_chapter_fails_loudly(content: Path) -> None:
    with pytest.raises(KeyError, match="nope"):
        objectives("nope", root=content)


@pytest.mark.parametrize("chapter_id", [c.id for c in load.chapters()])
def test_every_real_chapter_shows_all_its_objectives(chapter_id: str) -> None:
    shown = objectives(chapter_id)
    for objective in load.chapter(chapter_id).objectives:
        assert f'id="objective-{objective.id}"' in shown.html
        assert objective.id in shown.summary
