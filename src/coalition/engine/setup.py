"""A scenario compiled against its world pack: the axes and static facts every component shares.

Components index their arrays by these axes (contributing countries, zones, contingents), so the
compiled form is computed once per run, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coalition.spec.scenario import Role, Scenario
from coalition.world.pack import World


@dataclass(frozen=True)
class ContingentPlan:
    """One contingent resolved against the world: indices instead of names."""

    country: int
    zone: int
    route: str
    troops: float
    start_day: int
    transit_days: int
    roles: frozenset[Role]


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
        zones = tuple(z.id for z in world.zones if z.deployable)
        plans = []
        for c in coa.contingents:
            route = c.route or world.contributor(c.country).route
            plans.append(
                ContingentPlan(
                    country=countries.index(c.country),
                    zone=zones.index(c.zone),
                    route=route,
                    troops=float(c.troops),
                    start_day=c.start_day,
                    transit_days=world.route(route).transit_days[c.zone],
                    roles=frozenset(c.roles),
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

    def membership(self, attribute: str, size: int) -> np.ndarray:
        """0/1 matrix (contingents × size) mapping each contingent to its country or zone."""
        matrix = np.zeros((len(self.contingents), size))
        for j, plan in enumerate(self.contingents):
            matrix[j, getattr(plan, attribute)] = 1.0
        return matrix

    def committed_by_country(self) -> np.ndarray:
        return self.membership("country", len(self.countries)).T @ np.array(
            [p.troops for p in self.contingents]
        )

    def day_of(self, date: object) -> int:
        """Simulation day of a calendar date (negative if before the start)."""
        return (date - self.scenario.start_date).days  # type: ignore[operator]
