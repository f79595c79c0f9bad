"""Ukraine's power grid for one draw.

Each day the drones and missiles that got through to energy targets destroy generation (each
weapon its own GW per hit, never more than is left); a share of what was destroyed comes back.
Demand is the winter peak less the summer drop times the season (0 in mid-January, 1 half a year
on). The share of demand that generation and imports cannot cover is shed across the country
(24 hours times that share); each zone adds its local outages, which build up with hits on its
energy targets and clear at a constant rate; no zone is out more than 24 hours.
"""

from __future__ import annotations

import datetime as dt
import math

from coalition.engine.setup import Setup

from .values import Noise, Params, State

NAME = "grid"
READS = ("strikes.leaked",)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE: tuple[str, ...] = ()


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    zones = len(setup.zones)
    return {
        "grid.destroyed_gw": 0.0,
        "grid.available_gw": params.get("grid.available_gw_start", 0.0),
        "grid.min_available_gw": math.inf,
        "grid.local_hours": [0.0] * zones,
        "grid.outage_hours": [0.0] * zones,
        "grid.outage_days": [0.0] * zones,
        "grid.destroyed_total_gw": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    weapons = list(setup.world.arsenal.weapons)
    energy = list(setup.world.arsenal.targets).index("energy")
    zones = range(len(setup.zones))
    hits = [[inputs["strikes.leaked"][k][energy][z] for z in zones] for k in range(len(weapons))]

    start = params["grid.available_gw_start"]
    damage = sum(
        sum(hits[k]) * params[f"grid.gw_per_hit.{weapon}"] for k, weapon in enumerate(weapons)
    )
    damage = min(damage, start - state["grid.destroyed_gw"])
    destroyed = state["grid.destroyed_gw"] * (1.0 - params["grid.repair_per_day"]) + damage
    available = start - destroyed

    begin = setup.scenario.start_date
    day_of_year = (begin - dt.date(begin.year, 1, 1)).days + day
    season = (1.0 - math.cos(2.0 * math.pi * (day_of_year - 15) / 365.25)) / 2.0
    demand = params["grid.winter_peak_gw"] * (1.0 - params["grid.summer_drop"] * season)
    short = max(1.0 - (available + params["grid.imports_gw"]) / demand, 0.0)
    clearing = math.exp(-1.0 / params["grid.local_recovery_days"])
    local = [
        state["grid.local_hours"][z] * clearing
        + sum(hits[k][z] for k in range(len(weapons))) * params["grid.local_hours_per_hit"]
        for z in zones
    ]
    outage = [min(24.0 * short + hours, 24.0) for hours in local]

    state["grid.destroyed_gw"] = destroyed
    state["grid.destroyed_total_gw"] += damage
    state["grid.available_gw"] = available
    state["grid.min_available_gw"] = min(state["grid.min_available_gw"], available)
    state["grid.local_hours"] = local
    state["grid.outage_hours"] = outage
    state["grid.outage_days"] = [
        days + hours / 24.0 for days, hours in zip(state["grid.outage_days"], outage, strict=True)
    ]


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    days = state["grid.outage_days"]
    out = {
        "grid.min_available_gw": state["grid.min_available_gw"],
        "grid.available_gw_end": state["grid.available_gw"],
        "grid.destroyed_total_gw": state["grid.destroyed_total_gw"],
        "grid.outage_hours_per_day": sum(days) / len(days) * 24.0 / setup.horizon,
    }
    for z, zone in enumerate(setup.zones):
        out[f"grid.outage_days.{zone}"] = days[z]
    return {name: float(value) for name, value in out.items()}
