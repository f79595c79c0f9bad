"""Force flow (simple): contingents cross into Ukraine as fast as their entry routes allow.

Each entry route passes at most its daily capacity; contingents sharing a route are served first
come, first served (by start day, then as listed). Crossed troops reach their zone after the
route's transit days. A contingent whose government withdraws stops arriving and leaves over the
withdrawal period. The troops it places are the shared `troops.*` variables that every other
component reads; the logistics component, moving forces over the full network, will own them in its
place, so nothing else changes when it does.
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup


class ForceFlow(Component):
    name = "force_flow"
    reads_lagged = ("opinion.withdrawn",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        plans = setup.contingents
        self.committed = np.array([p.troops for p in plans])
        self.start_day = np.array([p.start_day for p in plans])
        self.transit = np.array([p.transit_days for p in plans], dtype=int)
        self.lanes = int(self.transit.max(initial=0)) + 1
        self.routes = tuple(dict.fromkeys(p.route for p in plans))
        # contingents served per route: first come (start day), first served
        self.queues = {
            r: np.array(
                sorted(
                    (j for j, p in enumerate(plans) if p.route == r),
                    key=lambda j: (plans[j].start_day, j),
                ),
                dtype=int,
            )
            for r in self.routes
        }
        self.country_of = np.array([p.country for p in plans], dtype=int)
        self.to_zone = setup.membership("zone", len(setup.zones))
        self.to_country = setup.membership("country", len(setup.countries))

    def owns(self) -> list[Variable]:
        j, c, z = len(self.committed), len(self.setup.countries), len(self.setup.zones)
        return [
            Variable("force_flow.waiting", (j,), "contingent"),
            Variable("force_flow.in_transit", (j, self.lanes)),
            Variable("troops.by_contingent", (j,), "contingent", record=True),
            Variable("troops.by_zone", (z,), "zone", record=True),
            Variable("troops.by_country", (c,), "country", record=True),
            Variable("troops.in_theatre", record=True),
            Variable("force_flow.arrived"),
            Variable("force_flow.peak_troops"),
            Variable("force_flow.day_share_arrived", (3,), fill=np.nan),
        ]

    def parameters(self) -> list[Parameter]:
        world = self.setup.world
        params = [
            Parameter(
                f"force_flow.capacity.{r}",
                world.route(r).capacity_troops_per_day,
                f"Troops a day through entry route {r}: {world.route(r).name}",
            )
            for r in self.routes
        ]
        withdrawal = world.force_flow.parameters["withdrawal_days"]
        params.append(
            Parameter("force_flow.withdrawal_days", withdrawal.default, withdrawal.description)
        )
        return params

    def init(self, ctx: StepContext) -> None:
        ctx.state["force_flow.waiting"] = self.committed

    def step(self, ctx: StepContext, day: int) -> None:
        s = ctx.state
        withdrawn = ctx.lagged["opinion.withdrawn"][:, self.country_of]  # (n, J)
        in_transit = s["force_flow.in_transit"]
        if not (s["force_flow.waiting"].any() or in_transit.any()):
            self._leave(ctx, withdrawn, arrivals=False)  # all arrived: only withdrawals move
            return
        waiting = np.where(withdrawn | (day < self.start_day), 0.0, s["force_flow.waiting"])
        held_back = np.where(withdrawn, 0.0, s["force_flow.waiting"] - waiting)
        in_transit = in_transit.copy()
        for route, queue in self.queues.items():
            # first come, first served: each contingent takes what those ahead of it left
            queued = waiting[:, queue]
            ahead = np.cumsum(queued, axis=1) - queued
            capacity = ctx.params[f"force_flow.capacity.{route}"][:, None]
            crossing = np.clip(capacity - ahead, 0.0, queued)
            waiting[:, queue] = queued - crossing
            in_transit[:, queue, (day + self.transit[queue]) % self.lanes] += crossing
        waiting += held_back
        lane = day % self.lanes
        arriving = in_transit[:, :, lane].copy()
        in_transit[:, :, lane] = 0.0
        s["force_flow.waiting"] = waiting
        s["force_flow.in_transit"] = in_transit
        s["troops.by_contingent"] = s["troops.by_contingent"] + arriving
        arrived = s["force_flow.arrived"] + arriving.sum(axis=1)
        s["force_flow.arrived"] = arrived
        self._leave(ctx, withdrawn, arrivals=True)

        committed = self.committed.sum()
        if committed:  # milestones: the first days arrivals reach half, 90 % and all the troops
            reached = s["force_flow.day_share_arrived"].copy()
            for k, share in enumerate((0.5, 0.9, 1.0)):
                newly = np.isnan(reached[:, k]) & (arrived >= share * committed - 1e-6)
                reached[newly, k] = day
            s["force_flow.day_share_arrived"] = reached

    def _leave(self, ctx: StepContext, withdrawn: np.ndarray, *, arrivals: bool) -> None:
        """Withdrawn contingents leave; totals by zone and country follow."""
        s = ctx.state
        theatre = s["troops.by_contingent"]
        leaving = withdrawn & (theatre > 0)
        if leaving.any():
            days = ctx.params["force_flow.withdrawal_days"][:, None]
            theatre = np.where(leaving, np.maximum(theatre - self.committed / days, 0.0), theatre)
            s["troops.by_contingent"] = theatre
        elif not arrivals:
            return  # nobody moved today
        s["troops.by_zone"] = theatre @ self.to_zone
        s["troops.by_country"] = theatre @ self.to_country
        total = theatre.sum(axis=1)
        s["troops.in_theatre"] = total
        s["force_flow.peak_troops"] = np.maximum(s["force_flow.peak_troops"], total)

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "force_flow.peak_troops": "Most Allied troops in Ukraine on any day",
            "force_flow.troops_end": "Allied troops in Ukraine on the last day",
            "force_flow.day_50pct_arrived": "Day half the committed troops had arrived (NaN: not)",
            "force_flow.day_90pct_arrived": "Day 90 % of the committed troops had arrived",
            "force_flow.closure_day": "Day all the committed troops had arrived",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        reached = s["force_flow.day_share_arrived"]
        return {
            "force_flow.peak_troops": s["force_flow.peak_troops"].copy(),
            "force_flow.troops_end": s["troops.in_theatre"].copy(),
            "force_flow.day_50pct_arrived": reached[:, 0].copy(),
            "force_flow.day_90pct_arrived": reached[:, 1].copy(),
            "force_flow.closure_day": reached[:, 2].copy(),
        }
