"""No learner ever reads a raw citation key, and every number points at its reference.

Headless: each page's code cells are run as a notebook would run them (``ui.*`` builders), the
quiz's hints and answers and the red-flag advice are opened, and every text node of the HTML
(and every widget label) is searched for a raw key such as ``[ng59]`` or ``[a, b]``. The
chapter's Markdown is checked as ``lesson.execute`` will render it. Every citation number must
be the number of its key in the same page's reference list.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pytest
from markdown_it import MarkdownIt
from pages_fixtures import text_nodes

from lesson import paths
from lesson.content_model import load
from lesson.content_model.citations import cell_source, notebook_cells, question_texts
from lesson.display import Shown, ShownHTML
from lesson.pages.markup import chapter_citations, cite_markdown
from lesson.quiz import render

RAW_KEY = re.compile(r"\[[a-z0-9-]+(, ?[a-z0-9-]+)*\]")
CITE_LINK = re.compile(r'<a href="#ref-([a-z0-9-]+)"[^>]*>(\d+)</a>')
LIST_ITEM = re.compile(r'<li id="ref-([a-z0-9-]+)"')
PAGES = [c.notebook for c in load.chapters()] + ["glossary.ipynb", "index.ipynb"]
CHAPTER_OF = {c.notebook: c.id for c in load.chapters()}
CLICK = ("Show answer",)


def widget_tree(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from widget_tree(child)


def open_everything(widget: Any) -> None:
    """What a learner can open without answering: hints, "Show answer", the red-flag advice (ticked)."""
    for w in list(widget_tree(widget)):
        if isinstance(w, widgets.Checkbox) and w.description:
            w.value = True
    for w in list(widget_tree(widget)):
        if isinstance(w, widgets.Button):
            if w.description.startswith("Hint"):
                for _ in range(5):
                    if not w.disabled:
                        w.click()
            elif w.description in CLICK:
                w.click()


def shown_texts(widget: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) of everything a widget tree shows: HTML values and plain labels."""
    for w in widget_tree(widget):
        if isinstance(w, widgets.HTML | widgets.HTMLMath):
            yield "html", w.value
        for name in ("description", "tooltip", "placeholder"):
            value = getattr(w, name, None)
            if isinstance(value, str) and value:
                yield "text", value
        if isinstance(w, widgets.Label) and w.value:
            yield "text", w.value
        for label in getattr(w, "_options_labels", ()) or ():
            yield "text", str(label)


def run_cells(notebook: str) -> list[tuple[str, Any]]:
    """(cell source, value of its last expression) of each code cell, as the kernel would make them."""
    out = []
    namespace: dict[str, Any] = {}
    for cell in notebook_cells(paths.notebooks_dir() / notebook):
        if cell.get("cell_type") != "code":
            continue
        source = cell_source(cell)
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, notebook, "exec"), namespace)  # noqa: S102 - the lesson's own notebooks
        if last is not None:
            out.append((source, eval(compile(ast.Expression(last.value), notebook, "eval"), namespace)))  # noqa: S307
    return out


def page_html(notebook: str) -> tuple[list[str], list[str]]:
    """(HTML fragments, plain labels) of every part a page's code cells show, all opened."""
    fragments: list[str] = []
    labels: list[str] = []
    for _source, value in run_cells(notebook):
        if isinstance(value, ShownHTML):
            fragments.append(value.html)
        elif isinstance(value, Shown):
            open_everything(value.widget)
            for kind, text in shown_texts(value.widget):
                (fragments if kind == "html" else labels).append(text)
    return fragments, labels


def raw_keys(fragments: list[str], labels: list[str]) -> list[str]:
    found = [t for f in fragments for t in text_nodes(f) if RAW_KEY.search(t)]
    return found + [t for t in labels if RAW_KEY.search(t)]


@pytest.mark.parametrize("notebook", PAGES)
def test_no_builder_shows_a_raw_key_and_every_number_matches_the_reference_list(notebook: str) -> None:
    fragments, labels = page_html(notebook)
    assert not raw_keys(fragments, labels), f"{notebook}: raw citation keys in what learners read"
    html = "".join(fragments)
    listed = LIST_ITEM.findall(html)
    assert len(listed) == len(set(listed)), "one reference list per page"
    for key, number in CITE_LINK.findall(html):
        assert key in listed, f"{notebook}: citation of {key} but no reference-list item for it"
        where = listed.index(key) + 1
        assert int(number) == where, f"{notebook}: {key} is [{number}] but reference {where}"
    chapter_id = CHAPTER_OF.get(notebook)
    if chapter_id is not None:
        assert listed == list(chapter_citations(chapter_id).keys)
        assert ">source<" not in html, "every citation on a chapter page is numbered"


@pytest.mark.parametrize("chapter_id", [c.id for c in load.chapters()])
def test_every_quiz_text_renders_as_numbered_citations(chapter_id: str) -> None:
    cites = chapter_citations(chapter_id)
    for q in load.bank(chapter_id).questions:
        rendered = [render.markdown(t, chapter_id) for t in question_texts(q)]
        rendered.append(render.sources_html(q, None, chapter_id))
        assert not raw_keys(rendered, []), q.id
        for key, number in CITE_LINK.findall("".join(rendered)):
            assert cites.number(key) == int(number), (q.id, key)


@pytest.mark.parametrize("notebook", list(CHAPTER_OF))
def test_chapter_markdown_as_execute_renders_it_shows_no_raw_key(notebook: str) -> None:
    cites = chapter_citations(CHAPTER_OF[notebook])
    md = MarkdownIt("commonmark", {"html": True})  # Voila and JupyterLab pass inline HTML through
    for cell in notebook_cells(paths.notebooks_dir() / notebook):
        if cell.get("cell_type") != "markdown":
            continue
        html = md.render(cite_markdown(cell_source(cell), cites))
        assert not raw_keys([html], []), cell_source(cell)[:80]
        for key, number in CITE_LINK.findall(html):
            assert cites.number(key) == int(number)


@pytest.mark.parametrize("notebook", list(CHAPTER_OF))
def test_committed_notebooks_carry_their_current_citations(notebook: str) -> None:
    """Fails when a notebook's citations are raw or out of date: run ``make notebooks``."""
    cites = chapter_citations(CHAPTER_OF[notebook])
    cells = notebook_cells(paths.notebooks_dir() / notebook)
    stale = [n for n, cell in enumerate(cells, start=1) if cell.get("cell_type") == "markdown"
             and cite_markdown(cell_source(cell), cites) != cell_source(cell)]
    assert not stale, f"{notebook}: cells {stale} need `make notebooks` (citations raw or renumbered)"
