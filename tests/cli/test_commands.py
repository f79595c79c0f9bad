"""The command line, end to end: real processes, real files, exact messages and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SCENARIOS
from tests.spec.test_validation import GOOD


def coalition(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "coalition", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_validate_prints_a_summary_line_per_valid_file():
    done = coalition("validate", *SCENARIOS)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 5
    assert lines[4] == (
        f"{SCENARIOS[4]}: ok: mass-deployment: 16 contingents, 84,500 troops, war, "
        "2,000 draws x 365 days, 0 assumption overrides"
    )


def test_validate_lists_every_problem_and_exits_2(write):
    bad = write(
        GOOD.replace("troops: 1000", "troops: -1").replace("zone: centre", "zone: mars"), "bad.yaml"
    )
    done = coalition("validate", SCENARIOS[0], bad)
    assert done.returncode == 2
    assert done.stdout.startswith(f"{SCENARIOS[0]}: ok:")
    assert done.stderr.splitlines() == [
        f"{bad}:13: course_of_action.contingents[0].troops: must be at least 0, got -1",
    ]


def test_compare_prints_one_column_per_course_of_action_and_writes_html(tmp_path):
    html = tmp_path / "compare.html"
    done = coalition(
        "compare", SCENARIOS[0], SCENARIOS[3], "--draws", "300", "--horizon", "60", "--html", html
    )
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "status-quo" in line)
    assert "reassurance-force" in header
    assert "P(nuclear use)" in done.stdout
    page = html.read_text()
    assert '<table id="key-outcomes">' in page
    assert "reassurance-force" in page
    assert "poll.troops.uk.yougov.2025-01-16" in page, "the evidence list names the polls used"
    assert page.count('<table class="monthly">') == 2, "a month-by-month table per course"
    assert "Ground Russia gained so far (km²)" in page


def test_parameters_lists_each_parameter_with_its_source():
    done = coalition("parameters", SCENARIOS[3])
    assert done.returncode == 0, done.stderr
    assert "opinion.baseline.UK" in done.stdout
    assert "poll.troops.uk.yougov.2025-01-16" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "missing.yaml"], "missing.yaml: cannot read file"),
        (["compare", str(SCENARIOS[0]), "--draws", "0"], "Invalid value for '--draws'"),
        (["compare", str(SCENARIOS[0]), "--draws", "lots"], "Invalid value for '--draws'"),
        (["compare", str(SCENARIOS[0]), "--horizon", "3"], "Invalid value for '--horizon'"),
        (["run", str(SCENARIOS[0]), "--out", "x.xlsx"], "use a .csv, .json or .parquet file name"),
    ],
)
def test_bad_flags_get_a_clear_message_and_exit_2(args, message, tmp_path):
    done = coalition(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr


def test_the_shipped_scenarios_live_where_make_run_looks():
    assert [p.name for p in SCENARIOS] == [
        "1-status-quo.yaml",
        "2-training-logistics.yaml",
        "3-air-defence-umbrella.yaml",
        "4-reassurance-force.yaml",
        "5-mass-deployment.yaml",
    ]
    assert "scenarios/ukraine/[1-5]-*.yaml" in (ROOT / "Makefile").read_text()


def test_run_stores_the_run_and_runs_commands_find_it(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    done = coalition(
        "run", SCENARIOS[1], "--draws", "200", "--horizon", "30", "--out", tmp_path / "outcomes.csv"
    )
    assert done.returncode == 0, done.stderr
    assert "Allied deaths" in done.stdout
    assert (tmp_path / "outcomes.csv").read_text().startswith("draw,")

    listed = coalition("runs", "list")
    assert listed.returncode == 0, listed.stderr
    run_id = next(line.split()[1] for line in listed.stdout.splitlines() if "done" in line)

    shown = coalition("runs", "show", run_id[:6])
    assert f"id: {run_id}" in shown.stdout
    assert "status: done" in shown.stdout

    exported = coalition("runs", "export", run_id, "--out", tmp_path / "o.parquet")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "o.parquet").stat().st_size > 0


def test_an_unknown_run_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    done = coalition("runs", "show", "nosuchrun")
    assert done.returncode == 2
    assert "no run 'nosuchrun'" in done.stderr


def test_an_interrupted_run_is_recorded_as_failed_and_leaves_no_files(tmp_path):
    import signal
    import time

    env = {**os.environ, "COALITION_DATA_DIR": str(tmp_path / "data")}
    # a test suite started in the background inherits an ignored SIGINT, which Python then
    # keeps ignoring; a user's Ctrl-C reaches a command with Python's own handler, so install it
    interruptible = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from coalition.cli import app; app(prog_name='coalition')"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", interruptible, "run", str(SCENARIOS[4]), "--draws", "100000"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    runs = tmp_path / "data" / "runs"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (tmp_path / "data" / "coalition.db").exists():
        time.sleep(0.1)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode != 0

    listed = subprocess.run(
        [sys.executable, "-m", "coalition", "runs", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "failed" in listed.stdout
    assert "done" not in listed.stdout
    assert not runs.exists() or list(runs.iterdir()) == []


def test_the_summary_lists_an_analysts_own_source(write, tmp_path):
    from tests.spec.test_validation import GOOD

    scenario = write(GOOD, "own.yaml")
    html = tmp_path / "own.html"
    done = coalition("compare", scenario, "--draws", "100", "--html", html)
    assert done.returncode == 0, done.stderr
    page = html.read_text()
    assert "<dt>my.note</dt>" in page
    assert "Cited by the analyst" in page


def test_run_on_two_workers_stores_the_draws_of_one_process(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path / "data"))
    exported = []
    for workers in ("1", "2"):
        out = tmp_path / f"workers-{workers}.parquet"
        args = ("run", SCENARIOS[1], "--draws", "1000", "--horizon", "14", "--workers", workers)
        done = coalition(*args, "--out", out)
        assert done.returncode == 0, done.stderr
        exported.append(pd.read_parquet(out))
    pd.testing.assert_frame_equal(exported[0], exported[1], check_exact=True)
