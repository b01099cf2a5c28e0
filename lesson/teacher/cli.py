"""``python -m lesson report``: the class results as a self-contained HTML file and/or CSV.

With no files it reads this computer's progress database (``LESSON_DB``; read-only). Given
learners' ``python -m lesson progress --export csv|json`` files (the JupyterHub case, where
every learner has their own database), it merges them, counting an attempt given twice once.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from lesson.teacher.data import (
    CSV_FIELDS,
    class_report,
    csv_rows,
    learner_rows,
    merge,
    read_attempts,
    teacher_db,
)
from lesson.teacher.report import document


def run(
    files: list[str],
    html_out: str | None,
    csv_out: str | None,
    learners_csv: str | None,
    which: str = "first",
) -> int:
    """Write the report(s); 0 ok, 1 a file could not be read, 2 nothing asked for."""
    if not (html_out or csv_out or learners_csv):
        print("Say what to write: --html FILE, --csv FILE and/or --learners-csv FILE.", file=sys.stderr)
        return 2
    if files:
        try:
            attempts = merge(Path(f) for f in files)
        except (OSError, ValueError, KeyError) as exc:
            print(f"Could not read an export file: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        source = f"{len(files)} export file(s)"
        problem = ""
    else:
        db = teacher_db().absolute()
        attempts, problem = read_attempts(db)
        if problem:
            print(f"{problem} ({db})", file=sys.stderr)
            return 1
        source = str(db)
    report = class_report(attempts, which)
    if html_out:
        Path(html_out).write_text(document(report), encoding="utf-8")
    if csv_out:
        with open(csv_out, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(csv_rows(report))
    if learners_csv:
        rows = learner_rows(report)
        fields = ["learner", *(cid for cid, _ in report.chapters)]
        with open(learners_csv, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(f"Class results for {len(report.learners)} learner(s) from {source}.")
    return 0
