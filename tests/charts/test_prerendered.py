"""Chart images drawn at build time: used only when built from the very same inputs, code and
style; otherwise drawn afresh; and with them built, a page needs neither matplotlib nor ruamel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lesson.charts import chart_view as display
from lesson.charts import diagram, prerendered
from lesson.paths import CONTENT_DIR


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "built"
    monkeypatch.setenv(prerendered.BUILT_ENV, str(folder))
    prerendered._manifest.cache_clear()
    yield folder
    prerendered._manifest.cache_clear()


def test_the_set_is_every_chart_view_and_layout_and_every_diagram_version() -> None:
    names = [image.name for image in prerendered.every_image()]
    assert len(names) == len(set(names))
    charts = sorted(p.stem for p in (CONTENT_DIR / "data").glob("*.yaml"))
    for chart_id in charts:
        assert any(n.startswith(f"chart-{chart_id}-") for n in names), chart_id
    assert "chart-recovery-persistent-narrow.svg" in names and "chart-us-age-sex-wide.svg" in names
    assert {"diagram-lumbar-spine-numbered.png", "diagram-lumbar-spine-plain-narrow.svg"} <= set(names)


def test_built_images_are_the_drawings_and_are_used(built: Path) -> None:
    drawn = prerendered.build()
    assert sorted(drawn) == sorted(p.name for p in built.glob("*.*") if p.name != prerendered.MANIFEST)
    display.chart_svg.cache_clear()
    svg = display.chart_svg("recovery", "acute", "wide")
    assert (built / "chart-recovery-acute-wide.svg").read_bytes() == svg
    png = diagram.diagram_png("lumbar-spine", True)
    assert (built / "diagram-lumbar-spine-numbered.png").read_bytes() == png
    # A built file is what the page shows: mark one and see the mark come back.
    marked = b"<?xml version='1.0'?><svg><!-- built --></svg>"
    (built / "chart-recovery-acute-wide.svg").write_bytes(marked)
    assert display.stored_svg("recovery", "acute", "wide") == marked
    assert prerendered.build() == [], "an unchanged build draws nothing again"


def test_a_stale_image_is_drawn_afresh_not_shown(built: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    prerendered.build()
    (built / "chart-golf-sites-default-wide.svg").write_bytes(b"<?xml?><svg>old</svg>")
    manifest = json.loads((built / prerendered.MANIFEST).read_text())
    manifest["chart-golf-sites-default-wide.svg"] = "0" * 64  # built from other inputs
    (built / prerendered.MANIFEST).write_text(json.dumps(manifest))
    prerendered._manifest.cache_clear()
    display.chart_svg.cache_clear()
    assert display.stored_svg("golf-sites", None, "wide") == display.chart_svg("golf-sites", None, "wide")
    # Editing the content changes the key too.
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    monkeypatch.setenv("LESSON_CONTENT_DIR", str(content))
    name = "chart-recovery-acute-wide.svg"
    before = prerendered.key(name, prerendered.chart_inputs("recovery"))
    csv = content / "data" / "recovery.csv"
    csv.write_text(csv.read_text() + "\n")
    assert prerendered.key(name, prerendered.chart_inputs("recovery")) != before


def test_a_rebuild_removes_images_that_no_longer_exist(built: Path) -> None:
    built.mkdir()
    (built / "chart-gone-default-wide.svg").write_bytes(b"<svg/>")
    (built / "notes.txt").write_text("not ours")
    prerendered.build()
    assert not (built / "chart-gone-default-wide.svg").exists()
    assert (built / "notes.txt").exists()


def test_a_page_with_built_images_needs_neither_matplotlib_nor_ruamel(built: Path, tmp_path: Path) -> None:
    prerendered.build()
    code = ("from lesson import ui\n"
            "for call in (ui.header, ui.objectives, ui.evidence, ui.quiz, ui.references, ui.footer):\n"
            "    call('anatomy')\n"
            "ui.diagram('lumbar-spine'); ui.chart('recovery')\n"
            "import sys; print('ruamel.yaml' in sys.modules, 'matplotlib' in sys.modules)\n")
    env = {prerendered.BUILT_ENV: str(built), "LESSON_DB": str(tmp_path / "db.sqlite3"),
           "HOME": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl"), "PATH": os.environ["PATH"]}
    with_built = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True)
    assert with_built.stdout.split() == ["False", "False"], with_built.stderr[-2000:]
    env[prerendered.BUILT_ENV] = str(tmp_path / "none-built")
    without = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True)
    assert without.stdout.split() == ["False", "True"], "without built images the page draws them"
