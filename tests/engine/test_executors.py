"""Executors: the same draws whether they run here, in local processes or on a real Dask
`LocalCluster`, and a worker that dies fails the run without storing anything."""

from __future__ import annotations

import itertools
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

import coalition
from coalition.engine import executors
from coalition.engine.executors import (
    DEFAULT_CHUNK,
    InProcess,
    chunk_size,
    executor_for,
    run_chunks,
    spans,
)
from coalition.engine.randomness import BLOCK
from coalition.engine.results import Results
from coalition.errors import CoalitionError, EngineError
from coalition.spec.scenario import Scenario
from coalition.store import Store
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return coalition.load_scenario(SCENARIOS[4], draws=1100, horizon_days=21)


@pytest.fixture(scope="module")
def here(scenario: Scenario) -> Results:
    return coalition.simulate(scenario, chunk=500)


def assert_identical(a: Results, b: Results) -> None:
    assert a.outcomes.columns.tolist() == b.outcomes.columns.tolist()
    for name in a.outcomes:
        assert np.array_equal(a.outcomes[name], b.outcomes[name], equal_nan=True), name
    assert a.inputs.equals(b.inputs)
    for name, trajectory in a.trajectories.items():
        assert np.array_equal(trajectory.values, b.trajectories[name].values), name


@pytest.mark.parametrize(("workers", "chunk"), [(1, None), (2, None), (2, 500), (3, 1000)], ids=str)
def test_local_processes_give_the_draws_of_one_process(scenario, here, workers, chunk):
    assert_identical(coalition.simulate(scenario, workers=workers, chunk=chunk), here)


def test_a_dask_local_cluster_gives_the_draws_of_one_process(scenario, here):
    assert_identical(coalition.simulate(scenario, workers=2, scheduler="local"), here)


def test_by_default_chunks_hold_2000_draws_and_each_worker_gets_two_of_whole_blocks():
    assert chunk_size(10_000, None, 1) == 2_000
    assert chunk_size(3_000, None, 2) == 1_000
    assert chunk_size(1_100, None, 4) == 500
    assert chunk_size(10_000, 1_234, 1) == 1_500
    assert spans(1_100, 500, 1) == [(0, 500), (500, 1000), (1000, 1100)]


@pytest.mark.parametrize("workers", [2, 3, 4, 7])
@pytest.mark.parametrize("draws", [1, 499, 500, 3_000, 10_000, 10_001, 123_456])
def test_workers_get_equal_shares_of_whole_blocks_covering_every_draw(draws, workers):
    cut = spans(draws, None, workers)
    assert cut[0][0] == 0
    assert cut[-1][1] == draws
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cut))
    assert all(start % BLOCK == 0 for start, _ in cut)
    blocks = [-(-(stop - start) // BLOCK) for start, stop in cut]
    assert max(blocks) - min(blocks) <= 1, "no chunk holds a worker up"
    assert max(blocks) * BLOCK <= DEFAULT_CHUNK
    if len(blocks) < -(-draws // BLOCK):  # enough blocks to share: a multiple of the workers
        assert len(cut) % workers == 0


def test_progress_hears_of_every_draw_day_from_workers(scenario):
    heard: list[int] = []
    coalition.simulate(scenario, workers=2, progress=heard.append)
    assert sum(heard) == scenario.draws * scenario.horizon_days


def _dies(span: tuple[int, int]) -> tuple[int, int]:
    if span[0] > 0:
        os._exit(1)
    return span


def _chunk_that_dies(scenario_json: str, span: tuple[int, int]) -> tuple[int, int]:
    return _dies(span)


def test_a_worker_that_dies_fails_the_run_with_its_reason():
    with (
        ProcessPoolExecutor(max_workers=2) as pool,
        pytest.raises(EngineError, match="a worker process died"),
    ):
        run_chunks(_dies, [(0, 500), (500, 1000)], pool)


def test_a_run_whose_worker_died_is_recorded_as_failed_and_leaves_no_files(
    scenario, tmp_path, monkeypatch
):
    monkeypatch.setattr("coalition.api.simulate_chunk", _chunk_that_dies)
    with Store.open(None, tmp_path / "data") as store:
        with pytest.raises(EngineError), store.recording(scenario, 500) as run:
            run.finish(coalition.simulate(scenario, workers=2, chunk=500))
        record = store.list_runs()[0]
        assert record.status == "failed"
        assert "a worker process died" in record.error
        assert list(store.runs_dir.iterdir()) == []


def _later_the_earlier(span: tuple[int, int]) -> tuple[int, int]:
    time.sleep(0.05 * (3 - span[0]))
    return span


def test_the_chunks_come_back_in_draw_order_whatever_finishes_first():
    finished: list[tuple[int, int]] = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        order = run_chunks(_later_the_earlier, [(0, 1), (1, 2), (2, 3)], pool, finished.append)
    assert finished == [(2, 3), (1, 2), (0, 1)]
    assert order == [(0, 1), (1, 2), (2, 3)]


def test_in_process_chunks_run_where_they_are_submitted():
    assert run_chunks(lambda span: span, [(0, 1), (1, 2)], InProcess()) == [(0, 1), (1, 2)]


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_whole_number_of_at_least_one(workers):
    with (
        pytest.raises(CoalitionError, match="workers must be a whole number, at least 1"),
        executor_for(workers),
    ):
        pass


def test_an_unreachable_scheduler_is_one_clear_error(scenario, monkeypatch):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", "1s")
    with pytest.raises(
        CoalitionError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        coalition.simulate(scenario, scheduler="tcp://127.0.0.1:9")
