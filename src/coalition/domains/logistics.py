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

from coalition.engine.compiled import kernel, total
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
        self.struck_zone = np.array(
            [setup.zones.index(z) if z in setup.zones else -1 for z in node_zones], dtype=np.int64
        )
        self.logistics_target = list(setup.world.arsenal.targets).index("logistics")
        edges = network.edges
        node_at = {n: k for k, n in enumerate(node_ids)}

        def days(path: list[int]) -> int:
            return sum(edges[e].days for e in path)

        def way_in(path: list[int]) -> tuple[int, ...]:
            ends = (node_at.get(edges[e].end) for e in path)
            return tuple(k for k in ends if k is not None and self.node_kind[k] == "crossing")

        def route(path: list[int]) -> Route:
            ends = [edges[e].end for e in path]
            return Route(
                links=np.array([self.links.index(e) for e in path if e in self.links], dtype=int),
                nodes=np.array([node_at[n] for n in ends if n in node_at], dtype=int),
                days=days(path),
                gauge_breaks=sum("break" in (network.node(n).gauge or "") for n in ends),
            )

        # the shortest path through each way in (crossing or airport): the choices that matter
        self.routes: list[list[Route]] = []
        for ps in edge_paths:
            shortest: dict[tuple[int, ...], list[int]] = {}
            for path in sorted(ps, key=days):
                shortest.setdefault(way_in(path), path)
            self.routes.append([route(path) for path in shortest.values()])
        self.order = sorted(range(len(contingents)), key=lambda j: (contingents[j].start_day, j))
        self.combat = np.array([Role.COMBAT in c.roles for c in contingents], dtype=bool)
        self.committed = np.array([float(c.troops) for c in contingents])
        self.start_day = np.array([c.start_day for c in contingents], dtype=int)
        self.country_of = np.array([p.country for p in setup.contingents], dtype=int)
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
        self.kernel_structure = _flatten(self)

    def owns(self) -> list[Variable]:
        j, c, z = len(self.committed), len(self.setup.countries), len(self.setup.zones)
        n_nodes = len(self.nodes)
        return [
            Variable("logistics.waiting", (j,), "contingent", scratch=True),
            # lane-major: the contingents arriving on one day sit together in memory
            Variable("logistics.in_transit", (self.lanes, j), scratch=True),
            Variable("troops.by_contingent", (j,), "contingent", record=True),
            Variable("troops.by_zone", (z,), "zone", record=True),
            Variable("troops.by_country", (c,), "country", record=True),
            Variable("troops.in_theatre", record=True),
            Variable("logistics.arrived", scratch=True),
            Variable("logistics.rerouted", scratch=True),
            Variable("logistics.peak_troops", scratch=True),
            Variable("logistics.day_share_arrived", (3,), fill=np.nan, scratch=True),
            Variable("logistics.people_left", (len(self.links),), scratch=True),
            Variable("logistics.closed_until", (n_nodes,), dtype=int, scratch=True),
            Variable("logistics.closed_days", (n_nodes,), scratch=True),
            Variable("logistics.stock", (z,), "zone", scratch=True),
            Variable("logistics.supply_ratio", (z,), "zone", fill=1.0, record=True),
            Variable("logistics.shortfall_days", (z,), "zone", scratch=True),
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
        d["people"] = np.full((ctx.n, len(self.links)), np.inf)
        d["tonnes"] = np.full((ctx.n, len(self.links)), np.inf)
        for i, e in enumerate(self.links):
            edge = network.edges[e]
            for what in ("people", "tonnes"):
                if getattr(edge, what) is not None:
                    d[what][:, i] = p[f"logistics.{what}.{edge.start}>{edge.end}"]
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
        s, p, d = ctx.state, ctx.params, ctx.derived
        _step(
            day,
            self.kernel_structure,
            ctx.lagged["strikes.leaked"][:, :, self.logistics_target, :],
            ctx.lagged["opinion.withdrawn"],
            ctx.noise["closures"],
            ctx.noise["weather"][:, 0],
            d["hazard"],
            d["closure_days"],
            d["people"],
            d["tonnes"],
            d["cargo"],
            d["demand_t"],
            d["transship"],
            p["logistics.node_hit_share"],
            p["logistics.weather_loss"],
            p["logistics.withdrawal_days"],
            p["logistics.days_of_supply"],
            s["troops.by_contingent"],
            *(s.mutable(name) for name in _KEPT),
            *s.renew(*_FRESH),
        )

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


_KEPT = (
    "logistics.waiting",
    "logistics.in_transit",
    "logistics.closed_until",
    "logistics.closed_days",
    "logistics.people_left",
    "logistics.stock",
    "logistics.shortfall_days",
    "logistics.rerouted",
    "logistics.arrived",
    "logistics.peak_troops",
    "logistics.day_share_arrived",
)
_FRESH = (
    "logistics.supply_ratio",
    "troops.by_contingent",
    "troops.by_zone",
    "troops.by_country",
    "troops.in_theatre",
)
_SHARES_ARRIVED = (0.5, 0.9, 1.0)


@dataclass(frozen=True)
class _Structure:
    """The network and the plan as integer arrays, which a kernel can take: routes in a flat
    list (each contingent's shortest first), their links and disruptable nodes as runs of flat
    index arrays (`*_from[r]` to `*_from[r + 1]`)."""

    order: np.ndarray  # contingents in first-come first-served order
    start_day: np.ndarray
    committed: np.ndarray
    committed_total: float
    contingent_zone: np.ndarray
    contingent_country: np.ndarray
    routes_from: np.ndarray  # contingent j's routes are routes_from[j] to routes_from[j + 1]
    route_days: np.ndarray
    route_breaks: np.ndarray
    links_from: np.ndarray
    links: np.ndarray
    nodes_from: np.ndarray
    nodes: np.ndarray
    struck_zone: np.ndarray  # by node: the deployable zone whose strikes reach it (-1: none)
    crossing_links: np.ndarray  # the links that cross the border, and their node (-1: none)
    crossing_nodes: np.ndarray
    lanes: int
    zones: int


def _flatten(logistics: Logistics) -> tuple:
    setup = logistics.setup
    routes = [route for by_contingent in logistics.routes for route in by_contingent]
    runs = np.cumsum([0, *(len(rs) for rs in logistics.routes)])

    def run_starts(arrays: list[np.ndarray]) -> np.ndarray:
        return np.cumsum([0, *(len(a) for a in arrays)])

    def joined(arrays: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([*arrays, np.empty(0, dtype=int)]).astype(np.int64)

    structure = _Structure(
        order=np.array(logistics.order, dtype=np.int64),
        start_day=logistics.start_day.astype(np.int64),
        committed=logistics.committed,
        committed_total=float(logistics.committed.sum()),
        contingent_zone=np.array([p.zone for p in setup.contingents], dtype=np.int64),
        contingent_country=logistics.country_of.astype(np.int64),
        routes_from=runs.astype(np.int64),
        route_days=np.array([r.days for r in routes], dtype=np.int64),
        route_breaks=np.array([r.gauge_breaks for r in routes], dtype=np.int64),
        links_from=run_starts([r.links for r in routes]).astype(np.int64),
        links=joined([r.links for r in routes]),
        nodes_from=run_starts([r.nodes for r in routes]).astype(np.int64),
        nodes=joined([r.nodes for r in routes]),
        struck_zone=logistics.struck_zone,
        crossing_links=np.array(logistics.crossing_links, dtype=np.int64),
        crossing_nodes=np.array(
            [-1 if n is None else n for n in logistics.crossing_nodes], dtype=np.int64
        ),
        lanes=logistics.lanes,
        zones=len(setup.zones),
    )
    return tuple(getattr(structure, f) for f in _Structure.__dataclass_fields__)


@kernel
def _step(
    day,
    structure,
    leaked,
    withdrawn,
    closure_luck,
    weather_luck,
    hazard,
    closure_days,
    people_capacity,
    tonnes_capacity,
    cargo,
    demand,
    transship,
    node_hit_share,
    weather_loss,
    withdrawal_days,
    days_of_supply,
    troops,
    waiting,
    in_transit,
    closed_until,
    closed_days,
    people_left,
    stock,
    shortfall_days,
    rerouted,
    arrived,
    peak_troops,
    day_share_arrived,
    supply_ratio,
    troops_out,
    by_zone,
    by_country,
    in_theatre,
):
    """One day for every draw: closures, sustainment over the crossings, movement along the
    routes first come first served, arrivals and withdrawals. The kept state changes in place;
    the rest is written into the fresh arrays."""
    (
        order,
        start_day,
        committed,
        committed_total,
        contingent_zone,
        contingent_country,
        routes_from,
        route_days,
        route_breaks,
        links_from,
        links,
        nodes_from,
        nodes,
        struck_zone,
        crossing_links,
        crossing_nodes,
        lanes,
        zones,
    ) = structure
    n_nodes = hazard.shape[1]
    contingents = troops.shape[1]
    is_open = np.empty(n_nodes, dtype=np.bool_)
    tonnes = np.empty(tonnes_capacity.shape[1])
    need = np.empty(zones)
    arriving = np.empty(contingents)
    brought = np.empty(zones)
    for i in range(troops.shape[0]):
        # closures: at random, or hit by last night's strikes on logistics in the node's zone
        for k in range(n_nodes):
            chance = hazard[i, k]
            zone = struck_zone[k]
            if zone >= 0:
                hits = 0.0
                for weapon in range(leaked.shape[1]):
                    hits += leaked[i, weapon, zone]
                # x ** 0 is exactly 1: most nights no strike reaches logistics
                spared = (1.0 - node_hit_share[i]) ** hits if hits != 0.0 else 1.0
                chance = 1.0 - (1.0 - chance) * spared
            if closure_luck[i, k] < chance and closed_until[i, k] <= day:
                closed_until[i, k] = day + closure_days[i]
            is_open[k] = closed_until[i, k] <= day
            if not is_open[k]:
                closed_days[i, k] += 1.0

        weather = 1.0 - weather_loss[i] * weather_luck[i]
        people = people_left[i]
        for link in range(people.size):
            people[link] = people_capacity[i, link] * weather
            tonnes[link] = tonnes_capacity[i, link] * weather

        # sustainment crosses the border first, on the open crossings' tonnage
        need[:] = 0.0
        for j in range(contingents):
            need[contingent_zone[j]] += troops[i, j] * demand[i, j]
        capacity = 0.0
        for c in range(crossing_links.size):
            node = crossing_nodes[c]
            if node < 0 or is_open[node]:
                capacity += tonnes[crossing_links[c]]
        total_need = total(need)
        delivered = np.minimum(total_need, capacity)
        share = delivered / capacity if capacity > 0 else 0.0
        for c in range(crossing_links.size):
            node = crossing_nodes[c]
            if node < 0 or is_open[node]:
                tonnes[crossing_links[c]] = tonnes[crossing_links[c]] * (1.0 - share)
        served = delivered / total_need if total_need > 0 else 1.0
        for z in range(zones):
            supplied = need[z] * served
            left = stock[i, z] + supplied - need[z]
            supply_ratio[i, z] = (
                np.minimum((supplied + stock[i, z]) / need[z], 1.0) if need[z] > 0 else 1.0
            )
            if left < 0 and need[z] > 0:
                shortfall_days[i, z] += 1.0
            stock[i, z] = np.maximum(left, 0.0)

        # movement: each contingent fills its shortest open route and overflows to the next
        for j in range(contingents):
            if withdrawn[i, contingent_country[j]]:
                waiting[i, j] = 0.0
        for j in order:
            left = waiting[i, j]
            if day < start_day[j] or left == 0:
                continue
            for r in range(routes_from[j], routes_from[j + 1]):
                room_people = np.inf
                room_tonnes = np.inf
                for m in range(links_from[r], links_from[r + 1]):
                    room_people = np.minimum(room_people, people[links[m]])
                    room_tonnes = np.minimum(room_tonnes, tonnes[links[m]])
                room = np.maximum(np.minimum(room_people, room_tonnes / cargo[i, j]), 0.0)
                for m in range(nodes_from[r], nodes_from[r + 1]):
                    if not is_open[nodes[m]]:
                        room = 0.0
                sent = np.minimum(left, room)
                if sent == 0:
                    continue
                left -= sent
                for m in range(links_from[r], links_from[r + 1]):
                    people[links[m]] -= sent
                    tonnes[links[m]] -= sent * cargo[i, j]
                if r > routes_from[j]:
                    rerouted[i] += sent
                days = route_days[r]
                if route_breaks[r]:
                    days += route_breaks[r] * transship[i]
                in_transit[i, (day + days) % lanes, j] += sent
                if left == 0:
                    break  # all of it is on its way
            waiting[i, j] = left

        # arrivals bring their days of supply; withdrawing contingents leave at a steady pace
        lane = day % lanes
        brought[:] = 0.0
        for j in range(contingents):
            arriving[j] = in_transit[i, lane, j]
            in_transit[i, lane, j] = 0.0
            theatre = troops[i, j] + arriving[j]
            if withdrawn[i, contingent_country[j]] and theatre > 0:
                theatre = np.maximum(theatre - committed[j] / withdrawal_days[i], 0.0)
            troops_out[i, j] = theatre
            brought[contingent_zone[j]] += arriving[j] * demand[i, j] * days_of_supply[i]
        for z in range(zones):
            stock[i, z] = stock[i, z] + brought[z]
            by_zone[i, z] = 0.0
        by_country[i, :] = 0.0
        for j in range(contingents):
            by_zone[i, contingent_zone[j]] += troops_out[i, j]
            by_country[i, contingent_country[j]] += troops_out[i, j]
        in_theatre[i] = total(troops_out[i])
        arrived[i] = arrived[i] + total(arriving)
        peak_troops[i] = np.maximum(peak_troops[i], in_theatre[i])
        if committed_total:
            for k in range(len(_SHARES_ARRIVED)):
                if (
                    np.isnan(day_share_arrived[i, k])
                    and arrived[i] >= _SHARES_ARRIVED[k] * committed_total - 1e-6
                ):
                    day_share_arrived[i, k] = day
