"""Reading a typed number safely: learner text is untrusted and must never raise."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$")
MAX_LENGTH = 40


@dataclass(frozen=True)
class Parsed:
    """Either a finite number or a friendly sentence saying what to type instead."""

    value: float | None
    message: str = ""


def parse_number(raw: object, unit: str = "") -> Parsed:
    """Parse what the learner typed; a unit typed after the number is allowed."""
    if not isinstance(raw, str):
        return Parsed(None, "Please type a number.")
    text = raw.strip()
    if unit and text.lower().endswith(unit.strip().lower()) and unit.strip():
        text = text[: -len(unit.strip())].strip()
    text = text.replace(" ", "")
    if not text:
        return Parsed(None, "Please type a number first.")
    if len(text) > MAX_LENGTH:
        return Parsed(None, "That is too long to be a number here. Please type a short number.")
    if "," in text:
        return Parsed(None, "Please use a dot for decimals, like 3.5, and no commas.")
    if not _NUMBER.match(text):
        return Parsed(None, "Please type a number using digits, like 5 or 2.5.")
    value = float(text)
    if not math.isfinite(value) or abs(value) > 1e15:
        return Parsed(None, "That number is far too big. Please type a smaller number.")
    return Parsed(value)


def within(value: float, answer: float, tolerance: float) -> bool:
    """True when ``value`` is within ``tolerance`` of ``answer`` (with float rounding slack)."""
    slack = 1e-9 * max(1.0, abs(answer), tolerance)
    return abs(value - answer) <= tolerance + slack


def format_number(value: float) -> str:
    """A number as a person would write it (no trailing .0, no exponent for ordinary sizes)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
