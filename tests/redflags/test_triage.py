"""Red-flag triage, proved over every combination that can behave differently, plus the never-reassure rule.

With ~28 signs, all 2^N subsets are too many to run. But triage sees a sign only through its tier,
its place in the list and the escalation rules it takes part in (and in which role: `when_all` or
`when_any`). Signs that share all three but the place ("twins") are interchangeable. So the proof
has three parts:

1. every sign behaves exactly like the first sign of its twin class, whatever else is ticked
   (checked against every subset of the core set below);
2. every subset of the core set (the first sign of every twin class, plus a second one of every class
   that takes part in a rule, so that "two of the same kind" is covered too) is checked exhaustively
   against an independent oracle;
3. for good measure, every single sign, pair and triple of ALL signs, and a fixed sample of large
   random subsets, are checked against the same oracle.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Iterator

import pytest

from lesson.content_model import load
from lesson.content_model.models import TIER_RANK
from lesson.readability import grade
from lesson.redflags import load_redflags, triage
from lesson.redflags.triage import TIER_ORDER, RedFlags

REASSURING = ("fine", "nothing to worry", "safe", "normal", "no need", "not serious", "relax", "ok")
MAX_CORE = 16  # 2^16 subsets: still a few seconds


def flags() -> RedFlags:
    return load_redflags()


def role_of(sign_id: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """What triage can see of a sign besides its place: its tier and its role in each rule."""
    raw = load.redflags()
    tier = next(s.tier for s in raw.signs if s.id == sign_id)
    roles = frozenset(
        (e.id, role)
        for e in raw.escalations
        for role, ids in (("all", e.when_all), ("any", e.when_any))
        if sign_id in ids
    )
    return tier, roles


def twin_classes() -> list[list[str]]:
    """Signs grouped by ``role_of``, each class in list order, classes in order of their first sign."""
    classes: dict[tuple[str, frozenset[tuple[str, str]]], list[str]] = {}
    for s in load.redflags().signs:
        classes.setdefault(role_of(s.id), []).append(s.id)
    return list(classes.values())


def in_rules() -> list[str]:
    """Ids of the signs that take part in an escalation rule, in list order."""
    return [s.id for s in load.redflags().signs if role_of(s.id)[1]]


def core() -> list[str]:
    """First of every twin class, and the second of every class that takes part in a rule."""
    out = []
    for members in twin_classes():
        take = 2 if role_of(members[0])[1] else 1
        out += members[:take]
    return out


def subsets(ids: list[str]) -> Iterator[list[str]]:
    for mask in itertools.product((False, True), repeat=len(ids)):
        yield [i for i, on in zip(ids, mask, strict=True) if on]


def oracle(chosen: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The expected level and tier of each ticked sign, straight from the YAML (not via triage's code)."""
    raw = load.redflags()
    chosen = set(chosen)
    tier = {s.id: s.tier for s in raw.signs if s.id in chosen}
    for rule in raw.escalations:
        if set(rule.when_all) <= chosen and (not rule.when_any or set(rule.when_any) & chosen):
            for i in set(rule.when_all) | (set(rule.when_any) & chosen):
                if TIER_RANK[rule.tier] < TIER_RANK[tier[i]]:
                    tier[i] = rule.tier
    level = min(tier.values(), key=TIER_RANK.__getitem__) if tier else "none"
    return level, tier


def check_one(chosen: list[str], fl: RedFlags) -> None:
    advice = triage(chosen, fl)
    level, tier = oracle(chosen)
    assert sorted(item.sign.id for item in advice.items) == sorted(chosen), "advice for every ticked sign"
    assert advice.level == level, (chosen, advice.level, level)
    assert {item.sign.id: item.tier for item in advice.items} == tier
    order = [TIER_RANK[item.tier] for item in advice.items]
    assert order == sorted(order), "emergency first, then urgent, then routine"
    for item in advice.items:
        assert TIER_RANK[item.tier] <= TIER_RANK[item.sign.tier], "a tier is never lowered"
        assert item.advice == fl.tiers[item.tier].advice
    own = {fl_sign.tier for fl_sign in fl.signs if fl_sign.id in chosen}
    if "emergency" in own or level == "emergency":
        assert advice.level == "emergency"
        assert advice.headline == fl.tiers["emergency"].advice
        assert advice.items[0].tier == "emergency"
    if not chosen:
        assert advice.headline == fl.nothing_ticked.text
    else:
        assert advice.headline == fl.tiers[level].advice
    assert fl.one_leg.text in advice.notes
    met = {e.id for e in fl.escalations if e.met_by(frozenset(chosen))}
    assert set(advice.escalations) == met
    for e in fl.escalations:
        assert (e.note.text in advice.notes) == (e.id in met)
    assert len(advice.notes) == len(set(advice.notes))


def test_sign_count_keeps_the_exhaustive_test_meaningful():
    fl = flags()
    assert len(fl.signs) >= 20, "the issue-9 list has about 28 signs"
    assert {s.tier for s in fl.signs} == set(TIER_ORDER)
    classes = twin_classes()
    assert sorted(i for members in classes for i in members) == sorted(s.id for s in fl.signs)
    assert {role_of(members[0])[0] for members in classes} == set(TIER_ORDER)
    assert set(in_rules()) <= set(i for members in classes if role_of(members[0])[1] for i in members)
    assert len(core()) == len(set(core())) <= MAX_CORE, "the core set must stay small enough to enumerate"
    for members in classes:
        assert all(role_of(i) == role_of(members[0]) for i in members)


def test_every_sign_behaves_like_the_first_of_its_twin_class():
    """Swap a sign for its class's first sign in every core subset: same answer, same notes."""
    fl = flags()
    universe = core()
    for members in twin_classes():
        rep = members[0]
        others = [i for i in universe if i != rep]
        for sign in members[1:]:
            rest = [i for i in others if i != sign]
            for chosen in subsets(rest):
                a = triage([*chosen, sign], fl)
                b = triage([*chosen, rep], fl)
                swap = {sign: rep}
                same = (a.level, a.headline, a.notes, a.escalations)
                assert same == (b.level, b.headline, b.notes, b.escalations)
                assert sorted((swap.get(i.sign.id, i.sign.id), i.tier) for i in a.items) == sorted(
                    (i.sign.id, i.tier) for i in b.items
                )
                assert [i.tier for i in a.items] == [i.tier for i in b.items]


def test_every_core_combination():
    fl = flags()
    count = 0
    for chosen in subsets(core()):
        check_one(chosen, fl)
        count += 1
    assert count == 2 ** len(core())


def test_every_single_pair_and_triple_of_all_signs():
    fl = flags()
    ids = [s.id for s in fl.signs]
    count = 0
    for size in (0, 1, 2, 3):
        for chosen in itertools.combinations(ids, size):
            check_one(list(chosen), fl)
            count += 1
    n = len(ids)
    assert count == 1 + n + n * (n - 1) // 2 + n * (n - 1) * (n - 2) // 6


def test_large_random_combinations():
    fl = flags()
    ids = [s.id for s in fl.signs]
    rng = random.Random(9)
    for _ in range(3000):
        check_one([i for i in ids if rng.random() < 0.5], fl)
    check_one(ids, fl)


def test_no_combination_with_an_emergency_sign_is_less_than_emergency():
    """The safety rule on its own: every emergency sign, with every subset of the core set."""
    fl = flags()
    for sign in (s.id for s in fl.signs if s.tier == "emergency"):
        for chosen in subsets([i for i in core() if i != sign]):
            advice = triage([*chosen, sign], fl)
            assert advice.level == "emergency"
            assert advice.headline == fl.tiers["emergency"].advice


def test_escalation_rules_from_issue_9():
    fl = flags()
    assert triage(["cancer-history"], fl).level == "urgent"
    partners = ("leg-symptoms-new", "hard-to-pee", "bladder-bowel-control", "toilet-feeling", "bladder-full")
    for partner in partners:
        advice = triage(["cancer-history", partner], fl)
        assert advice.level == "emergency", partner
        assert "cancer-with-nerve-signs" in advice.escalations
        assert all(item.tier == "emergency" for item in advice.items)
        assert any("you have had cancer" in n for n in advice.notes)
    assert triage(["leg-symptoms-new"], fl).level == "urgent"
    assert triage(["fall-or-blow"], fl).level == "urgent"
    assert triage(["fall-or-blow", "leg-symptoms-new"], fl).level == "emergency"
    # an escalation raises only the signs that met it
    advice = triage(["cancer-history", "leg-symptoms-new", "weight-loss"], fl)
    assert {i.sign.id: i.tier for i in advice.items}["weight-loss"] == "urgent"


def test_past_cancer_with_sciatica_or_difficulty_walking_is_an_emergency():
    """NICE CG75 / NG234: with cancer, radicular pain or difficulty walking means contact at once."""
    fl = flags()
    assert triage(["leg-pain-spreading"], fl).level == "routine"
    assert triage(["walking-difficulty"], fl).level == "urgent"
    for partner in ("leg-pain-spreading", "walking-difficulty"):
        advice = triage(["cancer-history", partner], fl)
        assert advice.level == "emergency", partner
        assert advice.escalations == ("cancer-with-nerve-signs",)
        assert all(item.tier == "emergency" for item in advice.items)


def test_infection_risk_with_new_leg_or_walking_signs_is_an_emergency():
    """A fever or an infection risk with new leg weakness, numbness or tingling, or new difficulty
    walking, can be a spinal abscess (BMJ Best Practice; Bond 2016): emergency."""
    fl = flags()
    risks = ("high-temperature", "recent-infection", "weak-immune", "injecting-drugs")
    for risk in risks:
        assert triage([risk], fl).level in ("urgent", "routine"), risk
        for sign, rule in (("leg-symptoms-new", "infection-with-leg-signs"),
                           ("walking-difficulty", "infection-with-walking")):
            advice = triage([risk, sign], fl)
            assert advice.level == "emergency", (risk, sign)
            assert rule in advice.escalations
            assert all(item.tier == "emergency" for item in advice.items)
    # risk factors of a fracture do not take part in the infection rules
    assert triage(["over-70", "leg-symptoms-new"], fl).level == "urgent"


def test_risk_factors_alone_are_routine_and_a_matching_symptom_raises_them():
    """Chou 2007 and Henschke 2009 list risk factors with no time frame: alone, book a GP soon."""
    fl = flags()
    for risk in ("recent-infection", "weak-immune", "injecting-drugs", "steroids-thin-bones", "over-70"):
        assert triage([risk], fl).level == "routine", risk
        assert triage([risk, "high-temperature"], fl).level == "urgent"
        assert triage([risk, "fall-or-blow"], fl).level == "urgent"
    assert "GP" in fl.tiers["routine"].advice and "soon" in fl.tiers["routine"].advice


def test_new_signs_have_their_tiers():
    tiers = {s.id: s.tier for s in flags().signs}
    emergency = ("both-legs", "leg-weakness-worse", "saddle-numbness", "hard-to-pee", "toilet-feeling",
                 "bladder-full", "bladder-bowel-control", "sex-problems", "chest-pain", "serious-accident",
                 "belly-throbbing")
    urgent = ("cancer-history", "leg-symptoms-new", "walking-difficulty", "high-temperature", "fall-or-blow")
    routine = ("not-improving", "leg-pain-spreading", "recent-infection", "weak-immune", "injecting-drugs",
               "steroids-thin-bones", "over-70")
    for sign in emergency:
        assert tiers[sign] == "emergency", sign
    for sign in urgent:
        assert tiers[sign] == "urgent", sign
    for sign in routine:
        assert tiers[sign] == "routine", sign
    assert [i for i, t in tiers.items() if t == "emergency"] == list(emergency), "the full emergency list"


def test_escalations_are_validated_as_data(tmp_path):
    from lesson.content_model.fastyaml import read_plain
    from lesson.content_model.models import RedFlagsFile
    from lesson.paths import content_path

    data = read_plain(content_path("redflags.yaml"))
    bad = {**data, "escalations": [{**data["escalations"][0], "when_any": ["no-such-sign"]}]}
    with pytest.raises(ValueError, match="unknown sign id"):
        RedFlagsFile.model_validate(bad)
    lower = {**data, "escalations": [{**data["escalations"][0], "tier": "urgent"}]}
    with pytest.raises(ValueError, match="more urgent"):
        RedFlagsFile.model_validate(lower)
    typo_error = {"text": "Call {emergancy}.", "sources": ["x"]}
    typo = {**data, "messages": {**data["messages"], "error": typo_error}}
    with pytest.raises(ValueError, match="placeholder"):
        RedFlagsFile.model_validate(typo)


def test_nothing_ticked_never_reassures():
    fl = flags()
    advice = triage([], fl)
    text = " ".join([advice.headline, *advice.notes]).lower()
    for word in REASSURING:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    assert "cannot rule anything out" in advice.headline
    assert advice.level == "none" and advice.items == ()


def test_emergency_advice_is_not_hedged_and_names_the_numbers():
    fl = flags()
    advice = fl.tiers["emergency"].advice
    assert advice.startswith("Call 999 (UK), 911 (US) or your local emergency number now")
    assert "A&E" in advice
    for hedge in ("may", "might", "consider", "perhaps", "possibly", "could"):
        assert not re.search(rf"\b{hedge}\b", advice.lower()), hedge


def test_urgent_advice_names_111_and_the_emergency_line_if_very_unwell():
    fl = flags()
    advice = fl.tiers["urgent"].advice
    assert "111" in advice
    assert f"If you feel very unwell, {fl.emergency_line}." in advice


def test_one_leg_sciatica_note():
    note = flags().one_leg.text
    assert "only ONE leg is not an emergency on its own" in note
    assert "does not rule out cauda equina syndrome" in note
    assert flags().emergency_line in note


def test_unknown_sign_is_an_error():
    with pytest.raises(ValueError, match="unknown red-flag sign"):
        triage(["no-such-sign"])


def test_learner_text_is_plain():
    fl = flags()
    texts = [s.text + "." for s in fl.signs] + [t.advice for t in fl.tiers.values()]
    texts += [fl.nothing_ticked.text, fl.one_leg.text, fl.error.text, fl.intro.text, fl.intro.warning]
    texts += [e.note.text for e in fl.escalations]
    assert grade(texts) <= 8
