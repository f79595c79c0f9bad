"""Logistics: contingents move over the real transport network under disruption, and are sustained.

Each contingent has the paths from its home to its destination zone (through its chosen crossing
or airport, if the scenario names one), the shortest through each way in, shortest first. Each
day, in first-come first-served order (start day, then as listed), it fills its shortest open
path and overflows to the next: a closed crossing re-routes troops around it. A path's room is the
least capacity left on its links, in troops and in tonnes of the contingent's cargo. Capacities
are sampled per draw and cut each day by weather; crossings, the airport and hubs close for some
days, by sabotage or accident at random or when hit by the strikes that got through to logistics
targets in their zone the night before; gauge-break crossings add transshipment days.

Sustainment: troops in theatre need water, food, dry cargo, fuel and ammunition every day (planning
factors by mission). Those tonnes cross the border first, on the crossings' tonnage left open that
day, before new troops; units arrive with some days of supply. A zone whose stock runs out is short
of supply that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup
from coalition.errors import EngineError
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Role
from coalition.world.pack import ParametersPack

DISRUPTABLE = {"crossing": "crossing", "apod": "crossing", "hub": "hub"}


@dataclass(frozen=True)
class Route:
    """One path of a contingent: its capacitated links, transit days and gauge breaks."""

    links: np.ndarray  # indices into Logistics.links (capacitated links only)
    nodes: np.ndarray  # indices into Logistics.nodes (disruptable nodes only)
    days: int
    gauge_breaks: int


MOST_TRANSSHIPMENT_DAYS = 60
"""The longest transshipment an override may give: the record's border queues last hours to days
(logistics.road.border_queue_hours_max), and a crossing held two months is closed, not slow. The
transit ring holds the longest trip, so this also bounds its memory."""


class LogisticsPack(ParametersPack):
    """sustainment.yaml: kilograms a soldier needs a day by class of supply (combat troops and
    others), and the named parameters."""

    FILE = "sustainment.yaml"
    NAMES = (
        "days_of_supply",
        "closure_hazard_crossing",
        "closure_hazard_hub",
        "node_hit_share",
        "closure_days",
        "weather_loss",
        "withdrawal_days",
        "transshipment_days",
    )
    demand_kg_per_soldier_day: dict[str, dict[Literal["combat", "other"], Distribution]]


class Logistics(Component):
    name = "logistics"
    pack = LogisticsPack
    reads_lagged = ("opinion.withdrawn", "strikes.leaked")

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        network = setup.world.network
        coa = setup.scenario.course_of_action
        contingents = list(coa.contingents)
        edge_paths = [
            network.paths(network.home_node(c.country), network.zone_node(c.zone), c.route)
            for c in contingents
        ]
        used = sorted({e for ps in edge_paths for p in ps for e in p})
        self.links = [e for e in used if network.edges[e].people or network.edges[e].tonnes]
        node_ids = sorted(
            {network.edges[e].end for e in used}
            & {n.id for n in network.nodes if n.kind in DISRUPTABLE}
        )
        self.nodes = node_ids
        self.node_kind = [DISRUPTABLE[network.node(n).kind] for n in node_ids]
        zone_of_oblast = {r.iso: r.zone for r in setup.world.regions}
        node_zones = [zone_of_oblast.get(network.node(n).oblast or "") for n in node_ids]
        # nodes in a deployable zone can be struck; the rest (the airport in Poland) cannot
        self.struck_nodes = [k for k, z in enumerate(node_zones) if z in setup.zones]
        self.struck_zone = np.array(
            [setup.zones.index(node_zones[k]) for k in self.struck_nodes], dtype=int
        )
        self.logistics_target = list(setup.world.arsenal.targets).index("logistics")
        self.routes: list[list[Route]] = []
        for ps in edge_paths:
            routes = []
            for p in ps:
                ends = [network.edges[e].end for e in p]
                routes.append(
                    Route(
                        links=np.array(
                            [self.links.index(e) for e in p if e in self.links], dtype=int
                        ),
                        nodes=np.array(
                            [node_ids.index(n) for n in ends if n in node_ids], dtype=int
                        ),
                        days=sum(network.edges[e].days for e in p),
                        gauge_breaks=sum("break" in (network.node(n).gauge or "") for n in ends),
                    )
                )
            # the shortest path through each way in (crossing or airport): the choices that matter
            shortest: dict[tuple[int, ...], Route] = {}
            for route in sorted(routes, key=lambda r: r.days):
                way_in = tuple(int(n) for n in route.nodes if self.node_kind[n] == "crossing")
                shortest.setdefault(way_in, route)
            self.routes.append(list(shortest.values()))
        self.order = sorted(range(len(contingents)), key=lambda j: (contingents[j].start_day, j))
        self.combat = np.array([Role.COMBAT in c.roles for c in contingents], dtype=bool)
        self.committed = np.array([float(c.troops) for c in contingents])
        self.start_day = np.array([c.start_day for c in contingents], dtype=int)
        self.country_of = np.array([p.country for p in setup.contingents], dtype=int)
        edges = network.edges
        self.crossing_links = [
            i for i, e in enumerate(self.links) if edges[e].start.startswith("xing.")
        ]
        self.crossing_nodes = [
            node_ids.index(edges[self.links[i]].start)
            if edges[self.links[i]].start in node_ids
            else None
            for i in self.crossing_links
        ]
        # the transit ring must hold the longest trip, so transshipment needs an upper bound
        transship = setup.scenario.assumptions.get(
            "logistics.transshipment_days",
            setup.world.domain("logistics").parameters["transshipment_days"].default,
        )
        if not np.isfinite(transship.bounds[1]):
            raise EngineError(
                "logistics.transshipment_days needs a bounded distribution "
                "(point, uniform, triangular, pert, beta or discrete)"
            )
        if transship.bounds[1] > MOST_TRANSSHIPMENT_DAYS:
            raise EngineError(
                f"logistics.transshipment_days must stay within {MOST_TRANSSHIPMENT_DAYS} days; "
                f"this distribution reaches {transship.bounds[1]:g}"
            )
        self.most_transship = max(int(np.rint(transship.bounds[1])), 0)
        longest = max(
            (r.days + self.most_transship * r.gauge_breaks for rs in self.routes for r in rs),
            default=0,
        )
        self.lanes = longest + 1

    def owns(self) -> list[Variable]:
        j, c, z = len(self.committed), len(self.setup.countries), len(self.setup.zones)
        n_nodes = len(self.nodes)
        return [
            Variable("logistics.waiting", (j,), "contingent", scratch=True),
            Variable("logistics.in_transit", (j, self.lanes), scratch=True),
            Variable("troops.by_contingent", (j,), "contingent", record=True),
            Variable("troops.by_zone", (z,), "zone", record=True),
            Variable("troops.by_country", (c,), "country", record=True),
            Variable("troops.in_theatre", record=True),
            Variable("logistics.arrived"),
            Variable("logistics.rerouted"),
            Variable("logistics.peak_troops"),
            Variable("logistics.day_share_arrived", (3,), fill=np.nan),
            Variable("logistics.people_left", (len(self.links),)),
            Variable("logistics.closed_until", (n_nodes,), dtype=int),
            Variable("logistics.closed_days", (n_nodes,)),
            Variable("logistics.stock", (z,), "zone"),
            Variable("logistics.supply_ratio", (z,), "zone", fill=1.0, record=True),
            Variable("logistics.shortfall_days", (z,), "zone"),
        ]

    def parameters(self) -> list[Parameter]:
        world = self.setup.world
        network = world.network
        params = []
        for e in self.links:
            edge = network.edges[e]
            for what in ("people", "tonnes"):
                capacity = getattr(edge, what)
                if capacity is not None:
                    params.append(
                        Parameter(
                            f"logistics.{what}.{edge.start}>{edge.end}",
                            capacity,
                            f"Daily {what} capacity of {edge.start} to {edge.end} ({edge.mode})",
                        )
                    )
        for kind, dist in network.cargo_tonnes_per_soldier.items():
            params.append(
                Parameter(
                    f"logistics.cargo.{kind}",
                    dist,
                    f"Tonnes of cargo moving with each {kind} soldier",
                )
            )
        for supply, by_kind in world.domain("logistics").demand_kg_per_soldier_day.items():
            for kind, dist in by_kind.items():
                params.append(
                    Parameter(
                        f"logistics.demand.{supply}.{kind}",
                        dist,
                        f"kg of {supply} per {kind} soldier a day",
                    )
                )
        params += self.pack_parameters()
        return params

    def noise(self) -> dict[str, int]:
        return {"closures": len(self.nodes), "weather": 1}

    def init(self, ctx: StepContext) -> None:
        p, d = ctx.params, ctx.derived
        network = self.setup.world.network
        # link-major (links, draws): gathering a path's links takes whole rows
        d["people"] = np.full((len(self.links), ctx.n), np.inf)
        d["tonnes"] = np.full((len(self.links), ctx.n), np.inf)
        for i, e in enumerate(self.links):
            edge = network.edges[e]
            for what in ("people", "tonnes"):
                if getattr(edge, what) is not None:
                    d[what][i] = p[f"logistics.{what}.{edge.start}>{edge.end}"]
        d["cargo"] = np.where(
            self.combat, p["logistics.cargo.combat"][:, None], p["logistics.cargo.other"][:, None]
        )
        demand = sum(
            np.where(
                self.combat,
                p[f"logistics.demand.{s}.combat"][:, None],
                p[f"logistics.demand.{s}.other"][:, None],
            )
            for s in self.setup.world.domain("logistics").demand_kg_per_soldier_day
        )
        d["demand_t"] = demand / 1000.0  # tonnes per soldier a day, by contingent
        d["hazard"] = ctx.columns(f"logistics.closure_hazard_{kind}" for kind in self.node_kind)
        d["closure_days"] = np.rint(p["logistics.closure_days"]).astype(int)
        d["transship"] = np.maximum(np.rint(p["logistics.transshipment_days"]), 0).astype(int)
        ctx.state.mutable("logistics.waiting")[...] = self.committed

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        closed_until = s["logistics.closed_until"]
        hazard = d["hazard"]
        if self.struck_nodes:
            leaked = ctx.lagged["strikes.leaked"][:, :, self.logistics_target, :].sum(axis=1)
            hits = leaked[:, self.struck_zone]
            hazard = hazard.copy()
            spared = (1.0 - ctx.params["logistics.node_hit_share"][:, None]) ** hits
            hazard[:, self.struck_nodes] = 1.0 - (1.0 - hazard[:, self.struck_nodes]) * spared
        closing = (ctx.noise["closures"] < hazard) & (closed_until <= day)
        closed_until = np.where(closing, day + d["closure_days"][:, None], closed_until)
        open_nodes = closed_until <= day
        s["logistics.closed_until"] = closed_until
        s["logistics.closed_days"] = s["logistics.closed_days"] + ~open_nodes

        weather = 1.0 - ctx.params["logistics.weather_loss"] * ctx.noise["weather"][:, 0]
        people = d["people"] * weather
        tonnes = self._sustain(ctx, d["tonnes"] * weather, open_nodes)
        nodes_open = open_nodes.T  # (nodes, draws), like the capacities

        withdrawn = ctx.lagged["opinion.withdrawn"][:, self.country_of]
        waiting = s.mutable("logistics.waiting")
        waiting[withdrawn] = 0.0
        in_transit = s.mutable("logistics.in_transit")
        rerouted = s["logistics.rerouted"].copy()
        rows = np.arange(ctx.n)
        for j in self.order:
            if day < self.start_day[j] or not waiting[:, j].any():
                continue
            cargo = d["cargo"][:, j]
            left = waiting[:, j].copy()  # contiguous while this contingent is served
            for rank, route in enumerate(self.routes[j]):
                links = route.links
                room = np.minimum(
                    people[links].min(axis=0, initial=np.inf),
                    tonnes[links].min(axis=0, initial=np.inf) / cargo,
                )
                # never below zero: rounding must not send negative troops
                np.maximum(room, 0.0, out=room)
                room[~nodes_open[route.nodes].all(axis=0)] = 0.0
                sent = np.minimum(left, room)
                if not sent.any():
                    continue
                left -= sent
                people[links] -= sent
                tonnes[links] -= sent * cargo
                if rank:
                    rerouted += sent
                if route.gauge_breaks:
                    days = route.days + route.gauge_breaks * d["transship"]
                    in_transit[rows, j, (day + days) % self.lanes] += sent
                else:
                    in_transit[:, j, (day + route.days) % self.lanes] += sent
                if not left.any():
                    break  # all of it is on its way
            waiting[:, j] = left

        lane = day % self.lanes
        arriving = in_transit[:, :, lane].copy()
        in_transit[:, :, lane] = 0.0
        theatre = s["troops.by_contingent"] + arriving
        leaving = withdrawn & (theatre > 0)
        if leaving.any():
            days = ctx.params["logistics.withdrawal_days"][:, None]
            theatre = np.where(leaving, np.maximum(theatre - self.committed / days, 0.0), theatre)
        # arriving units bring their days of supply
        brought = arriving * d["demand_t"] * ctx.params["logistics.days_of_supply"][:, None]
        s["logistics.stock"] = s["logistics.stock"] + self.setup.sum_by(brought, "zone")

        s["logistics.rerouted"] = rerouted
        s["logistics.people_left"] = people.T
        s["troops.by_contingent"] = theatre
        s["troops.by_zone"] = self.setup.sum_by(theatre, "zone")
        s["troops.by_country"] = self.setup.sum_by(theatre, "country")
        total = theatre.sum(axis=1)
        s["troops.in_theatre"] = total
        arrived = s["logistics.arrived"] + arriving.sum(axis=1)
        s["logistics.arrived"] = arrived
        s["logistics.peak_troops"] = np.maximum(s["logistics.peak_troops"], total)
        committed = self.committed.sum()
        if committed:
            reached = s["logistics.day_share_arrived"].copy()
            for k, share in enumerate((0.5, 0.9, 1.0)):
                reached[np.isnan(reached[:, k]) & (arrived >= share * committed - 1e-6), k] = day
            s["logistics.day_share_arrived"] = reached

    def _sustain(self, ctx: StepContext, tonnes: np.ndarray, open_nodes: np.ndarray) -> np.ndarray:
        """Deliver today's supplies over the open crossings' tonnage; what is left moves troops.
        `tonnes` is link-major (links, draws)."""
        s, d = ctx.state, ctx.derived
        need = self.setup.sum_by(s["troops.by_contingent"] * d["demand_t"], "zone")
        crossings = self.crossing_links
        is_open = np.ones((len(crossings), ctx.n), dtype=bool)
        for row, node in enumerate(self.crossing_nodes):
            if node is not None:
                is_open[row] = open_nodes[:, node]
        capacity = np.where(is_open, tonnes[crossings], 0.0).sum(axis=0)
        total_need = need.sum(axis=1)
        delivered = np.minimum(total_need, capacity)
        share = np.divide(delivered, capacity, out=np.zeros_like(delivered), where=capacity > 0)
        tonnes = tonnes.copy()
        tonnes[crossings] = np.where(is_open, tonnes[crossings] * (1.0 - share), tonnes[crossings])
        served = np.divide(delivered, total_need, out=np.ones_like(delivered), where=total_need > 0)
        by_zone = need * served[:, None]
        stock = s["logistics.stock"] + by_zone - need
        ratio = np.divide(
            by_zone + s["logistics.stock"], need, out=np.ones_like(need), where=need > 0
        )
        s["logistics.stock"] = np.maximum(stock, 0.0)
        s["logistics.supply_ratio"] = np.minimum(ratio, 1.0)
        s["logistics.shortfall_days"] = s["logistics.shortfall_days"] + ((stock < 0) & (need > 0))
        return tonnes

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "logistics.peak_troops": "Most Allied troops in Ukraine on any day",
            "logistics.troops_end": "Allied troops in Ukraine on the last day",
            "logistics.day_50pct_arrived": "Day half the committed troops had arrived (NaN: not)",
            "logistics.day_90pct_arrived": "Day 90 % of the committed troops had arrived",
            "logistics.closure_day": "Day all the committed troops had arrived",
            "logistics.rerouted_troops": "Troops that went round a closed or full route",
            "logistics.shortfall_zone_days": "Zone-days on which a zone's supplies ran out",
        }
        for zone in self.setup.zones:
            out[f"logistics.shortfall_days.{zone}"] = f"Days {zone} ran out of supplies"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        reached = s["logistics.day_share_arrived"]
        shortfall = s["logistics.shortfall_days"]
        out = {
            "logistics.peak_troops": s["logistics.peak_troops"].copy(),
            "logistics.troops_end": s["troops.in_theatre"].copy(),
            "logistics.day_50pct_arrived": reached[:, 0].copy(),
            "logistics.day_90pct_arrived": reached[:, 1].copy(),
            "logistics.closure_day": reached[:, 2].copy(),
            "logistics.rerouted_troops": s["logistics.rerouted"].copy(),
            "logistics.shortfall_zone_days": shortfall.sum(axis=1),
        }
        for k, zone in enumerate(self.setup.zones):
            out[f"logistics.shortfall_days.{zone}"] = shortfall[:, k].copy()
        return out
