"""Fixtures for the store: a real SQLite file or a real PostgreSQL database per test, and a run."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import coalition
from coalition.engine.results import Results
from coalition.spec.scenario import Scenario
from coalition.store import Store
from tests.pgserver import postgres_server

SCENARIO = Path(__file__).parents[2] / "scenarios" / "ukraine" / "2-training-logistics.yaml"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server started for this test session (see tests/pgserver.py)."""
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend, its data directory in `tmp_path`."""
    url = request.getfixturevalue("postgres_database") if request.param == "postgres" else None
    with Store.open(url, tmp_path / "data") as opened:
        yield opened


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    """The training-and-logistics course of action, cut to 30 days (its file asks 2,000 draws)."""
    return coalition.load_scenario(SCENARIO).with_run_settings(horizon_days=30)


@pytest.fixture(scope="session")
def results(scenario: Scenario) -> Results:
    """A small real run: 50 draws."""
    return coalition.simulate(scenario, draws=50)


def assert_same_results(loaded: Results, original: Results) -> None:
    """A run read back is the run that was written: its scenario, tables and arrays bit for bit."""
    assert loaded.scenario == original.scenario
    assert loaded.seed == original.seed
    pd.testing.assert_frame_equal(loaded.outcomes, original.outcomes, check_exact=True)
    pd.testing.assert_frame_equal(loaded.inputs, original.inputs, check_exact=True)
    assert list(loaded.trajectories) == list(original.trajectories)
    for name, trajectory in original.trajectories.items():
        again = loaded.trajectories[name]
        assert again.labels == trajectory.labels, name
        assert again.values.dtype == trajectory.values.dtype, name
        assert again.values.shape == trajectory.values.shape, name
        assert again.values.tobytes() == trajectory.values.tobytes(), name
    assert loaded.sources == original.sources
    assert loaded.descriptions == original.descriptions
