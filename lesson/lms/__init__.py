"""The quiz questions for learning management systems: Moodle XML, GIFT, QTI 2.1 and Canvas QTI 1.2.

``python -m lesson export --format moodle-xml|gift|qti21|canvas-qti [--quiz ID ...] --out DIR``
writes one file per quiz (a zip package for the QTI formats) plus the diagrams labelling questions
need. Each writer maps all eight question types; where a format has no equivalent, the mapping is
named (``common.PER_QUESTION`` / ``common.EVERY_QUESTION``), printed by the command and listed in
``docs/export.md``. Nothing here is imported by the lesson's pages.
"""

from lesson.lms.run import FORMATS, ExportError, Report, export

__all__ = ["FORMATS", "ExportError", "Report", "export"]
