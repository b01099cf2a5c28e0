"""Chart PNGs on disk: drawn once for the same inputs, drawn again when data or code change."""

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


def test_stored_chart_is_byte_identical_to_a_fresh_drawing(cache_dir: Path) -> None:
    display.chart_png.cache_clear()
    fresh = display.chart_png("recovery", "acute")
    assert display.stored_png("recovery", "acute") == fresh  # miss: drawn and stored
    display.chart_png.cache_clear()
    assert display.stored_png("recovery", "acute") == fresh  # hit
    assert list((cache_dir / "png").iterdir())
