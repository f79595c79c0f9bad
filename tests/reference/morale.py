"""Morale of civilians and soldiers for one draw.

Recent conditions are exponential averages (weight 1 - e^(-1/memory_days) on today): outage hours
(mean over zones), civilians killed, weapons launched and destroyed; they start at the 2025
reference levels. Each index moves 1 - e^(-1/adjust_days) of the way to its target, clipped to
0-100. Both targets: the baseline, plus the interception effect, less the fear effects (Russia
striking Allied forces; the war reaching NATO territory or nuclear use). Civilians also lose with
outages and the log2 of the death toll against 2025's, and gain with Allied troops in Ukraine;
soldiers gain with Allied troops near the front.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup

from .values import Noise, Params, State

NAME = "morale"
READS = (
    "grid.outage_hours",
    "civilians.killed_today",
    "strikes.launched",
    "strikes.leaked",
    "troops.in_theatre",
    "troops.by_zone",
    "escalation.rung",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE: tuple[str, ...] = ()


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    baseline = params.get("morale.baseline", 0.0)
    return {
        "morale.civilian": baseline,
        "morale.soldier": baseline,
        "morale.civilian_low": baseline,
        "morale.outage_hours": params.get("morale.reference_outage_hours", 0.0),
        "morale.killed_per_day": params.get("morale.reference_civilians_killed_per_day", 0.0),
        "morale.launched": 1.0,
        "morale.intercepted": params.get("morale.reference_interception", 0.0),
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    remember = 1.0 - math.exp(-1.0 / params["morale.memory_days"])
    outages = inputs["grid.outage_hours"]
    launched = sum(n for weapon in inputs["strikes.launched"] for row in weapon for n in row)
    leaked = sum(n for weapon in inputs["strikes.leaked"] for row in weapon for n in row)
    today = {
        "morale.outage_hours": sum(outages) / len(outages),
        "morale.killed_per_day": sum(inputs["civilians.killed_today"]),
        "morale.launched": launched,
        "morale.intercepted": launched - leaked,
    }
    for name, value in today.items():
        state[name] += remember * (value - state[name])
    reference = params["morale.reference_interception"]
    launched = state["morale.launched"]
    interception = state["morale.intercepted"] / launched if launched > 0 else reference

    rung = inputs["escalation.rung"]
    shared = (
        params["morale.baseline"]
        + params["morale.interception_points"] * (interception - reference) / 0.1
    )
    if rung >= setup.world.ladder.number("strikes_on_allied_forces"):
        shared -= params["morale.fear_central_theatre_points"]
    if rung >= setup.world.ladder.number("horizontal_escalation"):
        shared -= params["morale.fear_nuclear_points"]

    civilian_target = (
        shared
        - params["morale.outage_points_per_hour"]
        * (state["morale.outage_hours"] - params["morale.reference_outage_hours"])
        - params["morale.deaths_points"]
        * math.log2(
            (1.0 + state["morale.killed_per_day"])
            / (1.0 + params["morale.reference_civilians_killed_per_day"])
        )
        + params["morale.presence_points"] * math.log10(1.0 + inputs["troops.in_theatre"] / 1000.0)
    )
    near_front = inputs["troops.by_zone"][setup.zones.index("near_front")]
    soldier_target = shared + params["morale.front_presence_points"] * math.log10(
        1.0 + near_front / 1000.0
    )
    adjust = 1.0 - math.exp(-1.0 / params["morale.adjust_days"])
    for name, target in (("morale.civilian", civilian_target), ("morale.soldier", soldier_target)):
        state[name] += adjust * (min(max(target, 0.0), 100.0) - state[name])
    state["morale.civilian_low"] = min(state["morale.civilian_low"], state["morale.civilian"])


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    return {
        "morale.civilian_end": state["morale.civilian"],
        "morale.civilian_low": state["morale.civilian_low"],
        "morale.soldier_end": state["morale.soldier"],
    }
