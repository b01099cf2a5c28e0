"""Citation keys: finding them in text, and gathering what one chapter cites and says.

A chapter's reference list is generated from the keys it uses, and the readability test
measures what a learner reads, so both need the same inventory of a chapter's text:
its notebook's Markdown, its quiz, its claims, the charts it shows and, for seek-help,
the red-flag advice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lesson import paths
from lesson.content_model import load
from lesson.content_model.plaincache import rt_yaml

CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*(?:\s*[,;]\s*[a-z0-9][a-z0-9-]*)*)\](?!\()")
_SPLIT = re.compile(r"\s*[,;]\s*")
_FIGURE_CALL = re.compile(r"ui\.(chart|diagram)\(\s*[\"']([a-z0-9-]+)[\"']")
REDFLAG_CHAPTER = "seek-help"


def keys_in(text: str) -> list[str]:
    """Citation keys in ``text`` in order of appearance (``[a, b]`` gives a then b; links are not keys)."""
    return [key for match in CITATION.finditer(text) for key in _SPLIT.split(match.group(1))]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def notebook_cells(path: Path) -> list[dict[str, Any]]:
    """The cells of a notebook file, read as plain JSON (no kernel, no validation)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return [c for c in cells if isinstance(c, dict)]


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _notebook(chapter_id: str, root: Path | None, notebooks: Path | None) -> list[dict[str, Any]]:
    path = (notebooks or paths.notebooks_dir()) / load.chapter(chapter_id, root).notebook
    return notebook_cells(path) if path.exists() else []


def _markdown(cells: list[dict[str, Any]]) -> list[str]:
    return [cell_source(c) for c in cells if c.get("cell_type") == "markdown"]


def _figures(cells: list[dict[str, Any]], root: Path | None) -> Iterator[tuple[list[str], list[str]]]:
    """(sources, texts) of each chart or diagram a notebook shows."""
    folder = load.content_dir(root)
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        for kind, fig_id in _FIGURE_CALL.findall(cell_source(cell)):
            if kind == "chart":
                try:
                    meta = load.chart_meta(fig_id, root)
                except Exception:  # a missing chart is reported by the check, not here
                    continue
                yield list(meta.sources), [meta.caption]
            else:
                raw = _diagram_raw(folder / "diagrams" / f"{fig_id}.yaml")
                yield [str(s) for s in raw.get("sources", [])], [str(raw.get("caption", ""))]


def _diagram_raw(path: Path) -> dict[str, Any]:
    try:
        data = rt_yaml(path)
    except Exception:
        return {}
    return data if isinstance(data, dict) else {}


def question_texts(question: Any) -> list[str]:
    """Everything a learner reads in one question: prompt, choices, feedback, hints, explanation."""
    texts = [question.prompt, *question.hints]
    for option in getattr(question, "options", []) or []:
        texts += [option.text, option.feedback]
    feedback = getattr(question, "feedback", None)
    if isinstance(feedback, dict):
        texts += [str(v) for v in feedback.values()]
    texts += [str(i) for i in getattr(question, "items", []) or []]
    for pair in getattr(question, "pairs", []) or []:
        texts += [pair.left, pair.right]
    texts += [label.answer for label in getattr(question, "labels", []) or []]
    texts += list(getattr(question, "distractors", []) or [])
    texts.append(question.explanation)
    return [t for t in texts if t]


def _redflag_texts(root: Path | None) -> tuple[list[str], list[str]]:
    flags = load.redflags(root)
    tiers = [flags.tiers.emergency, flags.tiers.urgent, flags.tiers.routine]
    texts = [s.text for s in flags.signs] + [t.advice for t in tiers]
    sources = [k for s in flags.signs for k in s.sources] + [k for t in tiers for k in t.sources]
    return texts, sources


def _bank_or_none(chapter_id: str, root: Path | None) -> Any:
    path = load.content_dir(root) / "quizzes" / f"{chapter_id}.yaml"
    return load.bank(chapter_id, root) if path.exists() else None


def keys_used_by_chapter(
    chapter_id: str, root: Path | None = None, notebooks: Path | None = None
) -> list[str]:
    """Reference ids a chapter cites, in order of first use: notebook, quiz, claims, figures, red flags."""
    cells = _notebook(chapter_id, root, notebooks)
    keys: list[str] = [k for text in _markdown(cells) for k in keys_in(text)]
    bank = _bank_or_none(chapter_id, root)
    for question in bank.questions if bank else []:
        keys += [k for text in question_texts(question) for k in keys_in(text)] + list(question.sources)
    for claim in load.chapter_claims(chapter_id, root):
        keys += keys_in(claim.claim) + keys_in(claim.explanation) + list(claim.sources)
    for sources, texts in _figures(cells, root):
        keys += [k for text in texts for k in keys_in(text)] + sources
    if chapter_id == REDFLAG_CHAPTER:
        texts, sources = _redflag_texts(root)
        keys += [k for text in texts for k in keys_in(text)] + sources
    return _unique(keys)


def learner_texts(chapter_id: str, root: Path | None = None, notebooks: Path | None = None) -> list[str]:
    """What a learner reads in a chapter, one block per piece, for the readability measure."""
    cells = _notebook(chapter_id, root, notebooks)
    texts = _markdown(cells) + [o.text for o in load.chapter(chapter_id, root).objectives]
    bank = _bank_or_none(chapter_id, root)
    for question in bank.questions if bank else []:
        texts += question_texts(question)
    for claim in load.chapter_claims(chapter_id, root):
        texts += [claim.claim, claim.explanation]
    for _sources, captions in _figures(cells, root):
        texts += captions
    if chapter_id == REDFLAG_CHAPTER:
        texts += _redflag_texts(root)[0]
    return [t for t in texts if t and t.strip()]
