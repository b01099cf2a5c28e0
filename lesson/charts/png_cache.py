"""Rendered chart and diagram images (SVG, and PNG for exports) kept on disk, keyed by everything
that shapes them.

Every Voila page load starts a new kernel, and drawing a chart meant importing matplotlib and
rendering it again each time (a large share of a chapter's start time). The key hashes the
chart's input files (CSV, YAML, references), every module in ``lesson/charts``, the style
file and the matplotlib release, so changing data, code or style renders afresh; old entries
are simply never read again. The cache is the user's cache folder (see
``lesson.content_model.plaincache``), never the repository.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path

from lesson.content_model.plaincache import code_stamp, read, write
from lesson.paths import style_path

FORMAT = "1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_MAGIC = b"<?xml"
CHARTS_DIR = Path(__file__).resolve().parent


def _stamp() -> str:
    spec = importlib.util.find_spec("matplotlib")
    mpl_version = str(Path(spec.origin).with_name("_version.py")) if spec and spec.origin else "matplotlib"
    code = sorted(str(p) for p in CHARTS_DIR.glob("*.py"))
    return code_stamp(*code, str(style_path("lesson.mplstyle")), mpl_version)


def _cached(kind: str, magic: bytes, name: str, inputs: Iterable[Path], render: Callable[[], bytes]) -> bytes:
    h = hashlib.sha256(f"{FORMAT}\0{name}\0{_stamp()}".encode())
    for path in inputs:
        try:
            h.update(b"\0" + Path(path).read_bytes())
        except OSError:
            h.update(b"\0missing:" + str(path).encode())
    key = f"{h.hexdigest()}.{kind}"
    hit = read(kind, key)
    if hit is not None and hit.startswith(magic):
        return hit
    image = render()
    write(kind, key, image)
    return image


def cached_png(name: str, inputs: Iterable[Path], render: Callable[[], bytes]) -> bytes:
    """``render()``'s PNG, or the stored one made from the very same inputs, code and style."""
    return _cached("png", PNG_MAGIC, name, inputs, render)


def cached_svg(name: str, inputs: Iterable[Path], render: Callable[[], bytes]) -> bytes:
    """``render()``'s SVG, or the stored one made from the very same inputs, code and style."""
    return _cached("svg", SVG_MAGIC, name, inputs, render)
