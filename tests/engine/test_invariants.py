"""Invariants that hold for any course of action, checked on courses of action Hypothesis invents.

Troops in theatre are never negative nor above what was sent; launches and leakers are whole
numbers, no cell leaks more than was launched at it and Allied units destroy no more than came;
interceptor stocks never go negative; outages last between 0 and 24 hours and strikes destroy no
more generation than there is; support, morale and interoperability stay within 0-100 %; training
stocks are never negative; the force ratio is positive and ground changes only by the day's
gain; probabilities stay within 0-1; and "the highest rung reached is at least k by day t" never
decreases in t.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.analysis.summary import by_month, escalation_by_month
from coalition.api import assemble, build_model
from coalition.engine.simulate import run_chunk
from coalition.spec.scenario import (
    Context,
    Framing,
    Mission,
    Posture,
    Role,
    RulesOfEngagement,
    Scenario,
)
from coalition.world import load_world

WORLD = load_world("ukraine-2025")
COUNTRIES = [c.code for c in WORLD.contributors]
ZONES = [z.id for z in WORLD.zones if z.deployable]
HORIZON = 60

contingents = st.lists(
    st.fixed_dictionaries(
        {
            "country": st.sampled_from(COUNTRIES),
            "troops": st.integers(0, 40_000),
            "roles": st.lists(st.sampled_from(list(Role)), min_size=1, max_size=3, unique=True),
            "zone": st.sampled_from(ZONES),
            "start_day": st.integers(0, HORIZON - 1),
            "fire_units": st.integers(0, 20),
            "interceptors": st.one_of(st.none(), st.integers(0, 3000)),
        }
    ).map(
        lambda c: (
            c
            if Role.AIR_DEFENCE in c["roles"]
            else {k: v for k, v in c.items() if k not in ("fire_units", "interceptors")}
        )
    ),
    max_size=6,
)

scenarios = st.builds(
    lambda contingents, context, mission, posture, framing, backstop, roe, seed, hot: (
        Scenario.model_validate(
            {
                "name": "invented",
                "horizon_days": HORIZON,
                "draws": 40,
                "seed": seed,
                "course_of_action": {
                    "id": "invented",
                    "title": "Invented",
                    "context": context,
                    "mission": mission,
                    "posture": posture,
                    "framing": framing,
                    "us_backstop": backstop,
                    "rules_of_engagement": roe,
                    "contingents": contingents,
                },
                # sometimes make the ladder hot, so that the upper rungs and their branches run
                "assumptions": {
                    f"escalation.up.{r.id}": {"dist": "point", "value": 0.2, "source": "test"}
                    for r in WORLD.ladder.rungs
                }
                if hot
                else {},
            }
        )
    ),
    contingents,
    st.sampled_from(list(Context)),
    st.sampled_from(list(Mission)),
    st.sampled_from(list(Posture)),
    st.sampled_from(list(Framing)),
    st.booleans(),
    st.sampled_from(list(RulesOfEngagement)),
    st.integers(0, 2**32),
    st.booleans(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_invariants_hold_for_any_course_of_action(scenario):
    model = build_model(scenario)
    chunk = run_chunk(model, scenario.seed, 0, scenario.draws, trace=True)
    trace = chunk.trace
    sent = np.array([p.troops for p in model.setup.contingents])

    troops = trace["troops.by_contingent"]
    assert (troops >= 0).all()
    assert (troops <= sent + 1e-6).all()
    total = trace["troops.in_theatre"]
    assert (total <= sent.sum() + 1e-6).all()
    moving = (
        trace["logistics.waiting"].sum(axis=2)
        + trace["logistics.in_transit"].sum(axis=(2, 3))
        + total
    )
    assert (moving <= sent.sum() + 1e-6).all(), "troops are created out of nothing"
    assert (trace["logistics.people_left"] >= -1e-6).all(), "a link carried more than it can"
    assert (trace["logistics.supply_ratio"] >= 0).all()
    assert (trace["logistics.supply_ratio"] <= 1).all()

    support = trace["opinion.support"][1:]
    assert ((support >= 0) & (support <= 100)).all()
    withdrawn = trace["opinion.withdrawn"]
    assert (withdrawn[1:] >= withdrawn[:-1]).all(), "a withdrawal is final"

    rung = trace["escalation.rung"]
    assert ((rung >= 0) & (rung <= len(WORLD.ladder.rungs))).all()
    active = trace["escalation.active"]
    highest = np.where(
        active.any(axis=2), active.shape[2] - np.argmax(active[..., ::-1], axis=2), 0
    )
    np.testing.assert_array_equal(rung, highest, "a draw stands on its highest active rung")
    chain = [
        (k, [r.id for r in WORLD.ladder.rungs].index(r.after))
        for k, r in enumerate(WORLD.ladder.rungs)
        if r.after
    ]
    for k, after in chain:
        starts = active[1:, :, k] & ~active[:-1, :, k]
        assert not (starts & ~active[:-1, :, after]).any(), (
            "an upper rung starts only after its own"
        )
    assert (trace["exposure.deaths_by_country"] >= 0).all()

    launched, leaked = trace["strikes.launched"], trace["strikes.leaked"]
    for counts in (launched, leaked):
        assert (counts >= 0).all()
        assert (counts == np.floor(counts)).all(), "counts are whole numbers"
    assert (leaked <= launched).all(), "more leaked than were launched at a cell"
    allied = trace["strikes.allied_intercepted"]
    assert (allied >= 0).all()
    assert (allied <= launched.sum(axis=(2, 3, 4))).all(), "Allies destroyed more than came"
    assert (trace["strikes.stock"] >= -1e-9).all(), "an interceptor stock went negative"

    outage = trace["grid.outage_hours"]
    assert ((outage >= 0) & (outage <= 24)).all(), "an outage is within a day"
    available = trace["grid.available_gw"][1:]
    assert (available >= -1e-9).all(), "strikes destroy only what there is"
    for index in ("morale.civilian", "morale.soldier"):
        assert ((trace[index] >= 0) & (trace[index] <= 100)).all(), f"{index} is a percentage"
    killed = trace["civilians.killed_today"]
    assert (killed >= 0).all()
    assert (killed == np.floor(killed)).all()

    interoperability = trace["training.interoperability"]
    assert ((interoperability >= 0) & (interoperability <= 100)).all(), "the index is a share"
    for stock in ("training.in_course", "training.abroad_serving", "training.in_country_serving"):
        assert (trace[stock] >= 0).all(), f"{stock} went negative"
    graduates = trace["training.graduates_in_country"]
    assert (np.diff(graduates, axis=0) >= 0).all(), "graduates are never taken back"

    ratio = trace["battlefield.force_ratio"]
    assert (np.isfinite(ratio) & (ratio > 0)).all(), "the force ratio is a positive number"
    np.testing.assert_allclose(
        trace["battlefield.territory_km2"],
        np.cumsum(trace["battlefield.gain_km2"], axis=0),
        rtol=1e-9,
        atol=1e-6,
        err_msg="ground held changes only by the day's gain",
    )
    mobilised = trace["battlefield.mobilised"]
    assert (mobilised[1:] >= mobilised[:-1]).all(), "a mobilisation's troops stay"

    results = assemble(model, scenario, [chunk])
    table = escalation_by_month(results).to_numpy()
    assert ((table >= 0) & (table <= 1)).all()
    assert (np.diff(table, axis=1) >= 0).all(), "P(rung ≥ k by month m) never decreases in m"
    assert (np.diff(table, axis=0) <= 1e-12).all(), "P(rung ≥ k) never rises with k"


@given(
    st.lists(st.one_of(st.none(), st.floats(0, 400)), min_size=1, max_size=50), st.integers(1, 14)
)
def test_by_month_is_a_cumulative_probability(days, months):
    values = np.array([np.nan if d is None else d for d in days])
    p = by_month(values, months)
    assert ((p >= 0) & (p <= 1)).all()
    assert (np.diff(p) >= 0).all()
