"""A small, hand-written content set for the page builders, so tests do not depend on the lesson's text."""

from __future__ import annotations

import json
import textwrap
from html.parser import HTMLParser
from pathlib import Path

CHAPTERS = """
chapters:
  - id: alpha
    notebook: 01_alpha.ipynb
    title: Alpha
    summary: First test chapter.
    last_reviewed: 2026-01-01
    checked_against: [ng59]
    objectives:
      - id: alpha-one
        text: Name the <b>bones</b> & discs.
      - id: alpha-two
        text: Explain a spasm.
  - id: beta
    notebook: 02_beta.ipynb
    title: Beta
    summary: A chapter with nothing in it.
    last_reviewed: 2026-01-01
    checked_against: [ng59]
    objectives:
      - id: beta-one
        text: Do nothing.
"""

REFERENCES = """
references:
  - id: src-a
    title: "Source A: a guideline"
    authors: "Smith J, Jones K; Some Panel"
    year: 2020
    url: https://doi.org/10.1000/a
    found_at: "https://mirror.example.net/copy-of-a"
  - id: src-b
    title: Source B page
    authors: Health Service (example)
    year: null
    url: https://www.nhs.uk/conditions/example/
  - id: src-c
    title: Source C trial
    authors: Lee P
    year: 2019
    url: https://pubmed.ncbi.nlm.nih.gov/1/
"""

CLAIMS = """
claims:
  - id: claim-one
    claim: Heat cures everything.
    article_section: Introduction
    chapter: alpha
    verdict: qualified
    explanation: "Heat helps **a little**. <script>alert(1)</script> [src-c]"
    sources: [src-c]
  - id: claim-two
    claim: Rest is best.
    article_section: Introduction
    chapter: alpha
    verdict: contradicted
    explanation: "Staying active is better. [src-a, src-b]"
    sources: [src-a, src-b]
  - id: claim-three
    claim: Water cures spasms.
    article_section: Introduction
    chapter: alpha
    verdict: unsupported
    explanation: "No trial shows this. [src-b]"
    sources: [src-b]
  - id: claim-four
    claim: Exercise helps.
    article_section: Introduction
    chapter: alpha
    verdict: supported
    explanation: "It lowers the risk. [src-a]"
    sources: [src-a]
"""

GLOSSARY = """
terms:
  - id: zeta-term
    term: zeta
    aliases: [zetas]
    definition: "The last one. [src-a]"
  - id: mri
    term: MRI
    aliases: [MRI scan]
    definition: "A scan of soft parts. [src-b, src-c]"
  - id: acute
    term: acute
    definition: "Short-term. [src-c]"
"""


def _notebook(markdown: list[str]) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown]
    code = "from lesson import ui\nui.objectives('alpha')"
    cells.append({"cell_type": "code", "metadata": {}, "source": code, "outputs": [],
                  "execution_count": None})
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def write_content(tmp: Path) -> tuple[Path, Path]:
    """Write the content set under ``tmp``; return (content dir, notebooks dir)."""
    content = tmp / "content"
    notebooks = tmp / "notebooks"
    (content / "quizzes").mkdir(parents=True)
    notebooks.mkdir()
    for name, text in (
        ("chapters.yaml", CHAPTERS),
        ("references.yaml", REFERENCES),
        ("claims.yaml", CLAIMS),
        ("glossary.yaml", GLOSSARY),
    ):
        (content / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (notebooks / "01_alpha.ipynb").write_text(
        _notebook(["# Alpha\n\nFirst we cite B. [src-b]", "A and B. [src-a, src-b] See [a link](x.ipynb)."]),
        encoding="utf-8",
    )
    return content, notebooks


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)


def text_nodes(html: str) -> list[str]:
    """The text nodes a browser would make of ``html`` (style and script excluded)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.chunks
