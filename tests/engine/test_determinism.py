"""Same scenario and seed → bit-identical results, whatever the chunking or the number of draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import coalition
from coalition.engine.randomness import BLOCK, NoiseStream, noise_history


@pytest.fixture(scope="module")
def short(mass_deployment):
    return mass_deployment.with_run_settings(draws=1200, horizon_days=60, seed=11)


def assert_identical(a: coalition.Results, b: coalition.Results) -> None:
    pd.testing.assert_frame_equal(a.outcomes, b.outcomes, check_exact=True)
    pd.testing.assert_frame_equal(a.inputs, b.inputs, check_exact=True)
    assert a.trajectories.keys() == b.trajectories.keys()
    for name in a.trajectories:
        np.testing.assert_array_equal(a.trajectories[name].values, b.trajectories[name].values)


def test_the_same_seed_gives_bit_identical_results(short):
    assert_identical(coalition.simulate(short), coalition.simulate(short))


@pytest.mark.parametrize("chunk", [1, BLOCK, 2 * BLOCK, 10_000])
def test_results_do_not_depend_on_the_chunk_size(short, chunk):
    assert_identical(coalition.simulate(short, chunk=BLOCK), coalition.simulate(short, chunk=chunk))


def test_a_draw_is_the_same_world_whatever_the_number_of_draws(short):
    fewer = coalition.simulate(short, draws=700)
    more = coalition.simulate(short)
    pd.testing.assert_frame_equal(fewer.outcomes, more.outcomes.iloc[:700], check_exact=True)


def test_another_seed_gives_other_results(short):
    a = coalition.simulate(short)
    b = coalition.simulate(short, seed=12)
    assert not a.outcomes["exposure.allied_deaths"].equals(b.outcomes["exposure.allied_deaths"])


def test_shared_parameters_get_common_random_numbers_across_courses_of_action(short):
    """Two courses of action compared on one seed see the same draws of every shared parameter,
    so their difference comes from the decision, not from sampling noise."""
    other = short.model_copy(
        update={
            "course_of_action": short.course_of_action.model_copy(update={"us_backstop": False})
        }
    )
    a, b = coalition.simulate(short), coalition.simulate(other)
    shared = [c for c in a.inputs if c in b.inputs]
    assert "escalation.up.nuclear_use" in shared
    pd.testing.assert_frame_equal(a.inputs[shared], b.inputs[shared], check_exact=True)


@pytest.mark.parametrize("draw", [0, 1, BLOCK - 1, BLOCK, 2 * BLOCK + 17])
def test_one_draws_noise_history_is_what_the_days_stream_gives_it(draw):
    """What a scalar reference replays is the engine's stream, read for one draw."""
    start = draw // BLOCK * BLOCK
    stream = NoiseStream(seed=5, component="strikes", width=7, start=start, stop=draw + 2)
    days = np.stack([stream.next_day()[draw - start] for _ in range(9)])
    history = noise_history(seed=5, component="strikes", width=7, draw=draw, days=9)
    np.testing.assert_array_equal(history, days)
