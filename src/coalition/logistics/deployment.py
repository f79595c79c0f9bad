"""A course of action's deployment plan on its world's network, and the bottlenecks that slow it.

Capacities are the central values of their distributions (the planner is deterministic; the
engine's logistics component samples them). A bottleneck is a link that ran full on some day; what
it costs is how many days sooner every contingent would have arrived without its limit.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from coalition.logistics.planner import Demand, Link, Plan, solve_until_closed
from coalition.spec.scenario import Role, Scenario
from coalition.world.pack import World, load_world


@dataclass(frozen=True)
class Bottleneck:
    link: Link
    saturated_days: int
    days_lost: float  # closure of all troops, with the limit minus without it


def links_of(world: World) -> list[Link]:
    """The network's edges with the central values of their capacities."""
    return [
        Link(
            e.start,
            e.end,
            e.days,
            e.people.central if e.people is not None else math.inf,
            e.tonnes.central if e.tonnes is not None else math.inf,
        )
        for e in world.network.edges
    ]


def demands_of(scenario: Scenario, world: World) -> list[Demand]:
    """One demand per contingent: its troops and their cargo from home to the destination zone."""
    network = world.network
    cargo = network.cargo_tonnes_per_soldier
    return [
        Demand(
            label=f"{c.country}-{i} ({c.troops:,} to {c.zone})",
            home=network.home_node(c.country),
            destination=network.zone_node(c.zone),
            troops=float(c.troops),
            tonnes_per_soldier=(
                cargo["combat"] if Role.COMBAT in c.roles else cargo["other"]
            ).central,
            start_day=c.start_day,
            way_in=c.route,
        )
        for i, c in enumerate(scenario.course_of_action.contingents)
        if c.troops > 0
    ]


def plan_deployment(scenario: Scenario, horizon: int | None = None) -> Plan:
    """The time-phased plan of a scenario's contingents over `horizon` days (default: its own)."""
    world = load_world(scenario.world)
    return solve_until_closed(
        links_of(world), demands_of(scenario, world), horizon or scenario.horizon_days
    )


def bottlenecks(plan: Plan) -> list[Bottleneck]:
    """Links that ran full on some day, with the days each one costs the whole deployment."""
    closure = plan.closure_day(1.0)
    found = []
    for e, link in enumerate(plan.links):
        days = plan.saturated_days(e)
        if not days:
            continue
        relaxed = list(plan.links)
        relaxed[e] = dataclasses.replace(link, people=math.inf, tonnes=math.inf)
        without = solve_until_closed(relaxed, plan.demands, plan.horizon).closure_day(1.0)
        if math.isnan(closure):
            lost = math.inf if not math.isnan(without) else math.nan
        else:
            lost = closure - without
        found.append(Bottleneck(link, days, lost))
    return sorted(
        found, key=lambda b: (-b.days_lost if not math.isnan(b.days_lost) else 0, -b.saturated_days)
    )
