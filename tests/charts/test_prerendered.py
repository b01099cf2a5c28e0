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
    manifest["images"]["chart-golf-sites-default-wide.svg"] = "0" * 64  # built from other inputs,
    manifest["inputs"] = {}  # which were then edited
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


@pytest.fixture
def own_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    monkeypatch.setenv("LESSON_CONTENT_DIR", str(content))
    return content


def hashing_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The images whose key is computed (their input files read) from now on."""
    hashed: list[str] = []
    real_key = prerendered.key

    def key(name: str, inputs) -> str:
        hashed.append(name)
        return real_key(name, inputs)

    monkeypatch.setattr(prerendered, "key", key)
    return hashed


NAME = "chart-recovery-acute-wide.svg"
MARK = b"<?xml version='1.0'?><svg><!-- built --></svg>"


def show_recovery(built: Path) -> bytes:
    """The page's image of NAME, with the built file marked so that using it shows."""
    (built / NAME).write_bytes(MARK)
    return prerendered.image(NAME, prerendered.chart_inputs("recovery"), lambda: b"drawn")


def test_unchanged_files_are_not_hashed_again(built: Path, own_content: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    prerendered.build()
    recorded = json.loads((built / prerendered.MANIFEST).read_text())
    csv = own_content / "data" / "recovery.csv"
    assert recorded["inputs"][str(csv)] == [csv.stat().st_mtime_ns, csv.stat().st_size]
    hashed = hashing_counted(monkeypatch)
    assert show_recovery(built) == MARK
    assert hashed == [], "the inputs are as built: their key is the recorded one"


def test_a_touched_input_is_hashed_and_still_used_when_its_content_is_the_same(
        built: Path, own_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prerendered.build()
    csv = own_content / "data" / "recovery.csv"
    os.utime(csv, ns=(csv.stat().st_atime_ns, csv.stat().st_mtime_ns + 1_000_000_000))
    hashed = hashing_counted(monkeypatch)
    assert show_recovery(built) == MARK
    assert hashed == [NAME]


def test_an_edited_input_of_the_same_size_is_drawn_afresh(built: Path, own_content: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    prerendered.build()
    csv = own_content / "data" / "recovery.csv"
    text = csv.read_text()
    stat = csv.stat()
    edited = text.replace("0", "1", 1)
    assert edited != text and len(edited) == len(text)
    csv.write_text(edited)
    os.utime(csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    hashed = hashing_counted(monkeypatch)
    assert show_recovery(built) == b"drawn"
    assert hashed == [NAME]


def test_a_changed_charts_module_is_hashed(built: Path, own_content: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    prerendered.build()
    stats = dict(prerendered._code_stats())
    first = next(iter(stats))
    stats[first] = [0, 0]  # as if the module had been edited since the build
    monkeypatch.setattr(prerendered, "_code_stats", lambda: stats)
    hashed = hashing_counted(monkeypatch)
    assert show_recovery(built) == MARK
    assert hashed == [NAME]


def test_a_manifest_of_an_older_build_is_not_trusted(built: Path) -> None:
    prerendered.build()
    (built / prerendered.MANIFEST).write_text(json.dumps({NAME: "0" * 64}))  # format 1: name -> key
    prerendered._manifest.cache_clear()
    assert show_recovery(built) == b"drawn"


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
