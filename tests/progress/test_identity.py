"""Who the learner is: hub user, ?learner=, local; shared-host and presenter rules; link query."""

from __future__ import annotations

import pytest

from lesson.progress.identity import current_learner, link_query, name_problem
from lesson.progress.request import query_params


def test_local_default_never_shows_os_user():
    me = current_learner()
    assert (me.id, me.label, me.source, me.saving, me.presenting) == (
        "local", "you, on this computer", "local", True, False)
    assert link_query() == "" and query_params() == {}


def test_hub_user_wins(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "kim")
    monkeypatch.setenv("LESSON_QUERY", "learner=ann")
    me = current_learner()
    assert (me.id, me.label, me.source, me.saving) == ("hub:kim", "kim", "hub", True)


def test_query_learner_trimmed_and_carried_on_links(monkeypatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=%20%20Ann%20Lee%20&present=0")
    me = current_learner()
    assert (me.id, me.label, me.source, me.saving) == ("name:ann lee", "Ann Lee", "query", True)
    assert link_query() == "?learner=Ann+Lee"


@pytest.mark.parametrize("raw", ["<img src=x onerror=alert(1)>", "a" * 41, "ann;drop", "../x"])
def test_bad_names_get_a_friendly_message(monkeypatch, raw):
    from urllib.parse import quote

    monkeypatch.setenv("LESSON_QUERY", "learner=" + quote(raw))
    me = current_learner()
    assert me.source == "local" and me.id == "local"
    assert name_problem() is not None and "<" not in name_problem()
    assert link_query() == ""


def test_shared_host_without_name_saves_nothing(monkeypatch):
    monkeypatch.setenv("LESSON_HOST", "0.0.0.0")
    me = current_learner()
    assert me.saving is False and me.id is None and me.source == "none"
    monkeypatch.setenv("LESSON_QUERY", "learner=ann")
    assert current_learner().saving is False and current_learner().claim == "no-cookie"  # nothing to bind to
    monkeypatch.setenv("HTTP_X_LESSON_BROWSER", "browser-a" * 4)
    assert current_learner().saving is True and current_learner().claim == "claimed"
    monkeypatch.setenv("LESSON_HOST", "localhost")
    monkeypatch.delenv("LESSON_QUERY")
    assert current_learner().saving is True


def test_presenter_mode(monkeypatch):
    monkeypatch.setenv("LESSON_QUERY", "learner=ann&present=1")
    me = current_learner()
    assert me.presenting and not me.saving and me.id is None
    assert link_query() == "?learner=ann&present=1"
    monkeypatch.delenv("LESSON_QUERY")
    monkeypatch.setenv("LESSON_PRESENT", "1")
    assert current_learner().presenting


def test_voila_query_string(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "learner=bo")
    assert query_params() == {"learner": "bo"}
    assert current_learner().label == "bo"
