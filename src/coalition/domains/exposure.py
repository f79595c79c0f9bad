"""Allied casualties from a simple exposure model, until the strikes component replaces it.

Each day a contingent's expected deaths are its troops times its zone's death rate for the war's
state (ceasefire or war), scaled near the front by posture. Once Russia strikes Allied forces every
rate is multiplied, up to the clash rate (Ukraine's own average rate); in a sustained direct clash
troops near the front die at the clash rate. Deaths per country are Poisson counts. Combat troops
near the front that are allowed to fight inflict Russian casualties, an escalation feature, in
proportion to the share of their supplies that reached them (logistics).
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.randomness import poisson_from_uniform
from coalition.engine.setup import Setup
from coalition.spec.scenario import Posture, Role, RulesOfEngagement


class Exposure(Component):
    name = "exposure"
    reads = ("troops.by_contingent", "logistics.supply_ratio")
    reads_lagged = ("escalation.rung",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        coa = setup.scenario.course_of_action
        rungs = [r.id for r in setup.world.ladder.rungs]
        self.struck_rung = rungs.index("strikes_on_allied_forces") + 1
        self.clash_rung = rungs.index("direct_clash") + 1
        zones = setup.zones
        plans = setup.contingents
        self.zone_of = [zones[p.zone] for p in plans]
        self.near_front_zone = zones.index("near_front")
        self.near_front = np.array([z == "near_front" for z in self.zone_of], dtype=bool)
        self.combat_near_front = np.array(
            [
                Role.COMBAT in p.roles and z == "near_front"
                for p, z in zip(plans, self.zone_of, strict=True)
            ],
            dtype=bool,
        )
        self.may_fight = (
            coa.posture is Posture.OFFENSIVE
            or coa.rules_of_engagement is RulesOfEngagement.ENGAGE_HOSTILE_FORCES
        )

    def owns(self) -> list[Variable]:
        c = len(self.setup.countries)
        return [
            Variable("exposure.deaths_by_country", (c,), "country", record=True),
            Variable("exposure.deaths_today", (c,), "country"),
            Variable("exposure.attacked_today", (c,), "country", dtype=bool),
            Variable("exposure.wounded_by_country", (c,), "country"),
            Variable("exposure.russian_casualties_inflicted", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        ex = self.setup.world.exposure
        coa = self.setup.scenario.course_of_action
        rates = ex.death_rate_per_troop_day[coa.context]
        params = [
            Parameter(
                f"exposure.death_rate.{zone}",
                rates[zone],
                f"Daily deaths per soldier in zone {zone} ({coa.context.value})",
            )
            for zone in dict.fromkeys(self.zone_of)
        ]
        params.append(
            Parameter(
                "exposure.posture_multiplier",
                ex.posture_multiplier[coa.posture],
                f"Exposure near the front for a {coa.posture.value} posture",
            )
        )
        params += [
            Parameter(f"exposure.{name}", p.default, p.description)
            for name, p in ex.parameters.items()
        ]
        return params

    def noise(self) -> dict[str, int]:
        return {"deaths": len(self.setup.countries)}

    def init(self, ctx: StepContext) -> None:
        p = ctx.params
        rate = np.zeros((ctx.n, len(self.zone_of)))
        for j, zone in enumerate(self.zone_of):
            rate[:, j] = p[f"exposure.death_rate.{zone}"]
        ctx.derived["rate"] = np.where(
            self.near_front, rate * p["exposure.posture_multiplier"][:, None], rate
        )

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        troops = s["troops.by_contingent"]
        rung = ctx.lagged["escalation.rung"]
        rate = ctx.derived["rate"]
        clash_rate = p["exposure.clash_rate_near_front"][:, None]
        struck = (rung >= self.struck_rung)[:, None]
        clash = (rung >= self.clash_rung)[:, None] & self.near_front
        if struck.any():  # most draws on most days: nobody strikes Allied forces
            rate = np.where(
                struck,
                np.minimum(rate * p["exposure.struck_multiplier"][:, None], clash_rate),
                rate,
            )
            rate = np.where(clash, clash_rate, rate)

        expected = self.setup.sum_by(troops * rate, "country")
        deaths = poisson_from_uniform(ctx.noise["deaths"], expected)
        s["exposure.deaths_today"] = deaths
        s["exposure.attacked_today"] = (deaths > 0) & struck
        s["exposure.deaths_by_country"] = s["exposure.deaths_by_country"] + deaths
        s["exposure.wounded_by_country"] = (
            s["exposure.wounded_by_country"] + deaths * p["exposure.wounded_per_death"][:, None]
        )

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
            "exposure.russian_casualties_inflicted": "Russian casualties Allied forces inflicted",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        return {
            "exposure.allied_deaths": s["exposure.deaths_by_country"].sum(axis=1),
            "exposure.allied_wounded": s["exposure.wounded_by_country"].sum(axis=1),
            "exposure.russian_casualties_inflicted": s[
                "exposure.russian_casualties_inflicted"
            ].copy(),
        }
