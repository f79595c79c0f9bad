"""Properties of the planner on networks Hypothesis invents: no link over capacity on any day,
no troop lost or created, and more capacity never makes the deployment later."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.logistics.planner import Demand, Link, solve

capacity = st.one_of(st.just(math.inf), st.floats(20, 400))


@st.composite
def networks(draw):
    """Two homes, two or three parallel crossings with their own capacities and days, one zone."""
    crossings = draw(st.integers(2, 3))
    links = [
        Link("home.a", "stage", draw(st.integers(0, 3))),
        Link("home.b", "stage", draw(st.integers(0, 3))),
    ]
    for i in range(crossings):
        links.append(Link("stage", f"x{i}", 0))
        links.append(
            Link(
                f"x{i}",
                "zone",
                draw(st.integers(1, 4)),
                people=draw(capacity),
                tonnes=draw(capacity),
            )
        )
    if all(math.isinf(link.people) for link in links[2:]):
        links[3] = dataclasses.replace(links[3], people=100.0)
    demands = [
        Demand(
            "A",
            "home.a",
            "zone",
            draw(st.floats(100, 3000)),
            draw(st.floats(0.5, 5)),
            draw(st.integers(0, 5)),
        ),
        Demand(
            "B",
            "home.b",
            "zone",
            draw(st.floats(100, 3000)),
            draw(st.floats(0.5, 5)),
            draw(st.integers(0, 5)),
        ),
    ]
    return links, demands


@settings(max_examples=25, deadline=None)
@given(networks())
def test_capacity_conservation_and_monotonicity(network):
    links, demands = network
    plan = solve(links, demands, horizon=120)
    for e, link in enumerate(links):
        assert (plan.people[e] <= link.people * (1 + 1e-6) + 1e-6).all()
        assert (plan.tonnes[e] <= link.tonnes * (1 + 1e-6) + 1e-6).all()
    arrived = plan.arrived[:, -1]
    for k, demand in enumerate(demands):
        assert arrived[k] <= demand.troops * (1 + 1e-6)
    assert (np.diff(plan.arrived, axis=1) >= -1e-6).all()

    wider = [
        dataclasses.replace(link, people=link.people * 2, tonnes=link.tonnes * 2) for link in links
    ]
    faster = solve(wider, demands, horizon=120)
    base, more = plan.closure_day(1.0), faster.closure_day(1.0)
    if not math.isnan(base):
        assert more <= base
