"""The class results as HTML: the teacher page's body and the self-contained report file.

Builder layer, but with no widgets: plain HTML strings and hand-drawn inline SVG charts (no
matplotlib, so 200 learners render fast). Every chart has ``role="img"`` and an ``aria-label``
that says what it shows, and every number it draws is also written as text beside it. Colours
are the Okabe-Ito palette and a cividis-like ramp, both readable with colour-blindness, and the
right answer is marked with a word and a tick, never by colour alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from lesson.teacher.data import ClassReport, QuestionReport, QuizReport, display_name
from lesson.teacher.stats import MIN_LEARNERS, alpha_reading, discrimination_reading, facility_reading

BLUE, ORANGE, GREY = "#0072B2", "#E69F00", "#6b6b6b"
RAMP = ("#00204c", "#213d6b", "#555b6c", "#7b7a77", "#a59c74", "#d3c064", "#ffe945")
"""Cividis-like sequential colours (dark blue to yellow), for the progress heatmap."""

CSS = """
.jp-OutputArea-output:has(> .lesson-teacher-page){display:block;width:auto;margin-left:0}
.lesson-teacher-body .widget-html-content,.lesson-teacher-body{min-width:0;max-width:100%}
.lesson-teacher{min-width:0;font-size:16px;line-height:1.45;color:#1b1b1b;max-width:75rem}
.lesson-teacher h2{font-size:1.5rem;margin:1.5rem 0 .5rem}
.lesson-teacher h3{font-size:1.2rem;margin:1.2rem 0 .4rem}
.lesson-teacher table{border-collapse:collapse;margin:.5rem 0 1rem}
.lesson-teacher th,.lesson-teacher td{border:1px solid #c8c8c8;padding:.25rem .45rem;text-align:left;
 vertical-align:top}
.lesson-teacher thead th{background:#f0f0f0}
.lesson-teacher .t-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.lesson-teacher .t-scroll{overflow-x:auto;width:0;min-width:100%}
.lesson-teacher .t-heat td{text-align:center;min-width:3.2rem;font-variant-numeric:tabular-nums}
.lesson-teacher .t-note{background:#fff4d6;border-left:4px solid #E69F00;padding:.4rem .7rem;margin:.5rem 0}
.lesson-teacher .t-flag{font-weight:bold;color:#8a3b00}
.lesson-teacher .t-reading{display:block;font-size:.9rem;color:#444}
.lesson-teacher .t-bar{display:inline-block;height:.8rem;background:#0072B2;vertical-align:middle;
 margin-right:.3rem}
.lesson-teacher .t-right{font-weight:bold}
.lesson-teacher details{margin:.3rem 0 .8rem}
.lesson-teacher summary{cursor:pointer}
.lesson-teacher svg text{font-family:inherit}
.lesson-teacher .t-legend span{display:inline-block;width:1.6rem;height:.9rem;vertical-align:middle;
 border:1px solid #999}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def plain(markdown: str, limit: int = 110) -> str:
    """A prompt's Markdown as short plain text (citation keys and emphasis removed)."""
    text = re.sub(r"\[[a-z0-9, -]+\]", "", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def pct(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}%"


def num(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}"


def tag_words(tag: str) -> str:
    return tag.replace("-", " ")


def _heat_colour(share: float) -> tuple[str, str]:
    i = min(len(RAMP) - 1, int(share * (len(RAMP) - 1) + 0.5))
    return RAMP[i], "#000" if i >= 4 else "#fff"


# -- charts (inline SVG) ----------------------------------------------------------------------------


def bar_chart(
    rows: Sequence[tuple[str, float, str]], title: str, alt: str, maximum: float = 100.0, colour: str = BLUE
) -> str:
    """Horizontal bars: (label, value, value text) per row; the value text is drawn beside each bar."""
    label_w, bar_w, row_h, text_w = 260, 360, 26, 170
    height = 30 + row_h * len(rows)
    parts = [
        f'<svg class="t-chart" role="img" aria-label="{esc(alt)}" viewBox="0 0 {label_w + bar_w + text_w} '
        f'{height}" width="100%" style="max-width:{label_w + bar_w + text_w}px">',
        f"<title>{esc(alt)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold">{esc(title)}</text>',
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 30 + i * row_h
        w = 0 if maximum <= 0 else max(0.0, min(1.0, value / maximum)) * bar_w
        short = label if len(label) <= 34 else label[:33] + "\u2026"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" font-size="14" text-anchor="end">{esc(short)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="#eeeeee"/>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 17}" font-size="14">{esc(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- sections -----------------------------------------------------------------------------------------


def too_few_note(n: int) -> str:
    if n >= MIN_LEARNERS:
        return ""
    return (
        f'<p class="t-note" role="note">Too few attempts for firm conclusions: {n} learner'
        f"{'' if n == 1 else 's'} so far. Item statistics settle down from about {MIN_LEARNERS} learners; "
        "until then read them as hints, not verdicts.</p>"
    )


def overview_html(report: ClassReport) -> str:
    started = len(report.started)
    which = "first answers" if report.which == "first" else "latest answers"
    problem = f'<p class="t-note" role="alert">{esc(report.problem)}</p>' if report.problem else ""
    return (
        f'<h2 id="t-overview">Who has started</h2>{problem}'
        f'<p class="t-counts"><strong class="t-started">{started}</strong> of '
        f'<strong class="t-learners">{len(report.learners)}</strong> learners have answered at least one '
        f"question. Item analysis below uses each learner&#8217;s {which} to each question.</p>"
    )


def heatmap_html(report: ClassReport) -> str:
    """Progress per learner and chapter: share of the chapter's questions right now, as colour and text."""
    if not report.learners:
        return '<h2 id="t-progress">Progress per learner</h2><p>Nobody has saved an answer yet.</p>'
    head = "".join(f'<th scope="col">{esc(title)}</th>' for _, title in report.chapters)
    body = []
    for lr in report.learners:
        cells = []
        for cid, _ in report.chapters:
            s = report.progress[lr].get(cid)
            if s is None or s.answered == 0:
                cells.append('<td class="t-empty">\u2013</td>')
                continue
            share = s.correct / s.total if s.total else 0.0
            bg, fg = _heat_colour(share)
            cells.append(
                f'<td style="background:{bg};color:{fg}" title="{s.correct} of {s.total} right">'
                f"{s.correct}/{s.total}</td>"
            )
        body.append(f'<tr><th scope="row">{esc(display_name(lr))}</th>{"".join(cells)}</tr>')
    legend = "".join(f'<span style="background:{c}"></span>' for c in RAMP)
    return (
        '<h2 id="t-progress">Progress per learner</h2>'
        "<p>Each cell: questions right now (latest answers) of the chapter&#8217;s questions. Darker blue: "
        "fewer right; yellow: more right; \u2013: not started.</p>"
        f'<p class="t-legend" aria-hidden="true">fewer right {legend} more right</p>'
        '<div class="t-scroll" tabindex="0" role="region" aria-label="Progress table (scrolls sideways)">'
        '<table class="t-heat"><caption>Progress per learner and chapter</caption>'
        f'<thead><tr><th scope="col">Learner</th>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table></div>"
    )


def scores_html(report: ClassReport) -> str:
    """Class mean per chapter (chart + table) and per objective (table)."""
    rows = []
    table = []
    for cid, title in report.chapters:
        scores = [report.progress[lr][cid] for lr in report.started if cid in report.progress[lr]]
        scores = [s for s in scores if s.answered]
        mean = 100.0 * sum(s.correct / s.total for s in scores) / len(scores) if scores else 0.0
        rows.append((title, mean, f"{mean:.0f}% ({len(scores)} learners)"))
        table.append(
            f'<tr><th scope="row">{esc(title)}</th><td class="t-num">{len(scores)}</td>'
            f'<td class="t-num">{mean:.0f}%</td></tr>'
        )
    alt = (
        "Average share of questions right per chapter, among learners who started it: "
        + "; ".join(f"{t} {v:.0f}%" for t, v, _ in rows)
        + "."
    )
    chart = bar_chart(rows, "Average right per chapter", alt) if rows else ""
    obj_rows = "".join(
        f'<tr><td>{esc(text)}</td><td class="t-num">{c} of {t}</td>'
        f'<td class="t-num">{(100 * c / t if t else 0):.0f}%</td></tr>'
        for _, text, c, t in report.objectives
    )
    return (
        '<h2 id="t-scores">Scores per chapter and objective</h2>'
        + chart
        + "<table><caption>Average per chapter (learners who started it)</caption><thead><tr>"
        '<th scope="col">Chapter</th><th scope="col">Learners</th><th scope="col">Average right</th></tr>'
        f"</thead><tbody>{''.join(table)}</tbody></table>"
        "<table><caption>Per learning objective: answers right now, of all learners&#8217; questions"
        '</caption><thead><tr><th scope="col">Objective</th><th scope="col">Right</th>'
        f'<th scope="col">Share</th></tr></thead><tbody>{obj_rows}</tbody></table>'
    )


def _options_html(qr: QuestionReport) -> str:
    total = sum(o.count for o in qr.options)
    alt = (
        f"Answers to question {qr.number}: "
        + "; ".join(f"{o.label}{' (right answer)' if o.correct else ''} {o.count}" for o in qr.options)
        + "."
    )
    rows = [(("\u2713 " if o.correct else "") + o.label, float(o.count), f"{o.count}") for o in qr.options]
    chart = bar_chart(rows, "How many chose each answer", alt, maximum=float(max(total, 1)))
    mark = " <strong>(right answer \u2713)</strong>"
    items = "".join(
        f'<tr class="{"t-right" if o.correct else ""}"><td>{esc(o.label)}'
        f"{mark if o.correct else ''}</td>"
        f'<td class="t-num t-count">{o.count}</td>'
        f"<td>{esc(tag_words(o.misconception)) if o.misconception and not o.correct else ''}</td></tr>"
        for o in qr.options
    )
    return (
        f'<details class="t-options" id="t-opt-{esc(qr.quiz_id)}-{esc(qr.id)}"><summary>Answers chosen '
        f'(question {qr.number})</summary>{chart}<table><thead><tr><th scope="col">Answer</th>'
        '<th scope="col">Learners</th><th scope="col">Wrong idea behind it</th></tr></thead>'
        f"<tbody>{items}</tbody></table></details>"
    )


def quiz_html(quiz: QuizReport) -> str:
    """One quiz's item analysis: quiz figures, then one row per question, then answer distributions."""
    s = quiz.stats
    head = f'<h3 id="t-quiz-{esc(quiz.quiz_id)}">{esc(quiz.title)}</h3>'
    if s.n == 0:
        return head + "<p>No answers yet.</p>"
    quiz_table = (
        '<table class="t-quiz-stats"><tbody>'
        f'<tr><th scope="row">Learners</th><td class="t-num t-n">{s.n}</td><td></td></tr>'
        f'<tr><th scope="row">Average mark</th><td class="t-num">{pct(s.mean)}</td><td></td></tr>'
        '<tr><th scope="row">Internal consistency (Cronbach&#8217;s alpha)</th>'
        f'<td class="t-num">{pct(s.alpha)}'
        f"</td><td>{esc(alpha_reading(s))}</td></tr>"
        f'<tr><th scope="row">Error ratio</th><td class="t-num">{pct(s.error_ratio)}</td>'
        "<td>How much of the spread in totals is noise rather than real difference.</td></tr>"
        f'<tr><th scope="row">Standard error</th><td class="t-num">{pct(s.standard_error)}</td>'
        "<td>A learner&#8217;s total could easily be this far (in points of 100) from their real "
        "level.</td></tr>"
        "</tbody></table>"
    )
    rows = []
    for qr in quiz.questions:
        st = qr.stats
        flag = '<span class="t-flag">Check this question</span> ' if st.flagged else ""
        bar = f'<span class="t-bar" style="width:{(st.facility or 0) * 0.6:.0f}px" aria-hidden="true"></span>'
        rows.append(
            f'<tr class="t-item" data-question="{esc(qr.id)}"><td class="t-num">{qr.number}</td>'
            f"<td>{esc(plain(qr.question.prompt))}</td>"
            f'<td class="t-num t-answered">{st.answered}</td>'
            f'<td><span class="t-num t-facility">{bar}{pct(st.facility)}</span>'
            f'<span class="t-reading">{esc(facility_reading(st.facility))}</span></td>'
            f'<td><span class="t-num t-discrimination">{num(st.discrimination)}</span>'
            f'<span class="t-reading">{esc(discrimination_reading(st))}</span></td>'
            f'<td class="t-num t-efficiency">{pct(st.efficiency)}</td><td>{flag}</td></tr>'
        )
    items = (
        f'<div class="t-scroll" tabindex="0" role="region" aria-label="Item analysis: {esc(quiz.title)}">'
        '<table class="t-items"><caption>Item analysis: '
        f"{esc(quiz.title)}</caption><thead><tr>"
        '<th scope="col">#</th><th scope="col">Question</th><th scope="col">Answered</th>'
        '<th scope="col">Facility (share right)</th><th scope="col">Discrimination index</th>'
        '<th scope="col">Discriminative efficiency</th><th scope="col">Flag</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    options = "".join(_options_html(qr) for qr in quiz.questions if qr.stats.answered)
    return head + too_few_note(s.n) + quiz_table + items + options


def misconceptions_html(report: ClassReport) -> str:
    if not report.misconceptions:
        return (
            '<h2 id="t-misconceptions">Wrong ideas the class holds</h2>'
            "<p>No learner has chosen an answer tagged with a common wrong idea.</p>"
        )
    top = report.misconceptions[:12]
    n = max(1, len(report.started))
    rows = [(tag_words(m.tag), float(m.learners), f"{m.learners} of {n}") for m in top]
    alt = (
        "Learners who chose an answer showing each wrong idea: "
        + "; ".join(f"{t} {c:.0f}" for t, c, _ in rows)
        + "."
    )
    table = "".join(
        f'<tr><td>{esc(tag_words(m.tag))}</td><td class="t-num">{m.learners}</td>'
        f"<td>{esc(', '.join(m.questions))}</td></tr>"
        for m in report.misconceptions
    )
    return (
        '<h2 id="t-misconceptions">Wrong ideas the class holds</h2>'
        "<p>Wrong answers in the question banks are tagged with the wrong idea they show. Most common "
        "first.</p>"
        + bar_chart(rows, "Learners choosing each wrong idea", alt, maximum=float(n), colour=ORANGE)
        + '<table><thead><tr><th scope="col">Wrong idea</th><th scope="col">Learners</th>'
        f'<th scope="col">Questions</th></tr></thead><tbody>{table}</tbody></table>'
    )


GUIDE = (
    '<details class="t-guide"><summary>How to read these numbers</summary><ul>'
    "<li><strong>Facility</strong>: the share of the mark learners got on their first answer "
    "(100% = all right).</li>"
    "<li><strong>Discrimination index</strong>: how well the question separates learners who did well on the "
    "rest of the quiz from those who did not (a correlation, times 100). Above 30 is good; below 20, or "
    "negative, deserves a look.</li>"
    "<li><strong>Discriminative efficiency</strong>: the same, as a share of the best this question could do "
    "given how easy it is. Below 15% the question is flagged.</li>"
    "<li><strong>Cronbach&#8217;s alpha</strong>: whether the questions of a quiz agree with each other. "
    "A short quiz on several topics often scores low, which is not a fault.</li>"
    "<li>Definitions are those of Moodle&#8217;s quiz statistics report. An unanswered question counts as 0 "
    "except in the facility and the answered count.</li></ul></details>"
)


def body_html(report: ClassReport) -> str:
    """Every section of the class results (no page chrome)."""
    quizzes = "".join(quiz_html(q) for q in report.quizzes)
    return (
        f'<div class="lesson-teacher"><style>{CSS}</style>'
        + overview_html(report)
        + heatmap_html(report)
        + scores_html(report)
        + '<h2 id="t-items">Item analysis per question</h2>'
        + GUIDE
        + quizzes
        + misconceptions_html(report)
        + "</div>"
    )


def document(report: ClassReport, title: str = "Back-spasm lesson: class results") -> str:
    """A self-contained HTML file (no scripts, no links to load): keep it or send it to a colleague."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        "<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem}</style>"
        f"</head><body><main><h1>{esc(title)}</h1>{body_html(report)}</main></body></html>"
    )
