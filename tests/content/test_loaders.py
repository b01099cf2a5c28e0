"""Run-time loaders: validated models, draw resolution, caching, and friendly errors."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from lesson.content_model import load
from lesson.content_model.problems import ContentError


def test_chapters_and_one_chapter(good_set: Path) -> None:
    root = good_set / "content"
    assert [c.id for c in load.chapters(root)] == ["start", "anatomy", "seek-help", "final"]
    anatomy = load.chapter("anatomy", root)
    assert anatomy.last_reviewed == dt.date(2026, 1, 1)
    assert [o.id for o in anatomy.objectives] == ["anatomy-parts"]
    with pytest.raises(KeyError, match="no chapter with id 'nope'"):
        load.chapter("nope", root)


def test_references_claims_glossary_redflags_chart(good_set: Path) -> None:
    root = good_set / "content"
    refs = load.references(root)
    assert list(refs) == ["ng59", "nhs-backpain", "costa2012"]
    assert refs["nhs-backpain"].year is None
    assert list(load.claims(root)) == ["bed-rest", "heat-helps"]
    assert [c.id for c in load.chapter_claims("anatomy", root)] == ["bed-rest", "heat-helps"]
    assert load.chapter_claims("final", root) == []
    assert [t.id for t in load.glossary(root)] == ["lumbar", "sciatica"]
    assert load.glossary(root)[0].aliases == ["lower back"]
    flags = load.redflags(root)
    assert [s.tier for s in flags.signs] == ["emergency", "urgent", "routine"]
    assert flags.tiers.emergency.advice.startswith("Call 999")
    meta = load.chart_meta("recovery", root)
    assert (meta.year, meta.sources) == (2012, ["costa2012"])


def test_bank_resolves_draw_after_own_questions(good_set: Path) -> None:
    root = good_set / "content"
    final = load.bank("final", root)
    assert [q.id for q in final.questions] == [
        "final-match",
        "final-stay-active",
        "anatomy-count",
        "seek-help-legs",
    ]
    drawn = final.questions[2]
    assert drawn.objective == "anatomy-parts"  # a drawn question keeps its own chapter's objective
    assert [q.id for q in load.raw_bank("final", root).questions] == ["final-match", "final-stay-active"]
    assert [q.id for q in load.bank("anatomy", root).questions][0] == "anatomy-count"


def test_bank_with_unknown_draw_raises_content_error(good_set: Path) -> None:
    root = good_set / "content"
    path = root / "quizzes" / "final.yaml"
    path.write_text(path.read_text().replace("  - seek-help-legs\n", "  - no-such-question\n"))
    with pytest.raises(ContentError, match="unknown question id"):
        load.bank("final", root)


def test_invalid_file_raises_with_path_and_line(good_set: Path) -> None:
    root = good_set / "content"
    path = root / "claims.yaml"
    path.write_text(path.read_text().replace("verdict: qualified", "verdict: maybe"))
    with pytest.raises(ContentError) as info:
        load.claims(root)
    (problem,) = info.value.problems
    assert (problem.path.name, problem.line) == ("claims.yaml", 13)
    assert "verdict" in problem.message


def test_missing_file_raises_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="could not read"):
        load.chapters(tmp_path)


def test_cache_returns_same_object_and_notices_edits(good_set: Path) -> None:
    root = good_set / "content"
    first = load.references(root)["ng59"]
    assert load.references(root)["ng59"] is first  # parsed once
    path = root / "references.yaml"
    path.write_text(path.read_text().replace("year: 2016", "year: 2020"))
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    assert load.references(root)["ng59"].year == 2020


def test_real_content_loads_quickly_once_cached() -> None:
    load.chapters()  # warm the cache
    start = time.perf_counter()
    for _ in range(200):
        load.chapters()
        load.references()
    assert time.perf_counter() - start < 0.5


def test_resolved_draws_are_kept_until_any_bank_changes(good_set: Path) -> None:
    root = good_set / "content"
    final = load.bank("final", root)
    assert load.bank("final", root) is final  # draws resolved once, not every call
    assert load.questions("final", root) == tuple(final.questions)
    before = load.versions("final", root)["anatomy-count"]
    path = root / "quizzes" / "anatomy.yaml"  # the bank a drawn question comes from
    prompt = final.questions[2].prompt
    path.write_text(path.read_text().replace(prompt, prompt + " (changed)"))
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    assert load.bank("final", root).questions[2].prompt == prompt + " (changed)"
    assert load.versions("final", root)["anatomy-count"] != before
