"""The store: where runs are recorded (SQL) and their arrays kept (Parquet), behind one object.

A run is recorded before it starts and marked when it ends, so nothing is ever half-stored: its
arrays are written into a temporary directory and renamed into `runs/<id>/` in one step, and a
failed or interrupted run is marked `failed` with its partial files removed. Only a `done` run can
be loaded or exported.

    with Store.open() as store:
        with store.recording(scenario, chunk=5000) as run:
            run.finish(simulate(scenario))
        results = store.load(run.run_id)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import TracebackType

import pyarrow as pa

from coalition.engine.results import Results
from coalition.errors import StoreError
from coalition.files import check_output
from coalition.spec.scenario import Scenario
from coalition.store.arrays import read_outcomes, read_run, write_run
from coalition.store.export import FORMATS, write_outcomes
from coalition.store.liveness import (
    STALE_AFTER,
    Heartbeat,
    process_alive,
    process_started,
    this_host,
)
from coalition.store.records import STATUSES, Lease, Records, RunRecord, connect, utc_now

# What reading or writing Parquet and JSON can raise besides our own errors.
_FILE_ERRORS = (OSError, ValueError, KeyError, pa.ArrowException)


@dataclass
class Recording:
    """What `Store.recording` yields: the run's id, and `finish` to store its results."""

    store: Store
    run_id: str
    finished: bool = False

    def finish(self, results: Results) -> None:
        self.store.finish(self.run_id, results)
        self.finished = True


@contextmanager
def _reading(record: RunRecord, what: str) -> Iterator[None]:
    """Reading a run's files: a missing one is named, any other failure is a `StoreError`."""
    try:
        yield
    except FileNotFoundError as exc:
        raise StoreError(_missing(record, exc)) from exc
    except _FILE_ERRORS as exc:
        raise StoreError(
            f"cannot read {what} of run '{record.id}' from {record.artifact_dir}: {exc}"
        ) from exc


def _missing(record: RunRecord, exc: FileNotFoundError) -> str:
    """Which of a run's files is gone, named within its folder."""
    missing = Path(exc.filename or "")
    folder = record.artifact_dir
    if folder is None or not folder.is_dir():
        what = f"its folder {folder}"
    else:
        shown = missing.relative_to(folder) if missing.is_relative_to(folder) else missing
        what = f"its file {shown} in {folder}"
    return (
        f"run '{record.id}' is missing {what} (deleted or moved?); its results cannot be read: "
        "run the scenario again"
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return f"interrupted ({exc})" if str(exc) else "interrupted (KeyboardInterrupt)"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def default_data_dir() -> Path:
    """Where runs are kept unless told otherwise: `$COALITION_DATA_DIR`, else `./data`."""
    return Path(os.environ.get("COALITION_DATA_DIR") or "data").resolve()


def check_output_outside(path: Path | str, option: str, data_dir: Path | None = None) -> Path:
    """`check_output`, and refuse a path inside the data directory: writing there could replace
    the database or a stored run."""
    path = check_output(path, option)
    store = (data_dir or default_data_dir()).resolve()
    if path.resolve().is_relative_to(store):
        named = f"{option} {path}" if option else str(path)
        raise StoreError(
            f"{named}: is inside the data directory {store}, where runs are kept; write it "
            "somewhere else"
        )
    return path


class Store:
    """Run records in a database (SQLite by default) and run arrays under a data directory."""

    def __init__(self, records: Records, data_dir: Path) -> None:
        self.records = records
        self.data_dir = data_dir
        self.runs_dir = data_dir / "runs"

    @classmethod
    def open(cls, url: str | None = None, data_dir: Path | str | None = None) -> Store:
        """Open (and set up, if new) a store.

        `data_dir` defaults to `$COALITION_DATA_DIR`, else `./data`; `url` to `$COALITION_DB_URL`,
        else an SQLite file `coalition.db` in the data directory, so a first run needs no set-up.
        """
        data_dir = Path(data_dir).resolve() if data_dir else default_data_dir()
        try:
            (data_dir / "runs").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data directory {data_dir}: {exc.strerror}"
            ) from None
        url = url or os.environ.get("COALITION_DB_URL") or f"sqlite:///{data_dir / 'coalition.db'}"
        store = cls(connect(url), data_dir)
        store.recover()
        return store

    def close(self) -> None:
        self.records.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # Writing runs

    def begin(self, scenario: Scenario, chunk: int) -> str:
        """Record a run as `running` and return its id (12 hex characters)."""
        run_id = uuid.uuid4().hex[:12]
        pid = os.getpid()
        self.records.insert(
            Lease(run_id, this_host(), pid, process_started(pid), utc_now()),
            id=run_id,
            scenario_name=scenario.name,
            course_of_action=scenario.course_of_action.id,
            status="running",
            created_at=utc_now(),
            draws=scenario.draws,
            seed=scenario.seed,
            horizon_days=scenario.horizon_days,
            chunk=chunk,
            scenario_json=scenario.model_dump_json(),
            package_version=version("coalition"),
        )
        return run_id

    def finish(self, run_id: str, results: Results) -> None:
        """Store a running run's arrays in `runs/<id>/` and mark it `done`.

        The record takes the scenario as it ran (`results.scenario`, after draws/seed overrides),
        so `load` gives back the same `Results`.
        """
        self._require_running(run_id)
        final = self.runs_dir / run_id
        try:
            partial = Path(tempfile.mkdtemp(prefix=f".partial-{run_id}-", dir=self.runs_dir))
            try:
                write_run(partial, results)
                partial.rename(final)
            finally:
                shutil.rmtree(partial, ignore_errors=True)  # gone already if the rename happened
        except _FILE_ERRORS as exc:
            raise StoreError(
                f"cannot write the arrays of run '{run_id}' to {final}: {exc}"
            ) from exc
        updated = False
        try:
            updated = self.records.update_running(
                run_id,
                status="done",
                finished_at=utc_now(),
                artifact_dir=str(final),
                draws=results.draws,
                seed=results.seed,
                horizon_days=results.scenario.horizon_days,
                scenario_json=results.scenario.model_dump_json(),
            )
        finally:
            if not updated:
                shutil.rmtree(final, ignore_errors=True)
        if not updated:
            self._require_running(run_id)

    def fail(self, run_id: str, error: str) -> None:
        """Mark a running run `failed` with its error, and remove any files it left."""
        if not self.records.update_running(
            run_id, status="failed", error=error, finished_at=utc_now()
        ):
            self._require_running(run_id)
        for partial in self.runs_dir.glob(f".partial-{run_id}-*"):
            shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(self.runs_dir / run_id, ignore_errors=True)

    @contextmanager
    def recording(self, scenario: Scenario, chunk: int) -> Iterator[Recording]:
        """Record a run around a block; call `finish(results)` on what it yields.

        Any exception in the block, KeyboardInterrupt included, marks the run `failed` with its
        message and is raised again: a stopped run is never left looking like it is running.
        """
        run = Recording(self, self.begin(scenario, chunk))
        try:
            with Heartbeat(lambda: self.records.beat(run.run_id, utc_now())):
                yield run
        except BaseException as exc:
            if not run.finished:
                self.fail(run.run_id, _describe(exc))
            raise
        if not run.finished:
            self.fail(run.run_id, "the run ended without results")
            raise StoreError(
                f"run '{run.run_id}' ended without results; call finish(results) inside recording()"
            )

    def recover(self) -> None:
        """Mark failed every running run whose process is gone, and remove the partial files
        that no running run is writing (left by a kill during a write)."""
        now, host = utc_now(), this_host()
        running = set()
        for record, lease in self.records.running_with_leases():
            why = None
            if lease is None:
                if now - record.created_at > STALE_AFTER:
                    why = "its process kept no heartbeat (an earlier version) and is long gone"
            elif lease.host == host:
                if not process_alive(lease.pid, lease.process_started):
                    why = f"its process (pid {lease.pid}) ended without recording an end: killed?"
            elif now - lease.heartbeat_at > STALE_AFTER:
                why = (
                    f"no heartbeat from its process on {lease.host} since "
                    f"{lease.heartbeat_at:%Y-%m-%d %H:%M} UTC"
                )
            if why is None:
                running.add(record.id)
                continue
            with suppress(StoreError):  # another command may be marking it at the same moment
                self.fail(record.id, f"found dead: {why}")
        for partial in self.runs_dir.glob(".partial-*"):
            run_id = partial.name.removeprefix(".partial-").split("-", 1)[0]
            if run_id not in running:
                shutil.rmtree(partial, ignore_errors=True)

    # Reading runs

    def list_runs(self, status: str | None = None) -> list[RunRecord]:
        """Every run, newest first; only those with `status` if given."""
        if status is not None and status not in STATUSES:
            raise StoreError(f"unknown run status '{status}'; allowed: {', '.join(STATUSES)}")
        return self.records.newest_first(status)

    def get(self, run_id: str) -> RunRecord:
        """The run with this id, or with the one id that starts with it."""
        found = self.records.matching(run_id, limit=4) if run_id else []
        if not found:
            raise StoreError(f"no run '{run_id}'; `coalition runs list` shows the ids")
        if len(found) > 1:
            ids = ", ".join(r.id for r in found[:3]) + (", …" if len(found) > 3 else "")
            raise StoreError(f"'{run_id}' starts several run ids ({ids}); give more characters")
        return found[0]

    def load(self, run_id: str) -> Results:
        """A finished run's `Results`, equal to what was stored (arrays bit for bit)."""
        record = self._require_done(run_id)
        with _reading(record, "the arrays"):
            return read_run(record.artifact_dir, record.scenario)

    def export(self, run_id: str, path: Path | str, fmt: str) -> Path:
        """Write a finished run's per-draw outcomes to `path` as csv, json or parquet.

        See `coalition.store.export` for what each format holds. Returns the path written.
        """
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format '{fmt}'; allowed: {', '.join(FORMATS)}")
        path = check_output_outside(path, "", self.data_dir)
        record = self._require_done(run_id)
        with _reading(record, "the outcomes"):
            outcomes = read_outcomes(record.artifact_dir)
        try:
            write_outcomes(outcomes, path, fmt)
        except OSError as exc:
            raise StoreError(f"cannot export to {path}: {exc.strerror or exc}") from exc
        return path

    def delete(self, run_id: str) -> str:
        """Delete a done or failed run, its record and its files; returns its full id. A running
        run is refused: its process may still be writing."""
        record = self.get(run_id)
        if not self.records.delete_ended(record.id):
            raise StoreError(
                f"run '{record.id}' is running; stop it first (or, if its process is gone, the "
                "next command marks it failed)"
            )
        shutil.rmtree(self.runs_dir / record.id, ignore_errors=True)
        return record.id

    def _require_running(self, run_id: str) -> None:
        """Raise unless `run_id` names a running run (exactly: writes never guess by prefix)."""
        record = self.get(run_id)
        if record.id != run_id:
            raise StoreError(f"no run '{run_id}'; `coalition runs list` shows the ids")
        if record.status != "running":
            raise StoreError(
                f"run '{run_id}' is already {record.status}; only a running run can be finished "
                "or failed"
            )

    def _require_done(self, run_id: str) -> RunRecord:
        record = self.get(run_id)
        if record.status == "running":
            raise StoreError(
                f"run '{record.id}' is still running (started {record.created_at:%Y-%m-%d %H:%M} "
                "UTC) and has no results yet; if its process is gone, run the scenario again"
            )
        if record.status == "failed":
            raise StoreError(
                f"run '{record.id}' failed ({record.error}) and has no results; "
                "run the scenario again"
            )
        return record
