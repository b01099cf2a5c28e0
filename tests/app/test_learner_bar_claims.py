"""The learner bar on a shared server: the new code for its owner, a code form for another browser."""

from __future__ import annotations

from lesson.app.chrome import learner_bar
from lesson.progress.identity import GUEST, Learner


def test_the_owner_sees_the_new_code_once() -> None:
    bar = learner_bar("anatomy", Learner("name:ann", "Ann", "query", True, False, "claimed", "K7QM-3XPA"))
    assert '<strong class="lesson-recovery-code">K7QM-3XPA</strong>' in bar
    assert "Write it down" in bar and "<form" not in bar


def test_the_owner_can_ask_for_a_new_code() -> None:
    bar = learner_bar("anatomy", Learner("name:ann lee", "Ann Lee", "query", True, False, "owner"))
    assert 'href="01_anatomy.ipynb?learner=Ann+Lee&amp;newcode=1"' in bar
    assert "lesson-recovery-code" not in bar


def test_another_browser_gets_a_labelled_code_form_and_the_name_form() -> None:
    bar = learner_bar("anatomy", Learner(None, GUEST, "none", False, False, "refused", asked="Ann"))
    assert "already used in another web browser" in bar
    assert '<input type="hidden" name="learner" value="Ann">' in bar
    assert '<label for="lesson-recovery-code-anatomy">' in bar and 'name="code"' in bar
    assert 'name="learner" maxlength="40"' in bar  # or choose another name
    assert "not being saved" in bar


def test_wrong_code_lock_and_no_cookie_are_explained() -> None:
    for claim, words in [("wrong-code", "does not match"), ("locked", "Wait 10 minutes"),
                         ("no-cookie", "Allow cookies"), ("unavailable", "reload the page")]:
        bar = learner_bar("index", Learner(None, GUEST, "none", False, False, claim, asked="Ann"))
        assert words in bar, claim
        assert ("lesson-code-form" in bar) == (claim == "wrong-code")


def test_local_and_hub_learners_see_no_claim_text() -> None:
    for learner in (Learner("local", "you, on this computer", "local", True, False),
                    Learner("hub:kim", "kim", "hub", True, False)):
        bar = learner_bar("index", learner)
        assert "recovery code" not in bar and "<form" not in bar
