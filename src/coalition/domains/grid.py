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

from coalition.engine.compiled import kernel
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
        ctx.derived["parameters"] = ctx.columns(f"grid.{name}" for name in GridPack.NAMES)
        ctx.state["grid.available_gw"] = p["grid.available_gw_start"]

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["strikes.leaked"],
            self.energy,
            demand_season(self.first_day_of_year + day),
            d["parameters"],
            d["gw_per_hit"],
            d["clearing"],
            *kept,
            *s.renew(*_KEPT, "grid.outage_hours"),
        )

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


_KEPT = (
    "grid.destroyed_gw",
    "grid.destroyed_total_gw",
    "grid.available_gw",
    "grid.min_available_gw",
    "grid.local_hours",
    "grid.outage_days",
)
(
    AVAILABLE_GW_START,
    WINTER_PEAK_GW,
    SUMMER_DROP,
    IMPORTS_GW,
    REPAIR_PER_DAY,
    LOCAL_HOURS_PER_HIT,
    _LOCAL_RECOVERY_DAYS,
) = range(len(GridPack.NAMES))


@kernel
def _step(
    leaked,
    energy,
    season,
    p,
    gw_per_hit,
    clearing,
    destroyed,
    destroyed_total,
    available,
    min_available,
    local,
    outage_days,
    destroyed_out,
    destroyed_total_out,
    available_out,
    min_available_out,
    local_out,
    outage_days_out,
    outage_out,
):
    """One day of the grid for every draw: generation destroyed by today's hits on energy targets
    and repaired, the national shortfall against the season's demand, and each zone's outages."""
    weapons, zones = leaked.shape[1], leaked.shape[3]
    for i in range(destroyed.size):
        damage = 0.0
        for w in range(weapons):
            hits = 0.0
            for z in range(zones):
                hits += leaked[i, w, energy, z]
            damage += hits * gw_per_hit[i, w]
        start = p[i, AVAILABLE_GW_START]
        damage = min(damage, start - destroyed[i])
        destroyed_today = destroyed[i] * (1.0 - p[i, REPAIR_PER_DAY]) + damage
        available_today = start - destroyed_today
        demand = p[i, WINTER_PEAK_GW] * (1.0 - p[i, SUMMER_DROP] * season)
        short = max(1.0 - (available_today + p[i, IMPORTS_GW]) / demand, 0.0)
        for z in range(zones):
            hits = 0.0
            for w in range(weapons):
                hits += leaked[i, w, energy, z]
            local_out[i, z] = local[i, z] * clearing[i] + hits * p[i, LOCAL_HOURS_PER_HIT]
            outage_out[i, z] = min(24.0 * short + local_out[i, z], 24.0)
            outage_days_out[i, z] = outage_days[i, z] + outage_out[i, z] / 24.0
        destroyed_out[i] = destroyed_today
        destroyed_total_out[i] = destroyed_total[i] + damage
        available_out[i] = available_today
        min_available_out[i] = min(min_available[i], available_today)
