"""The teacher toolkit's pure parts: ``stats`` (item analysis, numpy), ``data`` (stored attempts to
class figures), ``report`` (HTML and SVG strings) and ``access`` (the teacher key).

The page itself is ``lesson.app.teacher_page`` (``ui.teacher_page()``), the live class poll
``lesson.quiz.poll`` and the speaker notes ``lesson.app.speaker_notes``.
"""
