"""Logistics for one draw: moving contingents over the network, day by day, and sustaining them.

Each contingent may take any path from its home to its destination zone (through the crossing or
airport its scenario names, if any); for each way in (crossing or airport) it keeps the shortest
path, and tries them shortest first. Every day:
1. closures: each crossing, airport or hub that is open closes for `closure_days` days, by
   sabotage or accident (its kind's daily hazard) or, for a node in a zone of Ukraine, when one of
   the drones and missiles that got through to the zone's logistics targets last night hits it;
   a path through a closed node carries nothing;
2. capacity: every capacitated link's people and tonnes capacity, times (1 - weather_loss * u);
3. sustainment: the troops in theatre need their daily tonnes; the open crossings' tonnage carries
   it first, in proportion to what each crossing can take, and what is left carries troops; each
   zone's stock gains its delivery and loses its need, and a zone that would go below zero is
   short that day;
4. movement: contingents in order of start day (then as listed) fill their shortest open path and
   overflow to the next; a path takes as many troops as the least room on its links, in troops and
   in tonnes of the contingent's cargo; troops arrive after the path's days plus the transshipment
   days at each gauge break;
5. arrivals join the theatre with their days of supply; withdrawn contingents stop moving and leave.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup
from coalition.spec.scenario import Role

from .values import Noise, Params, State

NAME = "logistics"
READS: tuple[str, ...] = ()
READS_LAGGED = ("opinion.withdrawn", "strikes.leaked")
DISCRETE = (
    "logistics.day_share_arrived",
    "logistics.closed_until",
    "logistics.closed_days",
    "logistics.shortfall_days",
)

SHARES = (0.5, 0.9, 1.0)
KIND = {"crossing": "crossing", "apod": "crossing", "hub": "hub"}


_WORKED_OUT: dict[tuple[str, int], tuple[Setup, object]] = {}


def once_per_setup(work):
    """Work out a static property of the network once per setup: it does not change in a run."""

    def cached(setup: Setup):
        key = (work.__name__, id(setup))
        if key not in _WORKED_OUT or _WORKED_OUT[key][0] is not setup:
            _WORKED_OUT[key] = (setup, work(setup))
        return _WORKED_OUT[key][1]

    return cached


def channels(setup: Setup) -> dict[str, int]:
    return {"closures": len(disruptable(setup)), "weather": 1}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def all_paths(setup: Setup, start: str, end: str) -> list[list[int]]:
    edges = setup.world.network.edges
    found = []

    def walk(node: str, path: list[int]) -> None:
        if node == end:
            found.append(path)
            return
        for i, edge in enumerate(edges):
            if edge.start == node and all(edges[j].start != edge.end for j in path):
                walk(edge.end, [*path, i])

    walk(start, [])
    return found


@once_per_setup
def contingent_paths(setup: Setup) -> list[list[list[int]]]:
    network = setup.world.network
    home = {n.country: n.id for n in network.nodes if n.kind == "home"}
    zone = {n.zone: n.id for n in network.nodes if n.kind == "zone"}
    out = []
    for c in setup.scenario.course_of_action.contingents:
        found = all_paths(setup, home[c.country], zone[c.zone])
        out.append(
            [p for p in found if c.route is None or c.route in {network.edges[e].end for e in p}]
        )
    return out


@once_per_setup
def capacitated(setup: Setup) -> list[int]:
    edges = setup.world.network.edges
    used = sorted({e for ps in contingent_paths(setup) for p in ps for e in p})
    return [e for e in used if edges[e].people or edges[e].tonnes]


@once_per_setup
def disruptable(setup: Setup) -> list[str]:
    network = setup.world.network
    used = {network.edges[e].end for ps in contingent_paths(setup) for p in ps for e in p}
    return sorted(used & {n.id for n in network.nodes if n.kind in KIND})


@once_per_setup
def routes(setup: Setup) -> list[list[dict]]:
    """Per contingent: the shortest path through each way in, shortest first."""
    network = setup.world.network
    links, nodes = capacitated(setup), disruptable(setup)
    out = []
    for paths in contingent_paths(setup):
        candidates = []
        for p in paths:
            ends = [network.edges[e].end for e in p]
            candidates.append(
                {
                    "links": [links.index(e) for e in p if e in links],
                    "nodes": [nodes.index(n) for n in ends if n in nodes],
                    "days": sum(network.edges[e].days for e in p),
                    "gauge_breaks": sum("break" in (network.node(n).gauge or "") for n in ends),
                }
            )
        candidates.sort(key=lambda r: r["days"])
        chosen: dict[tuple, dict] = {}
        for route in candidates:
            way_in = tuple(
                n for n in route["nodes"] if KIND[network.node(nodes[n]).kind] == "crossing"
            )
            chosen.setdefault(way_in, route)
        out.append(list(chosen.values()))
    return out


def most_transshipment_days(setup: Setup) -> int:
    """The upper bound of the transshipment days' distribution: the longest delay possible."""
    dist = setup.scenario.assumptions.get(
        "logistics.transshipment_days",
        setup.world.domain("logistics").parameters["transshipment_days"].default,
    )
    return max(round(dist.bounds[1]), 0)


def lanes(setup: Setup) -> int:
    longest = max(
        (
            r["days"] + most_transshipment_days(setup) * r["gauge_breaks"]
            for rs in routes(setup)
            for r in rs
        ),
        default=0,
    )
    return longest + 1


def kind_of(setup: Setup, contingent: int) -> str:
    return "combat" if Role.COMBAT in setup.contingents[contingent].roles else "other"


def daily_need(setup: Setup, params: Params, contingent: int) -> float:
    """Tonnes a day one soldier of this contingent needs, all classes of supply."""
    kind = kind_of(setup, contingent)
    return (
        sum(
            params[f"logistics.demand.{supply}.{kind}"]
            for supply in setup.world.domain("logistics").demand_kg_per_soldier_day
        )
        / 1000.0
    )


def init(setup: Setup, params: Params) -> State:
    j, z = len(setup.contingents), len(setup.zones)
    return {
        "logistics.waiting": [p.troops for p in setup.contingents],
        "logistics.in_transit": [[0.0] * lanes(setup) for _ in range(j)],
        "troops.by_contingent": [0.0] * j,
        "troops.by_zone": [0.0] * z,
        "troops.by_country": [0.0] * len(setup.countries),
        "troops.in_theatre": 0.0,
        "logistics.arrived": 0.0,
        "logistics.rerouted": 0.0,
        "logistics.peak_troops": 0.0,
        "logistics.day_share_arrived": [math.nan] * len(SHARES),
        "logistics.people_left": [0.0] * len(capacitated(setup)),
        "logistics.closed_until": [0] * len(disruptable(setup)),
        "logistics.closed_days": [0.0] * len(disruptable(setup)),
        "logistics.stock": [0.0] * z,
        "logistics.supply_ratio": [1.0] * z,
        "logistics.shortfall_days": [0.0] * z,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    network = setup.world.network
    links, nodes = capacitated(setup), disruptable(setup)
    plans = setup.contingents

    # 1. closures
    closed_until = list(state["logistics.closed_until"])
    zone_of_oblast = {region.iso: region.zone for region in setup.world.regions}
    logistics_row = list(setup.world.arsenal.targets).index("logistics")
    for k, node in enumerate(nodes):
        hazard = params[f"logistics.closure_hazard_{KIND[network.node(node).kind]}"]
        zone = zone_of_oblast.get(network.node(node).oblast or "")
        if zone in setup.zones:
            hits = sum(
                by_weapon[logistics_row][setup.zones.index(zone)]
                for by_weapon in inputs["strikes.leaked"]
            )
            spared = (1.0 - params["logistics.node_hit_share"]) ** hits
            hazard = 1.0 - (1.0 - hazard) * spared
        if noise["closures"][k] < hazard and closed_until[k] <= day:
            closed_until[k] = day + round(params["logistics.closure_days"])
    is_open = [until <= day for until in closed_until]
    state["logistics.closed_until"] = closed_until
    state["logistics.closed_days"] = [
        days + (not o) for days, o in zip(state["logistics.closed_days"], is_open, strict=True)
    ]

    # 2. today's capacities
    weather = 1.0 - params["logistics.weather_loss"] * noise["weather"][0]
    people, tonnes = [], []
    for e in links:
        edge = network.edges[e]
        people.append(
            params[f"logistics.people.{edge.start}>{edge.end}"] * weather
            if edge.people is not None
            else math.inf
        )
        tonnes.append(
            params[f"logistics.tonnes.{edge.start}>{edge.end}"] * weather
            if edge.tonnes is not None
            else math.inf
        )

    # 3. sustainment first
    zones = len(setup.zones)
    need = [0.0] * zones
    for j, plan in enumerate(plans):
        need[plan.zone] += state["troops.by_contingent"][j] * daily_need(setup, params, j)
    crossing_links = [i for i, e in enumerate(links) if network.edges[e].start.startswith("xing.")]
    link_open = {}
    for i in crossing_links:
        start = network.edges[links[i]].start
        link_open[i] = is_open[nodes.index(start)] if start in nodes else True
    capacity = sum(tonnes[i] for i in crossing_links if link_open[i])
    total_need = sum(need)
    delivered = min(total_need, capacity)
    share = delivered / capacity if capacity > 0 else 0.0
    for i in crossing_links:
        if link_open[i]:
            tonnes[i] *= 1.0 - share
    served = delivered / total_need if total_need > 0 else 1.0
    stock, ratio, shortfall = [], [], list(state["logistics.shortfall_days"])
    for z in range(zones):
        got = need[z] * served
        before = state["logistics.stock"][z]
        after = before + got - need[z]
        if after < 0 and need[z] > 0:
            shortfall[z] += 1
        ratio.append(min((got + max(before, 0.0)) / need[z], 1.0) if need[z] > 0 else 1.0)
        stock.append(max(after, 0.0))

    # 4. movement
    withdrawn = [inputs["opinion.withdrawn"][p.country] for p in plans]
    waiting = [
        0.0 if w else troops
        for w, troops in zip(withdrawn, state["logistics.waiting"], strict=True)
    ]
    in_transit = [list(lane) for lane in state["logistics.in_transit"]]
    rerouted = state["logistics.rerouted"]
    transship = max(round(params["logistics.transshipment_days"]), 0)
    order = sorted(range(len(plans)), key=lambda j: (plans[j].start_day, j))
    n_lanes = lanes(setup)
    for j in order:
        if day < plans[j].start_day or waiting[j] == 0:
            continue
        cargo = params[f"logistics.cargo.{kind_of(setup, j)}"]
        for rank, route in enumerate(routes(setup)[j]):
            room = min([math.inf] + [min(people[i], tonnes[i] / cargo) for i in route["links"]])
            room = max(room, 0.0) if all(is_open[n] for n in route["nodes"]) else 0.0
            sent = min(waiting[j], room)
            if sent <= 0:
                continue
            waiting[j] -= sent
            for i in route["links"]:
                people[i] -= sent
                tonnes[i] -= sent * cargo
            if rank:
                rerouted += sent
            days = route["days"] + route["gauge_breaks"] * transship
            in_transit[j][(day + days) % n_lanes] += sent
            if waiting[j] == 0:
                break

    # 5. arrivals and departures
    lane = day % n_lanes
    theatre = list(state["troops.by_contingent"])
    arrived = state["logistics.arrived"]
    for j, plan in enumerate(plans):
        arriving = in_transit[j][lane]
        in_transit[j][lane] = 0.0
        theatre[j] += arriving
        arrived += arriving
        stock[plan.zone] += (
            arriving * daily_need(setup, params, j) * params["logistics.days_of_supply"]
        )
        if withdrawn[j] and theatre[j] > 0:
            theatre[j] = max(theatre[j] - plan.troops / params["logistics.withdrawal_days"], 0.0)

    by_zone, by_country = [0.0] * zones, [0.0] * len(setup.countries)
    for j, plan in enumerate(plans):
        by_zone[plan.zone] += theatre[j]
        by_country[plan.country] += theatre[j]
    total = sum(theatre)
    committed = sum(p.troops for p in plans)
    reached = list(state["logistics.day_share_arrived"])
    for k, target in enumerate(SHARES):
        if committed and math.isnan(reached[k]) and arrived >= target * committed - 1e-6:
            reached[k] = day

    state.update(
        {
            "logistics.waiting": waiting,
            "logistics.in_transit": in_transit,
            "logistics.rerouted": rerouted,
            "logistics.people_left": people,
            "troops.by_contingent": theatre,
            "troops.by_zone": by_zone,
            "troops.by_country": by_country,
            "troops.in_theatre": total,
            "logistics.arrived": arrived,
            "logistics.peak_troops": max(state["logistics.peak_troops"], total),
            "logistics.day_share_arrived": reached,
            "logistics.stock": stock,
            "logistics.supply_ratio": ratio,
            "logistics.shortfall_days": shortfall,
        }
    )


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    reached = state["logistics.day_share_arrived"]
    shortfall = state["logistics.shortfall_days"]
    out = {
        "logistics.peak_troops": state["logistics.peak_troops"],
        "logistics.troops_end": state["troops.in_theatre"],
        "logistics.day_50pct_arrived": reached[0],
        "logistics.day_90pct_arrived": reached[1],
        "logistics.closure_day": reached[2],
        "logistics.rerouted_troops": state["logistics.rerouted"],
        "logistics.shortfall_zone_days": sum(shortfall),
    }
    for zone, days in zip(setup.zones, shortfall, strict=True):
        out[f"logistics.shortfall_days.{zone}"] = days
    return {name: float(value) for name, value in out.items()}
