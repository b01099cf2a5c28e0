"""The lesson's one markup module: Markdown to safe HTML, and citations as numbered links.

Content authors write Markdown with keys such as ``[ng59]`` or ``[ng59, acp2017]``. Learners
see one citation style everywhere: a superscript number in brackets, ``[1]`` or ``[2,3]``,
linking to the item of the same number in the chapter's reference list (``#ref-<key>``), with
the full reference in the link's ``title`` (hover, and JupyterLab) and, in the lesson's own
pages, shown on keyboard focus by ``lesson.css`` and given to screen readers by
``aria-describedby`` (the reference-list item). Numbers follow the order in which the
chapter's page first cites each source (``citations.keys_used_by_chapter``), the same order
as the reference list, so prose, captions, quiz feedback, the evidence panel and the
red-flag card agree.

Notebook Markdown is rendered by Voila and by JupyterLab, not by this code, so
``python -m lesson notebooks`` rewrites its key groups with ``cite_markdown``; the result keeps
the keys (in the links' ``href``), so re-running gives the same text and new raw keys are
picked up. JupyterLab's sanitizer keeps ``sup``, ``class``, ``title`` and ``a[href]``; it drops
the ``aria-*`` attributes, and the hover title remains.

Raw HTML in content is never passed through (markdown-it's ``html`` option is off), so a
stray tag in a YAML file shows as text instead of changing the page. A key group with a key
that references.yaml does not know stays as written, ``[key]``, which ``lesson check``
reports.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from lesson import paths
from lesson.content_model import citations, load
from lesson.content_model.citations import ANCHOR_PREFIX, CITATION, CITE_CLASS, RAW_CITATION, group_keys
from lesson.content_model.models import Reference

NEW_TAB_NOTE = (
    '<span class="lesson-sr-only" style="position:absolute;left:-10000px;"> (opens in a new tab)</span>'
)
_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_SPLIT = re.compile(r"\s*[,;]\s*")
_SPACED = re.compile(rf"(?P<space>(?:(?<=[^\n])[ \t]*\n(?![ \t]*\n))?[ \t]*)(?:{CITATION.pattern})", re.S)
"""A key group (either form) with the spaces before it, which the citation replaces; a key group
that starts a wrapped line takes the line break too (it would show as a space before the number),
but never a blank line."""
_SPACED_RAW = re.compile(rf"(?:(?<=\S)[ \t]+)?{RAW_CITATION.pattern}")
_LINE_START = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+)*[ \t]*")
"""What may stand before a key group at the start of a line: indentation, list or heading marks."""
_PERSON = re.compile(r"^(?P<surname>(?:[a-z]+ )*[A-Z][\w'’-]*(?: [A-Z][a-z][\w'’-]*)*) [A-Z]{1,4}$")
_LISTED_IN_BRACKETS = re.compile(r"\s*\([^)]*,[^)]*\)")


# --- Markdown ------------------------------------------------------------------------------

@cache
def renderer(new_tab: bool = False, xhtml: bool = False) -> MarkdownIt:
    """The one markdown-it setup (raw HTML off). ``new_tab`` opens links to other pages in a new tab;
    ``xhtml`` writes XHTML-clean tags (``<br />``) for exports that carry the HTML as XML."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": xhtml, "linkify": False, "typographer": False})
    if new_tab:
        def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
            token = tokens[idx]
            if not str(token.attrGet("href") or "").startswith("#"):
                token.attrSet("target", "_blank")
                token.attrSet("rel", "noopener noreferrer")
            return str(renderer.renderToken(tokens, idx, options, env))

        md.add_render_rule("link_open", link_open)
    return md


def render_block(markdown: str, cites: Citations | None = None, new_tab: bool = False) -> str:
    """Markdown paragraphs to HTML, key groups as numbered citations."""
    return (cites or unnumbered()).link(renderer(new_tab).render(markdown).strip())


def render_inline(markdown: str, cites: Citations | None = None, new_tab: bool = False) -> str:
    """One line of Markdown (no <p> wrapper), key groups as numbered citations."""
    return (cites or unnumbered()).link(renderer(new_tab).renderInline(markdown).strip())


def external_link(url: str, text: str, css: str = "lesson-source-link") -> str:
    """A link that opens in a new tab without giving the new page access to this one."""
    return (
        f'<a class="{css}" href="{escape(url, quote=True)}" target="_blank" rel="noopener">'
        f"{escape(text)}{NEW_TAB_NOTE}</a>"
    )


# --- references as text -----------------------------------------------------------------

def anchor_id(key: str) -> str:
    """The id a reference-list item carries, so a citation can link to it on the same page."""
    return f"{ANCHOR_PREFIX}{key}"


def year_text(ref: Reference) -> str:
    """The year as shown to learners; undated web pages say so."""
    year = getattr(ref, "year", None)
    return str(year) if year is not None else "no date"


def reference_text(ref: Reference) -> str:
    """The full reference as plain text: "Authors (year). Title." (the citation's tooltip)."""
    title = str(getattr(ref, "title", "")).strip()
    end = "" if title.endswith((".", "?", "!")) else "."
    authors = str(getattr(ref, "authors", "") or "").strip()
    said = f"{authors} ({year_text(ref)}). " if authors else ""
    return f"{said}{title}{end}"


def short_author(authors: str) -> str:
    """First author's surname plus "et al." for people; an organisation's name as given."""
    group = _LISTED_IN_BRACKETS.sub("", authors.split(";")[0])
    first, _, rest = group.partition(",")
    first = first.strip()
    match = _PERSON.match(first)
    if match:
        return match.group("surname") + (" et al." if rest.strip() else "")
    return first


def source_name(ref: Reference) -> str:
    """The one short name style, "Wu et al. (2020)" or "NHS", where a name must stand alone
    (the review record's "Checked against", text drawn inside a chart image)."""
    name = short_author(ref.authors.strip()) or ref.title
    return f"{name} ({ref.year})" if ref.year is not None else name



# --- citations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Citations:
    """One page's citation numbers: ``keys`` in numbering order (1, 2, ...) and the references."""

    keys: tuple[str, ...] = ()
    references: Mapping[str, Any] = field(default_factory=dict)
    """Reference id -> ``Reference`` (anything with ``title``, ``url`` and ideally ``authors``, ``year``)."""

    def number(self, key: str) -> int | None:
        """The key's number on this page, or None if the page's reference list lacks it."""
        return self._numbers.get(key)

    @property
    def _numbers(self) -> dict[str, int]:
        return _numbering(self.keys)

    def knows(self, key: str) -> bool:
        """True when references.yaml has the key (an unknown key stays visible as ``[key]``)."""
        return key in self.references

    def _link(self, key: str) -> str:
        ref = self.references[key]
        tip = escape(reference_text(ref), quote=True)
        number = self.number(key)
        if number is None:  # not in this page's list: the canonical record, in a new tab
            return (f'<a href="{escape(str(ref.url), quote=True)}" title="{tip}" target="_blank" '
                    f'rel="noopener">source</a>')
        return f'<a href="#{anchor_id(key)}" title="{tip}" aria-describedby="{anchor_id(key)}">{number}</a>'

    def group(self, keys: Sequence[str], tag: str = "sup") -> str:
        """One key group as a citation: ``<sup class="lesson-cite">[1,3]</sup>``, numbers linked.

        Numbered keys come in number order; a group with a key unknown to references.yaml is
        returned as written, ``[a, b]``, so the problem stays visible.
        """
        ordered = list(dict.fromkeys(keys))
        if not ordered or not all(self.knows(k) for k in ordered):
            return escape("[" + ", ".join(ordered) + "]")
        ordered.sort(key=lambda k: (self.number(k) is None, self.number(k) or 0))
        links = ",".join(self._link(k) for k in ordered)
        extra = "" if tag == "sup" else " lesson-cite-list"
        return f'<{tag} class="{CITE_CLASS}{extra}">[{links}]</{tag}>'

    def sources(self, keys: Iterable[str], css: str, tag: str = "p") -> str:
        """A "Sources:" line for a part's ``sources`` list, in the same citation style."""
        ordered = list(dict.fromkeys(keys))
        if not ordered:
            return ""
        known = [k for k in ordered if self.knows(k)]
        unknown = [k for k in ordered if not self.knows(k)]
        shown = " ".join(part for part in (
            self.group(known, tag="span") if known else "",
            escape("[" + ", ".join(unknown) + "]") if unknown else "",
        ) if part)
        return sources_html(shown, css, tag)

    def link(self, html: str) -> str:
        """Rendered HTML with each raw key group (``[a, b]``) turned into a citation.

        The citation sits right after the word it follows (the space before it goes), as a
        superscript does in print; a group that stays raw keeps its space.
        """

        def replace(match: re.Match[str]) -> str:
            cited = self.group(_SPLIT.split(match.group("keys")))
            return cited if cited.startswith("<") else match.group(0)

        return _SPACED_RAW.sub(replace, html)


SOURCES_LABEL = "Sources:"


def sources_html(cited: str, css: str, tag: str = "p", keys: Sequence[str] = ()) -> str:
    """The lesson's one "Sources:" line around already-rendered citations (``cited``): numbered
    links from ``Citations.sources``, or linked names on a page that stands alone
    (``action.named_sources_line``). ``keys`` go in ``data-keys`` for tests and tools."""
    data = f' data-keys="{escape(",".join(keys), quote=True)}"' if keys else ""
    return f'<{tag} class="{escape(css, quote=True)}"{data}>{SOURCES_LABEL} {cited}</{tag}>'


@lru_cache(maxsize=64)
def _numbering(keys: tuple[str, ...]) -> dict[str, int]:
    return {key: n for n, key in enumerate(keys, start=1)}


def unnumbered(references: Mapping[str, Any] | None = None) -> Citations:
    """For text outside any page's numbering: known keys link to their canonical record."""
    return Citations((), load.references() if references is None else references)


def cite_markdown(source: str, cites: Citations) -> str:
    """A notebook Markdown cell with every key group (raw or rendered) as a numbered citation.

    Idempotent: a rendered group is rendered again from its keys, so numbers and tooltips
    follow the current reference list. Code is left alone. A group with a key that
    references.yaml does not know is (or goes back to) the raw ``[a, b]`` form.
    """

    def replace(match: re.Match[str], text: str) -> str:
        keys = group_keys(match)
        space = match.group("space")
        before = text[text.rfind("\n", 0, match.start()) + 1:match.start()] + space
        keep = space if _LINE_START.fullmatch(before) else ""  # "- [key]": the space is the list's
        if keys and all(cites.number(k) is not None and cites.knows(k) for k in keys):
            return keep + cites.group(keys)
        if match.group("keys") is not None:  # stays raw, as written
            return match.group(0)
        return (keep or " ") + "[" + ", ".join(keys) + "]"  # back to raw, after a space as written

    parts = _CODE.split(source)
    return "".join(
        part if i % 2 else _SPACED.sub(lambda m, part=part: replace(m, part), part)  # type: ignore[misc]
        for i, part in enumerate(parts)
    )


def _stamp(root: Path | None, notebooks: Path | None, chapter_id: str) -> tuple[Any, ...]:
    """What a page's numbering depends on: its notebook and the content files (by mtime)."""
    folder = load.content_dir(root)
    files = [*sorted(folder.rglob("*.yaml")), *sorted(folder.rglob("*.csv"))]
    try:
        files.append((notebooks or paths.notebooks_dir()) / load.chapter(chapter_id, root).notebook)
    except KeyError:
        pass
    out = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


@lru_cache(maxsize=32)
def _chapter_citations(chapter_id: str, root: Path | None, notebooks: Path | None,
                       _stamp: tuple[Any, ...]) -> Citations:
    keys = citations.keys_used_by_chapter(chapter_id, root, notebooks)
    return Citations(tuple(keys), load.references(root))


_RECHECK_S = 1.0
"""A page asks for its numbers once per question while it is built; the files are looked at
again (``_stamp``, about a millisecond) only when the last look is older than this."""
_recent: dict[tuple[str, Path | None, Path | None], tuple[float, Citations]] = {}


def chapter_citations(chapter_id: str, root: Path | str | None = None,
                      notebooks: Path | str | None = None) -> Citations:
    """The citation numbers of one chapter's page (cached until a content file changes)."""
    root_path = Path(root) if root is not None else None
    nb_path = Path(notebooks) if notebooks is not None else None
    key = (chapter_id, root_path, nb_path)
    now = time.monotonic()
    seen = _recent.get(key)
    if seen is not None and now - seen[0] < _RECHECK_S:
        return seen[1]
    cites = _chapter_citations(chapter_id, root_path, nb_path, _stamp(root_path, nb_path, chapter_id))
    _recent[key] = (now, cites)
    return cites


def figure_citations(fig_id: str, root: Path | str | None = None,
                     notebooks: Path | str | None = None) -> Citations:
    """The numbers of the chapter that shows chart or diagram ``fig_id`` (none if no chapter does)."""
    root_path = Path(root) if root is not None else None
    nb_path = Path(notebooks) if notebooks is not None else None
    chapter_id = citations.figure_chapter(fig_id, root_path, nb_path)
    if chapter_id is None:
        return Citations((), load.references(root_path))
    return chapter_citations(chapter_id, root_path, nb_path)


def figure_caption(fig_id: str, caption: str, sources: Sequence[str]) -> str:
    """A chart's, diagram's or picture's caption, cited with the numbers of the chapter that shows
    it, then one small "Sources:" line for the sources the caption does not already cite (a caption
    citing all of them gets no second list of the same numbers)."""
    cites = figure_citations(fig_id)
    text = " ".join(caption.split())
    in_caption = set(citations.keys_in(text))
    rest = [key for key in sources if key not in in_caption]
    line = cites.sources(rest, "lesson-chart-sources", tag="span")
    return f"{cites.link(escape(text))} {line}".rstrip()


def glossary_citations(root: Path | str | None = None, order: Sequence[str] = ()) -> Citations:
    """The glossary page's own numbering: ``order`` is the keys in order of first use there."""
    return Citations(tuple(dict.fromkeys(order)), load.references(root))
