"""Run records in SQL: one row per run, from `running` to `done` or `failed`.

A row is written before the first draw runs, so an interrupted or crashed run leaves a trace a
person can find (`coalition runs list`) instead of vanishing. Status changes are guarded in SQL
(`WHERE status = 'running'`), so a run is finished or failed at most once, even by two processes.
SQLAlchemy Core keeps the same code for SQLite (the default) and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from coalition.errors import StoreError
from coalition.spec.scenario import Scenario

STATUSES = ("running", "done", "failed")

metadata = sa.MetaData()

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("scenario_name", sa.Text, nullable=False),
    sa.Column("course_of_action", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("draws", sa.Integer, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("horizon_days", sa.Integer, nullable=False),
    sa.Column("chunk", sa.Integer, nullable=False),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("artifact_dir", sa.Text),
    sa.Column("package_version", sa.String(64), nullable=False),
    sa.CheckConstraint(f"status IN {STATUSES}", name="runs_status_known"),
)

leases = sa.Table(
    "leases",
    metadata,
    sa.Column("run_id", sa.String(32), primary_key=True),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("process_started", sa.Text, nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
)
"""The process that runs each running run: who to ask whether it is still alive."""


@dataclass(frozen=True)
class Lease:
    """Which process holds a running run, and when it last said it was alive."""

    run_id: str
    host: str
    pid: int
    process_started: str
    heartbeat_at: dt.datetime


@dataclass(frozen=True)
class RunRecord:
    """One run as the database knows it; `artifact_dir` is set once its arrays are in place."""

    id: str
    scenario_name: str
    course_of_action: str
    status: str
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    draws: int
    seed: int
    horizon_days: int
    chunk: int
    scenario_json: str
    artifact_dir: Path | None
    package_version: str

    @property
    def scenario(self) -> Scenario:
        """The scenario as it ran (after any draws/seed overrides once the run is done)."""
        try:
            return Scenario.model_validate_json(self.scenario_json)
        except ValidationError as exc:
            raise StoreError(
                f"the scenario stored with run '{self.id}' cannot be read by this version "
                f"({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}); "
                "run the scenario again"
            ) from None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC, so say so."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _record(data: dict) -> RunRecord:
    data["created_at"] = _utc(data["created_at"])
    data["finished_at"] = _utc(data["finished_at"])
    data["artifact_dir"] = Path(data["artifact_dir"]) if data["artifact_dir"] else None
    return RunRecord(**data)


def connect(url: str) -> Records:
    """Open a database by URL and create the `runs` table if it is not there yet.

    Messages show the URL with its password hidden, since they end up in terminals and logs.
    """
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError(
            "the database URL cannot be read; expected e.g. sqlite:///data/coalition.db or "
            "postgresql+psycopg://user@localhost:5432/coalition"
        ) from None
    # Query parameters may hold secrets too (`?password=`, `?sslpassword=`): shown as ***.
    shown = parsed.set(query=dict.fromkeys(parsed.query, "***")).render_as_string(
        hide_password=True
    )
    # A firewalled PostgreSQL host would otherwise hang a command for minutes before saying
    # anything; SQLite waits up to 30 s for another process's write lock instead of failing.
    connect_args = {"postgresql": {"connect_timeout": 10}, "sqlite": {"timeout": 30}}.get(
        parsed.get_backend_name(), {}
    )
    try:
        engine = sa.create_engine(parsed, connect_args=connect_args)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database {shown}: {exc} (is its driver installed?)") from None
    records = Records(engine, shown)
    records.create_tables()
    return records


class Records:
    """The `runs` table behind one database URL; every database error becomes a `StoreError`."""

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self.engine = engine
        self.shown_url = shown_url  # the URL with its password hidden, for messages

    @contextmanager
    def transaction(self, failing: str = "database error in") -> Iterator[Connection]:
        """A transaction whose database errors become one-line `StoreError`s naming the URL."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
            raise StoreError(f"{failing} {self.shown_url}: {reason}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def create_tables(self, attempts: int = 5) -> None:
        """Create the tables that are missing. Commands opening a new database at once may race
        to create them: one that loses tries again, and finds them there or creates the rest."""
        for attempt in range(attempts):
            try:
                with self.transaction("cannot open database") as conn:
                    metadata.create_all(conn)
                return
            except StoreError:
                with self.transaction("cannot open database") as conn:
                    inspector = sa.inspect(conn)
                    if all(inspector.has_table(t.name) for t in metadata.sorted_tables):
                        return
                if attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def insert(self, lease: Lease, **values: object) -> None:
        """Record a running run and the process that holds it, together."""
        with self.transaction() as conn:
            conn.execute(runs.insert().values(**values))
            conn.execute(leases.insert().values(**dataclasses.asdict(lease)))

    def delete_ended(self, run_id: str) -> bool:
        """Delete a run that is done or failed; False if it is running (or gone)."""
        with self.transaction() as conn:
            result = conn.execute(
                runs.delete().where(runs.c.id == run_id, runs.c.status != "running")
            )
        return result.rowcount == 1

    def update_running(self, run_id: str, **values: object) -> bool:
        """Update a run only while it is running; False if it is not (or no longer) running.
        A run that stops running gives up its lease in the same transaction."""
        with self.transaction() as conn:
            result = conn.execute(
                runs.update()
                .where(runs.c.id == run_id, runs.c.status == "running")
                .values(**values)
            )
            if values.get("status", "running") != "running":
                conn.execute(leases.delete().where(leases.c.run_id == run_id))
        return result.rowcount == 1

    def beat(self, run_id: str, at: dt.datetime) -> None:
        """Say that the process holding `run_id` is alive at `at`."""
        with self.transaction() as conn:
            conn.execute(leases.update().where(leases.c.run_id == run_id).values(heartbeat_at=at))

    def running_with_leases(self) -> list[tuple[RunRecord, Lease | None]]:
        """Every running run with the lease of its process (None for a run recorded before
        leases were kept)."""
        query = (
            sa.select(runs, *[c.label(f"lease_{c.name}") for c in leases.c])
            .select_from(runs.outerjoin(leases, leases.c.run_id == runs.c.id))
            .where(runs.c.status == "running")
        )
        found = []
        with self.transaction() as conn:
            for row in conn.execute(query):
                data = row._asdict()
                lease = {
                    k.removeprefix("lease_"): data.pop(k)
                    for k in list(data)
                    if k.startswith("lease_")
                }
                run = _record(data)
                held = None
                if lease["run_id"] is not None:
                    lease["heartbeat_at"] = _utc(lease["heartbeat_at"])
                    held = Lease(**lease)
                found.append((run, held))
        return found

    def matching(self, prefix: str, limit: int) -> list[RunRecord]:
        """Runs whose id starts with `prefix` (at most `limit` of them)."""
        query = sa.select(runs).where(runs.c.id.startswith(prefix, autoescape=True)).limit(limit)
        with self.transaction() as conn:
            return [_record(row._asdict()) for row in conn.execute(query)]

    def newest_first(self, status: str | None) -> list[RunRecord]:
        query = sa.select(runs).order_by(runs.c.created_at.desc(), runs.c.id.desc())
        if status is not None:
            query = query.where(runs.c.status == status)
        with self.transaction() as conn:
            return [_record(row._asdict()) for row in conn.execute(query)]
