"""Training: programmes abroad go on at their sourced pace; Allied trainers in Ukraine add courses
and interoperability that outlast them; more trainers never train fewer."""

from __future__ import annotations

import numpy as np
import pytest

import coalition
from coalition.domains.training import carried_forward, daily_attrition
from coalition.engine.setup import DAYS_PER_MONTH
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS


def scenario(path, **changes) -> Scenario:
    data = coalition.load_scenario(path).model_dump()
    data.update(draws=200, horizon_days=365)
    data.update(changes)
    return Scenario.model_validate(data)


def with_trainers(base: Scenario, factor: float) -> Scenario:
    data = base.model_dump()
    for contingent in data["course_of_action"]["contingents"]:
        contingent["troops"] = round(contingent["troops"] * factor)
    return Scenario.model_validate(data)


def test_programmes_abroad_go_on_whatever_the_course_of_action():
    status_quo = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    deployed = coalition.simulate(scenario(SCENARIOS[4])).outcomes
    assert (status_quo["training.trained_abroad"] == deployed["training.trained_abroad"]).all()
    assert (status_quo["training.trained_in_country"] == 0).all()
    # the force keeps its trained soldiers and adds some: the index creeps up a few points a year
    assert 0 < status_quo["training.interoperability_gain"].median() < 5


def test_the_force_at_the_start_has_lost_some_of_those_trained_since_2022():
    """About 120,000 trained by February 2025 and 4,400 a month since: fewer serve at the start
    of 2027 than were ever trained, as the war's attrition has thinned them."""
    outcomes = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    start = outcomes["training.interoperability_end"] - outcomes["training.interoperability_gain"]
    ever_trained_share = 100 * (130_000 + 4_900 * 23) / 600_000
    assert (start < ever_trained_share).all()
    assert 10 < start.median() < 30


def test_trainers_in_ukraine_add_courses_and_interoperability():
    status_quo = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    mission = coalition.simulate(scenario(SCENARIOS[1])).outcomes
    assert (mission["training.trained_in_country"] > 10_000).all()
    gained = (
        mission["training.interoperability_gain"] - status_quo["training.interoperability_gain"]
    )
    assert (gained > 0).all(), "common random numbers: every draw gains"
    assert (
        mission["training.brigade_equivalents"] > status_quo["training.brigade_equivalents"]
    ).all()


def test_more_trainers_never_train_fewer():
    base = scenario(SCENARIOS[1], draws=100)
    runs = [coalition.simulate(with_trainers(base, f)).outcomes for f in (0.5, 1.0, 2.0)]
    trained = np.column_stack([r["training.trained_in_country"] for r in runs])
    assert (np.diff(trained, axis=1) >= 0).all()


def test_what_training_builds_outlasts_the_trainers():
    outcomes = coalition.simulate(scenario(SCENARIOS[1])).outcomes
    legacy = outcomes["training.in_country_legacy"]
    trained = outcomes["training.trained_in_country"]
    # attrition is at most 2.5 % a month, so a year on at least (1 - 0.025)^12 = 74 % still serve
    # of those serving at the end, and those are most of the ones trained
    assert (legacy > 0.5 * trained).all()


@pytest.mark.parametrize("per_month", [0.0, 0.012, 0.025, 0.3])
def test_the_stock_carried_forward_is_the_day_by_day_flow(per_month):
    leave = daily_attrition(np.array([per_month]))
    stock = np.array([100_000.0])
    for _ in range(700):
        stock = stock * (1 - leave) + 150.0
    np.testing.assert_allclose(
        carried_forward(np.array([100_000.0]), np.array([150.0]), leave, 700), stock, rtol=1e-10
    )
    month = 1 - (1 - leave) ** DAYS_PER_MONTH
    np.testing.assert_allclose(month, per_month, atol=1e-12)
