"""Flesch–Kincaid grade, measured offline and deterministically.

textstat's current releases fetch an NLTK pronunciation dictionary on first use, which
fails with no network, so syllables are counted with pyphen's bundled en_US hyphenation
dictionary (pinned in pyproject.toml), the method textstat used before it moved to
NLTK. The same text always gives the same grade.

What counts as learner-facing text and how it is cleaned follows the content issue:
code, HTML, images, URLs and citation keys are removed; each heading and each list
item counts as a sentence of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.S)
_INLINE_CODE = re.compile(r"`[^`]*`")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CITATION = re.compile(r"\[[a-z0-9][a-z0-9-]*(?:\s*[,;]\s*[a-z0-9][a-z0-9-]*)*\]")
_HTML = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+|www\.\S+")
_BLOCK_START = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


@dataclass(frozen=True)
class Readability:
    """Counts behind a grade, so a failing test can say what to shorten."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level (0.0 for empty text)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word: hyphenation points plus one, never less than one."""
    word = word.lower().replace("’", "'")
    parts = [p for p in re.split(r"[-']", word) if p]
    total = 0
    for part in parts:
        hyphenated = _dictionary().inserted(part)
        total += max(1, hyphenated.count("-") + 1)
    return max(1, total)


def clean(markdown: str) -> str:
    """Strip what a reader does not read as prose; keep link text."""
    text = _FENCE.sub(" ", markdown)
    text = _INLINE_CODE.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _CITATION.sub(" ", text)
    text = _HTML.sub(" ", text)
    text = _URL.sub(" ", text)
    return text


def sentences_of(markdown: str) -> list[str]:
    """Split cleaned text into sentences; headings and list items end a sentence."""
    pieces: list[str] = []
    paragraph: list[str] = []
    for line in clean(markdown).splitlines():
        if not line.strip():
            pieces.append(" ".join(paragraph))
            paragraph = []
        elif _BLOCK_START.match(line):
            pieces.append(" ".join(paragraph))
            paragraph = [_BLOCK_START.sub("", line)]
        else:
            paragraph.append(line.strip())
    pieces.append(" ".join(paragraph))
    out: list[str] = []
    for piece in pieces:
        for sentence in _SENTENCE_END.split(piece):
            if _WORD.search(sentence):
                out.append(sentence.strip())
    return out


def measure(texts: str | list[str]) -> Readability:
    """Measure one text or many (each its own block); grade via ``.grade``."""
    blocks = [texts] if isinstance(texts, str) else texts
    words = sentences = syll = 0
    for block in blocks:
        for sentence in sentences_of(block):
            tokens = _WORD.findall(sentence)
            if not tokens:
                continue
            sentences += 1
            words += len(tokens)
            syll += sum(syllables(t) for t in tokens)
    return Readability(words=words, sentences=sentences, syllables=syll)


def grade(texts: str | list[str]) -> float:
    """Flesch–Kincaid grade of one text or a list of texts."""
    return measure(texts).grade
