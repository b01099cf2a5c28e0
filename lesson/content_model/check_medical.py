"""Medical wording carries a citation wherever it lives: notebooks, content YAML and Python.

A *medical sentence* is a sentence of at least ``MIN_WORDS`` words that names something
clinical (a body part, a symptom, a condition, a test, a treatment or where to get care).
The rules:

- **Notebooks:** every Markdown paragraph or list item that holds a medical sentence carries
  a citation key such as ``[ng59]`` in the same block, in every notebook (cells tagged
  ``no-cite`` are exempt, for text about the lesson itself).
- **Content YAML:** every string that holds a medical sentence carries a key, or belongs to an
  entry (or a parent of one) that has a ``sources`` list. Field names that never hold claims
  (ids, titles, URLs, notes on sources, learning objectives) are skipped.
- **Python:** no medical sentence at all. Code cannot carry a checked citation, so the words
  belong in ``lesson/content/``, where this check sees them.

The word list is deliberately broad; a false alarm costs one citation, a miss costs trust.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lesson.content_model.check_context import Context
from lesson.content_model.citations import CITATION, cell_source, keys_in
from lesson.content_model.yamlio import line_of
from lesson.readability import clean

MIN_WORDS = 5
NO_CITE_TAG = "no-cite"

_TERMS = (
    r"pain\w*|ache\w*|aching|spasm\w*|sciatica|nerves?|nerve-\w+|discs?|disks?|spine|spinal|vertebra\w*|"
    r"muscles?|ligaments?|joints?|tendons?|numb(?:ness|ed)?|tingl\w*|weak(?:ness)?|bladder|bowels?|pee|poo|urine|"
    r"stool|genitals?|erection|ejaculat\w*|fever|temperature|cancer\w*|tumou?r\w*|infection\w*|fractur\w*|"
    r"osteoporosis|arthritis|inflamm\w*|symptoms?|diagnos\w*|treat\w*|therap\w*|heal\w*|"
    r"recover(?:y|ed|ing|s)?(?![\w-])(?! codes?)|"
    r"injur\w*|strain\w*|sprain\w*|surgery|surgeon\w*|operation|injections?|epidural|steroids?|"
    r"medicines?|medication\w*|drugs?|tablets?|painkillers?|nsaids?|ibuprofen|naproxen|paracetamol|"
    r"opioids?|diazepam|relaxants?|antidepressants?|physio\w*|exercis\w*|stretch\w*|yoga|pilates|"
    r"acupuncture|massage|heat|ice|cold packs?|scans?|mri|x-rays?|ct scans?|imaging|"
    r"emergency|a&e|999|911|111|"
    r"gp|doctors?|nurse|pharmacist\w*|hospital|cauda equina|magnesium|supplements?|"
    r"posture|sitting|lifting|weight|obes\w*|smok\w*|pregnan\w*|risk factors?|prognosis|disabilit\w*|"
    r"red flags?|sleep\w*|stiff\w*"
)
MEDICAL = re.compile(rf"(?<![\w-])(?:{_TERMS})(?![\w-])", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
_PATTERN = re.compile(r"\\[wsdb]|\(\?[:=!<]")  # a regular expression, not prose
_ENDS = re.compile(r"[.!?][\"'’”)]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")

# YAML keys whose text is never a medical claim: names, addresses, bookkeeping, and the
# learning objectives (an instruction to the learner, not a statement about health).
SKIP_KEYS = frozenset({
    "id", "title", "term", "aliases", "notebook", "article_section", "chapter", "verdict", "url",
    "found_at", "note", "authors", "objective", "type", "image", "units", "answer", "unit", "claim",
    "last_reviewed", "year", "draw", "name", "label",
})
# A chapter's summary lists its topics ("Heat and ice, medicines, ..."); it states nothing.
SKIP_PATHS = frozenset({("chapters", "objectives", "text"), ("chapters", "summary")})


def medical_sentences(text: str, whole_only: bool = False) -> list[str]:
    """The sentences of ``text`` (Markdown allowed) that are medical statements.

    ``whole_only`` keeps only complete sentences (ending in . ! or ?), for code, where short
    labels such as an axis title are not statements.
    """
    found = []
    for sentence in _SENTENCE_END.split(" ".join(clean(text).split())):
        words = _WORD.findall(sentence)
        if whole_only and not _ENDS.search(sentence):
            continue
        if len(words) >= MIN_WORDS and MEDICAL.search(sentence):
            found.append(sentence.strip())
    return found


def is_medical(text: str) -> bool:
    """True when ``text`` holds at least one medical sentence."""
    return bool(medical_sentences(text))


def blocks(markdown: str) -> list[str]:
    """The units a citation must sit in: each paragraph, and each list together with the
    sentence that introduces it (a paragraph ending in a colon). Headings are not claims."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        starts_list = bool(_LIST_ITEM.match(line)) and not (current and _LIST_ITEM.match(current[0]))
        if not line.strip() or _HEADING.match(line) or starts_list:
            if current:
                paragraphs.append(current)
            current = [line] if starts_list else []
            continue
        current.append(line)
    out: list[str] = []
    for para in paragraphs:
        is_list = bool(_LIST_ITEM.match(para[0]))
        if is_list and out and CITATION.sub("", out[-1]).rstrip().endswith(":"):
            out[-1] += "\n" + "\n".join(para)
        else:
            out.append("\n".join(para))
    return out


# --- notebooks ---------------------------------------------------------------------------

def check_notebook_prose(ctx: Context, path: Path, cells: list[dict[str, Any]], lines: list[int]) -> None:
    """Every medical paragraph or list item of every Markdown cell carries a citation key."""
    for n, (cell, line) in enumerate(zip(cells, lines, strict=True), start=1):
        if cell.get("cell_type") != "markdown":
            continue
        if NO_CITE_TAG in ((cell.get("metadata") or {}).get("tags") or []):
            continue
        for block in blocks(cell_source(cell)):
            said = medical_sentences(block)
            if said and not keys_in(block):
                ctx.add(path, line, f"cell {n}: medical sentence without a citation key: "
                                    f"\u201c{_short(said[0])}\u201d")


# --- content YAML ------------------------------------------------------------------------

def _walk(node: Any, loc: tuple[Any, ...], sourced: bool) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(location, text) of every string not covered by a ``sources`` list on it or a parent."""
    if isinstance(node, dict):
        sourced = sourced or bool(node.get("sources"))
        for key, value in node.items():
            if key in SKIP_KEYS or key == "sources":
                continue
            yield from _walk(value, (*loc, key), sourced)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*loc, i), sourced)
    elif isinstance(node, str) and not sourced:
        yield loc, node


def _named(loc: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(str(k) for k in loc if not isinstance(k, int))


def check_yaml_texts(ctx: Context) -> None:
    """Every medical string in the content YAML is cited inline or by its entry's ``sources``."""
    for rel, loaded in sorted(ctx.files.items()):
        if rel == "references.yaml":
            continue
        for loc, text in _walk(loaded.tree, (), False):
            if _named(loc) in SKIP_PATHS or keys_in(text):
                continue
            said = medical_sentences(text)
            if said:
                ctx.add(loaded.path, line_of(loaded.tree, loc),
                        f"medical sentence without a citation key or sources: \u201c{_short(said[0])}\u201d")


# --- Python ------------------------------------------------------------------------------

def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (they explain code to developers)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _logged(tree: ast.AST) -> set[int]:
    """ids of string nodes passed to a logger or raised in an exception (developer-facing)."""
    found = set()
    for node in ast.walk(tree):
        call = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in {"debug", "info", "warning", "error", "exception", "critical"}):
            call = node
        if call is not None:
            for sub in ast.walk(call):
                if isinstance(sub, ast.Constant):
                    found.add(id(sub))
    return found


def python_medical_strings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, sentence) of every medical sentence written as a string in one Python file."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError):
        return
    skip = _docstrings(tree) | _logged(tree)
    pieces: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                and not _PATTERN.search(node.value)):
            pieces.setdefault(node.lineno, []).append(node.value)
    for line, texts in sorted(pieces.items()):
        said = medical_sentences(" ".join(texts), whole_only=True)
        if said:
            yield line, said[0]


def check_python(ctx: Context, code_dir: Path | None) -> None:
    """No medical sentence lives in Python, where no citation can be checked."""
    if code_dir is None or not code_dir.is_dir():
        return
    for path in sorted(code_dir.rglob("*.py")):
        for line, sentence in python_medical_strings(path):
            ctx.add(path, line, f"medical wording in Python: move \u201c{_short(sentence)}\u201d into "
                                "lesson/content/ with a citation")


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"

