"""``python -m lesson progress --export csv|json``: attempts plus each question's status now.

The status column applies the same scoring rule as the page (``scoring.states``), so a
teacher's spreadsheet and the learner's screen never disagree.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from lesson import paths
from lesson.content_model import load
from lesson.progress.identity import current_learner
from lesson.progress.scoring import states
from lesson.progress.store import ALL_QUIZZES, Attempt, Store

FIELDS = ["learner", "quiz_id", "question_id", "question_version", "kind", "response", "score", "correct",
          "created_at", "status", "confidence", "review_due"]


def _keys_for(name: str) -> set[str]:
    return {name, f"name:{name.casefold()}", f"hub:{name}"}


def _status_table(attempts: list[Attempt]) -> dict[tuple[str, str, str], str]:
    """(learner, quiz, question) -> state under the rule, using the banks as they are now."""
    table: dict[tuple[str, str, str], str] = {}
    learners = sorted({a.learner for a in attempts})
    quizzes = sorted({a.quiz_id for a in attempts if a.quiz_id != ALL_QUIZZES})
    for quiz_id in quizzes:
        try:
            versions = load.versions(quiz_id)
        except Exception:  # a bank that no longer loads: report rows without a status
            versions = {}
        for learner in learners:
            mine = [a for a in attempts if a.learner == learner]
            for qid, state in states(mine, versions, quiz_id).items():
                table[(learner, quiz_id, qid)] = state
    return table


def rows(attempts: list[Attempt]) -> list[dict[str, Any]]:
    """Attempts as export rows, each with its question's current status."""
    from lesson.progress.review_state import export_due, source_of  # issue 16: certainty and review schedule

    table = _status_table(attempts)
    due = export_due(attempts)
    out = []
    for a in attempts:
        status = "" if a.kind == "reset" else table.get((a.learner, a.quiz_id, a.question_id), "removed")
        source = source_of(a.quiz_id, a.question_id)
        if source != (a.quiz_id, a.question_id):
            status = "review"  # answered on the review page; the chapter's own status is on its rows
        out.append({"learner": a.learner, "quiz_id": a.quiz_id, "question_id": a.question_id,
                    "question_version": a.question_version, "kind": a.kind,
                    "response": json.dumps(a.response, sort_keys=True), "score": a.score,
                    "correct": a.correct, "created_at": a.created_at, "status": status,
                    "confidence": a.confidence, "review_due": due.get((a.learner, *source), "")})
    return out


def write(fmt: str, data: Iterable[dict[str, Any]], stream: TextIO) -> None:
    """Write rows as CSV (header first) or as a JSON list."""
    data = list(data)
    if fmt == "json":
        json.dump(data, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)


def run(fmt: str, learner: str | None = None, all_learners: bool = False, output: str | None = None) -> int:
    """Export attempts; returns the process exit status (0 ok, 1 database problem, 2 bad arguments)."""
    if fmt not in ("csv", "json"):
        print(f"Unknown format {fmt!r}: use csv or json.", file=sys.stderr)
        return 2
    db = paths.db_path().absolute()
    attempts: list[Attempt] = []
    if db.exists():
        store = Store(db, read_only=True)  # an export never writes, and never to another application's file
        attempts = store.attempts()
        store.close()
        if store.state != "read-only":
            print(f"Could not read the progress database at {db} (see the message above).", file=sys.stderr)
            return 1
    else:
        print(f"No progress has been saved at {db} yet.", file=sys.stderr)
    if not all_learners:
        keys = _keys_for(learner) if learner else {current_learner().id or ""}
        attempts = [a for a in attempts if a.learner in keys]
    buffer = io.StringIO()
    write(fmt, rows(attempts), buffer)
    if output and output != "-":
        Path(output).write_text(buffer.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(buffer.getvalue())
    return 0
