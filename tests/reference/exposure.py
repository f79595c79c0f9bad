"""Allied casualties for one draw: non-battle deaths, front-line fire, hits on Allied positions and
a direct clash.

A contingent's expected deaths a day are its troops times the non-battle rate, plus (during the
war, near the front) the front-line rate scaled by posture, or the clash rate in a sustained clash
(yesterday's rung); plus its share, by troops, of the strikes that got through to Allied positions
in its zone times the deaths per hit. Deaths per country are Poisson counts. A country is attacked
when hits land on its positions or it has troops near the front in a clash. Combat troops near the
front inflict Russian casualties when posture or rules of engagement let them fight, or when a
clash forces them to.
"""

from __future__ import annotations

from coalition.engine.setup import Setup
from coalition.spec.scenario import Context, Posture, Role, RulesOfEngagement

from .poisson import poisson
from .values import Noise, Params, State

NAME = "exposure"
READS = ("troops.by_contingent", "troops.by_zone", "logistics.supply_ratio", "strikes.leaked")
READS_LAGGED = ("escalation.rung",)
DISCRETE = (
    "exposure.deaths_by_country",
    "exposure.attacked_today",
    "exposure.hits_on_allied",
)


def channels(setup: Setup) -> dict[str, int]:
    return {"deaths": len(setup.countries)}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


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
        "exposure.hostile_deaths_today": [0.0] * countries,
        "exposure.attacked_today": [False] * countries,
        "exposure.wounded_by_country": [0.0] * countries,
        "exposure.hits_on_allied": 0.0,
        "exposure.russian_casualties_inflicted": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    clash = inputs["escalation.rung"] >= setup.world.ladder.number("direct_clash")
    war = setup.scenario.course_of_action.context is Context.WAR
    # the Allied row of each weapon: hits on Allied positions by zone
    hits = [
        sum(by_weapon[-1][z] for by_weapon in inputs["strikes.leaked"])
        for z in range(len(setup.zones))
    ]

    expected = [0.0] * len(setup.countries)
    nonbattle = [0.0] * len(setup.countries)
    attacked = [False] * len(setup.countries)
    in_contact = 0.0
    for plan, troops in zip(setup.contingents, inputs["troops.by_contingent"], strict=True):
        near_front = setup.zones[plan.zone] == "near_front"
        rate = params["exposure.nonbattle_rate"]
        if war and near_front:
            rate += params["exposure.front_rate"] * params["exposure.posture_multiplier"]
        if clash and near_front:
            rate = params["exposure.clash_rate_near_front"]
        in_zone = inputs["troops.by_zone"][plan.zone]
        hits_on = hits[plan.zone] * troops / in_zone if in_zone > 0 else 0.0
        expected[plan.country] += troops * rate + hits_on * params["exposure.deaths_per_hit"]
        nonbattle[plan.country] += troops * params["exposure.nonbattle_rate"]
        if hits_on > 0 or (clash and near_front and troops > 0):
            attacked[plan.country] = True
        if Role.COMBAT in plan.roles and near_front and (may_fight(setup) or clash):
            in_contact += troops
    supplied = inputs["logistics.supply_ratio"][setup.zones.index("near_front")]
    in_contact *= params["exposure.contact_share"] * supplied

    deaths = [poisson(u, lam) for u, lam in zip(noise["deaths"], expected, strict=True)]
    wounded_per_death = params["exposure.wounded_per_death"]
    state["exposure.hostile_deaths_today"] = [
        count * max(total - quiet, 0.0) / total if total > 0 else 0.0
        for count, total, quiet in zip(deaths, expected, nonbattle, strict=True)
    ]
    state["exposure.attacked_today"] = attacked
    state["exposure.deaths_by_country"] = [
        total + count
        for total, count in zip(state["exposure.deaths_by_country"], deaths, strict=True)
    ]
    state["exposure.wounded_by_country"] = [
        total + count * wounded_per_death
        for total, count in zip(state["exposure.wounded_by_country"], deaths, strict=True)
    ]
    state["exposure.hits_on_allied"] += sum(hits)
    state["exposure.russian_casualties_inflicted"] += (
        in_contact * params["exposure.inflicted_per_contact_day"]
    )


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    out = {
        "exposure.allied_deaths": sum(state["exposure.deaths_by_country"]),
        "exposure.allied_wounded": sum(state["exposure.wounded_by_country"]),
        "exposure.hits_on_allied": state["exposure.hits_on_allied"],
        "exposure.russian_casualties_inflicted": state["exposure.russian_casualties_inflicted"],
    }
    return {name: float(value) for name, value in out.items()}
