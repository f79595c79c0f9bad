"""The store under real faults: processes killed mid-run, stale partial files, dead leases, racing
first commands, deleted and corrupted array files, unusable databases and data directories.

Every fault is produced for real (signals to real `coalition` processes, files deleted on disk,
rows edited in the database), and every test ends by checking that a run stored before the fault
still loads bit for bit: nothing already stored is ever lost.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from coalition.engine.results import Results
from coalition.errors import StoreError
from coalition.spec.scenario import Scenario
from coalition.store import Store
from coalition.store import records as records_module
from coalition.store.liveness import STALE_AFTER, process_started, this_host
from coalition.store.records import leases, runs
from tests.conftest import ROOT
from tests.store.conftest import assert_same_results

TRAINING = ROOT / "scenarios" / "ukraine" / "2-training-logistics.yaml"
MASS = ROOT / "scenarios" / "ukraine" / "5-mass-deployment.yaml"
COMMAND_TIMEOUT = 60  # seconds: no command here may hang the suite

# Fixtures: a small real run, stored before each fault


@dataclass(frozen=True)
class Stored:
    """A data directory (SQLite) holding one finished run, and the results it holds."""

    data: Path
    run_id: str
    results: Results = field(repr=False)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.data / 'coalition.db'}"

    @property
    def runs_dir(self) -> Path:
        return self.data / "runs"

    def open(self) -> Store:
        return Store.open(self.url, self.data)


def store_run(data: Path, results: Results) -> Stored:
    with (
        Store.open(f"sqlite:///{data / 'coalition.db'}", data) as store,
        store.recording(results.scenario, 5000) as run,
    ):
        run.finish(results)
    return Stored(data, run.run_id, results)


@pytest.fixture
def stored(tmp_path: Path, results: Results) -> Stored:
    return store_run(tmp_path / "data", results)


def still_loads_bit_for_bit(stored: Stored) -> None:
    """The run stored before the fault is there, done, and its arrays are the ones written."""
    with stored.open() as store:
        assert store.get(stored.run_id).status == "done"
        loaded = store.load(stored.run_id)
    assert_same_results(loaded, stored.results)


# Real processes


def command_env(data: Path, db_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COALITION_DB_URL", "COLUMNS")}
    env |= {"COALITION_DATA_DIR": str(data), "COLUMNS": "200"}
    if db_url is not None:
        env["COALITION_DB_URL"] = db_url
    return env


def coalition_cmd(
    *args: str | Path, data: Path, db_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m coalition ARGS` in a real process, with a timeout so that nothing can hang."""
    return subprocess.run(
        [sys.executable, "-m", "coalition", *map(str, args)],
        capture_output=True,
        text=True,
        env=command_env(data, db_url),
        stdin=subprocess.DEVNULL,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The single `error: ...` line of a command that failed as a user's mistake should."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: "), done.stderr
    return lines[0]


def table_row(listing: str, run_id: str) -> str:
    return next(line for line in listing.splitlines() if run_id in line)


def running_run_ids(database: Path) -> list[str]:
    """Read without opening a `Store` (which would recover): never creates the file."""
    if not database.exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as db:
            return [r[0] for r in db.execute("SELECT id FROM runs WHERE status = 'running'")]
    except sqlite3.Error:  # the tables are being created
        return []


def status_and_error(stored: Stored, run_id: str) -> tuple[str, str | None]:
    """A run's row as it is on disk, read with SQLAlchemy and no recovery."""
    engine = sa.create_engine(stored.url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(runs.c.status, runs.c.error).where(runs.c.id == run_id))
            status, error = row.one()
    finally:
        engine.dispose()
    return status, error


def start_long_run(data: Path) -> subprocess.Popen[str]:
    """A run of the mass deployment that takes minutes: still running when a signal arrives."""
    return subprocess.Popen(
        [sys.executable, "-m", "coalition", "run", str(MASS), "--draws", "100000"],
        env=command_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def wait_until_running(process: subprocess.Popen[str], database: Path, known: set[str]) -> str:
    """The id of the run `process` recorded, once its row is there, and a moment more."""
    deadline = time.monotonic() + COMMAND_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the run ended before the signal ({process.returncode}): {err[-2000:]}")
        started = set(running_run_ids(database)) - known
        if started:
            time.sleep(0.5)  # well inside the simulation by now
            return started.pop()
        time.sleep(0.05)
    pytest.fail("the run never recorded itself as running")


@dataclass(frozen=True)
class Stopped:
    """A `coalition run` stopped by a signal, with what it printed and the store it ran on."""

    signum: signal.Signals
    returncode: int
    stdout: str
    stderr: str
    run_id: str
    stored: Stored = field(repr=False)


def stop_a_run(stored: Stored, signum: signal.Signals) -> Stopped:
    process = start_long_run(stored.data)
    try:
        run_id = wait_until_running(process, stored.data / "coalition.db", {stored.run_id})
        process.send_signal(signum)
        out, err = process.communicate(timeout=COMMAND_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return Stopped(signum, process.returncode, out, err, run_id, stored)


# Terminated: SIGTERM (and SIGHUP) stop a run as Ctrl-C does


@pytest.fixture(scope="module", params=[signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def terminated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, results: Results
) -> Stopped:
    stored = store_run(tmp_path_factory.mktemp("terminated") / "data", results)
    return stop_a_run(stored, request.param)


def test_a_terminated_run_is_listed_as_failed_with_the_signal_as_its_error(terminated: Stopped):
    listed = coalition_cmd("runs", "list", data=terminated.stored.data)
    assert listed.returncode == 0, listed.stderr
    assert " failed " in table_row(listed.stdout, terminated.run_id)
    assert " done " in table_row(listed.stdout, terminated.stored.run_id)

    shown = coalition_cmd("runs", "show", terminated.run_id, data=terminated.stored.data)
    assert shown.returncode == 0, shown.stderr
    assert "status: failed" in shown.stdout
    error = next(line for line in shown.stdout.splitlines() if line.startswith("error: "))
    assert terminated.signum.name in error
    assert "found dead" not in error, "the run recorded its own end"


def test_a_terminated_run_leaves_no_run_folder_and_no_partial_folder(terminated: Stopped):
    assert sorted(p.name for p in terminated.stored.runs_dir.iterdir()) == [
        terminated.stored.run_id
    ]


def test_a_terminated_run_prints_no_traceback(terminated: Stopped):
    assert "Traceback" not in terminated.stdout + terminated.stderr


def test_a_terminated_run_keeps_what_was_stored_before(terminated: Stopped):
    still_loads_bit_for_bit(terminated.stored)


def test_a_terminated_run_exits_with_128_plus_the_signal_number(terminated: Stopped):
    assert terminated.returncode == 128 + terminated.signum


# Killed: SIGKILL leaves the run running until the next command finds its process gone


def test_a_killed_run_stays_running_until_the_next_command_finds_it_dead(stored: Stored):
    killed = stop_a_run(stored, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    assert status_and_error(stored, killed.run_id) == ("running", None)
    # a kill during the write of its arrays would leave their temporary folder behind
    partial = stored.runs_dir / f".partial-{killed.run_id}-k1lled00"
    (partial / "trajectories").mkdir(parents=True)
    (partial / "outcomes.parquet").write_bytes(b"PAR1 half written")

    listed = coalition_cmd("runs", "list", data=stored.data)
    assert listed.returncode == 0, listed.stderr
    assert " failed " in table_row(listed.stdout, killed.run_id)

    shown = coalition_cmd("runs", "show", killed.run_id, data=stored.data)
    assert shown.returncode == 0, shown.stderr
    error = next(line for line in shown.stdout.splitlines() if line.startswith("error: "))
    assert "found dead" in error
    assert "killed?" in error
    assert not partial.exists()
    assert sorted(p.name for p in stored.runs_dir.iterdir()) == [stored.run_id]
    still_loads_bit_for_bit(stored)


# Partial folders: a stale one is removed, one a live run is writing is not


def begin_a_run(stored: Stored, scenario: Scenario) -> str:
    """A run recorded as running by this very process (alive, on this host)."""
    with stored.open() as store:
        return store.begin(scenario, 500)


def fail_a_run(stored: Stored, scenario: Scenario) -> str:
    run_id = begin_a_run(stored, scenario)
    with stored.open() as store:
        store.fail(run_id, "failed on purpose")
    return run_id


def make_partial(stored: Stored, run_id: str) -> Path:
    partial = stored.runs_dir / f".partial-{run_id}-x7q2mz9a"
    (partial / "trajectories").mkdir(parents=True)
    (partial / "outcomes.parquet").write_bytes(b"PAR1")
    (partial / "trajectories" / "opinion.support.parquet").write_bytes(b"PAR1")
    return partial


PARTIAL_OWNERS: dict[str, Callable[[Stored, Scenario], str]] = {
    "an id never recorded": lambda stored, scenario: "0123456789ab",
    "a done run": lambda stored, scenario: stored.run_id,
    "a failed run": fail_a_run,
}


@pytest.mark.parametrize("owner", PARTIAL_OWNERS.values(), ids=PARTIAL_OWNERS.keys())
def test_a_stale_partial_folder_is_removed_by_the_next_command(
    stored: Stored, scenario: Scenario, owner: Callable[[Stored, Scenario], str]
):
    partial = make_partial(stored, owner(stored, scenario))

    listed = coalition_cmd("runs", "list", data=stored.data)

    assert listed.returncode == 0, listed.stderr
    assert not partial.exists()
    assert (stored.runs_dir / stored.run_id).is_dir()
    still_loads_bit_for_bit(stored)


def test_the_partial_folder_of_a_run_alive_in_another_process_is_left_alone(
    stored: Stored, scenario: Scenario
):
    run_id = begin_a_run(stored, scenario)  # held by this test process, which is alive
    partial = make_partial(stored, run_id)

    listed = coalition_cmd("runs", "list", data=stored.data)

    assert listed.returncode == 0, listed.stderr
    assert " running " in table_row(listed.stdout, run_id)
    assert partial.is_dir()
    assert (partial / "outcomes.parquet").read_bytes() == b"PAR1"
    with stored.open() as store:
        store.fail(run_id, "test over")
        assert store.get(run_id).status == "failed"
    assert not partial.exists()
    still_loads_bit_for_bit(stored)


# Leases: another host's run is trusted while its heartbeat is fresh


def set_lease(stored: Stored, run_id: str, **values: object) -> None:
    engine = sa.create_engine(stored.url)
    try:
        with engine.begin() as conn:
            changed = conn.execute(
                leases.update().where(leases.c.run_id == run_id).values(**values)
            )
            assert changed.rowcount == 1
    finally:
        engine.dispose()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_a_run_on_another_host_whose_heartbeat_stopped_is_failed_on_the_next_open(
    stored: Stored, scenario: Scenario
):
    run_id = begin_a_run(stored, scenario)
    last_beat = now() - STALE_AFTER - dt.timedelta(minutes=1)
    set_lease(stored, run_id, host="worker-7.elsewhere", heartbeat_at=last_beat)

    with stored.open() as store:
        record = store.get(run_id)

    assert record.status == "failed"
    assert record.error.startswith(
        "found dead: no heartbeat from its process on worker-7.elsewhere"
    )
    assert f"{last_beat:%Y-%m-%d %H:%M} UTC" in record.error
    still_loads_bit_for_bit(stored)


def test_a_run_on_another_host_with_a_fresh_heartbeat_is_left_running(
    stored: Stored, scenario: Scenario
):
    run_id = begin_a_run(stored, scenario)
    # an unknown pid on this host would be dead; on another host only the heartbeat counts
    recent = now() - STALE_AFTER + dt.timedelta(minutes=1)
    set_lease(stored, run_id, host="worker-7.elsewhere", pid=2**22 + 1, heartbeat_at=recent)

    with stored.open() as store:
        assert store.get(run_id).status == "running"
        store.fail(run_id, "test over")
    still_loads_bit_for_bit(stored)


def test_a_live_process_on_this_host_keeps_its_run_whatever_its_heartbeat(
    stored: Stored, scenario: Scenario
):
    run_id = begin_a_run(stored, scenario)  # this process: alive, on this host
    set_lease(stored, run_id, heartbeat_at=now() - 10 * STALE_AFTER)  # a laptop that slept

    with stored.open() as store:
        assert store.get(run_id).status == "running"
        store.fail(run_id, "test over")
    still_loads_bit_for_bit(stored)


def test_a_run_whose_pid_now_belongs_to_another_process_is_found_dead(
    stored: Stored, scenario: Scenario
):
    run_id = begin_a_run(stored, scenario)
    me = os.getpid()  # alive, but not the process that started the run
    if not process_started(me):
        pytest.skip("no /proc here to tell a reused pid from the original")
    set_lease(stored, run_id, host=this_host(), pid=me, process_started="another-boot:1")

    with stored.open() as store:
        record = store.get(run_id)

    assert record.status == "failed"
    assert record.error == (
        f"found dead: its process (pid {me}) ended without recording an end: killed?"
    )
    still_loads_bit_for_bit(stored)


@pytest.mark.parametrize(
    ("age", "status"),
    [(STALE_AFTER + dt.timedelta(minutes=1), "failed"), (dt.timedelta(minutes=1), "running")],
    ids=["recorded long ago", "recorded a minute ago"],
)
def test_a_run_recorded_without_a_lease_is_dead_only_once_stale(
    stored: Stored, scenario: Scenario, age: dt.timedelta, status: str
):
    run_id = begin_a_run(stored, scenario)
    engine = sa.create_engine(stored.url)
    with engine.begin() as conn:  # as an earlier version recorded runs
        conn.execute(leases.delete().where(leases.c.run_id == run_id))
        conn.execute(runs.update().where(runs.c.id == run_id).values(created_at=now() - age))
    engine.dispose()

    with stored.open() as store:
        record = store.get(run_id)
        assert record.status == status
        if status == "failed":
            assert record.error.startswith("found dead: its process kept no heartbeat")
        else:
            store.fail(run_id, "test over")
    still_loads_bit_for_bit(stored)


# First commands racing to create the database


def test_six_first_commands_at_once_on_a_new_data_directory_all_succeed(tmp_path: Path):
    data = tmp_path / "new"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "coalition", "runs", "list"],
            env=command_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(6)
    ]
    finished = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=COMMAND_TIMEOUT)
            finished.append((process.returncode, out + err))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    for returncode, output in finished:
        assert "already exists" not in output
        assert "Traceback" not in output
        assert returncode == 0, output
    with Store.open(f"sqlite:///{data / 'coalition.db'}", data) as store:
        assert store.list_runs() == []


def test_a_command_that_loses_the_race_for_the_tables_midway_still_opens_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    url = f"sqlite:///{data / 'coalition.db'}"
    create_all = records_module.metadata.create_all
    raced = []

    def another_command_is_midway(bind: sa.Connection, **kwargs: object) -> None:
        if raced:
            create_all(bind, **kwargs)
            return
        raced.append(True)
        # This command has looked and found no tables; meanwhile another command creates `runs`
        # (committed on its own, as SQLite does) and has not yet reached `leases`.
        other = sa.create_engine(url)
        with other.begin() as conn:
            runs.create(conn)
        other.dispose()
        create_all(bind, checkfirst=False)  # what this command then does, having looked

    monkeypatch.setattr(records_module.metadata, "create_all", another_command_is_midway)
    with Store.open(url, data) as store:
        assert store.list_runs() == []
    engine = sa.create_engine(url)
    assert {"runs", "leases"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


# Deleted and corrupted array files


def missing_file(folder: Path, name: str) -> str:
    """Delete one file of a run's folder; `trajectories/*` is its first trajectory file."""
    path = (
        sorted((folder / "trajectories").iterdir())[0]
        if name == "trajectories/*"
        else folder / name
    )
    path.unlink()
    return str(path.relative_to(folder))


def another_run(stored: Stored) -> Stored:
    """A second finished run beside the stored one: the one a test breaks."""
    return store_run(stored.data, stored.results)


def folder_of(stored: Stored) -> Path:
    return stored.runs_dir / stored.run_id


DELETED = [
    pytest.param("outcomes.parquet", id="outcomes"),
    pytest.param("trajectories/*", id="a trajectory"),
    pytest.param("inputs.parquet", id="inputs"),
    pytest.param("meta.json", id="meta.json"),
]


@pytest.mark.parametrize("name", DELETED)
def test_loading_a_run_whose_file_was_deleted_names_the_missing_file(stored: Stored, name: str):
    broken = another_run(stored)
    deleted = missing_file(folder_of(broken), name)
    with stored.open() as store, pytest.raises(StoreError) as raised:
        store.load(broken.run_id)
    message = str(raised.value)
    assert f"run '{broken.run_id}' is missing" in message
    assert deleted in message
    still_loads_bit_for_bit(stored)


@dataclass(frozen=True)
class Broken:
    """A command on a run missing one file, beside a run kept intact."""

    kept: Stored
    run_id: str
    deleted: str
    ran: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def broken(
    tmp_path_factory: pytest.TempPathFactory, results: Results
) -> Callable[[str, str], Broken]:
    """`runs show`/`runs export` of a stored run missing one file, each command run once."""
    done: dict[tuple[str, str], Broken] = {}

    def command(name: str, what: str) -> Broken:
        if (name, what) not in done:
            folder = tmp_path_factory.mktemp("broken")
            kept = store_run(folder / "data", results)
            broken = another_run(kept)
            deleted = missing_file(folder_of(broken), name)
            args = ("show",) if what == "show" else ("export", "--out", folder / "out.csv")
            ran = coalition_cmd("runs", args[0], broken.run_id, *args[1:], data=kept.data)
            done[name, what] = Broken(kept, broken.run_id, deleted, ran)
        return done[name, what]

    return command


@pytest.mark.parametrize(
    ("name", "what"),
    [("outcomes.parquet", "show"), ("trajectories/*", "show"), ("outcomes.parquet", "export")],
    ids=["show without outcomes", "show without a trajectory", "export without outcomes"],
)
def test_a_command_on_a_run_missing_a_file_exits_2_with_one_line_and_no_traceback(
    broken: Callable, name: str, what: str
):
    command = broken(name, what)
    line = one_error_line(command.ran)
    assert f"run '{command.run_id}' is missing" in line
    assert "run the scenario again" in line
    still_loads_bit_for_bit(command.kept)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        pytest.param("outcomes.parquet", "show"),
        pytest.param("trajectories/*", "show"),
        pytest.param("outcomes.parquet", "export"),
    ],
    ids=["show without outcomes", "show without a trajectory", "export without outcomes"],
)
def test_a_command_on_a_run_missing_a_file_names_the_file(broken: Callable, name: str, what: str):
    command = broken(name, what)
    assert command.deleted in command.ran.stderr


def test_an_export_needs_only_the_outcomes_file(stored: Stored, tmp_path: Path):
    broken = another_run(stored)
    missing_file(folder_of(broken), "trajectories/*")
    out = tmp_path / "outcomes.csv"
    exported = coalition_cmd("runs", "export", broken.run_id, "--out", out, data=stored.data)
    assert exported.returncode == 0, exported.stderr
    assert pd.read_csv(out, index_col="draw").shape[0] == 50
    still_loads_bit_for_bit(stored)


def rewrite_meta(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def corrupt(folder: Path) -> None:
        meta = json.loads((folder / "meta.json").read_text())
        (folder / "meta.json").write_text(json.dumps(change(meta)))

    return corrupt


def first_trajectory(meta: dict, **changes: object) -> dict:
    return {**meta, "trajectories": [{**meta["trajectories"][0], **changes}]}


CORRUPTIONS: dict[str, object] = {
    "outcomes cut short": lambda f: (f / "outcomes.parquet").write_bytes(
        (f / "outcomes.parquet").read_bytes()[:100]
    ),
    "outcomes emptied": lambda f: (f / "outcomes.parquet").write_bytes(b""),
    "meta.json not JSON": lambda f: (f / "meta.json").write_text("{"),
    "meta.json not UTF-8": lambda f: (f / "meta.json").write_bytes(b"\xff\xfe{}"),
    "a trajectory of the wrong shape": rewrite_meta(lambda m: first_trajectory(m, shape=[7, 7])),
    "meta.json a list": rewrite_meta(lambda m: []),
    "an unknown dtype": rewrite_meta(lambda m: first_trajectory(m, dtype="zz")),
    "a trajectory file that is a number": rewrite_meta(lambda m: first_trajectory(m, file=5)),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupted_file_of_a_run_is_a_store_error_naming_the_run(
    stored: Stored, corrupt: Callable[[Path], None]
):
    broken = another_run(stored)
    corrupt(folder_of(broken))
    with stored.open() as store, pytest.raises(StoreError, match=f"run '{broken.run_id}'"):
        store.load(broken.run_id)
    still_loads_bit_for_bit(stored)


# Databases and data directories that cannot be used

BAD_URLS = {
    "a port out of range": "postgresql+psycopg://u@localhost:99999/x",
    "a malformed URL": "postgresql+psycopg://u@[::1/x",
    "an unknown driver": "mysql://x",
    "an unreachable server": "postgresql+psycopg://u@127.0.0.1:1/x",
    "an unreachable server, with a password": "postgresql+psycopg://u:secret@127.0.0.1:1/x",
    "a bad port, with a password": "postgresql+psycopg://u:secret@localhost:99999/x",
    "a malformed URL, with a password": "postgresql+psycopg://u:secret@[::1/x",
    "an unknown driver, with a password": "mysql://u:secret@db.example/x",
}


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_database_that_cannot_be_used_is_one_error_line_without_its_password(
    stored: Stored, url: str
):
    done = coalition_cmd("runs", "list", data=stored.data, db_url=url)
    line = one_error_line(done)
    assert "database" in line
    assert "secret" not in done.stdout + done.stderr
    still_loads_bit_for_bit(stored)


def test_a_password_given_as_a_query_parameter_is_not_printed(stored: Stored):
    done = coalition_cmd(
        "runs",
        "list",
        data=stored.data,
        db_url="postgresql+psycopg://u@127.0.0.1:1/x?password=secret",
    )
    one_error_line(done)
    assert "secret" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "where", ["file/data", "file"], ids=["under a regular file", "a regular file"]
)
def test_a_data_directory_that_cannot_be_created_is_one_clear_error(
    stored: Stored, tmp_path: Path, where: str
):
    (tmp_path / "file").write_text("not a folder")
    data = tmp_path / where

    done = coalition_cmd("runs", "list", data=data)

    line = one_error_line(done)
    assert line.startswith(f"error: cannot create the data directory {tmp_path / 'file'}")
    assert line.endswith("Not a directory")
    assert (tmp_path / "file").read_text() == "not a folder"
    still_loads_bit_for_bit(stored)
