"""The lesson's real content: clean check, readable text, glossary links, reference lists.

These run on lesson/content and notebooks/ as committed; they fail (never skip) until the
content writers have finished.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from lesson import paths
from lesson.content_model import load
from lesson.content_model.check import check
from lesson.content_model.citations import (
    CITATION,
    cell_source,
    keys_in,
    learner_texts,
    notebook_cells,
)
from lesson.readability import grade, sentences_of
from lesson.readability import measure as measure_text

CHAPTERS = [c.id for c in load.chapters()]
MAX_GRADE = 8.0


def test_python_m_lesson_check_is_clean_on_the_real_content() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lesson", "check"], capture_output=True, text=True, timeout=300, check=False
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(
        r"lesson check: 8 chapters, \d+ banks, \d+ questions, .*: no problems\n", result.stdout
    )


@pytest.mark.parametrize("case", ["verdict-mismatch", "unknown-field"])
def test_check_api_agrees_with_cli(case: str, content_set) -> None:
    """``check()`` and ``python -m lesson check`` report the same lines for the same (broken) set."""
    content = content_set(case) / "content"
    result = subprocess.run([sys.executable, "-m", "lesson", "check", str(content)],
                            capture_output=True, text=True, timeout=300, check=False)
    api = [str(p) for p in check(content)]
    assert api, f"{case}: the broken fixture reports nothing"
    assert result.returncode == 1 and result.stdout.splitlines() == api, result.stdout + result.stderr


def _worst(texts: list[str], n: int = 5) -> list[str]:
    sentences = [s for t in texts for s in sentences_of(t)]
    return sorted(sentences, key=lambda s: measure_text(s).grade, reverse=True)[:n]


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_each_chapter_reads_at_grade_8_or_lower(chapter_id: str) -> None:
    texts = learner_texts(chapter_id)
    assert texts, f"{chapter_id}: no learner-facing text found"
    level = grade(texts)
    worst = "\n  ".join(f"[{measure_text(s).grade:.1f}] {s}" for s in _worst(texts))
    assert level <= MAX_GRADE, f"{chapter_id}: grade {level:.2f} > {MAX_GRADE}. Hardest sentences:\n  {worst}"


# Run in a fresh interpreter whose sockets all fail: the measure (and its syllable dictionary,
# loaded on first use) must need no network, and give the same figures under any hash seed.
_READABILITY = """
import json, socket, sys
def no_network(*args, **kwargs):
    raise OSError("network blocked by the test")
socket.socket = no_network
socket.create_connection = no_network
texts = json.load(sys.stdin)
from lesson.readability import grade, measure
print(json.dumps([[measure(t).grade for t in texts], grade(texts)]))
"""


def test_readability_is_offline_and_deterministic() -> None:
    texts = [t for c in CHAPTERS for t in learner_texts(c)]
    here = [[measure_text(t).grade for t in texts], grade(texts)]
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", _READABILITY], input=json.dumps(texts),
                             capture_output=True, text=True, timeout=300, check=False,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr[-2000:]
        assert json.loads(run.stdout) == here, f"readability differs under PYTHONHASHSEED={seed}"


# --- glossary links ------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def _masked(text: str, term_id: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out link targets, other links' text and citation keys; return spans linking to ``term_id``."""
    chars = list(text)
    linked: list[tuple[int, int]] = []
    for m in _LINK.finditer(text):
        target = m.group(2)
        for i in range(m.start(2), m.end(2)):
            chars[i] = " "
        if target == f"glossary.ipynb#{term_id}":
            linked.append((m.start(1), m.end(1)))
        else:
            for i in range(m.start(1), m.end(1)):
                chars[i] = " "
    for m in CITATION.finditer(text):
        for i in range(m.start(), m.end()):
            chars[i] = " "
    return "".join(chars), linked


def _chapter_markdown(chapter_id: str) -> str:
    path = paths.notebooks_dir() / load.chapter(chapter_id).notebook
    return "\n\n".join(cell_source(c) for c in notebook_cells(path) if c.get("cell_type") == "markdown")


def first_use(text: str, term_id: str, words: list[str]) -> tuple[str, bool] | None:
    """The first whole-word use of any of ``words`` and whether it is the glossary link."""
    masked, linked = _masked(text, term_id)
    ordered = sorted(set(words), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])", re.I)
    match = pattern.search(masked)
    if match is None:
        return None
    return match.group(0), any(a <= match.start() and match.end() <= b for a, b in linked)


def test_first_use_detection() -> None:
    words = ["sciatica", "sciatic pain"]
    assert first_use("Sciatica hurts. [sciatica](glossary.ipynb#sciatica)", "sciatica", words) == (
        "Sciatica",
        False,
    )
    assert first_use("# [Sciatica](glossary.ipynb#sciatica)\nSciatica again", "sciatica", words) == (
        "Sciatica",
        True,
    )
    # text inside a link to another target is ignored, and so are link targets and citation keys
    linked_elsewhere = "[sciatica pain clinic](https://www.nhs.uk) [x](glossary.ipynb#sciatica) [sciatica]"
    assert first_use(linked_elsewhere, "sciatica", words) is None
    assert first_use("No such word here", "sciatica", words) is None


def _first_uses() -> Iterator[tuple[str, str, str, bool]]:
    for chapter_id in CHAPTERS:
        text = _chapter_markdown(chapter_id)
        for term in load.glossary():
            found = first_use(text, term.id, [term.term, *term.aliases])
            if found:
                yield chapter_id, term.id, found[0], found[1]


def test_real_chapters_use_glossary_terms() -> None:
    assert sum(1 for _ in _first_uses()) >= 20


def test_first_use_of_each_glossary_term_links_to_the_glossary() -> None:
    missing = [
        f"{c}: first '{word}' should be [{word}](glossary.ipynb#{t})"
        for c, t, word, ok in _first_uses()
        if not ok
    ]
    assert missing == []


def test_glossary_links_point_at_known_terms() -> None:
    ids = {t.id for t in load.glossary()}
    bad = [
        (c, target)
        for c in CHAPTERS
        for target in re.findall(r"glossary\.ipynb#([^)\s]+)", _chapter_markdown(c))
        if target not in ids
    ]
    assert bad == []


# --- reference lists -----------------------------------------------------------------


def _keys_by_hand(chapter_id: str) -> set[str]:
    """Independent count of what a chapter cites: raw Markdown, raw bank YAML, claims, charts, red flags."""
    from ruamel.yaml import YAML

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    yield from (f"[{v}]" for v in value)
                else:
                    yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    yaml = YAML(typ="safe")
    keys = set(keys_in(_chapter_markdown(chapter_id)))
    bank_path = paths.content_path("quizzes", f"{chapter_id}.yaml")
    if bank_path.exists():
        raw = yaml.load(bank_path.read_text(encoding="utf-8"))
        own = {q["id"] for q in raw.get("questions", [])}
        drawn = [q for qid in raw.get("draw", []) if qid not in own for q in [load.questions_by_id()[qid]]]
        keys |= {k for s in strings(raw.get("questions", [])) for k in keys_in(s)}
        keys |= {k for q in drawn for s in strings(q.model_dump()) for k in keys_in(s)}
    claims = yaml.load(paths.content_path("claims.yaml").read_text(encoding="utf-8"))["claims"]
    keys |= {k for c in claims if c["chapter"] == chapter_id for s in strings(c) for k in keys_in(s)}
    code = "\n".join(
        cell_source(c)
        for c in notebook_cells(paths.notebooks_dir() / load.chapter(chapter_id).notebook)
        if c.get("cell_type") == "code"
    )
    for kind, fig in re.findall(r"ui\.(chart|diagram)\(\s*[\"']([a-z0-9-]+)", code):
        folder = "data" if kind == "chart" else "diagrams"
        meta = yaml.load(paths.content_path(folder, f"{fig}.yaml").read_text(encoding="utf-8"))
        keys |= set(meta.get("sources", [])) | set(keys_in(str(meta.get("caption", ""))))
    if chapter_id == "seek-help":
        flags = yaml.load(paths.content_path("redflags.yaml").read_text(encoding="utf-8"))
        keys |= {k for s in strings(flags) for k in keys_in(s)}
    part_files = {
        "care_cards": ("redflags.yaml", "help.yaml"),
        "back_plan": ("back-plan.yaml", "redflags.yaml", "help.yaml"),
        "movements": ("movements.yaml",),
    }
    for part in re.findall(r"ui\.(care_cards|back_plan|movements)\(", code):
        for name in part_files[part]:
            data = yaml.load(paths.content_path(name).read_text(encoding="utf-8"))
            keys |= {k for s in strings(data) for k in keys_in(s)}
    return keys


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_generated_reference_list_matches_the_keys_the_chapter_uses(chapter_id: str) -> None:
    from lesson.pages.references import reference_list

    shown = reference_list(chapter_id)
    listed = [html.unescape(k) for k in re.findall(r'<li id="ref-([^"]+)"', shown.html)]
    assert len(listed) == len(set(listed)), "a reference is listed twice"
    assert set(listed) == _keys_by_hand(chapter_id)
    assert "lesson-reference-missing" not in shown.html
    assert set(listed) <= set(load.references())
