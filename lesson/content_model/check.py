"""``python -m lesson check``: every content rule, reported as ``path:line: message``.

Schemas check one file at a time; the rules in ``check_refs``, ``check_banks`` and
``check_notebooks`` join files together (a cited key must exist, an objective must be
tested, a notebook must be cited). This module loads everything once and runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from lesson import paths
from lesson.content_model.check_banks import check_banks, check_claims, check_diagram_flows
from lesson.content_model.check_context import Context, raw_list
from lesson.content_model.check_data import check_data
from lesson.content_model.check_medical import check_python, check_yaml_texts
from lesson.content_model.check_notebooks import check_notebooks
from lesson.content_model.check_notes import check_notes, load_notes
from lesson.content_model.check_refs import check_duplicates, check_keys, check_urls, reference_ids
from lesson.content_model.models import (
    BackPlanFile,
    ChaptersFile,
    ChartMeta,
    ClaimsFile,
    DiagramFile,
    GlossaryFile,
    HelpFile,
    MovementsFile,
    RedFlagsFile,
    ReferencesFile,
)
from lesson.content_model.problems import Problem
from lesson.content_model.questions import Bank

REQUIRED: dict[str, type[BaseModel]] = {
    "chapters.yaml": ChaptersFile,
    "references.yaml": ReferencesFile,
    "claims.yaml": ClaimsFile,
    "glossary.yaml": GlossaryFile,
    "redflags.yaml": RedFlagsFile,
    "help.yaml": HelpFile,
    "back-plan.yaml": BackPlanFile,
    "movements.yaml": MovementsFile,
}


@dataclass(frozen=True)
class Report:
    """The problems found, plus counts for the one-line summary of a clean run."""

    problems: list[Problem]
    counts: dict[str, int]

    def summary(self) -> str:
        parts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"lesson check: {parts}: no problems"


def default_notebooks(content_dir: Path | None) -> Path:
    """The real notebooks for the real content; ``<content>/../notebooks`` for any other set."""
    if content_dir is None or Path(content_dir).resolve() == paths.content_path().resolve():
        return paths.notebooks_dir()
    return Path(content_dir).parent / "notebooks"


def default_code(content_dir: Path | None) -> Path | None:
    """The Python to scan for medical wording: the lesson package for the real content,
    ``<content>/../code`` for any other set (absent in most test sets)."""
    if content_dir is None or Path(content_dir).resolve() == paths.content_path().resolve():
        return Path(paths.__file__).resolve().parent
    code = Path(content_dir).parent / "code"
    return code if code.is_dir() else None


def _load_all(ctx: Context) -> None:
    for rel, model in REQUIRED.items():
        ctx.load(rel, model)
    folders: tuple[tuple[str, type[BaseModel] | None], ...] = (
        ("quizzes", Bank), ("data", ChartMeta), ("diagrams", DiagramFile))
    for folder, folder_model in folders:
        for path in sorted((ctx.root / folder).glob("*.yaml")):
            ctx.load(f"{folder}/{path.name}", folder_model)
    data = ctx.root / "data"
    for path in sorted(data.glob("*.yaml")):
        if not path.with_suffix(".csv").exists():
            ctx.add(path, 1, f"chart data file {path.stem}.csv is missing")
    for path in sorted(data.glob("*.csv")):
        if not path.with_suffix(".yaml").exists():
            ctx.add(path, 1, f"chart metadata file {path.stem}.yaml is missing")
    load_notes(ctx)


def _unparsed(ctx: Context) -> list[str]:
    """Content files that exist but could not be read or parsed (each already has its one problem)."""
    found = [*REQUIRED, *(f"{folder}/{path.name}" for folder in ("quizzes", "data", "diagrams")
                          for path in sorted((ctx.root / folder).glob("*.yaml")))]
    return [rel for rel in found if (ctx.root / rel).exists() and rel not in ctx.files]


def _counts(ctx: Context) -> dict[str, int]:
    def n(rel: str, key: str) -> int:
        loaded = ctx.files.get(rel)
        return len(raw_list(loaded.data, key)) if loaded else 0

    banks = ctx.bank_files()
    return {
        "chapters": n("chapters.yaml", "chapters"),
        "banks": len(banks),
        "questions": sum(len(raw_list(f.data, "questions")) for f in banks.values()),
        "references": n("references.yaml", "references"),
        "claims": n("claims.yaml", "claims"),
        "glossary terms": n("glossary.yaml", "terms"),
        "red-flag signs": n("redflags.yaml", "signs"),
        "charts": sum(1 for rel in ctx.files if rel.startswith("data/")),
    }


def run_check(
    content_dir: Path | None = None, notebooks_dir: Path | None = None, code_dir: Path | None = None
) -> Report:
    """Load and check one content set (default: the lesson's own), its notebooks and its code."""
    root = Path(content_dir) if content_dir is not None else paths.content_path()
    ctx = Context(root=root, notebooks=notebooks_dir or default_notebooks(content_dir))
    _load_all(ctx)
    check_data(ctx)
    if _unparsed(ctx):  # rules across files would only repeat, hundreds of times, that a file is unreadable
        return Report(sorted(set(ctx.problems), key=lambda p: (str(p.path), p.line, p.message)), _counts(ctx))
    known = reference_ids(ctx)
    check_keys(ctx, known)
    check_duplicates(ctx)
    check_urls(ctx)
    check_banks(ctx)
    check_claims(ctx)
    check_diagram_flows(ctx)
    check_notes(ctx)
    glossary = ctx.files.get("glossary.yaml")
    glossary_ids = {str(t.get("id")) for t in raw_list(glossary.data, "terms") if isinstance(t, dict)} \
        if glossary else set()
    check_notebooks(ctx, known, glossary_ids)
    check_yaml_texts(ctx)
    check_python(ctx, code_dir or default_code(content_dir))
    problems = sorted(set(ctx.problems), key=lambda p: (str(p.path), p.line, p.message))
    return Report(problems, _counts(ctx))


def check(content_dir: Path | None = None, notebooks_dir: Path | None = None) -> list[Problem]:
    """Every problem in the content and notebooks, sorted by file and line."""
    return run_check(content_dir, notebooks_dir).problems
