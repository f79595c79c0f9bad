"""Executing the deployment under uncertainty: closures re-route troops and slow them, gauge breaks
add their transshipment days, and the force runs short of supplies when the crossings cannot carry
both the supplies and the reinforcements."""

from __future__ import annotations

import numpy as np

import coalition
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS


def with_assumptions(scenario: Scenario, **values: float) -> Scenario:
    data = scenario.model_dump()
    data["assumptions"] = {
        name.replace("__", "."): {"dist": "point", "value": value, "source": "test"}
        for name, value in values.items()
    }
    data["draws"], data["horizon_days"] = 300, 200
    return Scenario.model_validate(data)


def test_closing_crossings_reroutes_troops_and_slows_the_deployment():
    base = coalition.load_scenario(SCENARIOS[4])
    calm = coalition.simulate(
        with_assumptions(
            base,
            logistics__closure_hazard_crossing=0.0,
            logistics__closure_hazard_hub=0.0,
            logistics__node_hit_share=0.0,
        )
    )
    rough = coalition.simulate(
        with_assumptions(
            base,
            logistics__closure_hazard_crossing=0.2,
            logistics__closure_hazard_hub=0.2,
            logistics__closure_days=5,
        )
    )
    calm_days = calm.outcomes["logistics.day_50pct_arrived"]
    rough_days = rough.outcomes["logistics.day_50pct_arrived"]
    assert rough_days.mean() > calm_days.mean() + 5
    assert rough.outcomes["logistics.rerouted_troops"].mean() > 0


def test_strikes_that_get_through_to_logistics_targets_close_crossings_and_hubs():
    base = coalition.load_scenario(SCENARIOS[4])
    calm = {"logistics__closure_hazard_crossing": 0.0, "logistics__closure_hazard_hub": 0.0}
    spared = coalition.simulate(with_assumptions(base, **calm, logistics__node_hit_share=0.0))
    struck = coalition.simulate(with_assumptions(base, **calm, logistics__node_hit_share=0.2))
    assert (
        struck.outcomes["logistics.day_50pct_arrived"].mean()
        > spared.outcomes["logistics.day_50pct_arrived"].mean() + 10
    )


def test_a_gauge_break_adds_its_transshipment_days():
    """One contingent forced through Przemysl-Mostyska, where the gauge changes."""
    data = coalition.load_scenario(SCENARIOS[1]).model_dump()
    data["course_of_action"]["contingents"] = [
        {
            "country": "DE",
            "troops": 100,
            "roles": ["training"],
            "zone": "far_west",
            "start_day": 0,
            "route": "xing.przemysl-mostyska",
        }
    ]
    scenario = Scenario.model_validate(data)
    fast = coalition.simulate(
        with_assumptions(
            scenario,
            logistics__transshipment_days=0,
            logistics__closure_hazard_crossing=0.0,
            logistics__closure_hazard_hub=0.0,
        )
    )
    slow = coalition.simulate(
        with_assumptions(
            scenario,
            logistics__transshipment_days=4,
            logistics__closure_hazard_crossing=0.0,
            logistics__closure_hazard_hub=0.0,
        )
    )
    np.testing.assert_array_equal(
        slow.outcomes["logistics.closure_day"], fast.outcomes["logistics.closure_day"] + 4
    )


def test_the_force_runs_short_when_the_crossings_cannot_carry_its_supplies():
    base = coalition.load_scenario(SCENARIOS[4])
    heavy = coalition.simulate(
        with_assumptions(
            base, logistics__demand__fuel__combat=2000.0, logistics__demand__fuel__other=2000.0
        )
    )
    assert heavy.outcomes["logistics.shortfall_zone_days"].mean() > 0
    ratio = heavy.trajectory("logistics.supply_ratio")
    assert ((ratio >= 0) & (ratio <= 1)).all().all()
    normal = coalition.simulate(with_assumptions(base))
    assert (normal.outcomes["logistics.shortfall_zone_days"] == 0).mean() > 0.9
