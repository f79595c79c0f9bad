"""A scenario compiled against its world pack: the axes and static facts every component shares.

Components index their arrays by these axes (contributing countries, zones, contingents), so the
compiled form is computed once per run, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coalition.spec.scenario import Role, Scenario
from coalition.world.pack import World

DAYS_PER_YEAR = 365.25  # the simulation counts days; years and months are averages
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


@dataclass(frozen=True)
class ContingentPlan:
    """One contingent resolved against the world: indices instead of names."""

    country: int
    zone: int
    troops: float
    start_day: int
    roles: frozenset[Role]
    fire_units: int = 0  # air-defence fire units
    interceptors: int | None = None  # None: a basic load per fire unit

    def share(self, roles: frozenset[Role] | set[Role]) -> float:
        """The share of the contingent's troops doing any of `roles`: each of its roles gets an
        equal part of its troops."""
        return len(self.roles & roles) / len(self.roles)


@dataclass(frozen=True)
class Setup:
    """Static description of one run: scenario, world, axes and contingents."""

    scenario: Scenario
    world: World
    countries: tuple[str, ...]
    zones: tuple[str, ...]
    contingents: tuple[ContingentPlan, ...]

    @classmethod
    def compile(cls, scenario: Scenario, world: World) -> Setup:
        coa = scenario.course_of_action
        countries = tuple(dict.fromkeys(c.country for c in coa.contingents))
        zones = tuple(world.deployable_zones())
        plans = []
        for c in coa.contingents:
            plans.append(
                ContingentPlan(
                    country=countries.index(c.country),
                    zone=zones.index(c.zone),
                    troops=float(c.troops),
                    start_day=c.start_day,
                    roles=frozenset(c.roles),
                    fire_units=c.fire_units or 0,
                    interceptors=c.interceptors,
                )
            )
        return cls(scenario, world, countries, zones, tuple(plans))

    @property
    def horizon(self) -> int:
        return self.scenario.horizon_days

    def axis(self, name: str) -> tuple[str, ...]:
        """Labels along a named axis of state arrays."""
        if name == "country":
            return self.countries
        if name == "zone":
            return self.zones
        if name == "contingent":
            return tuple(f"{self.countries[p.country]}-{i}" for i, p in enumerate(self.contingents))
        if name == "rung":
            return tuple(r.id for r in self.world.ladder.rungs)
        raise KeyError(name)

    def sum_by(self, values: np.ndarray, attribute: str) -> np.ndarray:
        """Per-contingent columns (draws × contingents) summed by country or zone.

        Added column by column in contingent order rather than by a matrix product: BLAS may sum
        in an order that depends on the number of rows, and results must not depend on the chunk.
        """
        size = len(self.countries) if attribute == "country" else len(self.zones)
        out = np.zeros((values.shape[0], size))
        for j, plan in enumerate(self.contingents):
            out[:, getattr(plan, attribute)] += values[:, j]
        return out

    def committed_by_country(self) -> np.ndarray:
        troops = np.array([[p.troops for p in self.contingents]])
        return self.sum_by(troops, "country")[0]

    def day_of(self, date: object) -> int:
        """Simulation day of a calendar date (negative if before the start)."""
        return (date - self.scenario.start_date).days  # type: ignore[operator]
