"""Strikes and air defence: the default strike process reproduces the 2024-2025 record, and Allied
interceptors only ever stop weapons."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coalition
from coalition.api import build_model
from coalition.domains.strikes import deal_cells
from coalition.engine.simulate import run_chunk
from coalition.spec.scenario import Scenario
from tests.conftest import ROOT, SCENARIOS

VARIANTS_DIR = ROOT / "scenarios" / "ukraine" / "variants"

# Monthly launches in the facts pack (strikes.drones.monthly.*, strikes.missiles.monthly.*,
# airdef.strikes.russian_drones_per_month_2025 for October 2025; its missiles are 270).
DRONES = {
    "2024-08": 818,
    "2024-09": 1339,
    "2024-10": 2000,
    "2024-11": 2500,
    "2025-01": 2567,
    "2025-02": 3912,
    "2025-03": 4198,
    "2025-04": 2560,
    "2025-07": 6297,
    "2025-10": 5312,
}
MISSILES = {
    "2024-11": 347,
    "2025-01": 61,
    "2025-02": 99,
    "2025-03": 87,
    "2025-04": 127,
    "2025-07": 198,
    "2025-10": 270,
}
# Tolerances. Drones: each month's mean launches within a factor 1.8 of the record (the model is a
# smooth trend and the record has lulls: April 2025 was about 0.6 of its neighbours, and the
# least-squares curve itself lies 1.65 times above it), and the sum over the recorded months
# within 10 %. Missiles swing fivefold from month to month with no trend, so each modelled month
# must lie within the recorded range and the sum within 35 %.
DRONE_MONTH_FACTOR, DRONE_TOTAL = 1.8, 0.10
MISSILE_TOTAL = 0.35
START = dt.date(2024, 8, 1)


def status_quo_from(start: dt.date, days: int, draws: int) -> Scenario:
    data = coalition.load_scenario(SCENARIOS[0]).model_dump()
    data.update(start_date=start, horizon_days=days, draws=draws)
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def monthly_launches() -> dict[str, dict[str, float]]:
    """Mean launches per calendar month by weapon, status quo run from August 2024."""
    scenario = status_quo_from(START, (dt.date(2025, 11, 1) - START).days, 300)
    model = build_model(scenario)
    trace = run_chunk(model, scenario.seed, 0, scenario.draws, trace=True).trace
    launched = trace["strikes.launched"][1:].sum(axis=(3, 4))  # (days, draws, weapons)
    weapons = list(model.setup.world.arsenal.weapons)
    months: dict[str, dict[str, float]] = {}
    dates = [START + dt.timedelta(days=d) for d in range(scenario.horizon_days)]
    for month in sorted({d.strftime("%Y-%m") for d in dates}):
        days = [i for i, d in enumerate(dates) if d.strftime("%Y-%m") == month]
        per_draw = launched[days].sum(axis=0)  # (draws, weapons)
        months[month] = {
            "drones": float(per_draw[:, weapons.index("drone")].mean()),
            "missiles": float(
                per_draw[:, [weapons.index("cruise"), weapons.index("ballistic")]]
                .sum(axis=1)
                .mean()
            ),
        }
    return months


def test_the_default_drone_launches_follow_the_monthly_record(monthly_launches):
    model = {month: monthly_launches[month]["drones"] for month in DRONES}
    for month, recorded in DRONES.items():
        assert 1 / DRONE_MONTH_FACTOR <= model[month] / recorded <= DRONE_MONTH_FACTOR, (
            f"drones in {month}: {model[month]:.0f} modelled, {recorded} recorded"
        )
    ratio = sum(model.values()) / sum(DRONES.values())
    assert abs(ratio - 1) <= DRONE_TOTAL, f"drones over the record: ratio {ratio:.2f}"


def test_the_default_missile_launches_stay_at_the_recorded_level(monthly_launches):
    model = {month: values["missiles"] for month, values in monthly_launches.items()}
    low, high = min(MISSILES.values()), max(MISSILES.values())
    for month, modelled in model.items():
        assert low <= modelled <= high, f"missiles in {month}: {modelled:.0f} modelled"
    ratio = sum(model[m] for m in MISSILES) / sum(MISSILES.values())
    assert abs(ratio - 1) <= MISSILE_TOTAL, f"missiles over the record: ratio {ratio:.2f}"


def test_record_nights_are_rare_but_happen():
    """The record of 818 weapons in a night came once in the ~400 nights of the series."""
    scenario = status_quo_from(START, 400, 500)
    largest = coalition.simulate(scenario).outcomes["strikes.largest_night"]
    assert 500 < np.median(largest) < 1600


def umbrella(interceptors: int) -> Scenario:
    """The air-defence umbrella with every fire unit's stock set, the ladder frozen and strikes
    kept off the logistics network, so that nothing but the stocks differs between two runs."""
    data = coalition.load_scenario(SCENARIOS[2]).model_dump()
    for contingent in data["course_of_action"]["contingents"]:
        if contingent["fire_units"] is not None:
            contingent["interceptors"] = interceptors * contingent["fire_units"]
    data.update(draws=200, horizon_days=150)
    model = build_model(Scenario.model_validate(data))
    frozen = {f"escalation.up.{r.id}": 0.0 for r in model.setup.world.ladder.rungs}
    frozen["logistics.node_hit_share"] = 0.0
    data["assumptions"] = {
        name: {"dist": "point", "value": value, "source": "test"} for name, value in frozen.items()
    }
    return Scenario.model_validate(data)


def test_more_interceptors_never_let_more_weapons_through():
    leaked = {}
    for stock in (0, 20, 100, 400):
        scenario = umbrella(stock)
        trace = run_chunk(build_model(scenario), scenario.seed, 0, scenario.draws, trace=True).trace
        leaked[stock] = trace["strikes.leaked"].sum(axis=(2, 3, 4))  # (days, draws)
    for fewer, more in ((0, 20), (20, 100), (100, 400)):
        assert (leaked[more] <= leaked[fewer]).all(), f"{more} interceptors let more through"
    assert leaked[400].sum() < leaked[0].sum(), "interceptors stop something"


def test_allied_fire_units_under_self_defence_protect_only_allied_positions():
    data = coalition.load_scenario(SCENARIOS[2]).model_dump()
    data.update(draws=100, horizon_days=60)
    protecting = coalition.simulate(Scenario.model_validate(data))
    data["course_of_action"]["rules_of_engagement"] = "self_defence"
    self_defence = coalition.simulate(Scenario.model_validate(data))
    assert protecting.outcomes["strikes.intercepted_by_allies"].mean() > 100
    # no strikes on Allied forces in most draws: then nothing is aimed at what they may defend
    assert (self_defence.outcomes["strikes.intercepted_by_allies"] == 0).mean() > 0.5


def test_a_ceasefire_all_but_ends_the_strikes():
    war = coalition.simulate(status_quo_from(dt.date(2027, 1, 1), 90, 200))
    data = coalition.load_scenario(SCENARIOS[3]).model_dump()
    data.update(draws=200, horizon_days=90)
    ceasefire = coalition.simulate(Scenario.model_validate(data))
    assert (
        ceasefire.outcomes["strikes.launched"].mean()
        < 0.15 * war.outcomes["strikes.launched"].mean()
    )


def test_donated_fire_units_stop_weapons_without_provoking_russia():
    """The same fire units crewed by Ukrainians: fewer leakers than the status quo, and, with no
    Allied troops and no Allied interceptions, Russia's responses are exactly the status quo's."""
    status_quo = coalition.simulate(
        coalition.load_scenario(SCENARIOS[0]).with_run_settings(draws=200, horizon_days=180)
    ).outcomes
    donated = coalition.simulate(
        coalition.load_scenario(VARIANTS_DIR / "donated-air-defence.yaml").with_run_settings(
            draws=200, horizon_days=180
        )
    ).outcomes
    assert (donated["strikes.intercepted_by_donated"] > 0).all()
    assert (donated["strikes.intercepted_by_allies"] == 0).all()
    assert donated["strikes.leaked"].mean() < 0.85 * status_quo["strikes.leaked"].mean()
    for rung in ("escalation.max_rung", "escalation.hybrid_incidents"):
        np.testing.assert_array_equal(donated[rung], status_quo[rung])


@settings(deadline=None)  # the first example loads the compiled kernel
@given(
    st.lists(st.integers(0, 5000), min_size=1, max_size=20),
    st.lists(st.floats(0, 1), min_size=2, max_size=30),
    st.floats(0, 1, exclude_max=True),
)
def test_dealing_keeps_every_weapon_and_gives_each_cell_its_share(counts, weights, u):
    """Systematic sampling: whole cells that add up to the night's count, each within one of its
    share."""
    weights = np.array(weights) + 1e-3
    shares = weights / weights.sum()
    cumulative = np.cumsum(shares)
    cumulative[-1] = 1.0
    n = np.array(counts, dtype=float)
    cells = np.empty((len(n), len(cumulative)))
    for count, row in zip(n, cells, strict=True):
        deal_cells(count, cumulative, u, row)
    assert (cells >= 0).all()
    assert (cells == np.floor(cells)).all()
    np.testing.assert_array_equal(cells.sum(axis=1), n)
    expected = n[:, None] * shares
    assert (cells >= np.floor(expected - 1e-9)).all()
    assert (cells <= np.ceil(expected + 1e-9)).all()
