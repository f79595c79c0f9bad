"""Month by month: each path is its recorded trajectory at the last week that ends within each
month, summarised across draws by the median and the 5-95 % range."""

from __future__ import annotations

import numpy as np
import pytest

import coalition
from coalition.analysis.compare import monthly_table
from coalition.analysis.summary import MONTHLY_PATHS, month_end_weeks, monthly_paths
from coalition.engine.simulate import week_ends
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def results() -> coalition.Results:
    scenario = coalition.load_scenario(SCENARIOS[4]).with_run_settings(draws=100, horizon_days=100)
    return coalition.simulate(scenario)


@pytest.mark.parametrize("horizon", [7, 30, 31, 100, 365, 400])
def test_each_month_ends_on_the_last_week_within_it(horizon):
    weeks = month_end_weeks(horizon)
    ends = week_ends(horizon)
    assert len(weeks) == int(np.ceil(horizon / (365.25 / 12)))
    assert weeks == sorted(weeks)
    assert weeks[-1] == len(ends) - 1, "the last month ends on the last day"


def test_a_path_is_its_trajectory_at_each_months_end(results):
    paths = monthly_paths(results)
    weeks = month_end_weeks(100)
    cost = results.trajectories["economy.cost_meur"].values.astype(float).sum(axis=2)[:, weeks]
    np.testing.assert_allclose(
        paths.loc[("Cost to contributors so far (EUR million)", "median")], np.median(cost, axis=0)
    )
    ground = results.trajectories["battlefield.territory_km2"].values.astype(float)[:, weeks]
    np.testing.assert_allclose(
        paths.loc[("Ground Russia gained so far (km²)", "p95")], np.percentile(ground, 95, axis=0)
    )


def test_every_path_is_shown_with_its_range_for_every_month(results):
    paths = monthly_paths(results)
    labels = paths.index.get_level_values("path").unique()
    assert list(labels) == [path.label for path in MONTHLY_PATHS]
    for label in labels:
        low, mid, high = (paths.loc[(label, stat)] for stat in ("p5", "median", "p95"))
        assert (low <= mid).all()
        assert (mid <= high).all()
    table = monthly_table(results)
    assert table.shape == (len(MONTHLY_PATHS), 4)
    assert all("(" in cell and "–" in cell for cell in table.to_numpy().ravel())
