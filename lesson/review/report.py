"""Certainty-based marks as HTML (pure strings), for the quiz, the final report and the review page."""

from __future__ import annotations

from html import escape

from lesson.review import marking

REVIEW_PAGE = "review.ipynb"


def cbm_html(summary: marking.Summary, query: str = "", heading: str = "") -> str:
    """The mark, the calibration lines and, first, any sure-but-wrong safety answers ("" when there
    are no answers with a certainty)."""
    line = marking.mark_line(summary)
    if not line:
        return ""
    parts = [f"<h3>{escape(heading)}</h3>"] if heading else []
    parts.append(f"<p>{escape(line)}</p>")
    parts += [f"<p>{escape(t)}</p>" for t in marking.calibration_lines(summary)]
    tip = marking.advice(summary)
    if tip:
        parts.append(f"<p>{escape(tip)}</p>")
    wrong = summary.confidently_wrong
    if wrong:
        link = f'<a href="{REVIEW_PAGE}{escape(query)}">your review page</a>'
        flag = "<strong>Safety question:</strong> "
        items = "".join(
            f"<li>{flag if a.safety else ''}{escape(a.title or a.question_id)}"
            f" <span class=\"lesson-cbm-level\">(you said {escape(marking.WORDS[a.level])})</span></li>"
            for a in wrong)
        safety = sum(a.safety for a in wrong)
        lead = ("You were sure but wrong on a safety question. Please look at these first: "
                if safety else "You were sure but wrong here: ")
        parts.append(f'<div class="lesson-cbm-wrong"><p>{lead}they come back on {link}.</p>'
                     f"<ul>{items}</ul></div>")
    return '<div class="lesson-cbm">' + "".join(parts) + "</div>"
