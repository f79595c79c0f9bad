"""Civilian harm for one draw.

In each zone, expected deaths today are the drones and missiles that got through to each target
class times that class's civilians killed per leaker, plus, during the war and near the front,
the front's daily toll. Deaths are Poisson counts; the strikes' part of them is their share of the
expected deaths; the injured are the deaths times the injured per killed.
"""

from __future__ import annotations

from coalition.engine.setup import Setup
from coalition.spec.scenario import Context

from .poisson import poisson
from .values import Noise, Params, State

NAME = "civilians"
READS = ("strikes.leaked",)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = ("civilians.killed_today", "civilians.killed")


def channels(setup: Setup) -> dict[str, int]:
    return {"killed": len(setup.zones)}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    zones = len(setup.zones)
    return {
        "civilians.killed_today": [0.0] * zones,
        "civilians.killed": [0.0] * zones,
        "civilians.killed_by_strikes": 0.0,
        "civilians.injured": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    targets = setup.world.arsenal.target_classes()
    war = setup.scenario.course_of_action.context is Context.WAR
    killed, by_strikes = [], 0.0
    for z, zone in enumerate(setup.zones):
        from_strikes = sum(
            by_weapon[t][z] * params[f"civilians.killed_per_leaker.{target}"]
            for by_weapon in inputs["strikes.leaked"]
            for t, target in enumerate(targets)
        )
        expected = from_strikes
        if war and zone == "near_front":
            expected += params["civilians.frontline_killed_per_day"]
        count = poisson(noise["killed"][z], expected)
        killed.append(count)
        by_strikes += count * from_strikes / expected if expected > 0 else 0.0
    state["civilians.killed_today"] = killed
    state["civilians.killed"] = [
        a + b for a, b in zip(state["civilians.killed"], killed, strict=True)
    ]
    state["civilians.killed_by_strikes"] += by_strikes
    state["civilians.injured"] += sum(killed) * params["civilians.injured_per_killed"]


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    killed = state["civilians.killed"]
    out = {
        "civilians.killed": sum(killed),
        "civilians.killed_by_strikes": state["civilians.killed_by_strikes"],
        "civilians.injured": state["civilians.injured"],
    }
    for z, zone in enumerate(setup.zones):
        out[f"civilians.killed.{zone}"] = killed[z]
    return {name: float(value) for name, value in out.items()}
