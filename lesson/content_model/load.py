"""Run-time loaders: validated content, parsed once and cached.

Every page calls these, often several times per render, so each file is parsed once and
kept until it changes on disk (the cache key includes its mtime and size, which also lets
tests and authors edit files without restarting). Invalid content raises ``ContentError``
with ``path:line`` problems; ``python -m lesson check`` reports the same problems in bulk.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from lesson import paths
from lesson.content_model.fastyaml import read_plain
from lesson.content_model.models import (
    BackPlanFile,
    Chapter,
    ChaptersFile,
    ChartMeta,
    Claim,
    ClaimsFile,
    DiagramFile,
    GlossaryFile,
    GlossaryTerm,
    HelpFile,
    MovementsFile,
    RedFlagsFile,
    Reference,
    ReferencesFile,
)
from lesson.content_model.problems import ContentError, Problem
from lesson.content_model.questions import AnyQuestion, Bank, version

M = TypeVar("M", bound=BaseModel)


def content_dir(override: Path | str | None = None) -> Path:
    """The content directory: ``override`` (tests, the check CLI) or ``lesson/content``."""
    return Path(override) if override is not None else paths.content_path()


@lru_cache(maxsize=256)
def _parse(path: str, _mtime_ns: int, _size: int, model: type[BaseModel]) -> BaseModel:
    """Validate the file's plain data, read with libyaml (``fastyaml``).

    ruamel.yaml is imported only when the file has a problem, to say on which line.
    """
    data = read_plain(Path(path))
    try:
        return model.model_validate(data)
    except ValidationError:
        from lesson.content_model.yamlio import load_yaml, validate

        return validate(load_yaml(Path(path)), model)  # raises ContentError with path:line problems


def load_model(path: Path, model: type[M]) -> M:
    """Validate one YAML file against ``model``, cached until the file changes."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ContentError([Problem(path, 1, f"could not read: {exc.strerror or exc}")]) from exc
    return _parse(str(path.resolve()), stat.st_mtime_ns, stat.st_size, model)  # type: ignore[return-value]


def chapters(root: Path | str | None = None) -> list[Chapter]:
    """Chapters in reading order."""
    return list(load_model(content_dir(root) / "chapters.yaml", ChaptersFile).chapters)


def chapter(chapter_id: str, root: Path | str | None = None) -> Chapter:
    """One chapter by id; KeyError names the unknown id."""
    for item in chapters(root):
        if item.id == chapter_id:
            return item
    raise KeyError(f"no chapter with id {chapter_id!r} in chapters.yaml")


def references(root: Path | str | None = None) -> dict[str, Reference]:
    """References by citation key, in file order."""
    return {r.id: r for r in load_model(content_dir(root) / "references.yaml", ReferencesFile).references}


def claims(root: Path | str | None = None) -> dict[str, Claim]:
    """The evidence register by claim id, in file order."""
    return {c.id: c for c in load_model(content_dir(root) / "claims.yaml", ClaimsFile).claims}


def chapter_claims(chapter_id: str, root: Path | str | None = None) -> list[Claim]:
    """The claims shown in one chapter's "What the evidence says" panel."""
    return [c for c in claims(root).values() if c.chapter == chapter_id]


def glossary(root: Path | str | None = None) -> list[GlossaryTerm]:
    """Glossary terms in file order."""
    return list(load_model(content_dir(root) / "glossary.yaml", GlossaryFile).terms)


def redflags(root: Path | str | None = None) -> RedFlagsFile:
    """Red-flag signs and the advice for each tier."""
    return load_model(content_dir(root) / "redflags.yaml", RedFlagsFile)


def help_content(root: Path | str | None = None) -> HelpFile:
    """The one emergency line and the help line on every page (``help.yaml``)."""
    return load_model(content_dir(root) / "help.yaml", HelpFile)


def back_plan(root: Path | str | None = None) -> BackPlanFile:
    """Every word of "My back plan" (``back-plan.yaml``) except the care cards."""
    return load_model(content_dir(root) / "back-plan.yaml", BackPlanFile)


def movements(root: Path | str | None = None) -> MovementsFile:
    """The starter movements (``movements.yaml``); their drawings are code."""
    return load_model(content_dir(root) / "movements.yaml", MovementsFile)


def chart_meta(chart_id: str, root: Path | str | None = None) -> ChartMeta:
    """A chart's metadata from ``data/<chart_id>.yaml``."""
    return load_model(content_dir(root) / "data" / f"{chart_id}.yaml", ChartMeta)


def diagram(diagram_id: str, root: Path | str | None = None) -> DiagramFile:
    """A diagram's parts and texts from ``diagrams/<diagram_id>.yaml``."""
    return load_model(content_dir(root) / "diagrams" / f"{diagram_id}.yaml", DiagramFile)


def raw_bank(quiz_id: str, root: Path | str | None = None) -> Bank:
    """A bank exactly as written: its own questions only, ``draw`` not resolved."""
    return load_model(content_dir(root) / "quizzes" / f"{quiz_id}.yaml", Bank)


def bank_ids(root: Path | str | None = None) -> list[str]:
    """Ids of the banks on disk, in chapter order (then any others by name)."""
    found = sorted(p.stem for p in (content_dir(root) / "quizzes").glob("*.yaml"))
    order = [c.id for c in chapters(root)]
    return [i for i in order if i in found] + [i for i in found if i not in order]


def questions_by_id(root: Path | str | None = None) -> dict[str, AnyQuestion]:
    """Every question written in any bank, by id (drawn copies are not separate questions)."""
    out: dict[str, AnyQuestion] = {}
    for quiz_id in bank_ids(root):
        for q in raw_bank(quiz_id, root).questions:
            out.setdefault(q.id, q)
    return out


Stamp = tuple[tuple[str, int, int], ...]


def _banks_stamp(root: Path | str | None) -> Stamp:
    """(name, mtime, size) of chapters.yaml and every bank: what a drawn question depends on."""
    folder = content_dir(root)
    out = []
    for path in [folder / "chapters.yaml", *sorted((folder / "quizzes").glob("*.yaml"))]:
        try:
            stat = path.stat()
            out.append((path.name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((path.name, -1, -1))
    return tuple(out)


def bank(quiz_id: str, root: Path | str | None = None) -> Bank:
    """The bank a quiz shows: its own questions, then the ``draw`` questions in draw order.

    Drawn questions keep their own id and objective, so their answers count once, for
    the chapter that wrote them, wherever they are asked. Resolving the draws reads every bank,
    so the result is kept until one of the bank files (or chapters.yaml) changes on disk.
    """
    own = raw_bank(quiz_id, root)
    if not own.draw:
        return own
    return _resolved(quiz_id, str(content_dir(root)), _banks_stamp(root))


@lru_cache(maxsize=64)
def _resolved(quiz_id: str, folder: str, _stamp: Stamp) -> Bank:
    own = raw_bank(quiz_id, folder)
    pool = questions_by_id(folder)
    missing = [qid for qid in own.draw if qid not in pool]
    if missing:
        path = content_dir(folder) / "quizzes" / f"{quiz_id}.yaml"
        raise ContentError([Problem(path, 1, f"draw: unknown question id(s): {', '.join(missing)}")])
    own_ids = {q.id for q in own.questions}
    drawn = [pool[qid] for qid in own.draw if qid not in own_ids]
    return own.model_copy(update={"questions": [*own.questions, *drawn]})


def questions(quiz_id: str, root: Path | str | None = None) -> tuple[AnyQuestion, ...]:
    """The questions a quiz shows, in order: its own, then those drawn from other banks."""
    return tuple(bank(quiz_id, root).questions)


def versions(quiz_id: str, root: Path | str | None = None) -> dict[str, str]:
    """Question id -> content hash (``questions.version``) of the questions a quiz shows."""
    return dict(_versions(quiz_id, str(content_dir(root)), _banks_stamp(root)))


@lru_cache(maxsize=64)
def _versions(quiz_id: str, folder: str, _stamp: Stamp) -> tuple[tuple[str, str], ...]:
    return tuple((q.id, version(q)) for q in bank(quiz_id, folder).questions)
