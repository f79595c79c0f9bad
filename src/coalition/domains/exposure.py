"""Allied casualties: strikes that get through to Allied positions, front-line fire, a direct
clash, and the non-battle risk of any deployment.

Each day a contingent's expected deaths add up:
- non-battle deaths (accidents, mines, illness) at an IFOR-like rate, in every zone;
- during the war, front-line fire on troops near the front, scaled by posture;
- the drones and missiles that leaked through to Allied positions in its zone (strikes), shared
  among the zone's contingents by their troops, times the deaths each hit causes;
- in a sustained direct clash (yesterday's rung), the clash rate for troops near the front.
Deaths per country are Poisson counts. A country's forces are attacked on a day when strikes got
through to positions where it has troops, or when it has troops near the front in a clash. Combat
troops near the front that are allowed to fight inflict Russian casualties, an escalation feature,
in proportion to the share of their supplies that reached them (logistics).
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.randomness import poisson_from_uniform
from coalition.engine.setup import Setup
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Context, Posture, Role, RulesOfEngagement
from coalition.world.pack import ParametersPack


class ExposurePack(ParametersPack):
    """exposure.yaml: how much a posture multiplies exposure near the front, and the named
    parameters."""

    FILE = "exposure.yaml"
    NAMES = (
        "nonbattle_rate",
        "front_rate",
        "deaths_per_hit",
        "clash_rate_near_front",
        "wounded_per_death",
        "contact_share",
        "inflicted_per_contact_day",
    )
    posture_multiplier: dict[Posture, Distribution]


class Exposure(Component):
    name = "exposure"
    pack = ExposurePack
    reads = ("troops.by_contingent", "troops.by_zone", "logistics.supply_ratio", "strikes.leaked")
    reads_lagged = ("escalation.rung",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        coa = setup.scenario.course_of_action
        self.clash_rung = setup.world.ladder.number("direct_clash")
        self.war = coa.context is Context.WAR
        plans = setup.contingents
        self.zone_of = np.array([p.zone for p in plans], dtype=int)
        self.near_front_zone = setup.zones.index("near_front")
        self.near_front = self.zone_of == self.near_front_zone
        self.combat_near_front = (
            np.array([Role.COMBAT in p.roles for p in plans], dtype=bool) & self.near_front
        )
        self.may_fight = (
            coa.posture is Posture.OFFENSIVE
            or coa.rules_of_engagement is RulesOfEngagement.ENGAGE_HOSTILE_FORCES
        )

    def owns(self) -> list[Variable]:
        c = len(self.setup.countries)
        return [
            Variable("exposure.deaths_by_country", (c,), "country", record=True),
            Variable("exposure.hostile_deaths_today", (c,), "country"),
            Variable("exposure.attacked_today", (c,), "country", dtype=bool),
            Variable("exposure.wounded_by_country", (c,), "country"),
            Variable("exposure.hits_on_allied", record=True),
            Variable("exposure.russian_casualties_inflicted", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        ex = self.setup.world.domain("exposure")
        coa = self.setup.scenario.course_of_action
        params = [
            Parameter(
                "exposure.posture_multiplier",
                ex.posture_multiplier[coa.posture],
                f"Exposure to front-line fire for a {coa.posture.value} posture",
            )
        ]
        params += [
            Parameter.named(f"exposure.{name}", p)
            for name, p in ex.parameters.items()
            if name != "front_rate" or self.war
        ]
        return params

    def noise(self) -> dict[str, int]:
        return {"deaths": len(self.setup.countries)}

    def init(self, ctx: StepContext) -> None:
        p = ctx.params
        rate = np.repeat(p["exposure.nonbattle_rate"][:, None], len(self.zone_of), axis=1)
        if self.war:
            front = p["exposure.front_rate"] * p["exposure.posture_multiplier"]
            rate = np.where(self.near_front, rate + front[:, None], rate)
        ctx.derived["rate"] = rate

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        troops = s["troops.by_contingent"]
        clash = (ctx.lagged["escalation.rung"] >= self.clash_rung)[:, None] & self.near_front
        rate = ctx.derived["rate"]
        if clash.any():  # most draws on most days: no clash
            rate = np.where(clash, p["exposure.clash_rate_near_front"][:, None], rate)

        hits = s["strikes.leaked"][:, :, -1, :].sum(axis=1)  # on Allied positions, by zone
        by_zone = s["troops.by_zone"]
        share = np.divide(
            troops,
            by_zone[:, self.zone_of],
            out=np.zeros_like(troops),
            where=by_zone[:, self.zone_of] > 0,
        )
        hits_on = hits[:, self.zone_of] * share  # each contingent's share of its zone's hits
        expected = self.setup.sum_by(
            troops * rate + hits_on * p["exposure.deaths_per_hit"][:, None], "country"
        )
        deaths = poisson_from_uniform(ctx.noise["deaths"], expected)
        # hostile fire's share of the deaths: what friendly fire is reckoned against
        nonbattle = self.setup.sum_by(troops * p["exposure.nonbattle_rate"][:, None], "country")
        hostile_share = np.divide(
            np.maximum(expected - nonbattle, 0.0),
            expected,
            out=np.zeros_like(expected),
            where=expected > 0,
        )
        s["exposure.hostile_deaths_today"] = deaths * hostile_share
        attacked = self.setup.sum_by(hits_on + (clash & (troops > 0)), "country") > 0
        s["exposure.attacked_today"] = attacked
        s["exposure.deaths_by_country"] = s["exposure.deaths_by_country"] + deaths
        s["exposure.wounded_by_country"] = (
            s["exposure.wounded_by_country"] + deaths * p["exposure.wounded_per_death"][:, None]
        )
        s["exposure.hits_on_allied"] = s["exposure.hits_on_allied"] + hits.sum(axis=1)

        fighting = self.combat_near_front & (self.may_fight | clash)
        # a force short of ammunition and fuel fights less: effect scales with the zone's supply
        supplied = s["logistics.supply_ratio"][:, self.near_front_zone]
        in_contact = (troops * fighting).sum(axis=1) * p["exposure.contact_share"] * supplied
        s["exposure.russian_casualties_inflicted"] = (
            s["exposure.russian_casualties_inflicted"]
            + in_contact * p["exposure.inflicted_per_contact_day"]
        )

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "exposure.allied_deaths": "Allied soldiers killed",
            "exposure.allied_wounded": "Allied soldiers wounded (expected, from deaths)",
            "exposure.hits_on_allied": "Drones and missiles that got through to Allied positions",
            "exposure.russian_casualties_inflicted": "Russian casualties Allied forces inflicted",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        return {
            "exposure.allied_deaths": s["exposure.deaths_by_country"].sum(axis=1),
            "exposure.allied_wounded": s["exposure.wounded_by_country"].sum(axis=1),
            "exposure.hits_on_allied": s["exposure.hits_on_allied"].copy(),
            "exposure.russian_casualties_inflicted": s[
                "exposure.russian_casualties_inflicted"
            ].copy(),
        }
