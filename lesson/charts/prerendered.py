"""Chart and diagram images drawn once at build time (``make charts``), read by every page.

Every Voila page load starts a new kernel, and drawing a chart means importing matplotlib and
rendering (a large share of a chapter's start time). The set of images is finite: each chart
in each view and layout, and the spine diagram plain or numbered, as SVG (pages) and PNG
(LMS exports, JupyterLab's labelling question). ``python -m lesson charts`` draws them all
into ``lesson/charts/built/`` (git-ignored; ``make charts``, which ``make app``,
``make notebooks`` and the test steps run first) with a ``manifest.json`` of their keys.

An image's key hashes everything that shapes it: its input files (CSV, YAML, references),
every module in ``lesson/charts``, the style file and the matplotlib release. A page uses a
built image only when its key matches; otherwise (content edited since the build, a wheel
installed without building) it draws the image in memory, exactly as the build would have.
Nothing is written at run time, so nothing grows.

Hashing the inputs again on every page load would read every chart's files each time, so the
manifest also records the modification time and size of every file it hashed, taken before
hashing. While all of an image's files (its inputs and the code files) still have those, its
recorded key stands without reading them; any difference (an edit, a checkout, a new or removed
charts module) falls back to hashing, so a key is never trusted for a file that changed since.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lesson.paths import content_path, style_path

CHARTS_DIR = Path(__file__).resolve().parent
BUILT_ENV = "LESSON_BUILT_CHARTS"
"""Overrides the folder of built images (tests build into a temporary folder)."""
MANIFEST = "manifest.json"
FORMAT = "2"
Stat = list[int] | None
"""A file's ``[mtime_ns, size]``; ``None`` when it is missing."""


def built_dir() -> Path:
    """Where the built images are: ``$LESSON_BUILT_CHARTS`` if set, else ``lesson/charts/built``."""
    override = os.environ.get(BUILT_ENV)
    return Path(override).expanduser() if override else CHARTS_DIR / "built"


@dataclass(frozen=True)
class Image:
    """One image of the finite set: its name (also its file name), inputs and how to draw it."""

    name: str
    inputs: tuple[Path, ...]
    draw: Callable[[], bytes]

    @property
    def kind(self) -> str:
        return self.name.rsplit(".", 1)[1]


@dataclass(frozen=True)
class Manifest:
    """What the build recorded: each image's key, and the files it hashed as they were then."""

    images: dict[str, str]
    code: dict[str, Stat]
    inputs: dict[str, Stat]

    def unchanged(self, inputs: Iterable[Path]) -> bool:
        """True when the code files and ``inputs`` are all as they were when hashed for the build."""
        return self.code == _code_stats() and all(
            str(path) in self.inputs and self.inputs[str(path)] == _stat(path) for path in inputs)


def _stat(path: Path | None) -> Stat:
    try:
        st = Path(path).stat() if path is not None else None
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size] if st is not None else None


@cache
def _code_files() -> tuple[Path | None, ...]:
    """The charts code, the style and the matplotlib release (``None`` if not found)."""
    spec = importlib.util.find_spec("matplotlib")
    release = Path(spec.origin).with_name("_version.py") if spec and spec.origin else None
    return (*sorted(CHARTS_DIR.glob("*.py")), style_path("lesson.mplstyle"), release)


@cache
def _code_stats() -> dict[str, Stat]:
    """The code files' stats (once per process, taken before ``_code_stamp`` reads them)."""
    return {str(path): _stat(path) for path in _code_files()}


@cache
def _code_stamp() -> str:
    """The hash of the code files (read once per process)."""
    _code_stats()
    h = hashlib.sha256(FORMAT.encode())
    for path in _code_files():
        h.update(b"\0" + (path.read_bytes() if path is not None and path.exists() else b"missing"))
    return h.hexdigest()


def key(name: str, inputs: Iterable[Path]) -> str:
    """The hash of everything that shapes the image ``name``."""
    h = hashlib.sha256(f"{_code_stamp()}\0{name}".encode())
    for path in inputs:
        try:
            h.update(b"\0" + Path(path).read_bytes())
        except OSError:
            h.update(b"\0missing:" + str(path).encode())
    return h.hexdigest()


@cache
def _manifest(folder: str) -> Manifest:
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Manifest({}, {}, {})  # none, or an older build: every image is drawn until rebuilt

    def section(name: str) -> dict:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    images = {str(k): str(v) for k, v in section("images").items()}
    return Manifest(images, section("code"), section("inputs"))


def image(name: str, inputs: Iterable[Path], draw: Callable[[], bytes]) -> bytes:
    """The built image when it was built from these very inputs, code and style; else ``draw()``."""
    inputs = tuple(inputs)
    folder = built_dir()
    built = _manifest(str(folder))
    recorded = built.images.get(name)
    if recorded is not None and (built.unchanged(inputs) or recorded == key(name, inputs)):
        try:
            return (folder / name).read_bytes()
        except OSError:
            pass
    return draw()


def chart_inputs(chart_id: str) -> tuple[Path, ...]:
    return (content_path("data", f"{chart_id}.csv"), content_path("data", f"{chart_id}.yaml"),
            content_path("references.yaml"))


def chart_name(chart_id: str, view: str | None, layout: str) -> str:
    return f"chart-{chart_id}-{view or 'default'}-{layout}.svg"


def diagram_name(diagram_id: str, numbered: bool, layout: str | None) -> str:
    """``layout`` None is the PNG (exports); a layout names one SVG of the page."""
    label = "numbered" if numbered else "plain"
    if layout is None:
        return f"diagram-{diagram_id}-{label}.png"
    return f"diagram-{diagram_id}-{label}-{layout}.svg"


def every_image() -> Iterator[Image]:
    """The finite set: every chart view and layout, every diagram version as SVG and PNG."""
    from lesson.charts import chart_view, diagram
    from lesson.charts.controls import CONTROLS

    for meta in sorted(content_path("data").glob("*.yaml")):
        chart_id = meta.stem
        views = [value for _, value in CONTROLS[chart_id][1]] if chart_id in CONTROLS else [None]
        for view in views:
            for layout in chart_view.LAYOUTS:
                yield Image(chart_name(chart_id, view, layout), chart_inputs(chart_id),
                            lambda c=chart_id, v=view, lay=layout: chart_view.chart_svg(c, v, lay))
    for diagram_id in sorted(diagram.DIAGRAMS):
        inputs = tuple(diagram.inputs(diagram_id))
        for numbered in (True, False):
            for layout in chart_view.LAYOUTS:
                yield Image(diagram_name(diagram_id, numbered, layout), inputs,
                            lambda d=diagram_id, n=numbered, lay=layout: diagram.diagram_svg(d, n, lay))
            yield Image(diagram_name(diagram_id, numbered, None), inputs,
                        lambda d=diagram_id, n=numbered: diagram.diagram_png(d, n))


def build(folder: Path | None = None) -> list[str]:
    """Draw every image into ``folder`` (default ``built_dir()``), write the manifest, remove the
    files of images that no longer exist. Returns the names drawn anew (unchanged ones are kept)."""
    folder = Path(folder) if folder is not None else built_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old = _manifest.__wrapped__(str(folder)).images
    images: dict[str, str] = {}
    inputs: dict[str, Stat] = {}
    drawn = []
    for item in every_image():
        for path in item.inputs:  # stat before hashing: a file edited meanwhile is hashed again later
            inputs.setdefault(str(path), _stat(path))
        images[item.name] = key(item.name, item.inputs)
        target = folder / item.name
        if old.get(item.name) == images[item.name] and target.exists():
            continue
        _write(target, item.draw())
        drawn.append(item.name)
    for stale in folder.iterdir():
        if stale.name not in images and stale.name != MANIFEST and stale.suffix in (".svg", ".png"):
            stale.unlink()
    manifest = {"format": FORMAT, "images": images, "code": _code_stats(), "inputs": inputs}
    _write(folder / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    _manifest.cache_clear()
    return drawn


def _write(target: Path, payload: bytes) -> None:
    """Atomically (a temp file renamed into place): a page never reads half an image."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, target)


def main() -> int:
    """``python -m lesson charts``: build the images and say how many were drawn."""
    drawn = build()
    total = sum(1 for _ in every_image())
    print(f"Chart images in {built_dir()}: {len(drawn)} drawn, {total - len(drawn)} already up to date.")
    return 0
