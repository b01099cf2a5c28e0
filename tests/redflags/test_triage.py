"""Red-flag triage over EVERY combination of signs, plus the never-reassure rule."""

from __future__ import annotations

import itertools
import re

import pytest

from lesson.readability import grade
from lesson.redflags import load_redflags, triage
from lesson.redflags.triage import NOTHING_TICKED, ONE_LEG_NOTE, TIER_ORDER

REASSURING = ("fine", "nothing to worry", "safe", "normal", "no need", "not serious", "relax", "ok")


def all_subsets():
    ids = [s.id for s in load_redflags().signs]
    for mask in itertools.product((False, True), repeat=len(ids)):
        yield [i for i, on in zip(ids, mask, strict=True) if on]


def test_sign_count_keeps_the_exhaustive_test_meaningful():
    signs = load_redflags().signs
    assert 12 <= len(signs) <= 16
    assert {s.tier for s in signs} == set(TIER_ORDER)


def test_every_combination():
    flags = load_redflags()
    tier_of = {s.id: s.tier for s in flags.signs}
    emergency_advice = flags.tiers["emergency"].advice
    count = 0
    for chosen in all_subsets():
        advice = triage(chosen, flags)
        count += 1
        tiers = [tier_of[i] for i in chosen]
        assert sorted(item.sign.id for item in advice.items) == sorted(chosen), "advice for every ticked sign"
        order = [TIER_ORDER.index(item.tier) for item in advice.items]
        assert order == sorted(order), "emergency first, then urgent, then routine"
        if "emergency" in tiers:
            assert advice.level == "emergency"
            assert advice.headline == emergency_advice
            assert advice.items[0].tier == "emergency"
        elif "urgent" in tiers:
            assert advice.level == "urgent"
        elif tiers:
            assert advice.level == "routine"
        else:
            assert advice.level == "none"
        assert ONE_LEG_NOTE in advice.notes
    assert count == 2 ** len(flags.signs)


def test_nothing_ticked_never_reassures():
    advice = triage([])
    text = " ".join([advice.headline, *advice.notes]).lower()
    for word in REASSURING:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    assert "cannot rule anything out" in advice.headline
    assert advice.headline == NOTHING_TICKED


def test_emergency_advice_is_not_hedged_and_names_the_numbers():
    advice = load_redflags().tiers["emergency"].advice
    assert advice.startswith("Call 999 or go to A&E now.")
    assert "911" in advice and "local emergency number" in advice
    for hedge in ("may", "might", "consider", "perhaps", "possibly", "could"):
        assert not re.search(rf"\b{hedge}\b", advice.lower()), hedge


def test_urgent_advice_names_111():
    assert "111" in load_redflags().tiers["urgent"].advice


def test_one_leg_sciatica_note():
    assert "ONE leg does not rule out cauda equina syndrome" in ONE_LEG_NOTE


def test_unknown_sign_is_an_error():
    with pytest.raises(ValueError, match="unknown red-flag sign"):
        triage(["no-such-sign"])


def test_cauda_equina_signs_are_emergencies():
    tiers = {s.id: s.tier for s in load_redflags().signs}
    for sign in ("both-legs", "saddle-numbness", "hard-to-pee", "bladder-bowel-control"):
        assert tiers[sign] == "emergency"


def test_learner_text_is_plain():
    flags = load_redflags()
    texts = [s.text + "." for s in flags.signs] + [t.advice for t in flags.tiers.values()]
    assert grade(texts + [NOTHING_TICKED, ONE_LEG_NOTE]) <= 8
