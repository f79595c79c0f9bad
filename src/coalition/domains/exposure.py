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

from coalition.engine.compiled import kernel, poisson, total
from coalition.engine.component import Component, Parameter, StepContext, Variable
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
        self.country_of = np.array([p.country for p in plans], dtype=int)
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
        ctx.derived["parameters"] = ctx.columns(f"exposure.{name}" for name in _STEP_PARAMETERS)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        n, countries = ctx.n, len(self.setup.countries)
        deaths_by_country = np.empty((n, countries))
        hostile_deaths_today = np.empty((n, countries))
        attacked_today = np.empty((n, countries), dtype=bool)
        wounded_by_country = np.empty((n, countries))
        hits_on_allied = np.empty(n)
        russian_casualties_inflicted = np.empty(n)
        _step(
            s["troops.by_contingent"],
            s["troops.by_zone"],
            s["logistics.supply_ratio"][:, self.near_front_zone],
            s["strikes.leaked"],
            ctx.lagged["escalation.rung"] >= self.clash_rung,
            ctx.noise["deaths"],
            d["rate"],
            d["parameters"],
            self.zone_of,
            self.country_of,
            self.near_front,
            self.combat_near_front,
            self.may_fight,
            s["exposure.deaths_by_country"],
            s["exposure.wounded_by_country"],
            s["exposure.hits_on_allied"],
            s["exposure.russian_casualties_inflicted"],
            deaths_by_country,
            hostile_deaths_today,
            attacked_today,
            wounded_by_country,
            hits_on_allied,
            russian_casualties_inflicted,
        )
        s["exposure.deaths_by_country"] = deaths_by_country
        s["exposure.hostile_deaths_today"] = hostile_deaths_today
        s["exposure.attacked_today"] = attacked_today
        s["exposure.wounded_by_country"] = wounded_by_country
        s["exposure.hits_on_allied"] = hits_on_allied
        s["exposure.russian_casualties_inflicted"] = russian_casualties_inflicted

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


_STEP_PARAMETERS = (
    "nonbattle_rate",
    "clash_rate_near_front",
    "deaths_per_hit",
    "wounded_per_death",
    "contact_share",
    "inflicted_per_contact_day",
)
(
    NONBATTLE_RATE,
    CLASH_RATE_NEAR_FRONT,
    DEATHS_PER_HIT,
    WOUNDED_PER_DEATH,
    CONTACT_SHARE,
    INFLICTED_PER_CONTACT_DAY,
) = range(len(_STEP_PARAMETERS))


@kernel
def _step(
    troops,
    by_zone,
    supplied,
    leaked,
    clash,
    noise,
    rate,
    p,
    zone_of,
    country_of,
    near_front,
    combat_near_front,
    may_fight,
    deaths_by_country,
    wounded_by_country,
    hits_on_allied,
    russian_casualties_inflicted,
    deaths_out,
    hostile_out,
    attacked_out,
    wounded_out,
    hits_on_allied_out,
    inflicted_out,
):
    """One day of Allied casualties for every draw: each contingent's expected deaths and share of
    its zone's hits, summed by country into Poisson deaths, and the Russian casualties inflicted by
    combat troops in contact near the front."""
    weapons, allied, zones = leaked.shape[1], leaked.shape[2] - 1, leaked.shape[3]
    contingents, countries = troops.shape[1], deaths_out.shape[1]
    hits = np.empty(zones)
    expected = np.empty(countries)
    nonbattle = np.empty(countries)
    attacked = np.empty(countries)
    in_contact = np.empty(contingents)
    for i in range(troops.shape[0]):
        for z in range(zones):
            hits[z] = 0.0
            for w in range(weapons):
                hits[z] += leaked[i, w, allied, z]  # on Allied positions
        expected[:] = 0.0
        nonbattle[:] = 0.0
        attacked[:] = 0.0
        for j in range(contingents):
            clash_here = clash[i] and near_front[j]
            today_rate = p[i, CLASH_RATE_NEAR_FRONT] if clash_here else rate[i, j]
            in_zone = by_zone[i, zone_of[j]]
            share = troops[i, j] / in_zone if in_zone > 0 else 0.0
            hits_on = hits[zone_of[j]] * share  # the contingent's share of its zone's hits
            c = country_of[j]
            expected[c] += troops[i, j] * today_rate + hits_on * p[i, DEATHS_PER_HIT]
            nonbattle[c] += troops[i, j] * p[i, NONBATTLE_RATE]
            attacked[c] += hits_on + (1.0 if clash_here and troops[i, j] > 0 else 0.0)
            fighting = combat_near_front[j] and (may_fight or clash_here)
            in_contact[j] = troops[i, j] * (1.0 if fighting else 0.0)
        for c in range(countries):
            deaths = poisson(noise[i, c], expected[c])
            # hostile fire's share of the deaths: what friendly fire is reckoned against
            hostile = max(expected[c] - nonbattle[c], 0.0) / expected[c] if expected[c] > 0 else 0.0
            hostile_out[i, c] = deaths * hostile
            attacked_out[i, c] = attacked[c] > 0
            deaths_out[i, c] = deaths_by_country[i, c] + deaths
            wounded_out[i, c] = wounded_by_country[i, c] + deaths * p[i, WOUNDED_PER_DEATH]
        all_hits = 0.0
        for z in range(zones):
            all_hits += hits[z]
        hits_on_allied_out[i] = hits_on_allied[i] + all_hits
        # a force short of ammunition and fuel fights less: effect scales with the zone's supply
        contact = total(in_contact) * p[i, CONTACT_SHARE] * supplied[i]
        inflicted_out[i] = (
            russian_casualties_inflicted[i] + contact * p[i, INFLICTED_PER_CONTACT_DAY]
        )
