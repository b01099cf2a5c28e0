"""The red-flag self-check: pure triage plus the widget for chapter 6.

A learning exercise, not a symptom checker: it shows which kind of help each sign needs,
stores nothing, and never reassures.
"""

from lesson.redflags.triage import Advice, AdviceItem, Sign, load_redflags, triage
from lesson.redflags.widget import redflag_check

__all__ = ["Advice", "AdviceItem", "Sign", "load_redflags", "redflag_check", "triage"]
