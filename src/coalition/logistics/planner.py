"""The deployment plan: contingents moved from home to destination as early as capacity allows.

A time-expanded network (one copy of every node per day; Ford and Fulkerson, *Flows in Networks*,
1962) carries one commodity per contingent. Each edge has daily capacities in people and in
tonnes, shared by all contingents; each contingent moves its troops with its cargo per soldier.
The linear programme minimises the person-days spent before arrival, i.e. the sum of arrival days,
which fills the earliest capacity first; troops that cannot arrive within the horizon cost more
than any delay. Solved with HiGHS through SciPy.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from coalition.errors import CoalitionError

EPSILON = 1e-6


class PlanError(CoalitionError):
    """The deployment cannot be planned on this network (a destination no path reaches)."""


@dataclass(frozen=True)
class Link:
    """An edge of the network with the capacities the plan uses (inf: not a constraint)."""

    start: str
    end: str
    days: int
    people: float = math.inf
    tonnes: float = math.inf

    @property
    def name(self) -> str:
        return f"{self.start} → {self.end}"


@dataclass(frozen=True)
class Demand:
    """One contingent to move: from its home node to its destination node from `start_day`."""

    label: str
    home: str
    destination: str
    troops: float
    tonnes_per_soldier: float
    start_day: int
    way_in: str | None = None  # a node every path must pass (a named crossing or airport)


@dataclass(frozen=True)
class Plan:
    """A solved plan: arrivals by contingent and day, and each link's use by day."""

    demands: tuple[Demand, ...]
    links: tuple[Link, ...]
    horizon: int
    arrivals: np.ndarray  # (contingents, days): troops arriving at their destination
    people: np.ndarray  # (links, days): troops entering the link
    tonnes: np.ndarray  # (links, days): tonnes entering the link
    variables: int
    constraints: int
    seconds: float

    @property
    def arrived(self) -> np.ndarray:
        """Cumulative arrivals, (contingents, days)."""
        return np.cumsum(self.arrivals, axis=1)

    def closure_day(self, share: float, contingent: int | None = None) -> float:
        """First day by which `share` of a contingent's troops (or of all) have arrived; NaN if
        not within the horizon."""
        if contingent is None:
            arrived = self.arrived.sum(axis=0)
            target = sum(d.troops for d in self.demands)
        else:
            arrived = self.arrived[contingent]
            target = self.demands[contingent].troops
        days = np.flatnonzero(arrived >= share * target - EPSILON * max(target, 1.0))
        return float(days[0]) if days.size else math.nan

    def extended_to(self, horizon: int) -> Plan:
        """The same plan over a longer horizon: nothing moves on the days added."""
        extra = horizon - self.horizon
        if extra <= 0:
            return self
        pad = ((0, 0), (0, extra))
        return dataclasses.replace(
            self,
            horizon=horizon,
            arrivals=np.pad(self.arrivals, pad),
            people=np.pad(self.people, pad),
            tonnes=np.pad(self.tonnes, pad),
        )

    def saturated_days(self, link: int) -> int:
        """Days on which a link ran at one of its capacities."""
        spec = self.links[link]
        full = (self.people[link] >= spec.people * (1 - EPSILON)) | (
            self.tonnes[link] >= spec.tonnes * (1 - EPSILON)
        )
        return int(full.sum())


FIRST_WINDOW = 120
"""Days planned after the last contingent's start before the window first doubles: IFOR's
overland build-up closed in 64 days, and the shipped mass deployment plans to close in 68."""


def solve_until_closed(links: Sequence[Link], demands: Sequence[Demand], horizon: int) -> Plan:
    """Plan within a window that doubles until every contingent has arrived or the horizon is
    reached, then extend it to the horizon: the programme grows with the days a deployment
    takes, not with the horizon asked for (a ten-year horizon would hold millions of variables)."""
    last_start = max((d.start_day for d in demands), default=0)
    window = min(horizon, last_start + FIRST_WINDOW)
    while True:
        plan = solve(links, demands, window)
        if window == horizon or not math.isnan(plan.closure_day(1.0)):
            return plan.extended_to(horizon)
        window = min(horizon, 2 * window)


def solve(links: Sequence[Link], demands: Sequence[Demand], horizon: int) -> Plan:
    """Plan every demand over `horizon` days; `PlanError` if a destination cannot be reached."""
    started = time.perf_counter()
    links, demands = tuple(links), tuple(demands)
    index: dict[tuple, int] = {}
    costs: list[float] = []

    def var(key: tuple, cost: float) -> int:
        index[key] = len(costs)
        costs.append(cost)
        return index[key]

    rows, cols, vals = [], [], []  # equality constraints: flow conservation
    b_eq: list[float] = []
    by_link_day: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for k, demand in enumerate(demands):
        usable = _usable_links(links, demand)
        nodes = {links[e].start for e in usable} | {links[e].end for e in usable}
        nodes.discard(demand.destination)
        for e in usable:
            for t in range(demand.start_day, horizon - links[e].days):
                j = var(("x", k, e, t), links[e].days + 1e-3)
                by_link_day[(e, t)].append((j, demand.tonnes_per_soldier))
        for v in nodes:
            for t in range(demand.start_day, horizon):
                # waiting costs a person-day; still waiting on the last day: not arrived at all
                var(("h", k, v, t), 1.0 if t < horizon - 1 else 10.0 * horizon)
        leaving = {v: [e for e in usable if links[e].start == v] for v in nodes}
        entering = {v: [e for e in usable if links[e].end == v] for v in nodes}
        for v in nodes:
            for t in range(demand.start_day, horizon):
                row = len(b_eq)
                b_eq.append(demand.troops if (v == demand.home and t == demand.start_day) else 0.0)
                terms = [(index[("h", k, v, t)], -1.0)]
                if t > demand.start_day:
                    terms.append((index[("h", k, v, t - 1)], 1.0))
                terms += [
                    (index[("x", k, e, t)], -1.0) for e in leaving[v] if ("x", k, e, t) in index
                ]
                terms += [
                    (index[("x", k, e, t - links[e].days)], 1.0)
                    for e in entering[v]
                    if ("x", k, e, t - links[e].days) in index
                ]
                for j, coefficient in terms:  # outflow - inflow = supply
                    rows.append(row)
                    cols.append(j)
                    vals.append(-coefficient)

    ub_rows, ub_cols, ub_vals, b_ub = [], [], [], []
    for (e, _t), entries in by_link_day.items():
        for capacity, weight in ((links[e].people, None), (links[e].tonnes, "tonnes")):
            if math.isinf(capacity):
                continue
            row = len(b_ub)
            b_ub.append(capacity)
            for j, tonnes in entries:
                ub_rows.append(row)
                ub_cols.append(j)
                ub_vals.append(tonnes if weight else 1.0)

    n = len(costs)
    if n == 0:  # nothing to move
        empty = np.zeros((0, horizon))
        return Plan(
            demands,
            links,
            horizon,
            empty,
            np.zeros((len(links), horizon)),
            np.zeros((len(links), horizon)),
            0,
            0,
            time.perf_counter() - started,
        )
    a_eq = sparse.csr_array((vals, (rows, cols)), shape=(len(b_eq), n))
    a_ub = sparse.csr_array((ub_vals, (ub_rows, ub_cols)), shape=(len(b_ub), n)) if b_ub else None
    result = linprog(
        np.array(costs),
        A_ub=a_ub,
        b_ub=np.array(b_ub) if b_ub else None,
        A_eq=a_eq,
        b_eq=np.array(b_eq),
        bounds=(0, None),
        method="highs",
    )
    if result.status != 0:
        raise PlanError(f"the deployment plan could not be solved: {result.message}")

    flow = result.x
    arrivals = np.zeros((len(demands), horizon))
    people = np.zeros((len(links), horizon))
    tonnes = np.zeros((len(links), horizon))
    for key, j in index.items():
        if key[0] != "x" or flow[j] <= EPSILON:
            continue
        _, k, e, t = key
        people[e, t] += flow[j]
        tonnes[e, t] += flow[j] * demands[k].tonnes_per_soldier
        if links[e].end == demands[k].destination:
            arrivals[k, t + links[e].days] += flow[j]
    return Plan(
        demands,
        links,
        horizon,
        arrivals,
        people,
        tonnes,
        n,
        len(b_eq) + len(b_ub),
        time.perf_counter() - started,
    )


def _usable_links(links: Sequence[Link], demand: Demand) -> list[int]:
    """Links on some path from the demand's home to its destination (through its way in)."""
    legs = (
        [(demand.home, demand.destination)]
        if demand.way_in is None
        else [(demand.home, demand.way_in), (demand.way_in, demand.destination)]
    )
    usable: set[int] = set()
    for start, end in legs:
        forward = _reach(links, start, lambda link: (link.start, link.end))
        backward = _reach(links, end, lambda link: (link.end, link.start))
        if end not in forward:
            via = f" through {demand.way_in}" if demand.way_in else ""
            raise PlanError(
                f"contingent {demand.label}: no path in the network from {demand.home} to "
                f"{demand.destination}{via}"
            )
        # on a path from start to end; the network is acyclic, so the legs meet only at the way in
        usable |= {
            e
            for e, link in enumerate(links)
            if link.start in forward
            and link.end in backward
            and link.end != start
            and link.start != end
        }
    return sorted(usable)


def _reach(links: Sequence[Link], origin: str, direction) -> set[str]:
    seen, queue = {origin}, deque([origin])
    while queue:
        node = queue.popleft()
        for link in links:
            start, end = direction(link)
            if start == node and end not in seen:
                seen.add(end)
                queue.append(end)
    return seen
