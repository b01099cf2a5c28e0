"""Chart data files: every CSV fits the table its chart reads (``lesson.content_model.chart_data.TABLES``).

A row such as ``acute,six,23,,25,99`` in ``data/recovery.csv`` is reported at its line
(six values for five columns; a week that is not a number), so it is caught by ``lesson
check`` instead of stopping a chapter at its chart.
"""

from __future__ import annotations

from lesson.content_model.chart_data import csv_problems
from lesson.content_model.check_context import Context


def check_data(ctx: Context) -> None:
    """Check every ``data/*.csv`` of the content set being checked."""
    for path in sorted((ctx.root / "data").glob("*.csv")):
        ctx.problems.extend(csv_problems(path, path.stem))
