"""Spaced review with FSRS (the ``fsrs`` package). Pure: the clock is passed in, nothing is stored.

Which questions come back: those the learner missed (a wrong Check), revealed ("Show answer"), or
got right while saying they were not sure (low certainty), in a chapter quiz. Such a question gets
a review card that is due at once. Each answer on the review page is an FSRS review:

- wrong -> Again, right with low certainty -> Hard, right with medium (or no) certainty -> Good,
  right with high certainty -> Easy;

so a wrong answer comes back soonest and a confident right answer goes furthest. A reset (of a
quiz or of the whole lesson) clears the cards it touches. A card whose question changed (a new
version hash) starts again from scratch, due at once.

The schedule is rebuilt by replaying the learner's stored attempts in order (``replay``). The
scheduler has no fuzz, so the same attempts always give the same dates, and the schedule
survives whatever the attempts survive (reload, kernel restart, database faults).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

REVIEW_QUIZ = "review"
"""quiz_id of attempts made on the review page; their question_id is "<quiz>/<question>"."""
LEARN_AHEAD = timedelta(minutes=20)
Key = tuple[str, str]

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), maximum_interval=365, enable_fuzzing=False)
"""Whole-day steps (a lesson is not a flashcard drill), at most a year, and no random fuzz."""


@dataclass(frozen=True)
class Event:
    """One stored attempt, as the schedule sees it."""

    kind: str  # check | reveal | reset
    quiz_id: str
    question_id: str
    version: str
    correct: bool
    confidence: str
    at: datetime
    on_review_page: bool = False


@dataclass(frozen=True)
class ReviewCard:
    """A question in the review set and its FSRS card."""

    quiz_id: str
    question_id: str
    version: str
    card: Card
    reason: str
    """Why it is in the review set: missed, revealed, unsure or changed."""
    reviews: int = 0

    @property
    def key(self) -> Key:
        return (self.quiz_id, self.question_id)

    @property
    def due(self) -> datetime:
        return self.card.due


def rating(correct: bool, confidence: str) -> Rating:
    """The FSRS rating of one answer on the review page."""
    if not correct:
        return Rating.Again
    return {"low": Rating.Hard, "high": Rating.Easy}.get(confidence, Rating.Good)


def parse_time(text: str, fallback: datetime) -> datetime:
    """A stored ``created_at`` as aware UTC (``fallback`` if it cannot be read)."""
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return fallback
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def events_from_attempts(attempts: Iterable[object], epoch: datetime) -> list[Event]:
    """``lesson.progress.store.Attempt`` rows (oldest first) as events; review-page rows are mapped
    back to their question. A row without a readable time takes the previous one's."""
    out: list[Event] = []
    last = epoch
    for a in attempts:
        quiz_id, qid = a.quiz_id, a.question_id  # type: ignore[attr-defined]
        review = quiz_id == REVIEW_QUIZ
        if review:
            quiz_id, _, qid = qid.partition("/")
        last = max(last, parse_time(a.created_at, last))  # type: ignore[attr-defined]
        out.append(Event(a.kind, quiz_id, qid, a.question_version, bool(a.correct),  # type: ignore[attr-defined]
                         getattr(a, "confidence", "") or "", last, review))
    return out


def _card_id(key: Key) -> int:
    return zlib.crc32(f"{key[0]}/{key[1]}".encode()) + 1


def new_card(key: Key, version: str, reason: str, due: datetime) -> ReviewCard:
    return ReviewCard(key[0], key[1], version, Card(card_id=_card_id(key), due=due), reason)


def _enters(e: Event) -> str:
    """Why a chapter event puts its question in the review set ("" if it does not)."""
    if e.kind == "reveal":
        return "revealed"
    if e.kind == "check" and not e.correct:
        return "missed"
    if e.kind == "check" and e.confidence == "low":
        return "unsure"
    return ""


def review(card: ReviewCard, correct: bool, confidence: str, at: datetime) -> ReviewCard:
    """One answer on the review page."""
    when = max(at, card.card.last_review or at)
    new, _log = SCHEDULER.review_card(card.card, rating(correct, confidence), review_datetime=when)
    return replace(card, card=new, reviews=card.reviews + 1)


def replay(events: Iterable[Event], versions: Mapping[Key, str], now: datetime) -> dict[Key, ReviewCard]:
    """The review set after ``events`` (oldest first), for the questions in ``versions`` (key ->
    current version hash). Cards of removed questions are dropped; cards of changed ones restart."""
    cards: dict[Key, ReviewCard] = {}
    for e in events:
        if e.kind == "reset":
            for key in list(cards):
                if e.quiz_id == "*" or (key[0] == e.quiz_id and e.question_id in ("", key[1])):
                    del cards[key]
            continue
        key = (e.quiz_id, e.question_id)
        card = cards.get(key)
        if card is not None and card.version != e.version:
            card = None  # the question changed since this card was made: start again
        if e.on_review_page:
            if e.kind != "check":
                continue  # "Show answer" on the review page keeps the card as it is
            card = card or new_card(key, e.version, "missed" if not e.correct else "unsure", e.at)
            cards[key] = review(card, e.correct, e.confidence, e.at)
            continue
        reason = _enters(e)
        if not reason:
            continue
        if card is None:
            cards[key] = new_card(key, e.version, reason, e.at)
        elif reason in ("missed", "revealed") and card.due > e.at:
            cards[key] = replace(card, card=_with_due(card.card, e.at))  # missed again: due again now
    out: dict[Key, ReviewCard] = {}
    for key, card in cards.items():
        current = versions.get(key)
        if current is None:
            continue
        out[key] = card if card.version == current else new_card(key, current, "changed", now)
    return out


def _with_due(card: Card, due: datetime) -> Card:
    data = card.to_dict()
    data["due"] = due.isoformat()
    return Card.from_dict(data)


def end_of_day(now: datetime) -> datetime:
    """The last moment of ``now``'s calendar day (in ``now``'s own time zone)."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start + timedelta(days=1) - timedelta(microseconds=1)


def is_due(card: ReviewCard, now: datetime) -> bool:
    """Due today: on or before the end of ``now``'s day."""
    return card.due <= max(end_of_day(now), now + LEARN_AHEAD)


def due_cards(cards: Mapping[Key, ReviewCard], now: datetime) -> list[ReviewCard]:
    """The cards due today, soonest first (then by quiz and question, so the order is stable)."""
    return sorted((c for c in cards.values() if is_due(c, now)), key=lambda c: (c.due, c.key))


def by_question(due: list[ReviewCard]) -> list[tuple[ReviewCard, tuple[str, ...]]]:
    """The due cards once per question id (the final quiz draws questions from the chapters, so one
    question can have a card in two quizzes): (first card, the other quizzes with that question due)."""
    seen: dict[str, list[ReviewCard]] = {}
    for card in due:
        seen.setdefault(card.question_id, []).append(card)
    return [(cards[0], tuple(c.quiz_id for c in cards[1:])) for cards in seen.values()]


def next_due(cards: Mapping[Key, ReviewCard], now: datetime) -> datetime | None:
    """When the next card not due today falls due (``None`` with no such card)."""
    later = [c.due for c in cards.values() if not is_due(c, now)]
    return min(later) if later else None


def days_until(due: datetime, now: datetime) -> int:
    """Calendar days from ``now``'s day to ``due``'s day (0: today)."""
    return (due.astimezone(now.tzinfo).date() - now.date()).days


def when_words(due: datetime, now: datetime) -> str:
    """ "today", "tomorrow", "in 3 days", "in 2 weeks", "in about 3 months"."""
    days = days_until(due, now)
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {round(days / 7)} weeks"
    return f"in about {round(days / 30)} months"


def date_words(due: datetime, now: datetime) -> str:
    """ "tomorrow (Wednesday 2 December)" / "in 8 days (Wednesday 9 December)"."""
    local = due.astimezone(now.tzinfo)
    return f"{when_words(due, now)} ({local:%A} {local.day} {local:%B})"
