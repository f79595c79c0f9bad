"""The deployment planner: capacities are never exceeded, troops are conserved, arrival days match
what a hand calculation gives, and a closed crossing is routed around."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import coalition
from coalition.logistics.deployment import bottlenecks, plan_deployment
from coalition.logistics.planner import Demand, Link, PlanError, solve
from tests.cli.test_commands import coalition as run_cli
from tests.conftest import SCENARIOS


def one_crossing(capacity: float = 100.0) -> list[Link]:
    return [Link("home", "border", 0), Link("border", "zone", 1, people=capacity)]


def test_one_crossing_closes_on_the_day_a_hand_calculation_gives():
    """1,000 troops, 100 a day across a one-day link from day 0: the last 100 cross on day 9 and
    arrive on day 10; half have arrived on day 5 (days 0-4 crossed, arriving on days 1-5)."""
    plan = solve(one_crossing(), [Demand("A", "home", "zone", 1000, 5.0, 0)], horizon=30)
    assert plan.closure_day(1.0) == 10
    assert plan.closure_day(0.5) == 5
    assert plan.closure_day(0.9) == 9
    np.testing.assert_allclose(plan.arrivals[0, 1:11], 100)


def test_a_tonnage_limit_binds_like_a_people_limit():
    """200 t a day at 4 t a soldier is 50 soldiers a day: 500 troops arrive on day 10."""
    links = [Link("home", "border", 0), Link("border", "zone", 1, tonnes=200)]
    plan = solve(links, [Demand("A", "home", "zone", 500, 4.0, 0)], horizon=30)
    assert plan.closure_day(1.0) == 10


def test_a_late_start_delays_arrival_by_as_much():
    plan = solve(one_crossing(), [Demand("A", "home", "zone", 1000, 5.0, 7)], horizon=30)
    assert plan.closure_day(1.0) == 17


def test_contingents_share_a_crossing_without_exceeding_it():
    demands = [Demand("A", "home", "zone", 600, 5.0, 0), Demand("B", "home", "zone", 400, 5.0, 0)]
    plan = solve(one_crossing(), demands, horizon=30)
    assert plan.people[1].max() <= 100 + 1e-6
    assert plan.closure_day(1.0) == 10


def two_crossings(main: float) -> list[Link]:
    return [
        Link("home", "main", 0),
        Link("home", "side", 0),
        Link("main", "zone", 1, people=main),
        Link("side", "zone", 3, people=50),
    ]


def test_when_the_main_crossing_closes_the_troops_go_round_it():
    demand = [Demand("A", "home", "zone", 500, 5.0, 0)]
    open_plan = solve(two_crossings(main=500), demand, horizon=40)
    closed_plan = solve(two_crossings(main=0), demand, horizon=40)
    assert open_plan.closure_day(1.0) == 1
    assert closed_plan.people[2].sum() == pytest.approx(0)
    assert closed_plan.people[3].sum() == pytest.approx(500)
    # 50 a day over three days' transit: the last 50 leave on day 9 and arrive on day 12
    assert closed_plan.closure_day(1.0) == 12


def test_troops_that_cannot_arrive_in_the_horizon_are_reported_not_lost():
    plan = solve(one_crossing(capacity=10), [Demand("A", "home", "zone", 1000, 5.0, 0)], 20)
    assert math.isnan(plan.closure_day(1.0))
    assert plan.arrived[0, -1] == pytest.approx(10 * 19)


def test_an_unreachable_destination_names_the_contingent():
    with pytest.raises(PlanError, match="contingent A: no path in the network from home to moon"):
        solve(one_crossing(), [Demand("A", "home", "moon", 10, 1.0, 0)], horizon=10)


@pytest.fixture(scope="module")
def mass_plan():
    scenario = coalition.load_scenario(SCENARIOS[4])
    return plan_deployment(scenario, horizon=150)


def test_the_shipped_mass_deployment_closes_within_the_horizon(mass_plan):
    assert mass_plan.closure_day(1.0) < 150
    for k, demand in enumerate(mass_plan.demands):
        assert mass_plan.arrived[k, -1] == pytest.approx(demand.troops, rel=1e-6)
        assert mass_plan.closure_day(1.0, k) >= demand.start_day


def test_no_link_carries_more_than_its_capacity_on_any_day(mass_plan):
    for e, link in enumerate(mass_plan.links):
        assert (mass_plan.people[e] <= link.people * (1 + 1e-6) + 1e-6).all(), link.name
        assert (mass_plan.tonnes[e] <= link.tonnes * (1 + 1e-6) + 1e-6).all(), link.name


def test_troops_are_conserved_at_every_node(mass_plan):
    """At a node that is neither a home nor a destination, nothing leaves before it has arrived,
    and everything that arrives leaves."""
    ends = {d.home for d in mass_plan.demands} | {d.destination for d in mass_plan.demands}
    nodes = {link.start for link in mass_plan.links} - ends
    horizon = mass_plan.horizon
    for node in nodes:
        inflow, outflow = np.zeros(horizon + 60), np.zeros(horizon)
        for e, link in enumerate(mass_plan.links):
            if link.end == node:
                inflow[link.days : link.days + horizon] += mass_plan.people[e]
            if link.start == node:
                outflow += mass_plan.people[e]
        assert (np.cumsum(outflow) <= np.cumsum(inflow[:horizon]) + 1e-4).all(), node
        assert outflow.sum() == pytest.approx(inflow.sum(), abs=1e-4), node


def test_bottlenecks_are_full_links_with_the_days_they_cost(mass_plan):
    found = bottlenecks(mass_plan)
    assert found
    assert all(b.saturated_days > 0 for b in found)
    assert max(b.days_lost for b in found) > 0
    assert [b.days_lost for b in found] == sorted((b.days_lost for b in found), reverse=True)


def test_plan_json_gives_closures_links_and_bottlenecks():
    done = run_cli("plan", SCENARIOS[1], "--json", "--horizon", "60")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert set(plan) == {
        "horizon_days",
        "problem",
        "closure_days",
        "contingents",
        "links",
        "bottlenecks",
    }
    assert plan["closure_days"]["100%"] is not None
    assert len(plan["contingents"]) == 9
    assert plan["problem"]["variables"] > 0


def test_plan_prints_tables():
    done = run_cli("plan", SCENARIOS[3], "--horizon", "90", "--no-bottlenecks")
    assert done.returncode == 0, done.stderr
    assert "all troops" in done.stdout
    assert "Links carrying troops" in done.stdout


def test_a_named_way_in_is_the_only_one_used():
    demand = Demand("A", "home", "zone", 500, 5.0, 0, way_in="side")
    plan = solve(two_crossings(main=500), [demand], horizon=40)
    assert plan.people[2].sum() == pytest.approx(0)
    assert plan.closure_day(1.0) == 12  # as if the main crossing were closed


def test_a_way_in_that_leads_nowhere_names_the_contingent():
    with pytest.raises(PlanError, match=r"contingent A: no path .* through nowhere"):
        solve(
            two_crossings(main=500),
            [Demand("A", "home", "zone", 10, 1.0, 0, way_in="nowhere")],
            horizon=10,
        )
