"""The disk cache of parsed YAML: hits skip parsing, any change to the bytes parses afresh,
dates survive the round trip, a broken file still reports its line, and it can be switched off."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from lesson import paths
from lesson.content_model import load, plaincache
from lesson.content_model.models import ChaptersFile
from lesson.content_model.problems import ContentError
from lesson.content_model.yamlio import load_yaml
from lesson.paths import CONTENT_DIR


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(folder))
    return folder


def test_second_read_is_a_hit_and_a_change_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")
    calls: list[int] = []

    def parse() -> object:
        calls.append(1)
        return load_yaml(path).data

    assert plaincache.plain_data(path, "rt", parse, "s") == {"a": 1}
    assert plaincache.plain_data(path, "rt", parse, "s") == {"a": 1}
    assert len(calls) == 1
    path.write_text("a: 2\n")
    assert plaincache.plain_data(path, "rt", parse, "s") == {"a": 2}
    assert plaincache.plain_data(path, "rt", parse, "other-code") == {"a": 2}
    assert len(calls) == 3


def test_dates_bool_keys_and_nesting_survive(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("d: 2026-01-02\nt: 2026-01-02 03:04:05\nf: {true: yes, false: no}\nl: [1, 2.5, null]\n")
    first = plaincache.rt_yaml(path)
    again = plaincache.rt_yaml(path)
    assert again == first == load_yaml(path).data
    assert isinstance(again["d"], dt.date) and not isinstance(again["d"], dt.datetime)
    assert isinstance(again["t"], dt.datetime)
    assert list(cache_dir.joinpath("yaml").iterdir())


def test_real_content_is_identical_through_the_cache(cache_dir: Path) -> None:
    for path in sorted(CONTENT_DIR.rglob("*.yaml")):
        plain = load_yaml(path).data
        assert plaincache.rt_yaml(path) == plain  # miss
        assert plaincache.rt_yaml(path) == plain  # hit


def test_invalid_content_still_reports_its_line(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "chapters.yaml"
    path.write_text("chapters:\n  - id: x\n    bogus: 1\n")
    plaincache.rt_yaml(path)  # now cached
    with pytest.raises(ContentError) as err:
        load.load_model(path, ChaptersFile)
    assert any(p.line == 3 and "bogus" in p.message for p in err.value.problems)


def test_switched_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.CACHE_ENV, "off")
    assert paths.cache_dir() is None
    path = tmp_path / "c.yaml"
    path.write_text("c: 3\n")
    assert plaincache.rt_yaml(path) == {"c": 3}
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]


def test_a_corrupt_entry_is_parsed_again(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("d: 4\n")
    plaincache.rt_yaml(path)
    for entry in (cache_dir / "yaml").iterdir():
        entry.write_bytes(b"not marshal")
    assert plaincache.rt_yaml(path) == {"d": 4}


def test_a_warm_chapter_page_never_imports_ruamel_or_matplotlib(tmp_path: Path) -> None:
    """The point of the cache: a new kernel with a warm cache skips both heavy imports."""
    code = ("from lesson import ui\n"
            "for call in (ui.header, ui.objectives, ui.evidence, ui.quiz, ui.references, ui.footer):\n"
            "    call('anatomy')\n"
            "ui.diagram('lumbar-spine'); ui.chart('recovery')\n"
            "import sys; print('ruamel.yaml' in sys.modules, 'matplotlib' in sys.modules)\n")
    env = {"LESSON_CACHE_DIR": str(tmp_path / "cache"), "LESSON_DB": str(tmp_path / "db.sqlite3"),
           "HOME": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl"), "PATH": "/usr/bin:/bin"}
    cold = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert cold.stdout.split() == ["True", "True"]
    assert warm.stdout.split() == ["False", "False"]
