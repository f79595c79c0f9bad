"""How fast is the deployment planner? Plans 100,000 troops from 12 contributors over 180 days on
the ukraine-2025 network and prints the problem's size and the time to build and solve it.

    python bench/bench_planner.py [--troops 100000] [--days 180]
"""

from __future__ import annotations

import argparse
import time

from coalition.logistics.deployment import bottlenecks, plan_deployment
from coalition.spec.scenario import Scenario

CONTRIBUTORS = ("UK", "FR", "DE", "PL", "IT", "ES", "NL", "DK", "SE", "FI", "CA", "US")
ZONES = ("near_front", "centre", "far_west", "south")


def scenario(troops: int, days: int) -> Scenario:
    """Twelve contributors, one contingent each, spread over the zones, staggered starts."""
    each = troops // len(CONTRIBUTORS)
    contingents = [
        {
            "country": code,
            "troops": each,
            "roles": ["combat"] if i % 2 == 0 else ["logistics"],
            "zone": ZONES[i % len(ZONES)],
            "start_day": 7 * (i % 4),
        }
        for i, code in enumerate(CONTRIBUTORS)
    ]
    return Scenario.model_validate(
        {
            "name": "planner bench",
            "horizon_days": days,
            "course_of_action": {
                "id": "bench",
                "title": "Bench",
                "context": "war",
                "mission": "deterrence_defence",
                "contingents": contingents,
            },
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--troops", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=180)
    args = parser.parse_args()

    started = time.perf_counter()
    plan = plan_deployment(scenario(args.troops, args.days))
    total = time.perf_counter() - started
    print(f"{args.troops:,} troops, {len(CONTRIBUTORS)} contributors, {args.days} days")
    print(f"problem: {plan.variables:,} variables, {plan.constraints:,} constraints")
    print(
        f"plan: {total:.2f} s, of which building the LP, HiGHS and reading the flows "
        f"{plan.seconds:.2f} s"
    )
    print(
        f"closure: 50 % day {plan.closure_day(0.5):.0f}, 90 % day {plan.closure_day(0.9):.0f}, "
        f"100 % day {plan.closure_day(1.0):.0f}"
    )
    started = time.perf_counter()
    found = bottlenecks(plan)
    print(
        f"bottleneck analysis ({len(found)} full links, one re-plan each): "
        f"{time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    main()
