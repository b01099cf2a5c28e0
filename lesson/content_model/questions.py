"""Schema of a question bank (``lesson/content/quizzes/<chapter>.yaml``) as pydantic models.

The schema, not hand-written if-chains, decides what a valid bank is: unknown fields are
errors (``extra="forbid"``) and each question type's own rules are validators, so the
``check`` CLI and the quiz engine agree on the same definition. ``version()`` gives each
question a content hash so stored answers to an older wording can be told apart.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
Text = Annotated[str, Field(min_length=1)]
Verdict = Literal["true", "partly", "otherwise", "no-evidence"]

VERDICTS: tuple[Verdict, ...] = ("true", "partly", "otherwise", "no-evidence")
VERDICT_LABELS: dict[Verdict, str] = {
    "true": "True",
    "partly": "Partly true",
    "otherwise": "Evidence says otherwise",
    "no-evidence": "No good evidence",
}


class _Strict(BaseModel):
    """Base: unknown fields are errors and loaded content is not changed afterwards."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One choice of a single/multiple question, with feedback saying why."""

    text: Text
    correct: bool
    feedback: Text
    misconception: Id | None = None


class Pair(_Strict):
    """One matching pair: the learner picks ``right`` for ``left``."""

    left: Text
    right: Text


class Label(_Strict):
    """One numbered part of a diagram and its correct name."""

    number: Annotated[int, Field(ge=1)]
    answer: Text


class _QuestionBase(_Strict):
    """Fields every question type shares."""

    id: Id
    prompt: Text
    objective: Id
    difficulty: Literal["easy", "medium", "hard"]
    sources: Annotated[list[Id], Field(min_length=1)]
    explanation: Text
    hints: list[Text] = []
    max_tries: Annotated[int, Field(ge=1)] = 2


class SingleQuestion(_QuestionBase):
    """Pick one option; exactly one is correct."""

    type: Literal["single"]
    options: Annotated[list[Option], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option (found {n})")
        return self


class MultipleQuestion(_QuestionBase):
    """Pick every option that applies; partial credit per the stated rule."""

    type: Literal["multiple"]
    options: Annotated[list[Option], Field(min_length=2)]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleQuestion:
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple-select question needs at least one correct option")
        return self


def _bool_key(value: Any) -> Any:
    """YAML reads ``true:`` as a boolean; verdict keys and answers are strings."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


class TrueFalseQuestion(_QuestionBase):
    """True or false, with feedback for each choice."""

    type: Literal["truefalse"]
    answer: bool
    feedback: dict[bool, Text]
    claim: Id | None = None

    @field_validator("feedback")
    @classmethod
    def _both_keys(cls, value: dict[bool, str]) -> dict[bool, str]:
        if set(value) != {True, False}:
            raise ValueError("feedback needs exactly two entries: true and false")
        return value


class VerdictQuestion(_QuestionBase):
    """A graded verdict on a claim: True / Partly true / Evidence says otherwise / No good evidence."""

    type: Literal["verdict"]
    answer: Verdict
    feedback: dict[Verdict, Text]
    claim: Id | None = None

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_str(cls, value: Any) -> Any:
        return _bool_key(value)

    @field_validator("feedback", mode="before")
    @classmethod
    def _feedback_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_bool_key(k): v for k, v in value.items()}
        return value

    @field_validator("feedback")
    @classmethod
    def _all_keys(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [v for v in VERDICTS if v not in value]
        if missing:
            raise ValueError(f"feedback is missing: {', '.join(missing)}")
        return value


class NumericQuestion(_QuestionBase):
    """Type a number; right when within ``tolerance`` of ``answer``."""

    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: str

    @field_validator("answer")
    @classmethod
    def _finite(cls, value: float) -> float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("answer must be a finite number")
        return value


class OrderingQuestion(_QuestionBase):
    """Put items in order; ``items`` are listed in the correct order."""

    type: Literal["ordering"]
    items: Annotated[list[Text], Field(min_length=3)]

    @field_validator("items")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("ordering items must all be different")
        return value


class MatchingQuestion(_QuestionBase):
    """Match each left side to its right side."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=3)]

    @field_validator("pairs")
    @classmethod
    def _unique(cls, value: list[Pair]) -> list[Pair]:
        if len({p.left for p in value}) != len(value):
            raise ValueError("matching pairs need different left sides")
        if len({p.right for p in value}) != len(value):
            raise ValueError("matching pairs need different right sides")
        return value


class LabellingQuestion(_QuestionBase):
    """Name each numbered part of a diagram."""

    type: Literal["labelling"]
    image: Id
    labels: Annotated[list[Label], Field(min_length=2)]
    distractors: list[Text] = []

    @model_validator(mode="after")
    def _unique(self) -> LabellingQuestion:
        if len({label.number for label in self.labels}) != len(self.labels):
            raise ValueError("labelling numbers must all be different")
        answers = {label.answer for label in self.labels}
        clash = sorted(answers & set(self.distractors))
        if clash:
            raise ValueError(f"a distractor is also a correct label: {', '.join(clash)}")
        return self


Question = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads clearest spelled out
        SingleQuestion,
        MultipleQuestion,
        TrueFalseQuestion,
        VerdictQuestion,
        NumericQuestion,
        OrderingQuestion,
        MatchingQuestion,
        LabellingQuestion,
    ],
    Field(discriminator="type"),
]
AnyQuestion = (
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | VerdictQuestion
    | NumericQuestion
    | OrderingQuestion
    | MatchingQuestion
    | LabellingQuestion
)
QUESTION_ADAPTER: TypeAdapter[Any] = TypeAdapter(Question)
MODELS: dict[str, type[_QuestionBase]] = {
    get_args(m.model_fields["type"].annotation)[0]: m for m in get_args(AnyQuestion)
}
"""Question model by its ``type`` name, in the union's order: THE list of question types
(``lesson.quiz.question_types`` gives each its grader, answer and dropdown names)."""


class Bank(_Strict):
    """One chapter's question bank."""

    quiz: Id
    title: Text
    scored: bool = True
    draw: list[Id] = []
    questions: list[Question] = []


def version(question: BaseModel) -> str:
    """The question's content hash: answers stored for another hash are for older wording."""
    canonical = json.dumps(
        question.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
