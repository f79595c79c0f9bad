"""Allied casualties for one draw, from each contingent's exposure in its zone.

A contingent's expected deaths a day are its troops times its zone's death rate; near the front the
rate is scaled by posture. Once Russia strikes Allied forces (yesterday's rung) every rate is
multiplied, up to the clash rate, and in a sustained direct clash troops near the front die at the
clash rate.
Deaths per country are Poisson counts. Combat troops near the front inflict Russian casualties when
posture or rules of engagement let them fight, or when a clash forces them to.
"""

from __future__ import annotations

from coalition.engine.setup import Setup
from coalition.spec.scenario import Posture, Role, RulesOfEngagement

from .poisson import poisson
from .values import Noise, Params, State

NAME = "exposure"
READS = ("troops.by_contingent", "logistics.supply_ratio")
READS_LAGGED = ("escalation.rung",)
DISCRETE = ("exposure.deaths_by_country", "exposure.deaths_today", "exposure.attacked_today")


def channels(setup: Setup) -> dict[str, int]:
    return {"deaths": len(setup.countries)}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def rung_number(setup: Setup, rung_id: str) -> int:
    """Rungs count from 1; rung 0 is the status quo."""
    return [rung.id for rung in setup.world.ladder.rungs].index(rung_id) + 1


def may_fight(setup: Setup) -> bool:
    coa = setup.scenario.course_of_action
    return (
        coa.posture is Posture.OFFENSIVE
        or coa.rules_of_engagement is RulesOfEngagement.ENGAGE_HOSTILE_FORCES
    )


def init(setup: Setup, params: Params) -> State:
    countries = len(setup.countries)
    return {
        "exposure.deaths_by_country": [0.0] * countries,
        "exposure.deaths_today": [0.0] * countries,
        "exposure.attacked_today": [False] * countries,
        "exposure.wounded_by_country": [0.0] * countries,
        "exposure.russian_casualties_inflicted": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    rung = inputs["escalation.rung"]
    struck = rung >= rung_number(setup, "strikes_on_allied_forces")
    clash = rung >= rung_number(setup, "direct_clash")

    expected = [0.0] * len(setup.countries)
    in_contact = 0.0
    troops_by_contingent = inputs["troops.by_contingent"]
    for plan, troops in zip(setup.contingents, troops_by_contingent, strict=True):
        zone = setup.zones[plan.zone]
        near_front = zone == "near_front"
        rate = params[f"exposure.death_rate.{zone}"]
        if near_front:
            rate *= params["exposure.posture_multiplier"]
        if struck:
            rate = min(
                rate * params["exposure.struck_multiplier"],
                params["exposure.clash_rate_near_front"],
            )
        if clash and near_front:
            rate = params["exposure.clash_rate_near_front"]
        expected[plan.country] += troops * rate
        if Role.COMBAT in plan.roles and near_front and (may_fight(setup) or clash):
            in_contact += troops
    supplied = inputs["logistics.supply_ratio"][setup.zones.index("near_front")]
    in_contact *= params["exposure.contact_share"] * supplied

    deaths = [poisson(u, lam) for u, lam in zip(noise["deaths"], expected, strict=True)]
    wounded_per_death = params["exposure.wounded_per_death"]
    state["exposure.deaths_today"] = deaths
    state["exposure.attacked_today"] = [count > 0 and struck for count in deaths]
    state["exposure.deaths_by_country"] = [
        total + count
        for total, count in zip(state["exposure.deaths_by_country"], deaths, strict=True)
    ]
    state["exposure.wounded_by_country"] = [
        total + count * wounded_per_death
        for total, count in zip(state["exposure.wounded_by_country"], deaths, strict=True)
    ]
    state["exposure.russian_casualties_inflicted"] += (
        in_contact * params["exposure.inflicted_per_contact_day"]
    )


def outcomes(setup: Setup, state: State) -> dict[str, float]:
    out = {
        "exposure.allied_deaths": sum(state["exposure.deaths_by_country"]),
        "exposure.allied_wounded": sum(state["exposure.wounded_by_country"]),
        "exposure.russian_casualties_inflicted": state["exposure.russian_casualties_inflicted"],
    }
    return {name: float(value) for name, value in out.items()}
