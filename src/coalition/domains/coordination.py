"""Multinational coordination: command complexity, friendly fire and airspace deconfliction.

Command complexity counts the nations with troops in Ukraine and their command languages,
log2(1 + nations) + language_weight * log2(languages), times the friction of how the force is
commanded (an integrated command 1, a lead nation more, parallel national commands most). Recorded
friendly-fire rates come from coalitions of a reference complexity; here they scale with the ratio:
- friendly fire: each day a country's expected friendly-fire deaths are its hostile-fire deaths
  times q / (1 - q), where q is the historical share of battle casualties from friendly fire
  times the complexity ratio (at most one half);
- airspace deconfliction: on a day Allied air defence destroys anything, its fire units run
  incidents with friendly aircraft at the historical rate per fire unit-month times the
  complexity ratio; the deaths fall on the air-defence and air-policing contingents, in
  proportion to their troops.
Deaths per country are Poisson counts, reported apart from exposure's and added to them by opinion.
"""

from __future__ import annotations

import math

import numpy as np

from coalition.engine.compiled import kernel, poisson, total
from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Command, Role
from coalition.world.pack import ParametersPack, World

# friendly fire never causes more casualties than the enemy (assumption coordination.reference)
MOST_FRATRICIDE = 0.5


class CoordinationPack(ParametersPack):
    """coordination.yaml: friction by way of commanding, and the named parameters."""

    FILE = "coordination.yaml"
    NAMES = (
        "language_weight",
        "reference_complexity",
        "fratricide_share",
        "ad_incidents_per_fire_unit_month",
        "deaths_per_ad_incident",
    )
    command_factor: dict[Command, Distribution]

    def problems(self, world: World) -> list[str]:
        missing = [c.value for c in Command if c not in self.command_factor]
        if not missing:
            return []
        return [
            "coordination.yaml: command_factor: give a factor for every way of commanding: "
            + ", ".join(missing)
        ]


class Coordination(Component):
    name = "coordination"
    pack = CoordinationPack
    reads = (
        "troops.by_contingent",
        "troops.by_country",
        "exposure.hostile_deaths_today",
        "strikes.fire_units",
        "strikes.allied_intercepted",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        world = setup.world
        languages = sorted({world.contributor(c).language for c in setup.countries})
        # speaks[c, l]: country c commands in language l
        self.speaks = np.array(
            [
                [world.contributor(c).language == lang for lang in languages]
                for c in setup.countries
            ],
            dtype=bool,
        ).reshape(len(setup.countries), len(languages))
        self.airspace = np.array(
            [bool({Role.AIR_DEFENCE, Role.AIR_POLICING} & p.roles) for p in setup.contingents],
            dtype=bool,
        )
        self.country_of = np.array([p.country for p in setup.contingents], dtype=int)
        self.command = setup.scenario.course_of_action.command

    def owns(self) -> list[Variable]:
        c = len(self.setup.countries)
        return [
            Variable("coordination.complexity", record=True),
            Variable("coordination.complexity_days"),
            Variable("coordination.peak_nations"),
            Variable("coordination.incidents"),
            Variable("coordination.deaths_by_country", (c,), "country", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        coordination = self.setup.world.domain("coordination")
        params = [
            Parameter(
                "coordination.command_factor",
                coordination.command_factor[self.command],
                f"Coordination friction of a {self.command.value} command, against an "
                "integrated one",
                ALLOWED["non_negative"],
            )
        ]
        params += self.pack_parameters()
        return params

    def noise(self) -> dict[str, int]:
        return {"incidents": 1, "deaths": len(self.setup.countries)}

    def init(self, ctx: StepContext) -> None:
        ctx.derived["parameters"] = ctx.columns(f"coordination.{name}" for name in _PARAMETERS)

    def step(self, ctx: StepContext, day: int) -> None:
        s = ctx.state
        n, countries = ctx.n, len(self.setup.countries)
        complexity = np.empty(n)
        complexity_days = np.empty(n)
        peak_nations = np.empty(n)
        incidents = np.empty(n)
        deaths_by_country = np.empty((n, countries))
        _step(
            s["troops.by_contingent"],
            s["troops.by_country"],
            s["exposure.hostile_deaths_today"],
            s["strikes.fire_units"],
            s["strikes.allied_intercepted"],
            ctx.noise["incidents"],
            ctx.noise["deaths"],
            ctx.derived["parameters"],
            self.speaks,
            self.airspace,
            self.country_of,
            s["coordination.complexity_days"],
            s["coordination.peak_nations"],
            s["coordination.incidents"],
            s["coordination.deaths_by_country"],
            complexity,
            complexity_days,
            peak_nations,
            incidents,
            deaths_by_country,
        )
        s["coordination.complexity"] = complexity
        s["coordination.complexity_days"] = complexity_days
        s["coordination.peak_nations"] = peak_nations
        s["coordination.incidents"] = incidents
        s["coordination.deaths_by_country"] = deaths_by_country

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "coordination.mean_complexity": "Mean command complexity over the run (1: one nation, "
            "one language, integrated command)",
            "coordination.peak_nations": "Most nations with troops in Ukraine on one day",
            "coordination.deconfliction_incidents": "Allied air defence incidents with friendly "
            "aircraft",
            "coordination.friendly_fire_deaths": "Allied soldiers killed by friendly fire and "
            "airspace incidents",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        return {
            "coordination.mean_complexity": s["coordination.complexity_days"] / self.setup.horizon,
            "coordination.peak_nations": s["coordination.peak_nations"].copy(),
            "coordination.deconfliction_incidents": s["coordination.incidents"].copy(),
            "coordination.friendly_fire_deaths": s["coordination.deaths_by_country"].sum(axis=1),
        }


_PARAMETERS = ("command_factor", *CoordinationPack.NAMES)
(
    COMMAND_FACTOR,
    LANGUAGE_WEIGHT,
    REFERENCE_COMPLEXITY,
    FRATRICIDE_SHARE,
    AD_INCIDENTS_PER_FIRE_UNIT_MONTH,
    DEATHS_PER_AD_INCIDENT,
) = range(len(_PARAMETERS))


@kernel
def _step(
    troops,
    by_country,
    hostile_deaths,
    fire_units,
    allied_intercepted,
    incidents_noise,
    deaths_noise,
    p,
    speaks,
    airspace,
    country_of,
    complexity_days,
    peak_nations,
    incidents,
    deaths_by_country,
    complexity_out,
    complexity_days_out,
    peak_nations_out,
    incidents_out,
    deaths_out,
):
    """One day of coordination for every draw: command complexity from the nations and languages
    present, friendly-fire and airspace-incident rates scaled by it, and Poisson deaths by
    country."""
    countries, languages = speaks.shape
    crews = np.empty(countries)
    for i in range(troops.shape[0]):
        nations = 0.0
        for c in range(countries):
            if by_country[i, c] > 0:
                nations += 1.0
        spoken = 0.0
        for lang in range(languages):
            for c in range(countries):
                if by_country[i, c] > 0 and speaks[c, lang]:
                    spoken += 1.0
                    break
        raw = math.log2(1.0 + nations) + p[i, LANGUAGE_WEIGHT] * math.log2(max(spoken, 1.0))
        complexity = p[i, COMMAND_FACTOR] * raw if nations > 0 else 0.0
        ratio = complexity / p[i, REFERENCE_COMPLEXITY]

        share = min(p[i, FRATRICIDE_SHARE] * ratio, MOST_FRATRICIDE)
        fratricide = share / (1.0 - share)  # expected friendly-fire deaths per hostile-fire death

        rate = p[i, AD_INCIDENTS_PER_FIRE_UNIT_MONTH] / DAYS_PER_MONTH
        engaging = allied_intercepted[i] > 0
        expected = rate * total(fire_units[i]) * ratio if engaging else 0.0
        incidents_today = poisson(incidents_noise[i, 0], expected)
        crews[:] = 0.0
        for j in range(troops.shape[1]):
            crews[country_of[j]] += troops[i, j] * (1.0 if airspace[j] else 0.0)
        all_crews = total(crews)
        airspace_deaths = incidents_today * p[i, DEATHS_PER_AD_INCIDENT]
        for c in range(countries):
            crew_share = crews[c] / all_crews if all_crews > 0 else 0.0
            deaths = poisson(
                deaths_noise[i, c], hostile_deaths[i, c] * fratricide + airspace_deaths * crew_share
            )
            deaths_out[i, c] = deaths_by_country[i, c] + deaths

        complexity_out[i] = complexity
        complexity_days_out[i] = complexity_days[i] + complexity
        peak_nations_out[i] = max(peak_nations[i], nations)
        incidents_out[i] = incidents[i] + incidents_today
