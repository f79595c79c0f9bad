"""Battlefield: the status quo gains what Russia gained in 2025; a ceasefire freezes the front;
Allied troops behind the line and protected supply lines tip the balance towards Ukraine; a
Russian mobilisation tips it back; and ground Ukraine retakes provokes Russia."""

from __future__ import annotations

import numpy as np
import pytest

import coalition
from coalition.api import build_model
from coalition.domains.battlefield import release_rates
from coalition.engine.setup import ContingentPlan
from coalition.engine.simulate import run_chunk
from coalition.spec.scenario import Role, Scenario
from coalition.world import load_world
from tests.conftest import SCENARIOS

RUNGS = [r.id for r in load_world("ukraine-2025").ladder.rungs]
# 2025: about 5,600 km² (ISW), 4,700-6,640 by Russia's claims; the median status-quo year within
# 4,000-7,000 (some draws see a mobilisation or intensified strikes, which push it up)
A_STATUS_QUO_YEAR_KM2 = (4000, 7000)


def point(value: float) -> dict:
    return {"dist": "point", "value": value, "source": "test"}


def scenario(path, assumptions=None, context=None) -> Scenario:
    data = coalition.load_scenario(path).model_dump()
    data.update(draws=200, horizon_days=365, assumptions=assumptions or {})
    if context:
        data["course_of_action"]["context"] = context
    return Scenario.model_validate(data)


FROZEN_LADDER = {f"escalation.up.{rung}": point(0.0) for rung in RUNGS}


def test_a_status_quo_year_gains_about_what_russia_gained_in_2025():
    outcomes = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    low, high = A_STATUS_QUO_YEAR_KM2
    assert low <= outcomes["battlefield.territory_km2"].median() <= high
    assert (outcomes["battlefield.ukraine_gaining_days"] == 0).mean() > 0.9


def test_a_ceasefire_holds_the_line_whoever_grows_stronger():
    """After a ceasefire neither Allied troops, training nor quiet supply lines move the line
    towards Ukraine: violations only nibble at it."""
    outcomes = coalition.simulate(scenario(SCENARIOS[3])).outcomes
    assert (outcomes["battlefield.territory_km2"] >= 0).all()
    assert (outcomes["battlefield.ukraine_gaining_days"] == 0).all()


def test_a_contingent_that_trains_and_fights_frees_troops_only_with_its_fighting_share():
    combat = ContingentPlan(0, 0, 900.0, 0, frozenset({Role.COMBAT}))
    both = ContingentPlan(0, 0, 900.0, 0, frozenset({Role.COMBAT, Role.TRAINING, Role.LOGISTICS}))
    trainers = ContingentPlan(0, 0, 900.0, 0, frozenset({Role.TRAINING}))
    rate = {
        name: release_rates(plan, np.array([0.9]), np.array([0.3]))[0]
        for name, plan in (("combat", combat), ("both", both), ("trainers", trainers))
    }
    assert rate["combat"] == pytest.approx(0.9)
    assert rate["both"] == pytest.approx(0.9 / 3 + 0.3 / 3)
    assert rate["trainers"] == 0


def test_delays_at_the_edge_of_what_they_allow_stay_finite():
    quick = {
        "battlefield.mobilisation_days": point(0.01),
        "battlefield.tempo_days": point(0.01),
        "battlefield.supply_memory_days": point(0.01),
        "training.course_days": point(0.01),
        "escalation.up.mobilisation": point(0.5),
    }
    outcomes = coalition.simulate(scenario(SCENARIOS[1], quick)).outcomes
    for column in (
        "battlefield.territory_km2",
        "battlefield.force_ratio_end",
        "training.trained_in_country",
        "training.interoperability_end",
    ):
        assert np.isfinite(outcomes[column]).all(), column


def test_a_ceasefire_all_but_freezes_the_front():
    at_war = coalition.simulate(scenario(SCENARIOS[3], context="war")).outcomes
    base = scenario(SCENARIOS[3])
    assert base.course_of_action.context == "ceasefire"
    ceasefire = coalition.simulate(base).outcomes
    assert (ceasefire["battlefield.territory_km2"].abs() <= 0.05 * 1.2 * 555 * 12 + 1).all()
    assert at_war["battlefield.territory_km2"].abs().median() > 10 * (
        ceasefire["battlefield.territory_km2"].abs().median()
    )


def test_allied_troops_behind_the_line_never_lose_ground_when_russia_does_not_respond():
    """With the ladder frozen, the mass deployment frees Ukrainian troops and its air defence
    protects supply: draw by draw, Russia gains no more than at the status quo."""
    status_quo = coalition.simulate(scenario(SCENARIOS[0], FROZEN_LADDER)).outcomes
    deployed = coalition.simulate(scenario(SCENARIOS[4], FROZEN_LADDER)).outcomes
    gained, baseline = (
        deployed["battlefield.territory_km2"],
        status_quo["battlefield.territory_km2"],
    )
    assert (gained <= baseline + 1e-9).all()
    assert gained.median() < 0.8 * baseline.median()
    assert (
        deployed["battlefield.force_ratio_end"] < status_quo["battlefield.force_ratio_end"]
    ).all()


def test_a_russian_mobilisation_tips_the_balance_back():
    calm = coalition.simulate(scenario(SCENARIOS[0], FROZEN_LADDER)).outcomes
    mobilising = {**FROZEN_LADDER, "escalation.up.mobilisation": point(0.05)}
    mobilised = coalition.simulate(scenario(SCENARIOS[0], mobilising)).outcomes
    assert (
        mobilised["battlefield.force_ratio_end"] >= calm["battlefield.force_ratio_end"] - 1e-12
    ).all()
    assert mobilised["battlefield.territory_km2"].mean() > calm["battlefield.territory_km2"].mean()


def test_ground_ukraine_retakes_provokes_russia():
    """When the balance tips to Ukraine (a mass deployment freeing many Ukrainians against a small
    Russian edge that no mobilisation restores), the weight of the battlefield trend on Russia's
    lower rungs is what raises them."""
    tipped = {
        "battlefield.reference_advantage": point(0.1),
        "battlefield.release_combat": point(1.0),
        "battlefield.ukraine_front_troops": point(250_000),
        "battlefield.mobilisation_gain": point(0.0),
    }
    weight = "escalation.weight.ukrainian_advance.nuclear_signalling-mobilisation"
    lower_rungs = [
        RUNGS.index(r) for r in ("nuclear_signalling", "intensified_strikes", "mobilisation")
    ]
    active_days = {}
    for value in (0.0, 1.5):
        data = scenario(SCENARIOS[4], {**tipped, weight: point(value)})
        model = build_model(data)
        trace = run_chunk(model, data.seed, 0, data.draws, trace=True).trace
        if value == 0.0:
            regained = trace["battlefield.territory_km2"][-1] < 0
            assert regained.mean() > 0.5, "Ukraine regains ground"
        active_days[value] = trace["escalation.active"][:, :, lower_rungs].sum()
    assert active_days[1.5] > 1.1 * active_days[0.0]
