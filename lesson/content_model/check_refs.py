"""Rules about sources: cited keys resolve, texts that need a key have one, ids are unique, URLs canonical."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lesson.content_model.check_context import Context, Loaded, raw_list
from lesson.content_model.citations import keys_in
from lesson.content_model.urls import problem_with
from lesson.content_model.yamlio import strings_with_lines

SOURCE_LISTS = ("sources", "checked_against")
"""Keys whose value is a list of reference ids."""


def reference_ids(ctx: Context) -> set[str]:
    """Known citation keys, read leniently so one bad entry does not hide every other check."""
    loaded = ctx.files.get("references.yaml")
    if loaded is None:
        return set()
    return {str(r["id"]) for r in raw_list(loaded.data, "references") if isinstance(r, dict) and "id" in r}


def _sources_lists(tree: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in SOURCE_LISTS and isinstance(value, list):
                yield (*loc, key), value
            else:
                yield from _sources_lists(value, (*loc, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _sources_lists(value, (*loc, index))


def check_keys(ctx: Context, known: set[str]) -> None:
    """Unknown ids in any ``sources`` (or ``checked_against``) list, and unknown keys in any text."""
    for rel, loaded in ctx.files.items():
        if rel == "references.yaml":
            continue
        for loc, items in _sources_lists(loaded.tree):
            for index, item in enumerate(items):
                if str(item) not in known:
                    ctx.add(
                        loaded.path, loaded.line(*loc, index), f"unknown reference id '{item}' in sources"
                    )
        for line, text in strings_with_lines(loaded.tree):
            for key in keys_in(text):
                if key not in known:
                    ctx.add(loaded.path, line, f"unknown reference id '{key}' in citation [{key}]")


def check_unique(
    ctx: Context,
    loaded: Loaded,
    items: Iterable[tuple[Any, tuple[Any, ...]]],
    what: str,
    seen: dict[str, tuple[Path, int]] | None = None,
) -> None:
    """Report every repeat of an id, pointing back at its first use (``seen`` spans files)."""
    first = {} if seen is None else seen
    for item_id, loc in items:
        if item_id is None:
            continue
        line = loaded.line(*loc)
        key = str(item_id)
        if key in first:
            path, at = first[key]
            where = f"line {at}" if path == loaded.path else f"{path.name}:{at}"
            ctx.add(loaded.path, line, f"duplicate {what} id '{key}' (first at {where})")
        else:
            first[key] = (loaded.path, line)


def ids_of(loaded: Loaded, key: str) -> list[tuple[Any, tuple[Any, ...]]]:
    """(id, loc) of each entry of the top-level list ``key``."""
    return [
        (e.get("id"), (key, i, "id")) for i, e in enumerate(raw_list(loaded.data, key)) if isinstance(e, dict)
    ]


def check_duplicates(ctx: Context) -> None:
    """Reference, claim, glossary, chapter, objective, red-flag and question ids are each unique."""
    for rel, key, what in (
        ("references.yaml", "references", "reference"),
        ("claims.yaml", "claims", "claim"),
        ("glossary.yaml", "terms", "glossary term"),
        ("redflags.yaml", "signs", "red-flag sign"),
        ("chapters.yaml", "chapters", "chapter"),
    ):
        loaded = ctx.files.get(rel)
        if loaded is not None:
            check_unique(ctx, loaded, ids_of(loaded, key), what)
    chapters = ctx.files.get("chapters.yaml")
    if chapters is not None:
        objectives = [
            (o.get("id"), ("chapters", i, "objectives", j, "id"))
            for i, c in enumerate(raw_list(chapters.data, "chapters"))
            if isinstance(c, dict)
            for j, o in enumerate(raw_list(c, "objectives"))
            if isinstance(o, dict)
        ]
        check_unique(ctx, chapters, objectives, "objective")
    seen: dict[str, tuple[Path, int]] = {}
    for _quiz, loaded in sorted(ctx.bank_files().items()):
        check_unique(ctx, loaded, ids_of(loaded, "questions"), "question", seen)


def check_urls(ctx: Context) -> None:
    """Every reference links to its canonical record, never a mirror or a cache."""
    loaded = ctx.files.get("references.yaml")
    if loaded is None:
        return
    for i, ref in enumerate(raw_list(loaded.data, "references")):
        url = ref.get("url") if isinstance(ref, dict) else None
        if isinstance(url, str):
            reason = problem_with(url)
            if reason:
                ctx.add(loaded.path, loaded.line("references", i, "url"), f"URL is not canonical: {reason}")


def check_citations_present(ctx: Context, loaded: Loaded) -> None:
    """Every explanation and every piece of feedback carries a citation key."""
    for i, q in enumerate(raw_list(loaded.data, "questions")):
        if not isinstance(q, dict):
            continue
        if isinstance(q.get("explanation"), str) and not keys_in(q["explanation"]):
            ctx.add(
                loaded.path,
                loaded.line("questions", i, "explanation"),
                f"question '{q.get('id')}': explanation has no citation key such as [ng59]",
            )
        for j, option in enumerate(raw_list(q, "options")):
            if (
                isinstance(option, dict)
                and isinstance(option.get("feedback"), str)
                and not keys_in(option["feedback"])
            ):
                ctx.add(
                    loaded.path,
                    loaded.line("questions", i, "options", j, "feedback"),
                    f"question '{q.get('id')}': option {j + 1} feedback has no citation key",
                )
        feedback = q.get("feedback")
        if isinstance(feedback, dict):
            for key, text in feedback.items():
                if isinstance(text, str) and not keys_in(text):
                    label = str(key).lower()
                    ctx.add(
                        loaded.path,
                        loaded.line("questions", i, "feedback", key),
                        f"question '{q.get('id')}': feedback for '{label}' has no citation key",
                    )
