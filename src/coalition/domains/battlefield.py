"""The balance along the front, kept aggregate: a force ratio and the ground it moves.

The force ratio is Russia's effective combat power over Ukraine's, 1 + `reference_advantage` in
2025. Each side's power moves from there: Ukraine's with Allied troops who free Ukrainian ones
for the front (a share of each Allied soldier, by role), with the share of its force trained to
Allied procedures (the interoperability index, against its value at the start) and with supply
(drones and missiles that get through to logistics targets, against 2025's); Russia's with a new
mobilisation, whose troops reach the front over months and stay (both sides' losses are in the
2025 balance). Russia gains ground at 2025's pace at 2025's ratio, none at parity and loses
ground below it, as (R^e - 1) / (R_2025^e - 1), times a pace of fighting that surges and lulls (a
lognormal factor with memory). After a ceasefire the line holds whatever the ratio: violations
move it at a small share of 2025's pace. The trend, Russia's gain a day averaged over the last
month, is what escalation (and, later, diplomacy) reads.
"""

from __future__ import annotations

import math

import numpy as np

from coalition.engine.compiled import kernel, ndtri, total
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, ContingentPlan, Setup
from coalition.spec.scenario import Context, Role
from coalition.world.pack import ParametersPack

TREND_DAYS = 30.0  # the trend is the last month's


def release_rates(plan: ContingentPlan, combat: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Ukrainians freed per Allied soldier of a contingent, its troops split evenly by role: those
    in combat at the combat rate, those in other roles but training at the support rate."""
    in_combat = plan.share({Role.COMBAT})
    in_support = 1.0 - plan.share({Role.COMBAT, Role.TRAINING})
    return combat * in_combat + support * in_support


class BattlefieldPack(ParametersPack):
    FILE = "battlefield.yaml"
    NAMES = (
        "gain_km2_per_month",
        "reference_advantage",
        "ratio_elasticity",
        "tempo_sigma",
        "tempo_days",
        "ukraine_front_troops",
        "release_combat",
        "release_support",
        "quality_weight",
        "supply_elasticity",
        "reference_logistics_leakers_per_day",
        "supply_memory_days",
        "mobilisation_gain",
        "mobilisation_days",
        "ceasefire_factor",
    )


class Battlefield(Component):
    name = "battlefield"
    pack = BattlefieldPack
    reads = (
        "troops.by_contingent",
        "training.interoperability",
        "training.interoperability_start",
        "strikes.leaked",
    )
    reads_lagged = ("escalation.active",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.logistics = list(setup.world.arsenal.targets).index("logistics")
        self.mobilisation = setup.world.ladder.number("mobilisation") - 1
        self.at_war = setup.scenario.course_of_action.context is Context.WAR

    def owns(self) -> list[Variable]:
        return [
            Variable("battlefield.tempo"),
            Variable("battlefield.logistics_hits"),
            Variable("battlefield.mobilised", dtype=bool),
            Variable("battlefield.russian_power"),
            Variable("battlefield.force_ratio", record=True),
            Variable("battlefield.gain_km2"),
            Variable("battlefield.territory_km2", record=True),
            Variable("battlefield.trend", record=True),
            Variable("battlefield.ukraine_gaining_days"),
        ]

    def parameters(self) -> list[Parameter]:
        return self.pack_parameters()

    def noise(self) -> dict[str, int]:
        return {"tempo": 1}

    def init(self, ctx: StepContext) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        s["battlefield.logistics_hits"] = p["battlefield.reference_logistics_leakers_per_day"]
        s["battlefield.russian_power"] = np.ones(ctx.n)
        d["ratio_2025"] = 1.0 + p["battlefield.reference_advantage"]
        s["battlefield.force_ratio"] = d["ratio_2025"].copy()
        d["persist"] = np.exp(-1.0 / p["battlefield.tempo_days"])
        d["mobilise"] = 1.0 - np.exp(-1.0 / p["battlefield.mobilisation_days"])
        d["remember"] = 1.0 - np.exp(-1.0 / p["battlefield.supply_memory_days"])
        d["per_day_2025"] = p["battlefield.gain_km2_per_month"] / DAYS_PER_MONTH
        d["scale_2025"] = d["ratio_2025"] ** p["battlefield.ratio_elasticity"] - 1.0
        d["parameters"] = ctx.columns(f"battlefield.{name}" for name in BattlefieldPack.NAMES)
        release = np.zeros((ctx.n, len(self.setup.contingents)))
        for j, plan in enumerate(self.setup.contingents):
            release[:, j] = release_rates(
                plan, p["battlefield.release_combat"], p["battlefield.release_support"]
            )
        d["release"] = release
        if not self.at_war:
            d["per_day_2025"] = d["per_day_2025"] * p["battlefield.ceasefire_factor"]
        s["battlefield.trend"] = d["per_day_2025"].copy()

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["troops.by_contingent"],
            s["training.interoperability"],
            s["training.interoperability_start"],
            s["strikes.leaked"],
            self.logistics,
            ctx.lagged["escalation.active"],
            self.mobilisation,
            ctx.noise["tempo"],
            self.at_war,
            d["parameters"],
            d["release"],
            d["ratio_2025"],
            d["persist"],
            d["mobilise"],
            d["remember"],
            d["per_day_2025"],
            d["scale_2025"],
            *kept,
            *s.renew(*_KEPT, "battlefield.gain_km2"),
        )

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "battlefield.territory_km2": (
                "Ground Russia gained over the run (km²; negative: Ukraine regained ground)"
            ),
            "battlefield.force_ratio_end": "Russia's combat power over Ukraine's, last day",
            "battlefield.ukraine_gaining_days": "Days on which the month's trend favoured Ukraine",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        return {
            "battlefield.territory_km2": s["battlefield.territory_km2"].copy(),
            "battlefield.force_ratio_end": s["battlefield.force_ratio"].copy(),
            "battlefield.ukraine_gaining_days": s["battlefield.ukraine_gaining_days"].copy(),
        }


_KEPT = (
    "battlefield.mobilised",
    "battlefield.logistics_hits",
    "battlefield.russian_power",
    "battlefield.force_ratio",
    "battlefield.tempo",
    "battlefield.territory_km2",
    "battlefield.trend",
    "battlefield.ukraine_gaining_days",
)
(
    _GAIN_KM2_PER_MONTH,
    _REFERENCE_ADVANTAGE,
    RATIO_ELASTICITY,
    TEMPO_SIGMA,
    _TEMPO_DAYS,
    UKRAINE_FRONT_TROOPS,
    _RELEASE_COMBAT,
    _RELEASE_SUPPORT,
    QUALITY_WEIGHT,
    SUPPLY_ELASTICITY,
    REFERENCE_LOGISTICS_LEAKERS_PER_DAY,
    _SUPPLY_MEMORY_DAYS,
    MOBILISATION_GAIN,
    _MOBILISATION_DAYS,
    _CEASEFIRE_FACTOR,
) = range(len(BattlefieldPack.NAMES))


@kernel
def _step(
    troops,
    interoperability,
    interoperability_start,
    leaked,
    logistics,
    escalation_active,
    mobilisation,
    tempo_luck,
    at_war,
    p,
    release,
    ratio_2025,
    persist,
    mobilise,
    remember,
    per_day_2025,
    scale_2025,
    mobilised,
    hits,
    russian,
    ratio,
    tempo,
    territory,
    trend,
    gaining_days,
    mobilised_out,
    hits_out,
    russian_out,
    ratio_out,
    tempo_out,
    territory_out,
    trend_out,
    gaining_days_out,
    gain_out,
):
    """One day at the front for every draw: each side's power, the force ratio, the pace of
    fighting and the ground it moves."""
    weapons, zones = leaked.shape[1], leaked.shape[3]
    freeing = np.empty(release.shape[1])
    for i in range(hits.size):
        # Ukraine's power against 2025's: freed troops, training, supply
        for j in range(freeing.size):
            freeing[j] = troops[i, j] * release[i, j]
        presence = 1.0 + total(freeing) / p[i, UKRAINE_FRONT_TROOPS]
        weight = p[i, QUALITY_WEIGHT] / 100.0
        quality = (1.0 + weight * interoperability[i]) / (1.0 + weight * interoperability_start[i])
        hits_today = 0.0  # counts: any order of adding gives the same sum
        for w in range(weapons):
            for z in range(zones):
                hits_today += leaked[i, w, logistics, z]
        hits_now = hits[i] + remember[i] * (hits_today - hits[i])
        reference = p[i, REFERENCE_LOGISTICS_LEAKERS_PER_DAY]
        supply = ((1.0 + reference) / (1.0 + hits_now)) ** p[i, SUPPLY_ELASTICITY]
        # Russia's power: once a mobilisation is announced, its troops reach the front over months
        mobilised_now = mobilised[i] or escalation_active[i, mobilisation]
        target = 1.0 + p[i, MOBILISATION_GAIN] * mobilised_now
        russian_now = russian[i] + (target - russian[i]) * mobilise[i]

        ratio_now = ratio_2025[i] * russian_now / (presence * quality * supply)
        tempo_now = persist[i] * tempo[i] + math.sqrt(1.0 - persist[i] ** 2) * ndtri(
            tempo_luck[i, 0]
        )
        sigma = p[i, TEMPO_SIGMA]
        pace = math.exp(sigma * tempo_now - 0.5 * sigma**2)
        if at_war:
            gain = (
                per_day_2025[i] * (ratio_now ** p[i, RATIO_ELASTICITY] - 1.0) / scale_2025[i] * pace
            )
        else:  # the line holds; violations nibble at it, whoever is stronger
            gain = per_day_2025[i] * pace
        trend_now = trend[i] + (gain - trend[i]) / TREND_DAYS

        mobilised_out[i] = mobilised_now
        hits_out[i] = hits_now
        russian_out[i] = russian_now
        ratio_out[i] = ratio_now
        tempo_out[i] = tempo_now
        gain_out[i] = gain
        territory_out[i] = territory[i] + gain
        trend_out[i] = trend_now
        gaining_days_out[i] = gaining_days[i] + (trend_now < 0)
