"""The grid and civilians take the strikes that get through: fewer leakers, less damage, fewer
outages and fewer deaths; a ceasefire leaves only repairs; the status quo kills civilians at the
rate the UN monitoring mission recorded."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import coalition
from coalition.domains.grid import demand_season
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS

# UN HRMMU: 138-205 civilians killed a month in 2023, 232 in June 2025 (the highest since 2022).
# The 2025 status quo must lie between the 2023 low and 1.3 times the June 2025 high.
KILLED_PER_MONTH = (138, 1.3 * 232)


def run(path, **settings) -> coalition.Results:
    data = coalition.load_scenario(path).model_dump()
    data.update(settings)
    return coalition.simulate(Scenario.model_validate(data))


@pytest.fixture(scope="module")
def status_quo_and_umbrella():
    return (
        run(SCENARIOS[0], draws=300, horizon_days=180),
        run(SCENARIOS[2], draws=300, horizon_days=180),
    )


def test_demand_peaks_in_mid_january_and_is_lowest_in_mid_july():
    assert demand_season(15) == 0
    assert demand_season(15 + 365.25 / 2) == pytest.approx(1)
    assert 0 < demand_season(100) < 1


def test_the_status_quo_kills_civilians_at_the_recorded_rate():
    results = run(SCENARIOS[0], draws=300, horizon_days=365, start_date=dt.date(2025, 1, 1))
    per_month = results.outcomes["civilians.killed"].mean() / 12
    low, high = KILLED_PER_MONTH
    assert low <= per_month <= high


def test_an_air_defence_umbrella_saves_generation_and_lives(status_quo_and_umbrella):
    status_quo, umbrella = (r.outcomes for r in status_quo_and_umbrella)
    assert umbrella["grid.destroyed_total_gw"].mean() < status_quo["grid.destroyed_total_gw"].mean()
    assert (
        umbrella["grid.outage_hours_per_day"].mean()
        < status_quo["grid.outage_hours_per_day"].mean()
    )
    assert (
        umbrella["civilians.killed_by_strikes"].mean()
        < status_quo["civilians.killed_by_strikes"].mean()
    )


def test_outages_stay_within_a_day_and_generation_within_what_there_was(status_quo_and_umbrella):
    for results in status_quo_and_umbrella:
        outage = results.trajectory("grid.outage_hours").to_numpy()
        assert (outage >= 0).all()
        assert (outage <= 24).all()
        available = results.trajectory("grid.available_gw").to_numpy()
        start = results.inputs["grid.available_gw_start"].to_numpy()
        assert (available >= 0).all()
        assert (available <= start.max() + 1e-9).all()


def test_after_a_ceasefire_the_grid_mends_and_only_strikes_kill_civilians():
    results = run(SCENARIOS[3], draws=200, horizon_days=120)
    out = results.outcomes
    np.testing.assert_allclose(out["civilians.killed_by_strikes"], out["civilians.killed"])
    no_strikes = out["strikes.launched"] == 0
    assert no_strikes.any()
    assert (out["grid.destroyed_total_gw"][no_strikes] == 0).all()
