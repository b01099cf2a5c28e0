"""Bank text for an LMS: Markdown to HTML or plain text, citation keys to readable source names.

Bank text is Markdown with citation keys such as ``[ng59, acp2017]``. A learning management
system knows nothing of our keys, so each becomes the source's short name and year:
``(NICE, 2016; Qaseem et al., 2017)``; the explanation ends with a "Sources:" line linking
each source's title to its canonical page. Raw HTML typed into content is never passed
through (markdown-it's ``html`` option is off), as on the lesson's own pages. The HTML is
XHTML-clean (``<br />``), so QTI 2.1 can carry it as XML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from lesson.charts.sources import short_author
from lesson.content_model.citations import CITATION
from lesson.content_model.models import Reference
from lesson.pages.markup import renderer

_MD = renderer(xhtml=True)
_SPLIT = re.compile(r"\s*[,;]\s*")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Z][A-Z0-9&]{1,9})\)$")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")


def source_name(ref: Reference) -> str:
    """ "Qaseem et al., 2017", "NICE, 2016" or "NHS": short enough to sit in running text."""
    name = short_author(ref.authors) or ref.title
    acronym = _ACRONYM.match(name)
    if acronym:
        name = acronym.group("short")
    else:
        name = _TRAILING_NOTE.sub("", name) or name
    return f"{name}, {ref.year}" if ref.year not in (None, "") else name


def decimal_text(value: float) -> str:
    """A number in plain positional notation ("76", "0.25", "-3.5"), never "1e-07"."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class TextRenderer:
    """Turns bank Markdown into the HTML or plain text an export writes."""

    def __init__(self, references: Mapping[str, Reference]) -> None:
        self.references = references

    def names(self, keys: Sequence[str]) -> str:
        """``(A, 2016; B et al., 2020)`` for citation keys; unknown keys are kept as they are."""
        shown = [source_name(self.references[k]) if k in self.references else k for k in keys]
        return "(" + "; ".join(shown) + ")"

    def _cite(self, rendered_html: str) -> str:
        def replace(match: re.Match[str]) -> str:
            return html.escape(self.names(_SPLIT.split(match.group(1))), quote=False)

        return CITATION.sub(replace, rendered_html)

    def block(self, markdown: str) -> str:
        """Paragraphs of HTML (``<p>..</p>``), keys replaced by source names."""
        return self._cite(_MD.render(markdown).strip())

    def inline(self, markdown: str) -> str:
        """One line of HTML with no ``<p>`` wrapper (options, items, pair sides)."""
        return self._cite(_MD.renderInline(markdown.strip()).strip())

    def plain(self, markdown: str) -> str:
        """Plain text (answers that an LMS keeps as plain text, titles, file comments)."""
        return plain_from_html(self.inline(" ".join(markdown.split())))

    def sources(self, keys: Sequence[str]) -> str:
        """``<p>Sources: <a href=..>Title</a> (NICE, 2016); ...</p>`` for the question's ``sources``."""
        items = []
        for key in keys:
            ref = self.references.get(key)
            if ref is None:
                items.append(html.escape(key))
                continue
            title = html.escape(ref.title, quote=False)
            link = f'<a href="{html.escape(ref.url, quote=True)}">{title}</a>' if ref.url else title
            items.append(f"{link} ({html.escape(source_name(ref), quote=False)})")
        return "<p>Sources: " + "; ".join(items) + ".</p>" if items else ""

    def general_feedback(self, explanation: str, keys: Sequence[str]) -> str:
        """The explanation followed by the sources line: what learners read after answering."""
        return self.block(explanation) + self.sources(keys)


def plain_from_html(fragment: str) -> str:
    """Tags dropped, entities decoded, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()
