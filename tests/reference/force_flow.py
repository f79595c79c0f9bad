"""Force flow for one draw: contingents queue at their entry route, cross, travel and arrive.

Each day every route passes at most its capacity, serving its contingents first come (start day),
first served (as listed); crossed troops reach their zone `transit_days` later. A country that
withdrew yesterday sends no one more, and its troops leave at a steady pace over the withdrawal
period. Troops crossed but still travelling are kept in an arrival calendar of `lanes` days. The
days on which arrivals first reach half, 90 % and all of the committed troops are recorded.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup

from .values import Noise, Params, State

NAME = "force_flow"
READS: tuple[str, ...] = ()
READS_LAGGED = ("opinion.withdrawn",)
DISCRETE = ("force_flow.day_share_arrived",)

MILESTONES = (0.5, 0.9, 1.0)  # shares of committed troops whose arrival day is recorded
SLACK = 1e-6  # troops: "all arrived" tolerates the rounding of shared capacities


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def lanes(setup: Setup) -> int:
    """Length of the arrival calendar: the longest transit plus today."""
    return max((plan.transit_days for plan in setup.contingents), default=0) + 1


def queues(setup: Setup) -> dict[str, list[int]]:
    """Contingent indices by route, in the order the route serves them."""
    plans = setup.contingents
    served = sorted(range(len(plans)), key=lambda j: (plans[j].start_day, j))
    by_route: dict[str, list[int]] = {}
    for j in served:
        by_route.setdefault(plans[j].route, []).append(j)
    return by_route


def init(setup: Setup, params: Params) -> State:
    n_contingents = len(setup.contingents)
    return {
        "force_flow.waiting": [plan.troops for plan in setup.contingents],
        "force_flow.in_transit": [[0.0] * lanes(setup) for _ in range(n_contingents)],
        "troops.by_contingent": [0.0] * n_contingents,
        "troops.by_zone": [0.0] * len(setup.zones),
        "troops.by_country": [0.0] * len(setup.countries),
        "troops.in_theatre": 0.0,
        "force_flow.arrived": 0.0,
        "force_flow.peak_troops": 0.0,
        "force_flow.day_share_arrived": [math.nan] * len(MILESTONES),
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    plans, calendar_days = setup.contingents, lanes(setup)
    withdrawn = [inputs["opinion.withdrawn"][plan.country] for plan in plans]

    # Cross: a withdrawn country's troops stop waiting; each route serves its queue in turn.
    waiting = [
        0.0 if gone else troops
        for troops, gone in zip(state["force_flow.waiting"], withdrawn, strict=True)
    ]
    in_transit = [list(calendar) for calendar in state["force_flow.in_transit"]]
    for route, queue in queues(setup).items():
        capacity = params[f"force_flow.capacity.{route}"]
        for j in queue:
            if day < plans[j].start_day:
                continue
            crossing = min(waiting[j], capacity)
            waiting[j] -= crossing
            capacity -= crossing
            in_transit[j][(day + plans[j].transit_days) % calendar_days] += crossing

    # Arrive: today's lane of the calendar empties into the zones.
    lane = day % calendar_days
    theatre = list(state["troops.by_contingent"])
    arriving = [calendar[lane] for calendar in in_transit]
    for j, calendar in enumerate(in_transit):
        theatre[j] += arriving[j]
        calendar[lane] = 0.0
    arrived = state["force_flow.arrived"] + sum(arriving)

    # Leave: a withdrawn contingent shrinks by its full size / withdrawal days each day.
    for j, plan in enumerate(plans):
        if withdrawn[j]:
            leaving = plan.troops / params["force_flow.withdrawal_days"]
            theatre[j] = max(theatre[j] - leaving, 0.0)

    by_zone = [0.0] * len(setup.zones)
    by_country = [0.0] * len(setup.countries)
    for plan, troops in zip(plans, theatre, strict=True):
        by_zone[plan.zone] += troops
        by_country[plan.country] += troops
    total = sum(theatre)

    # Milestones: the first day arrivals reach each share of the troops committed (if any).
    committed = sum(plan.troops for plan in plans)
    reached = list(state["force_flow.day_share_arrived"])
    for k, share in enumerate(MILESTONES):
        if committed and math.isnan(reached[k]) and arrived >= share * committed - SLACK:
            reached[k] = day

    state["force_flow.waiting"] = waiting
    state["force_flow.in_transit"] = in_transit
    state["troops.by_contingent"] = theatre
    state["troops.by_zone"] = by_zone
    state["troops.by_country"] = by_country
    state["troops.in_theatre"] = total
    state["force_flow.arrived"] = arrived
    state["force_flow.peak_troops"] = max(state["force_flow.peak_troops"], total)
    state["force_flow.day_share_arrived"] = reached


def outcomes(setup: Setup, state: State) -> dict[str, float]:
    reached = state["force_flow.day_share_arrived"]
    out = {
        "force_flow.peak_troops": state["force_flow.peak_troops"],
        "force_flow.troops_end": state["troops.in_theatre"],
        "force_flow.day_50pct_arrived": reached[0],
        "force_flow.day_90pct_arrived": reached[1],
        "force_flow.closure_day": reached[2],
    }
    return {name: float(value) for name, value in out.items()}
