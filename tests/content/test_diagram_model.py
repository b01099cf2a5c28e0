"""The diagram file has one model (``models.DiagramFile``), used by the checker and the drawing."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from lesson.charts import diagram
from lesson.content_model import load
from lesson.content_model.models import DiagramFile

PART = {"id": "a", "where": "here", "name": "A"}


def _file(numbers: list[int]) -> dict:
    return {"diagram": "d", "title": "T", "sources": ["ng59"], "alt": "x", "numbered_alt": "y",
            "caption": "c", "parts": [{**PART, "id": f"p{n}", "number": n} for n in numbers]}


def test_parts_are_numbered_one_to_n_once_each() -> None:
    assert len(DiagramFile.model_validate(_file([2, 1])).parts) == 2
    for numbers in ([1, 3], [1, 1], [0, 1]):
        with pytest.raises(ValidationError):
            DiagramFile.model_validate(_file(numbers))


def test_the_drawing_reads_the_same_model_as_the_checker() -> None:
    assert diagram.spec("lumbar-spine") is load.diagram("lumbar-spine")
    assert [p.number for p in diagram.spec("lumbar-spine").parts] == list(range(1, 11))
