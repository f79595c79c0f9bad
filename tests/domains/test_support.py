"""Force support: a zone with too few beds is over capacity until its engineers build camps, and
hospital beds overflow when the wounded outnumber them."""

from __future__ import annotations

import numpy as np

import coalition
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS


def scenario_with(contingents: list[dict], **values: float) -> Scenario:
    data = coalition.load_scenario(SCENARIOS[1]).model_dump()
    data["course_of_action"]["contingents"] = contingents
    data["draws"], data["horizon_days"] = 200, 120
    data["assumptions"] = {
        name.replace("__", "."): {"dist": "point", "value": value, "source": "test"}
        for name, value in values.items()
    }
    return Scenario.model_validate(data)


def test_engineers_end_a_housing_shortage_that_trainers_alone_cannot():
    trainers = [{"country": "UK", "troops": 3000, "roles": ["training"], "zone": "far_west"}]
    engineers = [{"country": "UK", "troops": 3000, "roles": ["engineering"], "zone": "far_west"}]
    tight = {"support__existing_beds__far_west": 1000.0}
    without = coalition.simulate(scenario_with(trainers, **tight))
    with_camps = coalition.simulate(scenario_with(engineers, **tight))
    days_without = without.outcomes["support.housing_over_days.far_west"]
    days_with = with_camps.outcomes["support.housing_over_days.far_west"]
    assert (days_without > 60).all()
    assert (days_with < days_without).all()


def test_hospital_beds_overflow_when_the_wounded_outnumber_them():
    force = [{"country": "FR", "troops": 20000, "roles": ["combat"], "zone": "near_front"}]
    few_beds = coalition.simulate(scenario_with(force, support__role2_beds_per_1000=0.01))
    many_beds = coalition.simulate(scenario_with(force, support__role2_beds_per_1000=50.0))
    few, many = (r.outcomes["support.medical_over_days"] for r in (few_beds, many_beds))
    assert few.mean() > many.mean()
    # beds leave with a withdrawing contingent, so even a generous force can overflow at the end
    assert (many == 0).mean() > 0.9
    occupied = few_beds.trajectory("support.beds_occupied").to_numpy()
    assert (occupied >= 0).all()
    assert np.isfinite(few_beds.outcomes["support.peak_bed_occupancy"]).all()
