"""Chart images on disk: drawn once for the same inputs, drawn again when data or code change."""

from __future__ import annotations

from pathlib import Path

import pytest

from lesson import paths
from lesson.charts import display, png_cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(folder))
    return folder


def fake_png(tag: bytes) -> bytes:
    return png_cache.PNG_MAGIC + tag


def test_same_inputs_render_once_changed_inputs_render_again(tmp_path: Path, cache_dir: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text("a,b\n1,2\n")
    calls: list[bytes] = []

    def render() -> bytes:
        calls.append(data.read_bytes())
        return fake_png(data.read_bytes())

    first = png_cache.cached_png("chart:x:None", [data], render)
    assert png_cache.cached_png("chart:x:None", [data], render) == first
    assert len(calls) == 1
    data.write_text("a,b\n1,3\n")
    assert png_cache.cached_png("chart:x:None", [data], render) == fake_png(b"a,b\n1,3\n")
    assert png_cache.cached_png("chart:x:other-view", [data], render) == fake_png(b"a,b\n1,3\n")
    assert len(calls) == 3


def test_a_non_png_entry_is_drawn_again(tmp_path: Path, cache_dir: Path) -> None:
    png_cache.cached_png("n", [], lambda: fake_png(b"1"))
    for entry in (cache_dir / "png").iterdir():
        entry.write_bytes(b"garbage")
    assert png_cache.cached_png("n", [], lambda: fake_png(b"2")) == fake_png(b"2")


@pytest.mark.parametrize("layout", display.LAYOUTS)
def test_stored_chart_is_byte_identical_to_a_fresh_drawing(cache_dir: Path, layout: str) -> None:
    display.chart_svg.cache_clear()
    fresh = display.chart_svg("recovery", "acute", layout)
    assert display.stored_svg("recovery", "acute", layout) == fresh  # miss: drawn and stored
    display.chart_svg.cache_clear()
    assert display.stored_svg("recovery", "acute", layout) == fresh  # hit
    assert list((cache_dir / "svg").iterdir())


def test_a_cached_page_never_imports_matplotlib(cache_dir: Path) -> None:
    """A page load with a warm cache pays for no drawing: the figure modules are not even imported."""
    import os
    import subprocess
    import sys

    code = ("import sys; from lesson.charts import display; display.figure_html('recovery', 'acute'); "
            "print('matplotlib' in sys.modules)")
    env = {**os.environ, paths.CACHE_ENV: str(cache_dir)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"  # cold: drawn
    assert second.stdout.strip() == "False"  # warm: read from disk
