"""Morale: the status quo stays where KIIS measured it; Allied troops reassure; a war that turns
Ukraine into the central theatre of a NATO-Russia war frightens."""

from __future__ import annotations

import coalition
from coalition.api import build_model
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS

# KIIS, "ready to endure as long as necessary": 73 % (May 2022) down to 54 % (March 2025), 62 % at
# the end of 2025. A status-quo year may drift, but its median must stay within that range widened
# by ten points below.
ENDURE_RANGE = (54 - 10, 73)


def scenario(path, **changes) -> Scenario:
    data = coalition.load_scenario(path).model_dump()
    data.update(draws=300, horizon_days=365)
    data.update(changes)
    return Scenario.model_validate(data)


def hot_ladder(data: Scenario) -> dict:
    rungs = build_model(data).setup.world.ladder.rungs
    return {
        f"escalation.up.{r.id}": {"dist": "point", "value": 0.05, "source": "test"} for r in rungs
    }


def test_a_status_quo_year_keeps_morale_within_the_range_kiis_measured():
    outcomes = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    low, high = ENDURE_RANGE
    assert low <= outcomes["morale.civilian_end"].median() <= high
    assert low <= outcomes["morale.soldier_end"].median() <= high


def test_allied_troops_reassure_civilians():
    with_force = scenario(SCENARIOS[3])
    data = with_force.model_dump()
    data["course_of_action"]["contingents"] = []
    without = coalition.simulate(Scenario.model_validate(data)).outcomes
    present = coalition.simulate(with_force).outcomes
    assert present["morale.civilian_end"].mean() > without["morale.civilian_end"].mean() + 1


def test_a_wider_war_frightens_civilians_and_soldiers():
    calm = scenario(SCENARIOS[4])
    hot = scenario(SCENARIOS[4], assumptions=hot_ladder(calm))
    calm_out = coalition.simulate(calm).outcomes
    hot_out = coalition.simulate(hot).outcomes
    for index in ("morale.civilian_end", "morale.soldier_end"):
        assert hot_out[index].mean() < calm_out[index].mean() - 3, index
