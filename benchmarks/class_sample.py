"""A made-up class, for the nbval fixture, the benchmark and the screenshot (never real learners).

``write_class(path, learners, seed)`` fills a fresh lesson database with the answers of
``learners`` invented learners to every question of every quiz: each has an ability, each
question a difficulty, and a wrong first answer is often followed by a right second one.
Times and ids come from the seed, so the same call makes the same file.

``python benchmarks/class_sample.py FILE [LEARNERS]``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from lesson.content_model.questions import VERDICTS, AnyQuestion, version
from lesson.progress.store import Attempt, Store
from lesson.quiz.question_types import grade

NAMES = (
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Ema",
    "Finn",
    "Gus",
    "Hana",
    "Ivo",
    "Jia",
    "Kai",
    "Lea",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Quin",
    "Rosa",
    "Sam",
    "Tia",
    "Uma",
    "Vik",
    "Wen",
    "Xan",
    "Yara",
    "Zed",
)
START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def learner_name(i: int) -> str:
    base = NAMES[i % len(NAMES)]
    return f"name:{base.lower()}" if i < len(NAMES) else f"name:{base.lower()}{i // len(NAMES)}"


def _split(q: Any) -> tuple[list[int], list[int]]:
    good = [i for i, o in enumerate(q.options) if o.correct]
    return good, [i for i in range(len(q.options)) if i not in good]


def _single_response(q: Any, right: bool, rng: random.Random) -> Any:
    good, bad = _split(q)
    return rng.choice(good if right else bad)


def _multiple_response(q: Any, right: bool, rng: random.Random) -> Any:
    good, bad = _split(q)
    if right or not bad:
        return good if right else good[:-1] or good
    return sorted(set(good[: max(1, len(good) - 1)]) | {rng.choice(bad)})


def _truefalse_response(q: Any, right: bool, rng: random.Random) -> Any:
    return q.answer if right else not q.answer


def _verdict_response(q: Any, right: bool, rng: random.Random) -> Any:
    return q.answer if right else rng.choice([k for k in VERDICTS if k != q.answer])


def _numeric_response(q: Any, right: bool, rng: random.Random) -> Any:
    value = q.answer if right else q.answer + (q.tolerance + 1) * rng.choice((-3, 2))
    return f"{value:g}"


def _ordering_response(q: Any, right: bool, rng: random.Random) -> Any:
    items = list(q.items)
    if not right:
        items[0], items[1] = items[1], items[0]
    return items


def _shifted(values: list[str], right: bool) -> list[str]:
    return values if right else values[1:] + values[:1]


def _matching_response(q: Any, right: bool, rng: random.Random) -> Any:
    rights = _shifted([p.right for p in q.pairs], right)
    return {p.left: r for p, r in zip(q.pairs, rights, strict=True)}


def _labelling_response(q: Any, right: bool, rng: random.Random) -> Any:
    names = _shifted([lab.answer for lab in q.labels], right)
    return {str(lab.number): n for lab, n in zip(q.labels, names, strict=True)}


RESPONSES: dict[str, Callable[[Any, bool, random.Random], Any]] = {
    "single": _single_response,
    "multiple": _multiple_response,
    "truefalse": _truefalse_response,
    "verdict": _verdict_response,
    "numeric": _numeric_response,
    "ordering": _ordering_response,
    "matching": _matching_response,
    "labelling": _labelling_response,
}
"""Per question type (``lesson.quiz.question_types``): a right or a plausible wrong response."""


def response_for(q: AnyQuestion, right: bool, rng: random.Random) -> Any:
    """A right answer, or a plausible wrong one, in the stored response format."""
    return RESPONSES[q.type](q, right, rng)


def class_attempts(learners: int, seed: int = 14) -> list[Attempt]:
    """Every invented learner's attempts, oldest first."""
    from lesson.content_model.load import bank_ids, questions

    rng = random.Random(seed)
    difficulty = {"easy": 0.85, "medium": 0.65, "hard": 0.45}
    out: list[Attempt] = []
    clock = START
    for i in range(learners):
        key = learner_name(i)
        ability = rng.uniform(-0.3, 0.25)
        reach = 1.0 if i % 5 else rng.uniform(0.3, 0.8)  # some learners stop part-way
        quizzes = bank_ids()
        for quiz_id in quizzes[: max(1, round(len(quizzes) * reach))]:
            for q in questions(quiz_id):
                p = min(0.97, max(0.05, difficulty[q.difficulty] + ability))
                right = rng.random() < p
                for attempt in range(2):
                    response = response_for(q, right, rng)
                    result = grade(q, response)
                    clock += timedelta(seconds=rng.randint(5, 40))
                    out.append(
                        Attempt(
                            key,
                            quiz_id,
                            q.id,
                            version(q),
                            response,
                            result.score,
                            result.correct,
                            "check",
                            clock.isoformat(timespec="milliseconds"),
                            f"s{seed}-{len(out)}",
                        )
                    )
                    if result.correct or attempt == 1:
                        break
                    right = rng.random() < 0.7
    return out


def write_class(path: Path, learners: int, seed: int = 14) -> int:
    """Write a fresh database at ``path`` (replacing one there); returns the number of rows."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rows = class_attempts(learners, seed)
    store = Store(path, retry_s=None)
    try:
        conn = store._conn
        assert conn is not None, store.problem
        Store._write_rows(conn, rows)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        store.close()
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python benchmarks/class_sample.py FILE [LEARNERS]", file=sys.stderr)
        return 2
    n = write_class(Path(args[0]), int(args[1]) if len(args) > 1 else 24)
    print(f"wrote {n} attempts to {args[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
