"""Page templates are compiled once per server (``lesson.app.template_cache``, issue 11)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from lesson.app import template_cache
from lesson.app.template_cache import SharedBytecodeCache, environment_signature


def _env(folder: Path, cache: SharedBytecodeCache, is_async: bool = False) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache,
                              enable_async=is_async)


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiled from source."""
    seen: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object,
                 **kwargs: object) -> object:
        seen.append(name or "")
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def test_a_second_environment_uses_the_compiled_template(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.j2").write_text("Hello {{ name }}")
    cache = SharedBytecodeCache()
    assert _env(tmp_path, cache).get_template("page.j2").render(name="Ann") == "Hello Ann"
    assert _env(tmp_path, cache).get_template("page.j2").render(name="Bo") == "Hello Bo"
    assert compiles == ["page.j2"]
    assert len(cache) == 1


def test_an_edited_template_is_compiled_again(tmp_path: Path, compiles: list[str]) -> None:
    page = tmp_path / "page.j2"
    page.write_text("Old {{ name }}")
    cache = SharedBytecodeCache()
    _env(tmp_path, cache).get_template("page.j2").render(name="x")
    page.write_text("New {{ name }}")
    assert _env(tmp_path, cache).get_template("page.j2").render(name="x") == "New x"
    assert compiles == ["page.j2", "page.j2"]


def test_async_and_plain_environments_never_share_code(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.j2").write_text("{{ 1 + 1 }}")
    cache = SharedBytecodeCache()
    plain, run_async = _env(tmp_path, cache), _env(tmp_path, cache, is_async=True)
    assert environment_signature(plain) != environment_signature(run_async)
    assert plain.get_template("page.j2").render() == "2"
    assert run_async.get_template("page.j2").render() == "2"  # its own async code
    assert len(compiles) == 2 and len(cache) == 2


def test_voila_exporters_share_the_server_cache(compiles: list[str]) -> None:
    from voila.exporter import VoilaExporter

    from lesson.app.launch import template_root

    template_cache.install()
    template_cache.install()  # a second call changes nothing
    paths = [str(template_root() / "voila" / "templates" / "lesson")]
    first = VoilaExporter(template_paths=paths, template_name="lesson")
    assert first.environment.bytecode_cache is template_cache.CACHE
    first.environment.get_template("index.html.j2")
    compiled = len(compiles)
    assert compiled >= 1
    second = VoilaExporter(template_paths=paths, template_name="lesson")
    assert second.environment is not first.environment
    second.environment.get_template("index.html.j2")
    assert len(compiles) == compiled, "the second page load compiled its templates again"
