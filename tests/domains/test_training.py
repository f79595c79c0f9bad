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


def test_a_status_quo_year_trains_abroad_at_the_pace_of_interflex_and_eumam():
    outcomes = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    # Interflex 1,400-1,900 and EUMAM 2,500-3,000 a month: 3,900-4,900 together
    per_month = outcomes["training.trained_abroad"] * DAYS_PER_MONTH / 365
    assert per_month.between(3900, 4900).all()
    assert (outcomes["training.trained_in_country"] == 0).all()
    # the force keeps its trained soldiers and adds some: the index creeps up a few points a year
    assert 0 < outcomes["training.interoperability_gain"].median() < 5


def test_trainers_in_ukraine_add_courses_and_interoperability():
    status_quo = coalition.simulate(scenario(SCENARIOS[0])).outcomes
    mission = coalition.simulate(scenario(SCENARIOS[1])).outcomes
    assert (mission["training.trained_in_country"] > 10_000).all()
    gained = (
        mission["training.interoperability_gain"] - status_quo["training.interoperability_gain"]
    )
    assert (gained > 0).all(), "common random numbers: every draw gains"
    assert (mission["training.units_ready"] > status_quo["training.units_ready"]).all()


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
