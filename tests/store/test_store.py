"""The store, as a specification: each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coalition.engine.results import Results, Trajectory
from coalition.errors import CoalitionError, StoreError
from coalition.spec.scenario import Scenario
from coalition.store import Store
from tests.pgserver import free_port
from tests.store.conftest import assert_same_results


def store_run(store: Store, scenario: Scenario, results: Results, chunk: int = 5000) -> str:
    with store.recording(scenario, chunk) as run:
        run.finish(results)
    return run.run_id


def leftovers(store: Store) -> list[str]:
    """Whatever a run left under runs/: finished run directories and temporary ones."""
    return sorted(p.name for p in store.runs_dir.iterdir())


# A finished run


def test_a_finished_run_loads_back_exactly(store: Store, scenario: Scenario, results: Results):
    run_id = store_run(store, scenario, results)
    assert_same_results(store.load(run_id), results)


def test_a_finished_run_records_what_ran(store: Store, scenario: Scenario, results: Results):
    # The scenario file asks for 2,000 draws; the run made 50, and the record says so.
    run_id = store_run(store, scenario, results, chunk=1024)
    record = store.get(run_id)

    assert len(run_id) == 12
    assert record.status == "done"
    assert record.error is None
    assert (record.scenario_name, record.course_of_action) == (
        scenario.name,
        scenario.course_of_action.id,
    )
    assert (record.draws, record.seed, record.horizon_days, record.chunk) == (
        50,
        results.seed,
        30,
        1024,
    )
    assert record.scenario == results.scenario
    assert record.created_at.tzinfo == dt.UTC
    assert record.created_at <= record.finished_at <= dt.datetime.now(dt.UTC)
    assert record.artifact_dir == store.runs_dir / run_id
    assert (record.artifact_dir / "outcomes.parquet").is_file()
    assert record.package_version == version("coalition")
    assert leftovers(store) == [run_id]


def test_trajectories_are_stored_wide_with_one_column_per_label(
    store: Store, scenario: Scenario, results: Results
):
    run_id = store_run(store, scenario, results)
    directory = store.get(run_id).artifact_dir

    by_zone = pd.read_parquet(directory / "trajectories" / "troops.by_zone.parquet")
    labels = results.trajectories["troops.by_zone"].labels
    assert list(by_zone.columns) == ["draw", "week", *labels]
    pd.testing.assert_frame_equal(
        by_zone.set_index(["draw", "week"]),
        results.trajectory("troops.by_zone"),
        check_index_type=False,
    )
    in_theatre = pd.read_parquet(directory / "trajectories" / "troops.in_theatre.parquet")
    assert list(in_theatre.columns) == ["draw", "week", "value"]


def test_runs_are_listed_newest_first_with_their_status(
    store: Store, scenario: Scenario, results: Results
):
    done = store_run(store, scenario, results)
    failed = store.begin(scenario, 5000)
    store.fail(failed, "ValueError: bad input")
    running = store.begin(scenario, 5000)

    listed = store.list_runs()
    assert [(r.id, r.status) for r in listed] == [
        (running, "running"),
        (failed, "failed"),
        (done, "done"),
    ]
    assert [r.id for r in store.list_runs(status="failed")] == [failed]
    with pytest.raises(StoreError, match="unknown run status 'finished'; allowed: running, done"):
        store.list_runs(status="finished")


# Runs that do not finish


def test_an_error_inside_recording_marks_the_run_failed(store: Store, scenario: Scenario):
    with pytest.raises(RuntimeError, match="engine blew up"), store.recording(scenario, 5000):
        raise RuntimeError("engine blew up")

    [record] = store.list_runs()
    assert record.status == "failed"
    assert record.error == "RuntimeError: engine blew up"
    assert record.finished_at is not None
    assert leftovers(store) == []


def test_an_interrupted_run_is_marked_failed_and_the_interrupt_goes_on(
    store: Store, scenario: Scenario
):
    with pytest.raises(KeyboardInterrupt), store.recording(scenario, 5000):
        raise KeyboardInterrupt

    [record] = store.list_runs()
    assert (record.status, record.error) == ("failed", "interrupted (KeyboardInterrupt)")
    assert leftovers(store) == []


def test_a_run_whose_arrays_cannot_be_written_fails_and_leaves_no_files(
    store: Store, scenario: Scenario, results: Results
):
    # Outcomes and inputs are written before the trajectories, so this fails half-way through.
    clashing = Trajectory(np.zeros((50, 5, 2), dtype=np.float32), ("draw", "UK"))
    broken = dataclasses.replace(
        results, trajectories={**results.trajectories, "opinion.clashing": clashing}
    )
    with pytest.raises(StoreError, match="cannot write the arrays of run") as raised:
        store_run(store, scenario, broken)

    assert "opinion.clashing" in str(raised.value)
    [record] = store.list_runs()
    assert record.status == "failed"
    assert "opinion.clashing" in record.error
    assert leftovers(store) == []


def test_a_recording_that_never_finishes_its_run_is_an_error(store: Store, scenario: Scenario):
    with pytest.raises(StoreError, match="ended without results"), store.recording(scenario, 5000):
        pass

    assert store.list_runs()[0].status == "failed"


def test_a_run_is_finished_or_failed_only_once(store: Store, scenario: Scenario, results: Results):
    run_id = store_run(store, scenario, results)

    with pytest.raises(StoreError, match=f"run '{run_id}' is already done"):
        store.finish(run_id, results)
    with pytest.raises(StoreError, match=f"run '{run_id}' is already done"):
        store.fail(run_id, "too late")
    assert store.load(run_id).draws == 50  # its arrays are untouched


# Reading what is not there


def test_only_a_done_run_can_be_loaded(store: Store, scenario: Scenario, tmp_path: Path):
    failed = store.begin(scenario, 5000)
    store.fail(failed, "RuntimeError: engine blew up")
    running = store.begin(scenario, 5000)

    with pytest.raises(StoreError, match=r"failed \(RuntimeError: engine blew up\).*run the sce"):
        store.load(failed)
    with pytest.raises(StoreError, match=r"is still running .* has no results yet"):
        store.load(running)
    with pytest.raises(StoreError, match="is still running"):
        store.export(running, tmp_path / "out.csv", "csv")


def test_an_unknown_run_is_named_with_where_to_find_the_ids(store: Store):
    with pytest.raises(StoreError, match="no run 'nope'; `coalition runs list` shows the ids"):
        store.load("nope")
    with pytest.raises(StoreError, match="no run ''"):
        store.get("")
    with pytest.raises(StoreError, match="no run 'nope'"):
        store.fail("nope", "boom")


def test_a_run_whose_arrays_were_deleted_says_where_it_looked(
    store: Store, scenario: Scenario, results: Results
):
    run_id = store_run(store, scenario, results)
    shutil.rmtree(store.runs_dir / run_id)

    with pytest.raises(
        StoreError, match=f"run '{run_id}' is missing its folder .*{run_id} \\(deleted or moved"
    ):
        store.load(run_id)


def test_a_unique_prefix_finds_a_run(store: Store, scenario: Scenario, results: Results):
    run_id = store_run(store, scenario, results)

    assert store.get(run_id[:5]).id == run_id
    assert store.load(run_id[:5]).draws == 50


def test_a_prefix_of_several_runs_asks_for_more_characters(store: Store, scenario: Scenario):
    # 17 ids in 16 hex digits: two of them share a first character.
    ids = [store.begin(scenario, 5000) for _ in range(17)]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)

    with pytest.raises(StoreError, match=f"'{shared}' starts several run ids .*more characters"):
        store.get(shared)


# Exports


def read_export(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        table = pd.read_csv(path)
    elif fmt == "json":
        table = pd.DataFrame(json.loads(path.read_text())).astype({"draw": "int64"})
    else:
        table = pd.read_parquet(path)
    return table.set_index("draw").astype("float64")


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_an_export_holds_the_outcomes_of_every_draw(
    store: Store, scenario: Scenario, results: Results, tmp_path: Path, fmt: str
):
    run_id = store_run(store, scenario, results)
    path = store.export(run_id, tmp_path / f"outcomes.{fmt}", fmt)

    exported = read_export(path, fmt)
    assert exported.index.tolist() == list(range(50))
    assert results.outcomes.isna().any(axis=None)  # so NaN (an event that never came) is covered
    pd.testing.assert_frame_equal(
        exported, results.outcomes, check_exact=True, check_index_type=False
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", f"outcomes.{fmt}"]


def test_an_export_in_an_unknown_format_lists_the_formats(
    store: Store, scenario: Scenario, results: Results, tmp_path: Path
):
    run_id = store_run(store, scenario, results)
    with pytest.raises(
        StoreError, match="unknown export format 'xlsx'; allowed: csv, json, parquet"
    ):
        store.export(run_id, tmp_path / "outcomes.xlsx", "xlsx")


def test_an_export_that_cannot_be_written_leaves_no_file(
    store: Store, scenario: Scenario, results: Results, tmp_path: Path
):
    run_id = store_run(store, scenario, results)
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(CoalitionError, match=r"the folder .*missing does not exist"):
        store.export(run_id, out / "missing" / "outcomes.csv", "csv")
    (out / "outcomes.csv").mkdir()
    with pytest.raises(CoalitionError, match=r".*outcomes.csv: is a folder; give a file name"):
        store.export(run_id, out / "outcomes.csv", "csv")

    assert [p.name for p in out.iterdir()] == ["outcomes.csv"]
    assert not any((out / "outcomes.csv").iterdir())


# Opening a store


def test_a_store_opens_in_the_data_directory_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("COALITION_DB_URL", raising=False)
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "elsewhere"))
    with Store.open() as store:
        assert store.data_dir == tmp_path / "elsewhere"
    assert (tmp_path / "elsewhere" / "coalition.db").is_file()

    monkeypatch.delenv("COALITION_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COALITION_DB_URL", f"sqlite:///{tmp_path / 'runs.db'}")
    with Store.open() as store:
        assert store.data_dir == tmp_path / "data"
    assert (tmp_path / "runs.db").is_file()


def test_a_store_reopened_keeps_its_runs(tmp_path: Path, scenario: Scenario, results: Results):
    with Store.open(data_dir=tmp_path) as store:
        run_id = store_run(store, scenario, results)
    with Store.open(data_dir=tmp_path) as store:
        assert store.load(run_id).outcomes.equals(results.outcomes)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://analyst:s3cret@127.0.0.1:{port}/coalition",
         r"cannot open database postgresql\+psycopg://analyst:\*\*\*@127.0.0.1:{port}/coalition: "
         r"connection failed"),
        ("sqlite:////nonexistent/folder/coalition.db",
         "cannot open database sqlite:////nonexistent/folder/coalition.db: .*unable to open"),
        ("postgresql+nodriver://analyst:s3cret@localhost/coalition",
         r"cannot use database postgresql\+nodriver://analyst:\*\*\*@localhost/coalition: "
         r".*driver"),
        ("not a url :s3cret", "the database URL cannot be read; expected e.g. sqlite:///"),
    ],
)  # fmt: skip
def test_a_database_that_cannot_be_opened_is_named_without_its_password(
    tmp_path: Path, url: str, expected: str
):
    port = free_port()  # nothing listens on it
    with pytest.raises(StoreError, match=expected.format(port=port)) as raised:
        Store.open(url.format(port=port), tmp_path)
    assert "s3cret" not in str(raised.value)


def test_a_data_directory_that_cannot_be_made_is_an_error(tmp_path: Path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot create the data directory .*file/data"):
        Store.open(data_dir=tmp_path / "file" / "data")


def test_a_deleted_run_leaves_no_record_and_no_files(
    store: Store, scenario: Scenario, results: Results
):
    kept = store_run(store, scenario, results)
    deleted = store_run(store, scenario, results)

    assert store.delete(deleted[:6]) == deleted

    assert [r.id for r in store.list_runs()] == [kept]
    assert not (store.runs_dir / deleted).exists()
    assert_same_results(store.load(kept), results)


def test_a_running_run_cannot_be_deleted(store: Store, scenario: Scenario):
    running = store.begin(scenario, 500)
    with pytest.raises(StoreError, match=f"run '{running}' is running; stop it first"):
        store.delete(running)
    assert store.get(running).status == "running"
    store.fail(running, "test over")
