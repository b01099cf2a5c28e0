"""Rules that join banks to chapters, claims and diagrams (the schema checks one file at a time)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lesson.content_model.check_context import Context, Loaded, raw_list
from lesson.content_model.check_refs import check_citations_present
from lesson.content_model.models import ClaimsFile, DiagramFile, RedFlagsFile
from lesson.content_model.questions import Bank, LabellingQuestion

# The graded-verdict answer that matches each evidence-register verdict.
VERDICT_ANSWER = {
    "supported": "true",
    "qualified": "partly",
    "contradicted": "otherwise",
    "unsupported": "no-evidence",
}
MYTH_OR_FACT = {"supported", "contradicted"}


def known_diagrams(ctx: Context) -> dict[str, Any]:
    """Diagram ids with their raw YAML (parts), from ``diagrams/*.yaml``.

    The part list is content, so the checker reads it here and never imports the drawing code
    (``lesson.charts`` sits above the content layer; see docs/architecture.md, "Layers").
    """
    return {Path(rel).stem: f.data for rel, f in ctx.files.items() if rel.startswith("diagrams/")}


def _check_question(
    ctx: Context,
    loaded: Loaded,
    quiz: str,
    i: int,
    q: Any,
    owner: dict[str, str],
    claims: dict[str, Any],
    diagrams: dict[str, Any],
) -> None:
    if q.objective not in owner:
        ctx.add(
            loaded.path,
            loaded.line("questions", i, "objective"),
            f"question '{q.id}': unknown objective '{q.objective}'",
        )
    elif owner[q.objective] != quiz:
        ctx.add(
            loaded.path,
            loaded.line("questions", i, "objective"),
            f"question '{q.id}': objective '{q.objective}' belongs to chapter "
            f"'{owner[q.objective]}', not '{quiz}'",
        )
    claim_id = getattr(q, "claim", None)
    if claim_id is not None and claims:
        claim = claims.get(claim_id)
        line = loaded.line("questions", i, "claim")
        if claim is None:
            ctx.add(loaded.path, line, f"question '{q.id}': unknown claim '{claim_id}'")
        elif q.type in CLAIM_RULES:
            problem = CLAIM_RULES[q.type](q, claim_id, claim)
            if problem:
                ctx.add(loaded.path, line, f"question '{q.id}': {problem}")
    if isinstance(q, LabellingQuestion):
        if q.image not in diagrams:
            ctx.add(
                loaded.path,
                loaded.line("questions", i, "image"),
                f"question '{q.id}': unknown diagram '{q.image}' "
                f"(known: {', '.join(sorted(diagrams)) or 'none'})",
            )
        elif isinstance(diagrams[q.image], dict):
            parts = {
                p.get("number"): p.get("name")
                for p in raw_list(diagrams[q.image], "parts")
                if isinstance(p, dict)
            }
            for j, label in enumerate(q.labels):
                if parts and parts.get(label.number) != label.answer:
                    ctx.add(
                        loaded.path,
                        loaded.line("questions", i, "labels", j),
                        f"question '{q.id}': label {label.number} should be '{parts.get(label.number)}' "
                        f"as on diagram '{q.image}'",
                    )


def _verdict_claim(q: Any, claim_id: str, claim: Any) -> str:
    if VERDICT_ANSWER[claim.verdict] == q.answer:
        return ""
    return (
        f"answer '{q.answer}' does not match claim "
        f"'{claim_id}' (verdict {claim.verdict}, so the answer is '{VERDICT_ANSWER[claim.verdict]}')"
    )


def _truefalse_claim(q: Any, claim_id: str, claim: Any) -> str:
    if claim.verdict in MYTH_OR_FACT:
        return ""
    return (
        "a true/false question needs a supported or "
        f"contradicted claim; '{claim_id}' is {claim.verdict} (use a verdict question)"
    )


CLAIM_RULES: dict[str, Callable[[Any, str, Any], str]] = {
    "verdict": _verdict_claim,
    "truefalse": _truefalse_claim,
}
"""For the question types that may point at a claim: the problem if the answer does not fit it."""


def check_banks(ctx: Context) -> None:
    """Cross-file rules for every bank, then objective coverage for every chapter."""
    chapters = ctx.model("chapters.yaml")
    claims_file = ctx.model("claims.yaml")
    claims = {c.id: c for c in claims_file.claims} if claims_file else {}
    owner: dict[str, str] = {}
    for c in chapters.chapters if chapters else []:
        for o in c.objectives:
            owner.setdefault(o.id, c.id)  # a duplicate id is reported once; the first owner stands
    chapter_ids = [c.id for c in chapters.chapters] if chapters else []
    diagrams = known_diagrams(ctx)
    banks = ctx.bank_files()
    all_ids = {
        str(q.get("id")): quiz
        for quiz, f in banks.items()
        for q in raw_list(f.data, "questions")
        if isinstance(q, dict)
    }
    for quiz, loaded in banks.items():
        check_citations_present(ctx, loaded)
        bank = loaded.model
        if not isinstance(bank, Bank):  # None: the schema check has reported why
            continue
        if bank.quiz != quiz:
            ctx.add(
                loaded.path, loaded.line("quiz"), f"quiz id '{bank.quiz}' must match the file name '{quiz}'"
            )
        if chapters and quiz not in chapter_ids:
            ctx.add(loaded.path, loaded.line("quiz"), f"bank '{quiz}' is not a chapter in chapters.yaml")
        for i, q in enumerate(bank.questions):
            if chapters:
                _check_question(ctx, loaded, quiz, i, q, owner, claims, diagrams)
        for k, qid in enumerate(bank.draw):
            if all_ids.get(qid) in (None, quiz):
                where = "this bank's own question" if all_ids.get(qid) == quiz else "an unknown question id"
                ctx.add(loaded.path, loaded.line("draw", k), f"draw: '{qid}' is {where}")
    if chapters:
        check_coverage(ctx, chapters, banks)


def check_coverage(ctx: Context, chapters: Any, banks: dict[str, Loaded]) -> None:
    """Each objective is checked by a question; in a scored chapter, by at least two."""
    loaded = ctx.files["chapters.yaml"]
    seen: set[str] = set()
    for i, chapter in enumerate(chapters.chapters):
        bank_file = banks.get(chapter.id)
        if bank_file is None:
            if not (ctx.root / "quizzes" / f"{chapter.id}.yaml").exists():
                ctx.add(
                    loaded.path,
                    loaded.line("chapters", i, "id"),
                    f"chapter '{chapter.id}' has no question bank quizzes/{chapter.id}.yaml",
                )
            continue
        bank = bank_file.model
        if not isinstance(bank, Bank):
            continue
        counts = Counter(q.objective for q in bank.questions)
        for j, objective in enumerate(chapter.objectives):
            if objective.id in seen:  # a duplicate id: reported as such, not as untested
                continue
            seen.add(objective.id)
            line = loaded.line("chapters", i, "objectives", j, "id")
            n = counts.get(objective.id, 0)
            if n == 0:
                ctx.add(loaded.path, line, f"objective '{objective.id}' is not checked by any question")
            elif n < 2 and bank.scored:
                ctx.add(
                    loaded.path,
                    line,
                    f"objective '{objective.id}' is checked by only {n} question "
                    "(a scored chapter needs at least two per objective)",
                )


def check_claims(ctx: Context) -> None:
    """Each claim belongs to a chapter that exists."""
    chapters, loaded = ctx.model("chapters.yaml"), ctx.files.get("claims.yaml")
    if not chapters or loaded is None or not isinstance(loaded.model, ClaimsFile):
        return
    ids = {c.id for c in chapters.chapters}
    for i, claim in enumerate(loaded.model.claims):
        if claim.chapter not in ids:
            ctx.add(
                loaded.path,
                loaded.line("claims", i, "chapter"),
                f"claim '{claim.id}': unknown chapter '{claim.chapter}'",
            )


def check_diagram_flows(ctx: Context) -> None:
    """Each step of a decision chart names signs and escalation rules that exist in redflags.yaml,
    of the step's own tier, and its outcome boxes (``parts``) are those tiers' card labels in step
    order, so the chart cannot send a reader to a different card than the self-check."""
    flags = ctx.model("redflags.yaml")
    if not isinstance(flags, RedFlagsFile):
        return
    tier_of = {s.id: s.tier for s in flags.signs}
    rule_tier = {e.id: e.tier for e in flags.escalations}
    for rel, loaded in sorted(ctx.files.items()):
        if not rel.startswith("diagrams/") or not isinstance(loaded.model, DiagramFile):
            continue
        for i, step in enumerate(loaded.model.flow):
            for field, names, tiers, what in (("signs", step.signs, tier_of, "red-flag sign"),
                                              ("escalations", step.escalations, rule_tier, "escalation")):
                for j, name in enumerate(names):
                    line = loaded.line("flow", i, field, j)
                    if name not in tiers:
                        ctx.add(loaded.path, line,
                                f"flow step {i + 1}: unknown {what} '{name}' (not in redflags.yaml)")
                    elif tiers[name] != step.tier:
                        ctx.add(loaded.path, line, f"flow step {i + 1}: {what} '{name}' is {tiers[name]} in "
                                                   f"redflags.yaml, but this step leads to {step.tier}")
        labels = [getattr(flags.tiers, step.tier).label for step in loaded.model.flow]
        names = [p.name for p in sorted(loaded.model.parts, key=lambda p: p.number)]
        if labels and names != labels:
            ctx.add(loaded.path, loaded.line("parts"),
                    f"parts {names} must be the flow steps' card labels in redflags.yaml, in order: {labels}")
