"""The status quo reproduces the 2022-2025 record it was calibrated to.

With no Allied troops in Ukraine every feature is zero, so a status-quo year should show Russia's
new responses about as often as the record does. The record counts instantaneous events while the
model's rungs last for weeks to months (an active rung cannot start again), so the check is that
the model's starts per year lie within a factor of two of the record's events per year.
"""

from __future__ import annotations

import numpy as np
import pytest

import coalition
from coalition.api import build_model
from coalition.engine.simulate import run_chunk
from tests.conftest import SCENARIOS

RECORD_PER_YEAR = {
    "warnings": 4 / (20 / 12),  # four dated "legitimate target" statements, 2024-05 to 2025-09
    "nuclear_signalling": 5 / (34 / 12),  # alert, two exercise stages, doctrine, Oreshnik
    "mobilisation": 1 / (46 / 12),  # one partial mobilisation, 2022
    "economic_retaliation": 1 / (46 / 12),  # the 2022 gas cut-off
}


@pytest.fixture(scope="module")
def status_quo_trace():
    scenario = coalition.load_scenario(SCENARIOS[0]).with_run_settings(draws=2000)
    model = build_model(scenario)
    rungs = [r.id for r in model.setup.world.ladder.rungs]
    return rungs, run_chunk(model, scenario.seed, 0, scenario.draws, trace=True)


@pytest.mark.parametrize("rung", RECORD_PER_YEAR)
def test_a_status_quo_year_shows_each_response_about_as_often_as_the_record(status_quo_trace, rung):
    rungs, chunk = status_quo_trace
    active = chunk.trace["escalation.active"][:, :, rungs.index(rung)]
    starts_per_year = (active[1:] & ~active[:-1]).sum(axis=0).mean()
    record = RECORD_PER_YEAR[rung]
    assert record / 2 <= starts_per_year <= record * 2, (rung, starts_per_year, record)


def test_without_allied_troops_the_upper_rungs_never_start(status_quo_trace):
    rungs, chunk = status_quo_trace
    upper = chunk.trace["escalation.active"][:, :, rungs.index("strikes_on_allied_forces") :]
    assert not upper.any()


def test_a_status_quo_year_has_the_recorded_hybrid_incidents(status_quo_trace):
    """30-34 sabotage attacks in Europe in 2024 (IISS, CSIS); the campaign rung adds to them."""
    _, chunk = status_quo_trace
    incidents = chunk.outcomes["escalation.hybrid_incidents"]
    assert 30 <= np.mean(incidents) <= 34 * 1.3
