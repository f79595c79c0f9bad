"""Coordination for one draw: command complexity, friendly fire and airspace incidents.

Complexity is the command factor times log2(1 + nations present) + language_weight *
log2(languages they command in), or 0 with no nation present. Against the reference complexity it
scales the historical friendly-fire share q (at most one half): each country's expected
friendly-fire deaths are its hostile-fire deaths times q / (1 - q). On days Allied air defence
destroys anything, incidents with friendly aircraft are Poisson with the historical rate per fire
unit-month times the fire units present times the ratio; their deaths fall on the countries'
air-defence and air-policing troops in proportion. Deaths per country are Poisson counts.
"""

from __future__ import annotations

import math

from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Role

from .poisson import poisson
from .values import Noise, Params, State

NAME = "coordination"
READS = (
    "troops.by_contingent",
    "troops.by_country",
    "exposure.hostile_deaths_today",
    "strikes.fire_units",
    "strikes.allied_intercepted",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = (
    "coordination.peak_nations",
    "coordination.incidents",
    "coordination.deaths_by_country",
)


def channels(setup: Setup) -> dict[str, int]:
    return {"incidents": 1, "deaths": len(setup.countries)}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    countries = len(setup.countries)
    return {
        "coordination.complexity": 0.0,
        "coordination.complexity_days": 0.0,
        "coordination.peak_nations": 0.0,
        "coordination.incidents": 0.0,
        "coordination.deaths_by_country": [0.0] * countries,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    present = [
        code
        for code, troops in zip(setup.countries, inputs["troops.by_country"], strict=True)
        if troops > 0
    ]
    languages = {setup.world.contributor(code).language for code in present}
    complexity = 0.0
    if present:
        complexity = params["coordination.command_factor"] * (
            math.log2(1 + len(present))
            + params["coordination.language_weight"] * math.log2(len(languages))
        )
    ratio = complexity / params["coordination.reference_complexity"]
    share = min(params["coordination.fratricide_share"] * ratio, 0.5)

    incidents = 0
    if inputs["strikes.allied_intercepted"] > 0:
        rate = params["coordination.ad_incidents_per_fire_unit_month"] / DAYS_PER_MONTH
        incidents = poisson(noise["incidents"][0], rate * sum(inputs["strikes.fire_units"]) * ratio)
    crews = [0.0] * len(setup.countries)
    for plan, troops in zip(setup.contingents, inputs["troops.by_contingent"], strict=True):
        if {Role.AIR_DEFENCE, Role.AIR_POLICING} & plan.roles:
            crews[plan.country] += troops
    all_crews = sum(crews)
    deaths = []
    for k, hostile in enumerate(inputs["exposure.hostile_deaths_today"]):
        expected = hostile * share / (1.0 - share)
        if all_crews > 0:
            expected += (
                incidents * params["coordination.deaths_per_ad_incident"] * crews[k] / all_crews
            )
        deaths.append(poisson(noise["deaths"][k], expected))

    state["coordination.complexity"] = complexity
    state["coordination.complexity_days"] += complexity
    state["coordination.peak_nations"] = max(state["coordination.peak_nations"], len(present))
    state["coordination.incidents"] += incidents
    state["coordination.deaths_by_country"] = [
        a + b for a, b in zip(state["coordination.deaths_by_country"], deaths, strict=True)
    ]


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    return {
        "coordination.mean_complexity": state["coordination.complexity_days"] / setup.horizon,
        "coordination.peak_nations": float(state["coordination.peak_nations"]),
        "coordination.deconfliction_incidents": float(state["coordination.incidents"]),
        "coordination.friendly_fire_deaths": float(sum(state["coordination.deaths_by_country"])),
    }
