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

import numpy as np

from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.randomness import poisson_from_uniform
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
            [bool({Role.AIR_DEFENCE, Role.AIR_POLICING} & p.roles) for p in setup.contingents]
        )
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

    def complexity(self, ctx: StepContext) -> tuple[np.ndarray, np.ndarray]:
        """Today's command complexity and the number of nations present."""
        present = ctx.state["troops.by_country"] > 0
        nations = present.sum(axis=1).astype(float)
        languages = np.zeros(ctx.n)
        for lang in range(self.speaks.shape[1]):
            languages += (present & self.speaks[:, lang]).any(axis=1)
        raw = np.log2(1.0 + nations) + ctx.params["coordination.language_weight"] * np.log2(
            np.maximum(languages, 1.0)
        )
        return np.where(nations > 0, ctx.params["coordination.command_factor"] * raw, 0.0), nations

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        complexity, nations = self.complexity(ctx)
        ratio = complexity / p["coordination.reference_complexity"]

        share = np.minimum(p["coordination.fratricide_share"] * ratio, MOST_FRATRICIDE)
        fratricide = s["exposure.hostile_deaths_today"] * (share / (1.0 - share))[:, None]

        engaging = s["strikes.allied_intercepted"] > 0
        units = s["strikes.fire_units"].sum(axis=1)
        rate = p["coordination.ad_incidents_per_fire_unit_month"] / DAYS_PER_MONTH
        incidents = poisson_from_uniform(
            ctx.noise["incidents"][:, 0], np.where(engaging, rate * units * ratio, 0.0)
        )
        troops = s["troops.by_contingent"]
        crews = self.setup.sum_by(troops * self.airspace, "country")
        crew_share = np.divide(
            crews,
            crews.sum(axis=1, keepdims=True),
            out=np.zeros_like(crews),
            where=crews.sum(axis=1, keepdims=True) > 0,
        )
        airspace = (incidents * p["coordination.deaths_per_ad_incident"])[:, None] * crew_share
        deaths = poisson_from_uniform(ctx.noise["deaths"], fratricide + airspace)

        s["coordination.complexity"] = complexity
        s["coordination.complexity_days"] = s["coordination.complexity_days"] + complexity
        s["coordination.peak_nations"] = np.maximum(s["coordination.peak_nations"], nations)
        s["coordination.incidents"] = s["coordination.incidents"] + incidents
        s["coordination.deaths_by_country"] = s["coordination.deaths_by_country"] + deaths

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
