"""The balance along the front for one draw.

Ukraine's power against 2025's is the product of: 1 + Ukrainians freed / Ukrainian front-line
troops (a contingent's troops split evenly by role: those in combat free release_combat each,
those in other roles but training release_support); (1 + w I) / (1 + w I_start) with
w = quality_weight / 100 and I the interoperability index; ((1 + L_2025) / (1 + L))^k with L the
exponential average (weight 1 - e^(-1/supply_memory_days)) of weapons that got through to
logistics targets, starting at L_2025. Russia's power starts at 1 and moves 1 -
e^(-1/mobilisation_days) of the way each day to 1 + mobilisation_gain once the mobilisation rung
has been active (yesterday or before). The force ratio is (1 + reference_advantage) x Russia's
power / Ukraine's.

The pace of fighting: x <- phi x + sqrt(1 - phi^2) z (phi = e^(-1/tempo_days), z standard normal
from today's uniform, x starting at 0), a factor exp(sigma x - sigma^2 / 2). At war, Russia's gain
today is gain_km2_per_month / days in a month x (R^e - 1) / (R_2025^e - 1) x the pace. After a
ceasefire it is gain_km2_per_month / days in a month x ceasefire_factor x the pace, whatever the
ratio. The trend moves 1/30 of the way to the gain each day, starting at the pace of 2025 (with
the ceasefire factor).
"""

from __future__ import annotations

import math

from scipy.special import ndtri

from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Context, Role

from .values import Noise, Params, State

NAME = "battlefield"
READS = (
    "troops.by_contingent",
    "training.interoperability",
    "training.interoperability_start",
    "strikes.leaked",
)
READS_LAGGED = ("escalation.active",)
DISCRETE = ("battlefield.mobilised",)


def channels(setup: Setup) -> dict[str, int]:
    return {"tempo": 1}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def pace_of_2025(setup: Setup, params: Params) -> float:
    per_day = params["battlefield.gain_km2_per_month"] / DAYS_PER_MONTH
    if setup.scenario.course_of_action.context is not Context.WAR:
        per_day *= params["battlefield.ceasefire_factor"]
    return per_day


def init(setup: Setup, params: Params) -> State:
    return {
        "battlefield.tempo": 0.0,
        "battlefield.mobilised": False,
        "battlefield.logistics_hits": params["battlefield.reference_logistics_leakers_per_day"],
        "battlefield.russian_power": 1.0,
        "battlefield.force_ratio": 1.0 + params["battlefield.reference_advantage"],
        "battlefield.gain_km2": 0.0,
        "battlefield.territory_km2": 0.0,
        "battlefield.trend": pace_of_2025(setup, params),
        "battlefield.ukraine_gaining_days": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    freed = 0.0
    for plan, troops in zip(setup.contingents, inputs["troops.by_contingent"], strict=True):
        in_combat = plan.share({Role.COMBAT})
        in_support = 1.0 - plan.share({Role.COMBAT, Role.TRAINING})
        rate = (
            params["battlefield.release_combat"] * in_combat
            + params["battlefield.release_support"] * in_support
        )
        freed += troops * rate
    presence = 1.0 + freed / params["battlefield.ukraine_front_troops"]
    w = params["battlefield.quality_weight"] / 100.0
    quality = (1.0 + w * inputs["training.interoperability"]) / (
        1.0 + w * inputs["training.interoperability_start"]
    )
    logistics = list(setup.world.arsenal.targets).index("logistics")
    hits_today = sum(sum(weapon[logistics]) for weapon in inputs["strikes.leaked"])
    remember = 1.0 - math.exp(-1.0 / params["battlefield.supply_memory_days"])
    hits = state["battlefield.logistics_hits"]
    hits += remember * (hits_today - hits)
    reference = params["battlefield.reference_logistics_leakers_per_day"]
    supply = ((1.0 + reference) / (1.0 + hits)) ** params["battlefield.supply_elasticity"]

    mobilisation = setup.world.ladder.number("mobilisation") - 1
    mobilised = state["battlefield.mobilised"] or inputs["escalation.active"][mobilisation]
    target = 1.0 + params["battlefield.mobilisation_gain"] * mobilised
    russian = state["battlefield.russian_power"]
    phase_in = 1.0 - math.exp(-1.0 / params["battlefield.mobilisation_days"])
    russian += (target - russian) * phase_in

    ratio_2025 = 1.0 + params["battlefield.reference_advantage"]
    ratio = ratio_2025 * russian / (presence * quality * supply)
    persist = math.exp(-1.0 / params["battlefield.tempo_days"])
    tempo = persist * state["battlefield.tempo"] + math.sqrt(1.0 - persist**2) * float(
        ndtri(noise["tempo"][0])
    )
    sigma = params["battlefield.tempo_sigma"]
    pace = math.exp(sigma * tempo - 0.5 * sigma**2)
    e = params["battlefield.ratio_elasticity"]
    if setup.scenario.course_of_action.context is Context.WAR:
        gain = pace_of_2025(setup, params) * (ratio**e - 1.0) / (ratio_2025**e - 1.0) * pace
    else:
        gain = pace_of_2025(setup, params) * pace
    trend = state["battlefield.trend"]
    trend += (gain - trend) / 30.0

    state["battlefield.mobilised"] = mobilised
    state["battlefield.logistics_hits"] = hits
    state["battlefield.russian_power"] = russian
    state["battlefield.force_ratio"] = ratio
    state["battlefield.tempo"] = tempo
    state["battlefield.gain_km2"] = gain
    state["battlefield.territory_km2"] += gain
    state["battlefield.trend"] = trend
    state["battlefield.ukraine_gaining_days"] += trend < 0


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    return {
        "battlefield.territory_km2": state["battlefield.territory_km2"],
        "battlefield.force_ratio_end": state["battlefield.force_ratio"],
        "battlefield.ukraine_gaining_days": state["battlefield.ukraine_gaining_days"],
    }
