"""`coalition oblasts`: zone results by oblast from a scenario file or a stored run, as a table,
GeoJSON and CSV; bad input gets one message naming what is wrong, exit 2, and no file."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.cli.test_commands import coalition
from tests.conftest import SCENARIOS

SMALL = ("--draws", "50", "--horizon", "60")


def test_oblasts_runs_a_scenario_and_writes_geojson_and_csv(tmp_path):
    geojson, csv = tmp_path / "oblasts.geojson", tmp_path / "oblasts.csv"
    done = coalition("oblasts", SCENARIOS[4], *SMALL, "--geojson", geojson, "--csv", csv)
    assert done.returncode == 0, done.stderr
    kharkiv = next(line for line in done.stdout.splitlines() if "Kharkiv" in line)
    assert "near_front" in kharkiv
    assert "occupied oblasts are not modelled" in done.stdout

    collection = json.loads(geojson.read_text())
    assert len(collection["features"]) == 27
    assert collection["metadata"]["draws"] == 50
    table = pd.read_csv(csv, index_col="iso")
    assert len(table) == 27
    assert {"strikes_leaked_p5", "strikes_leaked_p50", "strikes_leaked_p95"} <= set(table)
    assert pd.isna(table.loc["UA-43", "civilians_killed_mean"])  # Crimea: an empty cell
    assert sorted(p.name for p in tmp_path.iterdir()) == ["oblasts.csv", "oblasts.geojson"]


def test_a_stored_run_maps_as_the_scenario_did(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    assert coalition("run", SCENARIOS[1], *SMALL).returncode == 0
    listed = coalition("runs", "list")
    run_id = next(line.split()[1] for line in listed.stdout.splitlines() if "done" in line)

    stored = coalition("oblasts", "--run", run_id[:6])
    assert stored.returncode == 0, stored.stderr
    again = coalition("oblasts", SCENARIOS[1], *SMALL)
    assert stored.stdout == again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["oblasts", "missing.yaml"], "missing.yaml: cannot read file"),
        (["oblasts", "--run", "nosuchrun"], "no run 'nosuchrun'"),
        (["oblasts"], "give a scenario FILE to run or --run RUN_ID"),
        (["oblasts", str(SCENARIOS[0]), "--run", "abc"], "one of the two"),
        (["oblasts", "--run", "abc", "--draws", "10"], "not with --run"),
        (["oblasts", str(SCENARIOS[0]), "--draws", "0"], "Invalid value for '--draws'"),
        (
            ["oblasts", str(SCENARIOS[0]), "--geojson", "no/such/folder/o.geojson"],
            "--geojson no/such/folder/o.geojson: the folder no/such/folder does not exist",
        ),
        (["oblasts", str(SCENARIOS[0]), "--csv", "."], "--csv .: is a folder"),
    ],
)
def test_bad_input_gets_one_clear_message_and_exit_2(args, message, tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    done = coalition(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["data"])


def test_a_failed_command_leaves_an_existing_output_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    kept = tmp_path / "oblasts.geojson"
    kept.write_text("earlier map")
    done = coalition("oblasts", "--run", "nosuchrun", "--geojson", kept)
    assert done.returncode == 2
    assert kept.read_text() == "earlier map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "oblasts.geojson"]
