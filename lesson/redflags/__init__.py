"""The red-flag self-check: pure triage (``triage``) and the chapter 6 widget (``widget``).

A learning exercise, not a symptom checker: it shows which kind of help each sign needs,
stores nothing, and never reassures. Importing the package loads only the pure triage; the
widget is ``lesson.redflags.widget.redflag_check`` (it needs ipywidgets).
"""

from lesson.redflags.triage import Advice, AdviceItem, Sign, load_redflags, triage

__all__ = ["Advice", "AdviceItem", "Sign", "load_redflags", "triage"]
