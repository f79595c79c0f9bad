"""A deployment plan for people (Rich tables) and for machines (JSON)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from rich.table import Table

from coalition.logistics.deployment import Bottleneck
from coalition.logistics.planner import Plan

SHARES = (0.5, 0.9, 1.0)


def _day(value: float) -> str | None:
    return None if math.isnan(value) else str(int(value))


def plan_dict(plan: Plan, found: Sequence[Bottleneck]) -> dict:
    """The plan as plain data: problem size, closures, arrival curves, link use, bottlenecks."""
    return {
        "horizon_days": plan.horizon,
        "problem": {
            "variables": plan.variables,
            "constraints": plan.constraints,
            "seconds": round(plan.seconds, 3),
        },
        "closure_days": {f"{int(s * 100)}%": _day(plan.closure_day(s)) for s in SHARES},
        "contingents": [
            {
                "contingent": d.label,
                "troops": d.troops,
                "from": d.home,
                "to": d.destination,
                "start_day": d.start_day,
                "closure_days": {f"{int(s * 100)}%": _day(plan.closure_day(s, k)) for s in SHARES},
                "arrived_by_day": [round(float(v), 3) for v in plan.arrived[k]],
            }
            for k, d in enumerate(plan.demands)
        ],
        "links": [
            {
                "link": link.name,
                "days": link.days,
                "people_capacity": None if math.isinf(link.people) else link.people,
                "tonnes_capacity": None if math.isinf(link.tonnes) else link.tonnes,
                "people_by_day": [round(float(v), 3) for v in plan.people[e]],
                "tonnes_by_day": [round(float(v), 3) for v in plan.tonnes[e]],
                "saturated_days": plan.saturated_days(e),
            }
            for e, link in enumerate(plan.links)
            if plan.people[e].any()
        ],
        "bottlenecks": [
            {
                "link": b.link.name,
                "saturated_days": b.saturated_days,
                "days_lost": None if math.isnan(b.days_lost) else b.days_lost,
            }
            for b in found
        ],
    }


def plan_json(plan: Plan, found: Sequence[Bottleneck]) -> str:
    return json.dumps(plan_dict(plan, found), indent=1)


def plan_tables(plan: Plan, found: Sequence[Bottleneck], title: str) -> list[Table]:
    """Closure by contingent, the links that carried traffic, and the bottlenecks."""
    closures = Table(
        title=f"{title}: deployment plan ({plan.variables:,} variables, "
        f"{plan.constraints:,} constraints, solved in {plan.seconds:.1f} s)",
        header_style="bold",
    )
    for column in ("contingent", "from", "start day", "50 %", "90 %", "100 %"):
        closures.add_column(column, justify="left" if column in ("contingent", "from") else "right")
    rows = [(d.label, d.home, d.start_day, k) for k, d in enumerate(plan.demands)]
    for label, home, start, k in rows:
        closures.add_row(
            label,
            home,
            str(start),
            *[_day(plan.closure_day(s, k)) or "not in horizon" for s in SHARES],
        )
    closures.add_row(
        "all troops",
        "",
        "",
        *[_day(plan.closure_day(s)) or "not in horizon" for s in SHARES],
        style="bold",
    )

    links = Table(
        title="Links carrying troops: peak daily use against capacity", header_style="bold"
    )
    for column in (
        "link",
        "days",
        "peak troops/day",
        "capacity",
        "peak t/day",
        "capacity t",
        "days full",
    ):
        links.add_column(column, justify="left" if column == "link" else "right")
    for e, link in enumerate(plan.links):
        if not plan.people[e].any() or (math.isinf(link.people) and math.isinf(link.tonnes)):
            continue
        links.add_row(
            link.name,
            str(link.days),
            f"{plan.people[e].max():,.0f}",
            "–" if math.isinf(link.people) else f"{link.people:,.0f}",
            f"{plan.tonnes[e].max():,.0f}",
            "–" if math.isinf(link.tonnes) else f"{link.tonnes:,.0f}",
            str(plan.saturated_days(e)),
        )

    choke = Table(
        title="Bottlenecks: full links, and the days each costs the whole deployment",
        header_style="bold",
    )
    for column in ("link", "days full", "days lost"):
        choke.add_column(column, justify="left" if column == "link" else "right")
    for b in found:
        choke.add_row(
            b.link.name,
            str(b.saturated_days),
            "–" if math.isnan(b.days_lost) else f"{b.days_lost:g}",
        )
    return [closures, links, choke]
