"""Ukraine's power grid under strikes: generation lost and repaired, and the outages that follow.

Each drone and missile that gets through to an energy target destroys some generation (missiles
far more than drones, many of which are decoys or hit substations); each day a share of what was
destroyed is brought back. Demand follows the seasons, peaking in mid-January. Whatever generation
and EU imports cannot cover is shed as rolling outages across the country: 24 hours times the
shortfall's share of demand. Hits on a zone's energy targets add local outages on top, which clear
within days. A zone's outage-days are its outage hours summed over the run, over 24.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_YEAR, Setup
from coalition.spec.distributions import Distribution
from coalition.world.pack import ParametersPack, World, every_key_given

PEAK_DAY = 15  # day of the year of peak demand: mid-January (assumption grid.demand)


def demand_season(day_of_year: float) -> float:
    """0 at the winter peak, 1 at the summer low half a year later."""
    return (1.0 - np.cos(2.0 * np.pi * (day_of_year - PEAK_DAY) / DAYS_PER_YEAR)) / 2.0


class GridPack(ParametersPack):
    """grid.yaml: generation each weapon destroys per hit, and the named parameters."""

    FILE = "grid.yaml"
    NAMES = (
        "available_gw_start",
        "winter_peak_gw",
        "summer_drop",
        "imports_gw",
        "repair_per_day",
        "local_hours_per_hit",
        "local_recovery_days",
    )
    gw_per_hit: dict[str, Distribution]

    def problems(self, world: World) -> list[str]:
        return every_key_given(
            "grid.yaml: gw_per_hit",
            self.gw_per_hit,
            list(world.arsenal.weapons),
            "weapon of weapons.yaml",
        )


class Grid(Component):
    name = "grid"
    pack = GridPack
    reads = ("strikes.leaked",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.weapons = list(setup.world.arsenal.weapons)
        self.energy = list(setup.world.arsenal.targets).index("energy")
        start = setup.scenario.start_date
        self.first_day_of_year = (start - dt.date(start.year, 1, 1)).days

    def owns(self) -> list[Variable]:
        z = len(self.setup.zones)
        return [
            Variable("grid.destroyed_gw"),
            Variable("grid.available_gw", record=True),
            Variable("grid.min_available_gw", fill=np.inf),
            Variable("grid.local_hours", (z,), "zone"),
            Variable("grid.outage_hours", (z,), "zone", record=True),
            Variable("grid.outage_days", (z,), "zone"),
            Variable("grid.destroyed_total_gw"),
        ]

    def parameters(self) -> list[Parameter]:
        grid = self.setup.world.domain("grid")
        params = [
            Parameter(
                f"grid.gw_per_hit.{weapon}",
                grid.gw_per_hit[weapon],
                f"Generation destroyed by each {weapon} that gets through to an energy target (GW)",
                ALLOWED["non_negative"],
            )
            for weapon in self.weapons
        ]
        params += self.pack_parameters()
        return params

    def init(self, ctx: StepContext) -> None:
        p = ctx.params
        ctx.derived["gw_per_hit"] = ctx.columns(f"grid.gw_per_hit.{w}" for w in self.weapons)
        ctx.derived["clearing"] = np.exp(-1.0 / p["grid.local_recovery_days"])
        ctx.state["grid.available_gw"] = p["grid.available_gw_start"]

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        hits = s["strikes.leaked"][:, :, self.energy, :]  # (draws, weapons, zones)
        before = p["grid.available_gw_start"] - s["grid.destroyed_gw"]
        damage = np.minimum((hits.sum(axis=2) * d["gw_per_hit"]).sum(axis=1), before)
        destroyed = s["grid.destroyed_gw"] * (1.0 - p["grid.repair_per_day"]) + damage
        available = p["grid.available_gw_start"] - destroyed

        season = demand_season(self.first_day_of_year + day)
        demand = p["grid.winter_peak_gw"] * (1.0 - p["grid.summer_drop"] * season)
        short = np.maximum(1.0 - (available + p["grid.imports_gw"]) / demand, 0.0)
        local = (
            s["grid.local_hours"] * d["clearing"][:, None]
            + hits.sum(axis=1) * p["grid.local_hours_per_hit"][:, None]
        )
        outage = np.minimum(24.0 * short[:, None] + local, 24.0)

        s["grid.destroyed_gw"] = destroyed
        s["grid.destroyed_total_gw"] = s["grid.destroyed_total_gw"] + damage
        s["grid.available_gw"] = available
        s["grid.min_available_gw"] = np.minimum(s["grid.min_available_gw"], available)
        s["grid.local_hours"] = local
        s["grid.outage_hours"] = outage
        s["grid.outage_days"] = s["grid.outage_days"] + outage / 24.0

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "grid.min_available_gw": "Least generation available on any day (GW)",
            "grid.available_gw_end": "Generation available on the last day (GW)",
            "grid.destroyed_total_gw": "Generation strikes destroyed over the run (GW, before "
            "repairs)",
            "grid.outage_hours_per_day": "Mean hours of outage a day, averaged over the zones",
        }
        for zone in self.setup.zones:
            out[f"grid.outage_days.{zone}"] = f"Days without power in {zone} (outage hours / 24)"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        days = s["grid.outage_days"]
        out = {
            "grid.min_available_gw": s["grid.min_available_gw"].copy(),
            "grid.available_gw_end": s["grid.available_gw"].copy(),
            "grid.destroyed_total_gw": s["grid.destroyed_total_gw"].copy(),
            "grid.outage_hours_per_day": days.mean(axis=1) * 24.0 / self.setup.horizon,
        }
        for k, zone in enumerate(self.setup.zones):
            out[f"grid.outage_days.{zone}"] = days[:, k].copy()
        return out
