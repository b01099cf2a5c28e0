"""Citation keys: finding them in text, and gathering what one chapter cites and says.

Authors write keys such as ``[ng59]`` or ``[ng59, acp2017]``. ``python -m lesson notebooks``
turns each such group in a notebook's Markdown into a numbered link that still carries its
keys (``<sup class="lesson-cite">[<a href="#ref-ng59" ...>1</a>]</sup>``, made by
``lesson.pages.markup``), so ``keys_in`` reads both forms and every key still resolves.

A chapter's reference list is generated from the keys it uses, in order of first use on the
page (prose, then each part in the order its cell appears: chart, diagram, evidence panel,
red-flag exercise, quiz), which is also the order of the citation numbers. The readability
test measures what a learner reads, so both need the same inventory of a chapter's text:
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
from lesson.content_model.fastyaml import read_plain

_KEY = r"[a-z0-9][a-z0-9-]*"
CITE_CLASS = "lesson-cite"
"""The class of the element that wraps one rendered citation group."""
ANCHOR_PREFIX = "ref-"
"""A reference-list item's id is ``ref-<key>``; a rendered citation links to ``#ref-<key>``."""
RAW_CITATION = re.compile(rf"\[(?P<keys>{_KEY}(?:\s*[,;]\s*{_KEY})*)\](?!\()")
"""A key group as authors write it: ``[ng59]``, ``[ng59, acp2017]`` (``[text](url)`` is a link)."""
RENDERED_CITATION = re.compile(
    rf'<(?P<tag>sup|span) class="{CITE_CLASS}(?: [^"]*)?"[^>]*>.*?</(?P=tag)>', re.S
)
"""A key group after rendering: the wrapper element, its keys in ``href="#ref-<key>"``."""
CITATION = re.compile(f"{RAW_CITATION.pattern}|{RENDERED_CITATION.pattern}", re.S)
"""Either form; group 1 (``keys``) holds the keys of a raw group (``None`` for a rendered one)."""
_LINKED_KEY = re.compile(rf'href="#{ANCHOR_PREFIX}({_KEY})"')
_SPLIT = re.compile(r"\s*[,;]\s*")
_FIGURE_CALL = re.compile(r"ui\.(chart|diagram)\(\s*[\"']([a-z0-9-]+)[\"']")
_PART_CALL = re.compile(r"ui\.([a-z_]+)\(\s*(?:[\"']([a-z0-9-]+)[\"'])?")
FILE_PARTS: dict[str, tuple[str, ...]] = {
    "care_cards": ("redflags.yaml", "help.yaml"),
    "back_plan": ("back-plan.yaml", "redflags.yaml", "help.yaml"),
    "movements": ("movements.yaml",),
}
"""``ui.<part>()`` calls that show a whole content file: every key in it counts, in file order."""
REDFLAG_CHAPTER = "seek-help"


def group_keys(match: re.Match[str]) -> list[str]:
    """The keys of one ``CITATION`` match, raw or rendered, in order."""
    raw = match.group("keys")
    if raw is not None:
        return _SPLIT.split(raw)
    return _LINKED_KEY.findall(match.group(0))


def keys_in(text: str) -> list[str]:
    """Citation keys in ``text`` in order of appearance (``[a, b]`` gives a then b; links are not keys).

    Rendered groups count too, so a notebook reads the same before and after ``lesson.execute``.
    """
    return [key for match in CITATION.finditer(text) for key in group_keys(match)]


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


def _figure(kind: str, fig_id: str, root: Path | None) -> tuple[list[str], list[str]] | None:
    """(sources, texts) of one chart or diagram, or None if it cannot be read."""
    if kind == "chart":
        try:
            meta = load.chart_meta(fig_id, root)
        except Exception:  # a missing chart is reported by the check, not here
            return None
        return list(meta.sources), [meta.caption]
    raw = _diagram_raw(load.content_dir(root) / "diagrams" / f"{fig_id}.yaml")
    return [str(s) for s in raw.get("sources", [])], [str(raw.get("caption", ""))]


def _figures(cells: list[dict[str, Any]], root: Path | None) -> Iterator[tuple[list[str], list[str]]]:
    """(sources, texts) of each chart or diagram a notebook shows."""
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        for kind, fig_id in _FIGURE_CALL.findall(cell_source(cell)):
            found = _figure(kind, fig_id, root)
            if found is not None:
                yield found


def figure_chapter(fig_id: str, root: Path | None = None, notebooks: Path | None = None) -> str | None:
    """The first chapter whose notebook shows chart or diagram ``fig_id`` (its citation numbers apply)."""
    for chapter in load.chapters(root):
        for cell in _notebook(chapter.id, root, notebooks):
            if cell.get("cell_type") == "code" and any(
                found == fig_id for _kind, found in _FIGURE_CALL.findall(cell_source(cell))
            ):
                return chapter.id
    return None


def _diagram_raw(path: Path) -> dict[str, Any]:
    try:
        data = read_plain(path)
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
    fill = load.help_content(root).fill
    tiers = [flags.tiers.emergency, flags.tiers.urgent, flags.tiers.routine]
    said: list[Any] = [flags.messages.nothing_ticked, flags.messages.one_leg, flags.messages.error,
                       *flags.escalations]
    texts = ([flags.intro.lead, flags.intro.text, fill(flags.intro.warning)] + [s.text for s in flags.signs]
             + [fill(t.advice) for t in tiers] + [fill(m.text) for m in said])
    sources = ([*flags.intro.sources] + [k for s in flags.signs for k in s.sources]
               + [k for t in tiers for k in t.sources] + [k for m in said for k in m.sources])
    return texts, sources


def _bank_or_none(chapter_id: str, root: Path | None) -> Any:
    path = load.content_dir(root) / "quizzes" / f"{chapter_id}.yaml"
    return load.bank(chapter_id, root) if path.exists() else None


def _texts_keys(texts: Iterable[str], sources: Iterable[str] = ()) -> list[str]:
    return [k for text in texts for k in keys_in(text)] + list(sources)


def _quiz_keys(quiz_id: str, root: Path | None) -> list[str]:
    bank = _bank_or_none(quiz_id, root)
    return [k for q in (bank.questions if bank else []) for k in _texts_keys(question_texts(q), q.sources)]


def _claim_keys(chapter_id: str, root: Path | None) -> list[str]:
    return [k for c in load.chapter_claims(chapter_id, root)
            for k in _texts_keys([c.claim, c.explanation], c.sources)]


def _tree_keys(node: Any) -> Iterator[str]:
    """Keys in a parsed YAML tree, in file order: inline ``[key]`` groups and ``sources`` lists."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "sources" and isinstance(value, list):
                yield from (str(v) for v in value)
            else:
                yield from _tree_keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _tree_keys(value)
    elif isinstance(node, str):
        yield from keys_in(node)


def _file_keys(names: Iterable[str], root: Path | None) -> list[str]:
    keys: list[str] = []
    for name in names:
        path = load.content_dir(root) / name
        if path.exists():
            try:
                keys += _tree_keys(read_plain(path))
            except Exception:  # an unreadable file is reported by the check, not here
                continue
    return keys


def _part_keys(kind: str, arg: str, root: Path | None) -> list[str]:
    """The keys one ``ui.<kind>(arg)`` call shows, in the order a learner meets them."""
    if kind in ("chart", "diagram"):
        found = _figure(kind, arg, root) if arg else None
        return _texts_keys(found[1], found[0]) if found else []
    if kind == "quiz":
        return _quiz_keys(arg, root) if arg else []
    if kind == "evidence":
        return _claim_keys(arg, root) if arg else []
    if kind == "redflag_check":
        return _texts_keys(*_redflag_texts(root))
    return _file_keys(FILE_PARTS.get(kind, ()), root)


def keys_used_by_chapter(
    chapter_id: str, root: Path | None = None, notebooks: Path | None = None
) -> list[str]:
    """Reference ids a chapter cites, in order of first use on its page.

    The notebook is read top to bottom: each Markdown cell's keys, and the keys of each part a
    code cell shows (chart, diagram, evidence panel, red-flag exercise, quiz, and the parts in
    ``FILE_PARTS``). The chapter's
    quiz, claims and (for seek-help) red-flag advice count even when no cell shows them, after
    the rest. This order numbers the citations and orders the reference list.
    """
    keys: list[str] = []
    shown: set[tuple[str, str]] = set()
    for cell in _notebook(chapter_id, root, notebooks):
        source = cell_source(cell)
        if cell.get("cell_type") == "markdown":
            keys += keys_in(source)
        elif cell.get("cell_type") == "code":
            for kind, arg in _PART_CALL.findall(source):
                shown.add((kind, arg))
                keys += _part_keys(kind, arg, root)
    if ("quiz", chapter_id) not in shown:
        keys += _quiz_keys(chapter_id, root)
    if ("evidence", chapter_id) not in shown:
        keys += _claim_keys(chapter_id, root)
    if chapter_id == REDFLAG_CHAPTER and ("redflag_check", "") not in shown:
        keys += _part_keys("redflag_check", "", root)
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
